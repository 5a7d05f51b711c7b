"""``/claims``: search every map's nodes, read one with everything known about it, edit it."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, patch
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter

from api.errors import BAD_REQUEST, COMMON_STATUSES, ApiProblem, problem_specs
from api.http import etag, json_body, require_if_match, writes_guard
from api.maps import MAP_ID
from graph.mapgraph import claim_view, require_node
from graph.service import MapService
from schemas import NodeKind, Quote
from schemas._api import ClaimDetail, ClaimHit, ClaimPage, ClaimPatch

CLAIM_ID = Parameter(description="The node's id within its map.")
LUCENE_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')


def lucene_terms(text: str) -> str | None:
    """The user's words as a Lucene query that matches any of them, with every operator escaped.

    Journalists type plain words and phrases; escaping keeps stray quotes or colons from becoming syntax
    errors, and lower-casing keeps AND, OR, NOT and TO from being read as operators (the index lower-cases
    anyway).
    """
    words = [
        "".join("\\" + ch if ch in LUCENE_SPECIAL else ch for ch in word.lower()) for word in text.split()
    ]
    words = [word for word in words if word.strip("\\")]
    return " ".join(words) or None


def encode_cursor(score: float, map_id: str, node_id: str) -> str:
    """An opaque cursor for the hit after which the next page starts."""
    return base64.urlsafe_b64encode(msgspec.json.encode([score, map_id, node_id])).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[float, str, str]:
    """The (score, map, id) a cursor carries.

    Raises:
        ApiProblem: 400 for a cursor this service did not issue.
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        score, map_id, node_id = msgspec.json.decode(raw, type=tuple[float, str, str])
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise ApiProblem(BAD_REQUEST, "cursor: not a cursor from a previous page of this search") from None
    return score, map_id, node_id


class ClaimController(Controller):
    """Claims across maps."""

    path = "/claims"
    tags = ["claims"]

    @get(operation_id="searchClaims", summary="Search claims", responses=problem_specs(COMMON_STATUSES))
    async def search(
        self,
        service: NamedDependency[MapService],
        q: Annotated[
            str | None, Parameter(description="Words to find in node text and quotes.", max_length=500)
        ] = None,
        kind: Annotated[NodeKind | None, Parameter(description="Only nodes of this kind.")] = None,
        speaker: Annotated[
            str | None, Parameter(description="Only nodes asserted by this speaker id.")
        ] = None,
        map: Annotated[str | None, Parameter(description="Only nodes of this map.")] = None,
        min_strength: Annotated[
            float | None, Parameter(ge=0.0, le=1.0, description="Minimum strength (QE).")
        ] = None,
        limit: Annotated[int, Parameter(ge=1, le=100, description="Hits per page.")] = 20,
        cursor: Annotated[
            str | None, Parameter(description="next_cursor from the previous page.", max_length=500)
        ] = None,
    ) -> ClaimPage:
        """Full-text search over every map (best match first), with filters and stable cursor pagination."""
        query = lucene_terms(q) if q is not None else None
        after = decode_cursor(cursor) if cursor else None
        if after is not None and q is None:
            after = (1.0, after[1], after[2])
        rows = (
            await service.repository.search(
                query=query if q is not None else None,
                kind=kind.value if kind else None,
                speaker=speaker,
                map_id=map,
                min_strength=min_strength,
                limit=limit + 1,
                after=after,
            )
            if (q is None or query is not None)
            else []
        )
        page, more = rows[:limit], len(rows) > limit
        hits = [
            ClaimHit(
                map=row["node"]["map"],
                id=row["node"]["id"],
                kind=NodeKind(row["node"]["kind"]),
                text=row["node"]["text"],
                speaker=row["node"]["speaker"],
                strength=row["node"]["strength"],
                base_score=row["node"]["base_score"],
                relevance=float(row["score"]),
                quote=msgspec.convert(row["quote"], Quote) if row["quote"] else None,
                href=f"/claims/{row['node']['map']}/{row['node']['id']}",
            )
            for row in page
        ]
        last = page[-1] if page and more else None
        next_cursor = (
            encode_cursor(float(last["score"]), last["node"]["map"], last["node"]["id"]) if last else None
        )
        return ClaimPage(hits=hits, limit=limit, next_cursor=next_cursor)

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
    ) -> Response[ClaimDetail]:
        """One node with everything known about it.

        Its quotes, evidence data, re-checked arithmetic, supporters, attackers, qualifiers, what it bears on,
        strength and contribution to the map's root. Answers ``ETag``; honours ``If-None-Match``.
        """
        graph, evaluation = await service.evaluation(map_id)
        require_node(graph, claim_id)
        tag = etag(f"{map_id}/{claim_id}", f"v{graph.node_versions[claim_id]}")
        key = ("claim", claim_id, evaluation.root)
        return json_body(request, service, graph, tag, key, lambda: claim_view(graph, claim_id, evaluation))

    @patch(
        "/{map_id:str}/{claim_id:str}",
        operation_id="patchClaim",
        summary="Edit a claim",
        guards=[writes_guard],
        responses=problem_specs([*COMMON_STATUSES, 401, 403, 409, 412, 413, 415, 422, 428]),
        security=[{"bearer": []}],
    )
    async def patch_claim(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        claim_id: Annotated[str, CLAIM_ID],
        data: JSONBody[ClaimPatch],
    ) -> Response[ClaimDetail]:
        """Change a node's text, base score or tags in one transaction.

        Needs ``If-Match`` with the claim's ETag; answers the updated claim with its new ETag.
        """
        expected = require_if_match(request, f"{map_id}/{claim_id}")
        await service.patch_node(map_id, claim_id, data, expected_node_version=expected)
        graph, evaluation = await service.evaluation(map_id)
        detail = claim_view(graph, claim_id, evaluation)
        return Response(detail, headers={"ETag": etag(f"{map_id}/{claim_id}", f"v{detail.version}")})
