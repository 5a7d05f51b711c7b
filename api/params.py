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

MAX_VERSION = 2**53
"""No map reaches it; larger numbers are refused (400) before they reach Neo4j's 64-bit integers."""
IMMUTABLE = "public, max-age=31536000, immutable"
"""``Cache-Control`` of a read of one kept version: it never changes, so caches may keep it a year."""
VERSION = Annotated[
    int | None,
    Parameter(
        ge=1,
        le=MAX_VERSION,
        description=(
            "Read this kept version of the map (`GET /maps/{map_id}/versions` lists them; the N of an ETag "
            f'`"<map>-v<N>"`), answered with `Cache-Control: {IMMUTABLE}`: a version never changes. A '
            "version never kept is 404 naming the kept range. Leave it out for the current version."
        ),
    ),
]
PERSPECTIVE = Annotated[
    str | None,
    Parameter(
        min_length=1,
        max_length=80,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description=(
            "Read the map as this stored perspective of it reads it: its base scores and relation weights "
            "(`GET /maps/{map_id}/perspectives` lists them). A name the map does not keep is 404 naming "
            "those it does. Leave it out for the map as mapped."
        ),
    ),
]
