"""Query parameters shared by several operations, with their documentation and checks."""

from __future__ import annotations

from typing import Annotated

from litestar.params import Parameter

from api.errors import BAD_REQUEST, ApiProblem
from graph.scoring import InvalidQBAF, parse_contribution, parse_semantics

SEMANTICS = Annotated[
    str,
    Parameter(
        description='Gradual semantics: "QE" (quadratic energy, default), "DF-QuAD" or "Euler" (case-insensitive).',
        max_length=40,
    ),
]
CONTRIBUTION = Annotated[
    str,
    Parameter(
        description='Contribution function: "shapley" (default), "removal", "removal-intrinsic" or "gradient".',
        max_length=40,
    ),
]
ROOT = Annotated[
    str | None, Parameter(description="The node the tree or scores start from; default: the map's root thesis.")
]
DEPTH = Annotated[int, Parameter(ge=0, le=100, description="How many levels below the root to expand.")]


def checked_choice(semantics: str, contribution: str) -> None:
    """Reject unknown semantics or contribution names with a 400 that lists the known ones.

    Raises:
        ApiProblem: 400 naming the parameter.
    """
    for name, value, parse in (
        ("semantics", semantics, parse_semantics),
        ("contribution", contribution, parse_contribution),
    ):
        try:
            parse(value)
        except (InvalidQBAF, ValueError) as error:
            raise ApiProblem(BAD_REQUEST, f"{name}: {error}") from None
