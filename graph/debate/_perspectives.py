"""Perspectives: named readings of one map (other base scores, other relation weights), compared. Pure.

A perspective changes numbers, never the map's shape: the same nodes and relations, scored the way a sceptic,
a reporter or a student team would score them. Comparing them shows where two readings of one argument part
ways.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.errors import InvalidArgumentMap
from graph.mapgraph import (
    MapGraph,
    framework,
    require_node,
    scenario_document,
    scenario_problems,
    strength_reading,
)
from graph.scoring import compute_strengths, parse_semantics
from graph.words import counted
from schemas import (
    DEFAULT_SEMANTICS,
    NodeSpread,
    Perspective,
    PerspectiveComparison,
    PerspectiveScore,
    Problem,
)

AS_MAPPED = "as-mapped"
DIFFERENCES = 10
_SHOWN = 1e-6


def perspective_strengths(graph: MapGraph, perspective: Perspective, semantics: str) -> dict[str, float]:
    """Every node's strength under ``perspective``.

    Raises:
        InvalidArgumentMap: the perspective names nodes or relations the map lacks.
    """
    problems = scenario_problems(
        graph.document, base_scores=perspective.base_scores, weights=perspective.weights
    )
    if problems:
        raise InvalidArgumentMap(
            f"perspective {perspective.name!r} has {counted(len(problems), 'problem')}",
            [Problem(path=f"{perspective.name}.{p.path}", message=p.message, code=p.code) for p in problems],
        )
    document = scenario_document(
        graph.document, base_scores=perspective.base_scores, weights=perspective.weights
    )
    return compute_strengths(framework(document), parse_semantics(semantics).value).strengths


def compare_perspectives(
    graph: MapGraph,
    perspectives: Sequence[Perspective],
    *,
    root: str | None = None,
    semantics: str = DEFAULT_SEMANTICS,
) -> PerspectiveComparison:
    """The thesis under the map as mapped and under each perspective, and the nodes that differ most.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Relation, RelationType
        >>> def node(i, score):
        ...     return Node(id=i, kind=NodeKind.CLAIM, text=i, speaker="s", base_score=score, rationale="r")
        >>> doc = MapDocument(id="m", title="t", sources=[], speakers=[],
        ...                   nodes=[node("t", 0.5), node("e", 0.8)],
        ...                   relations=[Relation(source="e", target="t", type=RelationType.SUPPORTS)])
        >>> sceptic = Perspective(name="sceptic", base_scores={"e": 0.2})
        >>> result = compare_perspectives(MapGraph(doc, 1, {}), [sceptic])
        >>> [(p.name, round(p.root_strength, 3)) for p in result.perspectives]
        [('as-mapped', 0.695), ('sceptic', 0.519)]
        >>> [d.id for d in result.differences]
        ['e', 't']
    """
    topic = require_node(graph, root or graph.root)
    canonical = parse_semantics(semantics).value
    names = [perspective.name for perspective in perspectives]
    if AS_MAPPED in names or len(set(names)) != len(names):
        raise InvalidArgumentMap(
            "perspective names must be unique and not 'as-mapped'",
            [Problem(path="perspectives", message="rename the repeated perspective", code="duplicate-name")],
        )
    readings = [
        Perspective(name=AS_MAPPED, rationale="the base scores and weights the map's author wrote"),
        *perspectives,
    ]
    strengths = {reading.name: perspective_strengths(graph, reading, canonical) for reading in readings}
    node = graph.nodes[topic]
    scores = [
        PerspectiveScore(
            name=reading.name,
            rationale=reading.rationale,
            root_strength=strengths[reading.name][topic],
            reading=strength_reading(node, strengths[reading.name][topic], canonical),
        )
        for reading in readings
    ]
    spreads = []
    for item in graph.document.nodes:
        values = {name: by_node[item.id] for name, by_node in strengths.items()}
        spread = max(values.values()) - min(values.values())
        if spread > _SHOWN:
            spreads.append(
                NodeSpread(id=item.id, kind=item.kind, text=item.text, strengths=values, spread=spread)
            )
    spreads.sort(key=lambda entry: -entry.spread)
    return PerspectiveComparison(
        map_id=graph.id,
        version=graph.version,
        root=topic,
        semantics=canonical,
        perspectives=scores,
        differences=spreads[:DIFFERENCES],
    )
