"""Kept versions over HTTP: the list, differences, why the verdict moved, a claim's history, restore."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import Parameter, QueryParameter
from litestar.status_codes import HTTP_200_OK

from api.debate import PRINTED_PAGE_POLICY
from api.errors import COMMON_STATUSES, problem_specs
from api.http import represent, represent_value, require_if_match
from api.maps import MAP_ID
from api.params import MAX_VERSION, ROOT, SEMANTICS
from api.policy import EXPENSIVE_READ, WRITE
from graph.service import MapService, Principal, version_tag
from schemas import (
    DEFAULT_SEMANTICS,
    ClaimHistory,
    MapDiff,
    MapVersionList,
    VerdictChange,
    WriteReceipt,
)

FROM = Annotated[
    int | None,
    QueryParameter(
        name="from", ge=1, le=MAX_VERSION, description="The older version (default: the one before `to`)."
    ),
]
TO = Annotated[
    int | None,
    QueryParameter(name="to", ge=1, le=MAX_VERSION, description="The newer version (default: the current)."),
]
CLAIM_ID = Annotated[str, Parameter(description="The node's id within its map.", max_length=200)]


class VersionController(Controller):
    """Every write keeps a version; these read and compare them."""

    tags = ["versions"]

    @get(
        "/maps/{map_id:str}/versions",
        operation_id="listVersions",
        summary="A map's kept versions",
        responses=problem_specs(COMMON_STATUSES),
    )
    async def versions(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        before: Annotated[
            int | None,
            Parameter(
                ge=2,
                le=MAX_VERSION,
                description="Only versions older than this (the last page's `next_before`).",
            ),
        ] = None,
        limit: Annotated[int, Parameter(ge=1, le=100, description="Versions per page.")] = 20,
    ) -> Response[MapVersionList]:
        """Newest first: each version's number, time, author, what it changed and the root's strength.

        Answers ``ETag``; honours ``If-None-Match``.
        """
        return represent_value(request, await service.versions(map_id, before=before, limit=limit))

    @get(
        "/maps/{map_id:str}/diff",
        operation_id="diffVersions",
        summary="What changed between two versions",
        responses=problem_specs(COMMON_STATUSES),
    )
    async def diff(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        first: FROM = None,
        last: TO = None,
        format: Annotated[
            Literal["json", "markdown", "html"],
            Parameter(description="json (default), markdown, or html: a standalone page to read or print."),
        ] = "json",
    ) -> Response[MapDiff]:
        """Nodes and relations added, removed and changed, field by field.

        Fields are those of the map format (text, kind, speaker, base score, weight, quotes, forecast...).
        400 when ``from`` is not earlier than ``to``. Answers ``ETag``; honours ``If-None-Match``.
        """
        found = await service.diff_printed(map_id, first=first, last=last, format=format)
        response = represent(request, found)
        if format == "html":
            # A page of the map's words: it may style itself, and nothing else (no script, no load, no frame).
            response.headers["Content-Security-Policy"] = PRINTED_PAGE_POLICY
        return response

    @get(
        "/maps/{map_id:str}/changes",
        operation_id="verdictChanges",
        summary="Why the verdict changed between two versions",
        **EXPENSIVE_READ.declared(),
        responses=problem_specs([*COMMON_STATUSES, 413, 422, 429]),
    )
    async def changes(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        first: FROM = None,
        last: TO = None,
        root: ROOT = None,
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
    ) -> Response[VerdictChange]:
        """The root's strength at both versions, ``delta``, and each edit's share of it.

        The shares are Shapley values over the edits (exact up to 8 edits; beyond, per node, sampled when
        still many): they add up to ``delta``. docs/api.md says how to read them.
        """
        found = await service.verdict_change(map_id, first=first, last=last, root=root, semantics=semantics)
        return represent_value(request, found)

    @get(
        "/claims/{map_id:str}/{claim_id:str}/history",
        operation_id="claimHistory",
        summary="A claim through the versions of its map",
        **EXPENSIVE_READ.declared(),
        responses=problem_specs([*COMMON_STATUSES, 429]),
    )
    async def history(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        claim_id: CLAIM_ID,
    ) -> Response[ClaimHistory]:
        """Each version (of the newest 200) at which the claim changed, with its values then.

        A change is of its text, base score, quotes, relations, other fields, or its strength.
        """
        return represent_value(request, await service.claim_history(map_id, claim_id))

    @post(
        "/maps/{map_id:str}/versions/{number:int}/restore",
        operation_id="restoreVersion",
        summary="Write a new version equal to an old one",
        **WRITE.declared(),
        status_code=HTTP_200_OK,
        responses=problem_specs([*COMMON_STATUSES, 401, 403, 412, 428]),
    )
    async def restore(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        map_id: Annotated[str, MAP_ID],
        number: Annotated[int, Parameter(ge=1, le=MAX_VERSION, description="The kept version to restore.")],
    ) -> Response[WriteReceipt]:
        """The map becomes what it was at ``number``, as a new version (nothing is deleted).

        Needs ``If-Match`` with the map's current ETag; answers the new version and its ETag.
        """
        expected = require_if_match(request, map_id)
        written, document = await service.restore(map_id, number, actor=caller, expected_version=expected)
        receipt = WriteReceipt(
            id=map_id,
            version=written.version,
            created=False,
            changed=written.changed,
            nodes=len(document.nodes),
            relations=len(document.relations),
        )
        return Response(receipt, headers={"ETag": version_tag(map_id, written.version)})
