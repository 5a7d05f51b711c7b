"""A claim through the versions of its map: each version at which something about it changed."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from graph.compute import check_deadline
from graph.mapgraph import MapGraph, node_strengths
from schemas import ClaimHistory, ClaimVersion

STRENGTH_TOLERANCE = 1e-9


def claim_history(map_id: str, claim_id: str, versions: Sequence[tuple[MapGraph, str]]) -> ClaimHistory:
    """The versions (oldest first) at which ``claim_id`` appeared or changed, with its values at each.

    A change is of its text, base score, quotes, relations, other fields or strength (default semantics).
    ``versions`` are the map's kept versions, oldest first, each with its time. A version without the claim
    is skipped (a claim removed and added again starts again as ``created``).
    """
    rows: list[ClaimVersion] = []
    previous: ClaimVersion | None = None
    for graph, created in versions:
        check_deadline()
        node = graph.nodes.get(claim_id)
        if node is None:
            previous = None
            continue
        strength = node_strengths(graph.document).get(claim_id)
        relations = sorted(
            f"{r.source} -{r.type.value}-> {r.target}"
            for r in graph.document.relations
            if claim_id in (r.source, r.target)
        )
        row = ClaimVersion(
            version=graph.version,
            created=created,
            changed=[],
            text=node.text,
            base_score=node.base_score,
            strength=strength,
            quotes=[quote.text for quote in node.quotes],
            relations=relations,
        )
        changed = _changed(previous, row, graph, claim_id, versions)
        if changed:
            rows.append(msgspec.structs.replace(row, changed=changed))
        previous = row
    return ClaimHistory(map_id=map_id, claim_id=claim_id, versions=rows)


def _changed(
    previous: ClaimVersion | None,
    row: ClaimVersion,
    graph: MapGraph,
    claim_id: str,
    versions: Sequence[tuple[MapGraph, str]],
) -> list[str]:
    if previous is None:
        return ["created"]
    changed = [
        name
        for name in ("text", "base_score", "quotes", "relations")
        if getattr(previous, name) != getattr(row, name)
    ]
    if (previous.strength is None) != (row.strength is None) or (
        previous.strength is not None
        and row.strength is not None
        and abs(previous.strength - row.strength) > STRENGTH_TOLERANCE
    ):
        changed.append("strength")
    before = next(g for g, _ in versions if g.version == previous.version).nodes[claim_id]
    after = graph.nodes[claim_id]
    shown = {"text", "base_score", "quotes"}
    changed += [
        name
        for name in after.__struct_fields__
        if name not in shown and getattr(before, name) != getattr(after, name)
    ]
    return changed
