"""``/claims``: search every map's nodes, read one with everything known about it, edit it."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, patch
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody, Parameter

from api.errors import COMMON_STATUSES, problem_specs
from api.http import prefers_minimal, represent, require_if_match
from api.limits import charge
from api.maps import MAP_ID
from api.params import VERSION
from api.policy import WRITE
from graph.service import MapService, Principal, SearchRequest
from schemas import ClaimDetail, ClaimPage, ClaimPatch, NodeKind

COLD_SEARCH = "searchClaims:cold"
"""The rate-limit bucket of searches not answered from memory."""

CLAIM_ID = Parameter(description="The node's id within its map.")


class ClaimController(Controller):
    """Claims across maps."""

    path = "/claims"
    tags = ["claims"]

    @get(operation_id="searchClaims", summary="Search claims", responses=problem_specs(COMMON_STATUSES))
    async def search(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        q: Annotated[
            str | None,
            Parameter(
                description=(
                    "Words to find (all of them) in node text, quotes, tags, evidence, speaker and "
                    'rationale; "a phrase" in quotes matches those words in order.'
                ),
                max_length=500,
            ),
        ] = None,
        kind: Annotated[NodeKind | None, Parameter(description="Only nodes of this kind.")] = None,
        speaker: Annotated[
            str | None,
            Parameter(
                description="Only nodes asserted by this speaker: their id, or their name (Jack Clark).",
            ),
        ] = None,
        reported_by: Annotated[
            str | None,
            Parameter(
                description="Only nodes reaching the source through this speaker: relayed or stated by them."
            ),
        ] = None,
        tag: Annotated[str | None, Parameter(description="Only nodes with this tag.")] = None,
        map: Annotated[str | None, Parameter(description="Only nodes of this map.")] = None,
        min_strength: Annotated[
            float | None, Parameter(ge=0.0, le=1.0, description="Minimum strength (QE).")
        ] = None,
        limit: Annotated[int, Parameter(ge=1, le=100, description="Hits per page.")] = 20,
        cursor: Annotated[
            str | None,
            Parameter(
                description="next_cursor from the previous page, with the same words and filters.",
                max_length=500,
            ),
        ] = None,
    ) -> Response[ClaimPage]:
        """Full-text search over every map (best match first), with filters, facets and cursor pages.

        Each hit says why it matched (field, snippet, highlighted spans, source offsets for a quote). Without
        ``q`` the filters list nodes. Answers ``ETag``; honours ``If-None-Match``. A search the server does
        not hold in memory (new words, filters or page) counts against the client's rate limit (429 beyond).
        """
        found = await service.search_encoded(
            SearchRequest(
                q=q,
                kind=kind,
                speaker=speaker,
                reported_by=reported_by,
                tag=tag,
                map_id=map,
                min_strength=min_strength,
                limit=limit,
                cursor=cursor,
            ),
            # A search not kept in memory costs a database query and an encoding: new words or filters
            # count against the client's rate; repeating a search does not.
            caller=caller,
            admit_cold=lambda: charge(request, COLD_SEARCH),
        )
        return represent(request, found)

    @get(
        "/{map_id:str}/{claim_id:str}",
        operation_id="getClaim",
        summary="One claim",
        responses=problem_specs(COMMON_STATUSES),
    )
    async def get_claim(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        claim_id: Annotated[str, CLAIM_ID],
        version: VERSION = None,
    ) -> Response[ClaimDetail]:
        """One node with everything known about it.

        Its quotes, evidence data, re-checked arithmetic, supporters, attackers, qualifiers, what it bears on,
        strength and contribution to the map's root. Answers ``ETag``; honours ``If-None-Match``.
        """
        return represent(request, await service.claim(map_id, claim_id, version=version))

    @patch(
        "/{map_id:str}/{claim_id:str}",
        operation_id="patchClaim",
        summary="Edit a claim",
        **WRITE.declared(),
        responses={
            **problem_specs([*COMMON_STATUSES, 401, 403, 409, 412, 413, 415, 422, 428]),
            204: ResponseSpec(
                data_container=None,
                description="Written, with Prefer: return=minimal: the claim's new ETag, no body",
            ),
        },
    )
    async def patch_claim(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        map_id: Annotated[str, MAP_ID],
        claim_id: Annotated[str, CLAIM_ID],
        data: JSONBody[ClaimPatch],
    ) -> Response[ClaimDetail]:
        """Change a node's text, base score or tags in one transaction.

        Needs ``If-Match`` with the claim's ETag; answers the updated claim with its new ETag. With
        ``Prefer: return=minimal`` (RFC 7240) it answers 204 with the new ETag alone, as soon as the write
        is committed: the claim's new scores are computed for its next reader, not for the writer.
        """
        expected = require_if_match(request, f"{map_id}/{claim_id}")
        minimal = prefers_minimal(request)
        found = await service.patch_node(
            map_id, claim_id, data, actor=caller, expected_version=expected, answer=not minimal
        )
        if minimal:
            done: Response[Any] = Response(
                content=b"",
                status_code=204,
                headers={"ETag": found.tag, "Preference-Applied": "return=minimal", "Vary": "Prefer"},
            )
            return done
        # The claim comes encoded already (the bytes of GET /claims/...): sent as they are.
        updated: Response[Any] = Response(
            content=found.body, media_type=found.media_type, headers={"ETag": found.tag, "Vary": "Prefer"}
        )
        return updated
