"""Query parameters shared by several operations, with their documentation.

The semantics and contribution names are the closed sets ``schemas.Semantics`` and
``schemas.ContributionFunction``: the OpenAPI document lists their values, anything else is a 400, and the
edge accepts the common spellings (``dfquad``, ``Removal_Intrinsic``) by rewriting them to these names.
"""

from __future__ import annotations

from typing import Annotated

from litestar.params import Parameter

from schemas import ContributionFunction, Semantics, contribution_help, semantics_help

SEMANTICS = Annotated[
    Semantics,
    Parameter(
        description=f"Gradual semantics: {semantics_help()}. The attack-only ones refuse a map with supports."
    ),
]
CONTRIBUTION = Annotated[
    ContributionFunction,
    Parameter(description=f"Contribution function: {contribution_help()}."),
]
ROOT = Annotated[
    str | None,
    Parameter(description="The node the tree or scores start from; default: the map's root thesis."),
]
DEPTH = Annotated[int, Parameter(ge=0, le=100, description="How many levels below the root to expand.")]
