"""Search as a use case: words as a query, every match counted in facets, pages bound to their search.

The store answers every matching node (light rows); this module orders them, counts the facets, cuts the page
and explains each hit from the map version the service already holds, so a page costs one database round trip.

Example:
    >>> fp = fingerprint(SearchRequest(q="kernel"))
    >>> decode_cursor(encode_cursor(0.5, "import-ai-455", "root", fp), fp)
    (0.5, 'import-ai-455', 'root')
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections import Counter
from dataclasses import dataclass

import msgspec

from graph.errors import InvalidQuery
from graph.mapgraph import MapGraph, quote_source, with_source
from graph.search import Explanation, explain, lucene_query, parse_query
from graph.service._reads import Representation
from graph.service._tags import content_tag
from graph.store import SearchFilters, SearchHit
from schemas import ClaimHit, ClaimPage, NodeKind, SearchFacets, SearchMatch

# Facets count at most this many matches (Lucene pre-allocates a queue of this size per query); a search
# matching more is too broad for a sidebar to help.
MAX_MATCHES = 1_000
# A listing (no words) pages through every node that passes the filters.
MAX_LISTED = 1_000_000


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What a client asked: words (None lists), filters, page size and where the page starts."""

    q: str | None = None
    kind: NodeKind | None = None
    speaker: str | None = None
    reported_by: str | None = None
    tag: str | None = None
    map_id: str | None = None
    min_strength: float | None = None
    limit: int = 20
    cursor: str | None = None
    maps: tuple[str, ...] | None = None
    """The maps the caller may read (sorted); None: every map. Set by the service, not by clients."""

    def filters(self) -> SearchFilters:
        """The store's filters for this request."""
        return SearchFilters(
            kind=self.kind.value if self.kind else None,
            speaker=self.speaker,
            reported_by=self.reported_by,
            tag=self.tag,
            map_id=self.map_id,
            min_strength=self.min_strength,
            maps=self.maps,
            limit=MAX_MATCHES if self.q is not None else MAX_LISTED,
        )


@dataclass(frozen=True, slots=True)
class SearchAnswer:
    """A search's page and its JSON body, made once and kept while every map stays at its version."""

    page: ClaimPage
    encoded: Representation

    @property
    def size(self) -> int:
        """Bytes the answer takes in memory: its body, and its page's Structs at about twice the body."""
        return 3 * len(self.encoded.body)

    @classmethod
    def of(cls, page: ClaimPage) -> SearchAnswer:
        """``page`` and its body, tagged by its bytes: a search spans maps, so no one version names it."""
        body = msgspec.json.encode(page)
        return cls(page, Representation(tag=content_tag(body), body=body))


def fingerprint(request: SearchRequest) -> str:
    """What a cursor is bound to: the words and every filter (not the page size, which may change)."""
    key = [
        request.q,
        request.kind.value if request.kind else None,
        request.speaker,
        request.reported_by,
        request.tag,
        request.map_id,
        request.min_strength,
        request.maps,
    ]
    return hashlib.blake2s(msgspec.json.encode(key), digest_size=6).hexdigest()


def encode_cursor(score: float, map_id: str, node_id: str, bound_to: str) -> str:
    """An opaque cursor for the hit after which the next page of the search ``bound_to`` names starts."""
    raw = msgspec.json.encode([score, map_id, node_id, bound_to])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, bound_to: str) -> tuple[float, str, str]:
    """The (score, map, id) a cursor of the search ``bound_to`` carries.

    Raises:
        InvalidQuery: a cursor this service did not issue, or one issued for other words or filters.
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        score, map_id, node_id, issued_for = msgspec.json.decode(raw, type=tuple[float, str, str, str])
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise InvalidQuery("cursor: not a cursor from a previous page of this search") from None
    if issued_for != bound_to:
        raise InvalidQuery(
            "cursor: it belongs to a search with other words or filters; repeat that search's parameters "
            "with it, or start this search without a cursor"
        )
    return score, map_id, node_id


def facets(hits: list[SearchHit]) -> SearchFacets:
    """Counts per kind, speaker and tag over every hit, most frequent first."""

    def ordered(counter: Counter[str]) -> dict[str, int]:
        return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))

    return SearchFacets(
        total=len(hits),
        kind=ordered(Counter(hit.kind.value for hit in hits)),
        speaker=ordered(Counter(hit.speaker for hit in hits)),
        tag=ordered(Counter(tag for hit in hits for tag in hit.tags)),
    )


def page_after(
    hits: list[SearchHit], after: tuple[float, str, str] | None, limit: int
) -> tuple[list[SearchHit], bool]:
    """The ``limit`` hits after ``after`` in best-first order, and whether more follow."""
    ordered = sorted(hits, key=lambda hit: (-hit.score, hit.map_id, hit.node_id))
    if after is not None:
        key = (-after[0], after[1], after[2])
        ordered = [hit for hit in ordered if (-hit.score, hit.map_id, hit.node_id) > key]
    return ordered[:limit], len(ordered) > limit


def claim_hit(graph: MapGraph, hit: SearchHit, clauses: list[tuple[str, ...]] | None) -> ClaimHit | None:
    """A page's hit with its node's words and why it matched (None if this version no longer has it)."""
    node = graph.nodes.get(hit.node_id)
    if node is None:
        return None
    found: Explanation | None = explain(node, graph.speakers, clauses) if clauses else None
    match = None
    if found is not None:
        match = SearchMatch(
            field=found.field,  # type: ignore[arg-type]
            snippet=found.snippet,
            highlights=found.highlights,
            source=quote_source(graph, found.quote) if found.quote else None,
            source_start=found.source_span[0] if found.source_span else None,
            source_end=found.source_span[1] if found.source_span else None,
        )
    quote = found.quote if found is not None and found.quote is not None else None
    return ClaimHit(
        map=hit.map_id,
        id=hit.node_id,
        kind=hit.kind,
        text=node.text,
        speaker=node.speaker,
        strength=hit.strength,
        base_score=node.base_score,
        relevance=hit.score,
        quote=with_source(graph, quote or node.quotes[0]) if quote or node.quotes else None,
        href=f"/claims/{hit.map_id}/{hit.node_id}",
        match=match,
    )


def plan(request: SearchRequest) -> tuple[list[tuple[str, ...]] | None, str | None]:
    """The request's clauses and Lucene query (None and None for a listing; [] and None for no words)."""
    if request.q is None:
        return None, None
    clauses = parse_query(request.q)
    return clauses, lucene_query(clauses) if clauses else None


def empty_page(limit: int) -> ClaimPage:
    """The page of a search whose words leave nothing to look for."""
    return ClaimPage(hits=[], limit=limit, next_cursor=None, facets=SearchFacets(total=0))
