"""Two maps of the same source compared: what both map, what one misses, how they connect and weigh it. Pure.

The nodes are aligned first (``graph.compare._align``); everything else is read off the matched pairs:

- a node of A left unmatched is **missed** by B, one of B left unmatched is **extra**;
- a relation of A between two matched nodes is looked for between their counterparts in B: drawn alike, the
  same way round and of the same type, it is compared by weight; of another type, it differs in **polarity**
  (support against attack or qualification) or only in **type** (attack against qualification); the other way
  round, in **direction**; absent, it is **missed** (and a relation only B draws is **extra**);
- the base scores of matched pairs and the weights of relations drawn alike are compared, and the ``top``
  largest differences listed, largest first.

The verdicts (each root's strength) are the service's to compute and are passed in.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.compare._align import SPAN_THRESHOLD, TEXT_THRESHOLD, Pairing, align
from graph.compare._spans import passages
from graph.compute import check_deadline
from graph.errors import InvalidArgumentMap
from graph.mapgraph import MapGraph, effective_weight
from schemas import (
    BaseScoreDifference,
    MapComparison,
    MapVerdict,
    MatchBasis,
    NodeMatch,
    Problem,
    Relation,
    RelationChange,
    RelationChangeKind,
    RelationSide,
    RelationType,
    SourceRef,
    UnmatchedNode,
    WeightDifference,
)

DEFAULT_TOP = 5
"""Base-score and weight differences listed by default (the JSON counts them all)."""
MAX_TOP = 50
TOLERANCE = 1e-9
"""Scores closer than this are equal (what a map document can state is far coarser)."""


def common_sources(a: MapGraph, b: MapGraph) -> list[SourceRef]:
    """The sources both maps cite, in A's order.

    Raises:
        InvalidArgumentMap: they cite none in common (nothing to compare), naming both maps and their sources.
    """
    shared = [
        SourceRef(id=source.id, title=source.title, outlet=source.outlet)
        for source in a.document.sources
        if source.id in b.sources
    ]
    if not shared:
        raise InvalidArgumentMap(
            f"maps {a.id!r} and {b.id!r} cite no common source: a comparison needs two readings of one text",
            [_cites(a), _cites(b)],
        )
    return shared


def _cites(graph: MapGraph) -> Problem:
    cited = ", ".join(repr(source.id) for source in graph.document.sources) or "no source"
    return Problem(
        path=f"maps/{graph.id}/sources", message=f"{graph.id!r} cites {cited}", code="no-common-source"
    )


def compare_maps(
    a: MapGraph, b: MapGraph, verdicts: tuple[MapVerdict, MapVerdict], *, top: int = DEFAULT_TOP
) -> MapComparison:
    """Everything that differs between ``a`` and ``b`` over the sources both cite (module docstring).

    Raises:
        InvalidArgumentMap: the maps cite no common source.
    """
    sources = common_sources(a, b)
    source_ids = {source.id for source in sources}
    pairings = align(a, b, source_ids)
    to_b = {pairing.a: pairing.b for pairing in pairings}
    to_a = {pairing.b: pairing.a for pairing in pairings}
    relations, weights = _relation_changes(a, b, to_b, to_a)
    base_scores = _base_score_differences(a, b, pairings)
    return MapComparison(
        a=verdicts[0],
        b=verdicts[1],
        sources=sources,
        span_threshold=SPAN_THRESHOLD,
        text_threshold=TEXT_THRESHOLD,
        matches=[_match(a, b, pairing) for pairing in pairings],
        missed=[
            UnmatchedNode(id=node.id, kind=node.kind, text=node.text, passages=passages(a, node, source_ids))
            for node in a.document.nodes
            if node.id not in to_b
        ],
        extra=[
            UnmatchedNode(id=node.id, kind=node.kind, text=node.text, passages=passages(b, node, source_ids))
            for node in b.document.nodes
            if node.id not in to_a
        ],
        relations=relations,
        base_scores=base_scores[:top],
        weights=weights[:top],
        base_scores_differing=len(base_scores),
        weights_differing=len(weights),
    )


def _match(a: MapGraph, b: MapGraph, pairing: Pairing) -> NodeMatch:
    matched_by: list[MatchBasis] = []
    if pairing.by_span:
        matched_by.append("span")
    if pairing.by_text:
        matched_by.append("text")
    return NodeMatch(
        a=pairing.a,
        b=pairing.b,
        a_text=a.nodes[pairing.a].text,
        b_text=b.nodes[pairing.b].text,
        matched_by=matched_by,
        span_overlap=None if pairing.span is None else round(pairing.span, 3),
        text_similarity=round(pairing.text, 3),
    )


def _base_score_differences(
    a: MapGraph, b: MapGraph, pairings: Sequence[Pairing]
) -> list[BaseScoreDifference]:
    found = []
    for pairing in pairings:
        before, after = a.nodes[pairing.a].base_score, b.nodes[pairing.b].base_score
        if abs(after - before) > TOLERANCE:
            found.append(
                BaseScoreDifference(
                    a=pairing.a,
                    b=pairing.b,
                    a_base_score=before,
                    b_base_score=after,
                    difference=round(after - before, 6),
                )
            )
    # A stable sort keeps A's order among equal differences.
    return sorted(found, key=lambda difference: -abs(difference.difference))


def _side(relation: Relation) -> RelationSide:
    return RelationSide(
        source=relation.source, target=relation.target, type=relation.type, weight=effective_weight(relation)
    )


def _positive(relation_type: RelationType) -> bool:
    return relation_type is RelationType.SUPPORTS


def _rank(mine: Relation, theirs: Relation, to_b: dict[str, str]) -> int:
    """How closely B's relation ``theirs`` draws A's ``mine``: 0 alike, 1 another type, 2 reversed, 3 both."""
    reversed_ = (to_b[mine.source], to_b[mine.target]) != (theirs.source, theirs.target)
    return 2 * reversed_ + (mine.type is not theirs.type)


def _change(mine: Relation, theirs: Relation, rank: int) -> RelationChange | None:
    if rank == 0:
        return None
    flipped = _positive(mine.type) != _positive(theirs.type)
    kind: RelationChangeKind
    if rank == 1:
        kind = "polarity" if flipped else "type"
    else:
        kind = "direction-and-polarity" if flipped else "direction"
    return RelationChange(change=kind, a=_side(mine), b=_side(theirs))


def _relation_changes(
    a: MapGraph, b: MapGraph, to_b: dict[str, str], to_a: dict[str, str]
) -> tuple[list[RelationChange], list[WeightDifference]]:
    """Relations between matched nodes that differ, in A's order then B's extras; weight differences sorted.

    Between the same two matched nodes, the relations most alike are paired first (alike, then of another
    type, then reversed), so a map with two relations between them is read as closely as it can be.
    """
    mine = [r for r in a.document.relations if r.source in to_b and r.target in to_b]
    theirs = [r for r in b.document.relations if r.source in to_a and r.target in to_a]
    by_ends: dict[frozenset[str], list[int]] = {}
    for index, relation in enumerate(theirs):
        by_ends.setdefault(frozenset((relation.source, relation.target)), []).append(index)
    options = []
    for i, relation in enumerate(mine):
        check_deadline()
        for j in by_ends.get(frozenset((to_b[relation.source], to_b[relation.target])), []):
            options.append((_rank(relation, theirs[j], to_b), i, j))
    paired: dict[int, tuple[int, int]] = {}
    used: set[int] = set()
    for rank, i, j in sorted(options):
        if i not in paired and j not in used:
            paired[i] = (j, rank)
            used.add(j)
    changes: list[RelationChange] = []
    weights: list[WeightDifference] = []
    for i, relation in enumerate(mine):
        if i not in paired:
            changes.append(RelationChange(change="missed", a=_side(relation), b=None))
            continue
        j, rank = paired[i]
        change = _change(relation, theirs[j], rank)
        if change is not None:
            changes.append(change)
            continue
        difference = effective_weight(theirs[j]) - effective_weight(relation)
        if abs(difference) > TOLERANCE:
            weights.append(
                WeightDifference(a=_side(relation), b=_side(theirs[j]), difference=round(difference, 6))
            )
    changes += [
        RelationChange(change="extra", a=None, b=_side(relation))
        for j, relation in enumerate(theirs)
        if j not in used
    ]
    # A stable sort keeps A's order among equal differences.
    return changes, sorted(weights, key=lambda difference: -abs(difference.difference))
