"""The stacked flow's geometry: an outline, one node under another, each indented under what it bears on.

Graphviz's ``dot`` routes arrows between the nodes of a column around it, each in a lane of its own, which
makes a narrow drawing wide again. So the column is placed here: nodes top to bottom in depth-first order,
each indented one step under the node it bears on, and each arrow runs from its node's left side along a
rail in that indent up to the bottom of its target (``neato -n2`` draws the positions as given).

Coordinates are points, y growing downwards here and flipped for Graphviz (whose y grows upwards).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

INDENT = 22.0
"""How far a node stands right of the node it bears on, in points."""
GAP = 9.0
"""Space between two nodes of the column, in points."""
FOOT_GAP = 14.0
"""Space above the key and the caption."""
LANE = 4.0
"""Distance between the rails of two arrows into one node."""
MARGIN = 3 * LANE
"""The column's left margin, in points: it carries the arrows that do not follow the indent."""
ARROW_LENGTH = {"normal": 8.0, "tee": 4.0, "odot": 6.4}
"""Arrowhead lengths at ``arrowsize=0.8`` (10 points times the arrow type's length factor)."""


@dataclass(frozen=True, slots=True)
class Box:
    """A node's place: its top-left corner and size, in points (y downwards)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def middle(self) -> float:
        return self.top + self.height / 2


@dataclass(frozen=True, slots=True)
class Outline:
    """Where every node goes and the route of every arrow."""

    boxes: Mapping[str, Box]
    routes: Mapping[tuple[str, str], str]
    """Graphviz ``pos`` of the arrow from source to target (``e,x,y`` and its spline), by DOT names."""
    height: float

    def pos(self, name: str) -> str:
        """The Graphviz ``pos`` of a node's centre (y flipped)."""
        box = self.boxes[name]
        return f"{box.left + box.width / 2:.2f},{self.height - box.middle:.2f}!"


def _polyline(points: Sequence[tuple[float, float]], height: float) -> str:
    """A polyline as a Graphviz B-spline: each straight piece is a cubic with its ends as controls."""
    flipped = [(x, height - y) for x, y in points]
    spline = [flipped[0]]
    for start, end in itertools.pairwise(flipped):
        spline += [start, end, end]
    return " ".join(f"{x:.2f},{y:.2f}" for x, y in spline)


def outline(
    order: Sequence[str],
    parents: Mapping[str, str | None],
    sizes: Mapping[str, tuple[float, float]],
    relations: Sequence[tuple[str, str, str]],
    *,
    head: Sequence[str] = (),
    foot: Sequence[str] = (),
) -> Outline:
    """Place ``order`` as an outline and route ``relations`` (source, target, arrowhead) between them.

    ``parents`` maps each node to the node it is indented under (None for the top one, and for nodes
    drawn without the node they bear on, which stand one step in). ``head`` (the title) goes above the
    column and ``foot`` (the key, the caption) under it, at the left margin. An arrow to the node its
    source is indented under runs along a rail in the indent; any other arrow runs along the left margin
    and enters its target from the left.

    Example:
        >>> shape = outline(["t", "a", "b"], {"t": None, "a": "t", "b": "t"},
        ...     {"t": (100, 40), "a": (80, 30), "b": (80, 30)}, [("a", "t", "normal"), ("b", "t", "tee")])
        >>> [(name, box.left, box.top) for name, box in shape.boxes.items()]
        [('t', 12.0, 0.0), ('a', 34.0, 49.0), ('b', 34.0, 88.0)]
        >>> shape.routes[("a", "t")]
        'e,17.00,78.00 34.00,54.00 34.00,54.00 17.00,54.00 17.00,54.00 17.00,54.00 17.00,70.00 17.00,70.00'
    """
    margin = MARGIN
    depth: dict[str, int] = {}
    boxes: dict[str, Box] = {}
    top = 0.0
    for name in head:
        width, height = sizes[name]
        boxes[name] = Box(0.0, top, width, height)
        top += height + GAP
    for name in order:
        parent = parents.get(name)
        depth[name] = 0 if parent is None and not depth else (depth[parent] + 1 if parent else 1)
        width, height = sizes[name]
        boxes[name] = Box(margin + depth[name] * INDENT, top, width, height)
        top += height + GAP
    if foot:
        top += FOOT_GAP - GAP
    for name in foot:
        width, height = sizes[name]
        boxes[name] = Box(0.0, top, width, height)
        top += height + GAP
    total = top - GAP

    lanes: dict[str, int] = {}
    crossing = 0
    routes: dict[tuple[str, str], str] = {}
    for source, target, arrowhead in relations:
        child, aim = boxes[source], boxes[target]
        length = ARROW_LENGTH.get(arrowhead, 8.0)
        if parents.get(source) == target:
            lane = lanes.get(target, 0)
            lanes[target] = lane + 1
            x = aim.left + min(5.0 + lane * LANE, INDENT - 3)
            tip = aim.bottom
            points = [(child.left, child.middle), (x, child.middle), (x, tip + length)]
            routes[(source, target)] = f"e,{x:.2f},{total - tip:.2f} {_polyline(points, total)}"
            continue
        x = margin - LANE * (1 + crossing % 3)
        crossing += 1
        points = [(child.left, child.middle), (x, child.middle), (x, aim.middle)]
        points.append((aim.left - length, aim.middle))
        routes[(source, target)] = f"e,{aim.left:.2f},{total - aim.middle:.2f} {_polyline(points, total)}"
    return Outline(boxes, routes, total)
