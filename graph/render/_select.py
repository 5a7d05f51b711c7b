"""Which nodes a diagram draws: a subtree, a share of the heaviest weight, the ``top`` heaviest, the root."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from graph.errors import NotFound, OverBudget
from graph.mapgraph import MapGraph
from graph.render._style import weight_carried
from schemas import DiagramOptions

DIRECTIONS = frozenset({"BT", "TB", "LR", "RL"})
"""Graphviz ``rankdir`` values; the default ``BT`` puts the root on top with support flowing up to it."""

MAX_DIAGRAM_NODES = 400
"""The most nodes one diagram draws. Beyond it ``render_map`` raises ``OverBudget`` (413 over HTTP): ask for a
``top``, a ``min_weight`` or a focused subtree instead."""


def finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def subtree(graph: MapGraph, root: str, depth: int | None) -> dict[str, int]:
    """Nodes that bear on ``root`` through chains of relations, with their distance; at most ``depth`` away.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Relation, RelationType, Speaker
        >>> n = lambda i: Node(id=i, kind=NodeKind.CLAIM, text=i, speaker="s", base_score=0.5, rationale="r")
        >>> doc = MapDocument(id="m", title="t", sources=[], speakers=[Speaker(id="s", name="S")],
        ...     nodes=[n("t"), n("a"), n("b")], relations=[
        ...         Relation(source="a", target="t", type=RelationType.SUPPORTS),
        ...         Relation(source="b", target="a", type=RelationType.ATTACKS)])
        >>> subtree(MapGraph(doc, 1, {}), "t", 1)
        {'t': 0, 'a': 1}
    """
    incoming: dict[str, list[str]] = {}
    for relation in graph.document.relations:
        incoming.setdefault(relation.target, []).append(relation.source)
    distance = {root: 0}
    frontier = [root]
    while frontier and (depth is None or distance[frontier[0]] < depth):
        following = []
        for target in frontier:
            for source in incoming.get(target, ()):
                if source not in distance:
                    distance[source] = distance[target] + 1
                    following.append(source)
        frontier = following
    return distance


def _select(
    weights: Mapping[str, float],
    root: str,
    *,
    candidates: set[str],
    top: int | None,
    floor: float,
) -> list[str]:
    """Ids to draw, sorted: the candidates at or above the weight ``floor``, and always the root.

    With ``top``, only the ``top`` heaviest of them (ties broken by id).
    """
    kept = [i for i in candidates if i != root and weights[i] >= floor]
    if top is not None:
        kept = sorted(kept, key=lambda i: (-weights[i], i))[:top]
    return sorted({root, *kept})


@dataclass(frozen=True, slots=True)
class Selection:
    """Which nodes a drawing shows, and the weight each carries for its root."""

    root: str
    signed: Mapping[str, float | None]
    """Each node's signed contribution to the root (None: unknown)."""
    weights: Mapping[str, float]
    """Each node's weight carried (the root's is 0)."""
    heaviest: float
    focused: bool
    """Only the root's subtree is drawn (an explicit root, or a depth)."""
    shown: list[str]
    """The ids drawn, sorted, the root among them."""
    available: int
    """How many nodes the options allow besides the root, before ``top`` keeps the heaviest of them."""

    def by_weight(self) -> list[str]:
        """``shown`` with the root first, then heaviest first (ties by id)."""
        rest = sorted((i for i in self.shown if i != self.root), key=lambda i: (-self.weights[i], i))
        return [self.root, *rest]

    def keep(self, ids: list[str]) -> Selection:
        """The same selection drawing only ``ids`` (a layout's fewer nodes)."""
        return replace(self, shown=sorted(ids))


def select(
    graph: MapGraph, contributions: Mapping[str, float], options: DiagramOptions, top: int | None
) -> Selection:
    """The nodes ``options`` ask for, with ``top`` heaviest at most (the root is always drawn).

    Raises:
        NotFound: the root is not a node of the map.
        OverBudget: more than ``MAX_DIAGRAM_NODES`` nodes would be drawn.
        ValueError: an option is out of its range.
    """
    root_id = graph.root if options.root is None else options.root
    depth, min_weight = options.depth, options.min_weight
    if root_id not in graph.nodes:
        raise NotFound(f"node {root_id!r} is not in map {graph.id!r}")
    if top is not None and top < 0:
        raise ValueError(f"top must be zero or more, got {top}")
    if depth is not None and depth < 0:
        raise ValueError(f"depth must be zero or more, got {depth}")
    if min_weight is not None and not 0.0 <= min_weight <= 1.0:
        raise ValueError(f"min_weight must be between 0 and 1, got {min_weight}")
    if options.direction not in DIRECTIONS:
        raise ValueError(
            f"direction must be one of {', '.join(sorted(DIRECTIONS))}, got {options.direction!r}"
        )
    if options.labels not in ("short", "full"):
        raise ValueError(f"labels must be short or full, got {options.labels!r}")

    signed = {node_id: finite(contributions.get(node_id)) for node_id in graph.nodes}
    weights = {node_id: 0.0 if node_id == root_id else weight_carried(c) for node_id, c in signed.items()}
    heaviest = max(weights.values(), default=0.0)
    focused = options.root is not None or depth is not None
    candidates = set(subtree(graph, root_id, depth)) if focused else set(graph.nodes)
    share = min_weight or 0.0
    # A positive share keeps only nodes that carry some weight, even on a map where every weight is zero.
    floor = max(share * heaviest, math.ulp(0.0)) if share > 0 else 0.0
    shown = _select(weights, root_id, candidates=candidates, top=top, floor=floor)
    available = sum(1 for i in candidates if i != root_id and weights[i] >= floor)
    if len(shown) > MAX_DIAGRAM_NODES:
        raise OverBudget(
            f"the diagram would draw {len(shown)} nodes, more than the {MAX_DIAGRAM_NODES} one diagram "
            "draws: ask for top, min_weight, or a root and depth"
        )
    return Selection(root_id, signed, weights, heaviest, focused, shown, available)
