"""Perspectives: named readings of one map (other base scores, other relation weights), compared. Pure.

A perspective changes numbers, never the map's shape: the same nodes and relations, scored the way a sceptic,
a reporter or a student team would score them. Comparing them shows where two readings of one argument part
ways. A map keeps its own perspectives in its document (``perspectives``): any read can apply one by name.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from graph.errors import InvalidArgumentMap, NotFound
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
    MapDocument,
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


def stored_perspective(graph: MapGraph, name: str) -> Perspective:
    """The perspective ``name`` kept with the map.

    Raises:
        NotFound: the map keeps none of that name (the message names those it keeps).
    """
    for perspective in graph.document.perspectives:
        if perspective.name == name:
            return perspective
    kept = [perspective.name for perspective in graph.document.perspectives]
    known = f"its perspectives are {', '.join(kept)}" if kept else "it keeps no perspectives"
    raise NotFound(f"map {graph.id!r} has no perspective {name!r}: {known}")


def perspective_graph(graph: MapGraph, perspective: Perspective) -> MapGraph:
    """The map version as ``perspective`` reads it: its base scores and weights, the same version and shape.

    Every view computed from it (scores, trees, briefs, drawings, robustness) is the perspective's.

    Raises:
        InvalidArgumentMap: the perspective names nodes or relations the map lacks.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind
        >>> node = Node(id="t", kind=NodeKind.THESIS, text="T", speaker="s", base_score=0.5, rationale="r")
        >>> graph = MapGraph(MapDocument(id="m", title="t", sources=[], speakers=[], nodes=[node]), 3, {})
        >>> read = perspective_graph(graph, Perspective(name="sceptic", base_scores={"t": 0.2}))
        >>> read.nodes["t"].base_score, read.version
        (0.2, 3)
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
    return MapGraph(document, graph.version, graph.node_versions, owner=graph.owner, group=graph.group)


def with_perspective(document: MapDocument, perspective: Perspective) -> tuple[MapDocument, bool]:
    """``document`` keeping ``perspective`` (in place of the one of its name, else last); True when it is new.

    Example:
        >>> from schemas import MapDocument
        >>> doc = MapDocument(id="m", title="t", sources=[], speakers=[], nodes=[])
        >>> doc, created = with_perspective(doc, Perspective(name="a", rationale="first"))
        >>> doc, again = with_perspective(doc, Perspective(name="a", rationale="second"))
        >>> created, again, [(p.name, p.rationale) for p in doc.perspectives]
        (True, False, [('a', 'second')])
    """
    kept = list(document.perspectives)
    names = [item.name for item in kept]
    if perspective.name in names:
        kept[names.index(perspective.name)] = perspective
    else:
        kept.append(perspective)
    return msgspec.structs.replace(document, perspectives=kept), perspective.name not in names


def without_perspective(graph: MapGraph, name: str) -> MapDocument:
    """The map's document without the perspective ``name``.

    Raises:
        NotFound: the map keeps none of that name.
    """
    stored_perspective(graph, name)
    kept = [perspective for perspective in graph.document.perspectives if perspective.name != name]
    return msgspec.structs.replace(graph.document, perspectives=kept)


def authored(document: MapDocument, previous: MapDocument | None, author: str) -> MapDocument:
    """``document`` with each perspective's author: kept when it is the stored one unchanged, else ``author``.

    An author a client sends is never taken: a perspective is by whoever last wrote its numbers or words.

    Example:
        >>> from schemas import MapDocument
        >>> def doc(*perspectives):
        ...     return MapDocument(id="m", title="t", sources=[], speakers=[], nodes=[],
        ...                        perspectives=list(perspectives))
        >>> stored = doc(Perspective(name="a", author="ann"), Perspective(name="b", author="ann"))
        >>> sent = doc(Perspective(name="a"), Perspective(name="b", rationale="new", author="ann"))
        >>> [(p.name, p.author) for p in authored(sent, stored, "bob").perspectives]
        [('a', 'ann'), ('b', 'bob')]
    """
    before = {item.name: item for item in previous.perspectives} if previous is not None else {}
    stamped = []
    for perspective in document.perspectives:
        old = before.get(perspective.name)
        if old is not None and msgspec.structs.replace(old, author=None) == msgspec.structs.replace(
            perspective, author=None
        ):
            stamped.append(old)
        else:
            stamped.append(msgspec.structs.replace(perspective, author=author))
    if stamped == document.perspectives:
        return document
    return msgspec.structs.replace(document, perspectives=stamped)
