"""Query parameters shared by several operations, with their documentation."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar.params import Parameter

# The names are closed sets, so the OpenAPI schema can list them and reject anything else with a 400.
MapSemantics = Literal["QE", "DF-QuAD", "Euler", "Squared-DF-QuAD", "Euler-top"]
AnySemantics = Literal[
    "QE", "DF-QuAD", "Euler", "Squared-DF-QuAD", "Euler-top", "h-categorizer", "max-based", "card-based"
]
ContributionName = Literal["shapley", "removal", "removal-intrinsic", "gradient"]

SEMANTICS = Annotated[
    MapSemantics,
    Parameter(description="Gradual semantics: QE (quadratic energy, default), DF-QuAD, Euler, or a variant."),
]
ANY_SEMANTICS = Annotated[
    AnySemantics,
    Parameter(
        description="Gradual semantics (default QE); h-categorizer, max-based and card-based: attacks only."
    ),
]
CONTRIBUTION = Annotated[
    ContributionName,
    Parameter(
        description="Contribution function: shapley (default), removal, removal-intrinsic or gradient."
    ),
]
ROOT = Annotated[
    str | None,
    Parameter(description="The node the tree or scores start from; default: the map's root thesis."),
]
DEPTH = Annotated[int, Parameter(ge=0, le=100, description="How many levels below the root to expand.")]
