"""``render_map``: the DOT source of a map, drawn so the claims that carry the most weight stand out.

Pure: it builds a ``graphviz.Digraph`` and never starts ``dot``; ``graph.render._pipe`` does that for callers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import graphviz

from graph.errors import NotFound
from graph.mapgraph import QUALIFIES_DEFAULT_WEIGHT, MapGraph
from graph.render._labels import format_weight, node_label, plain_text, shorten, title_label
from graph.render._legend import add_legend
from graph.render._style import (
    FONT,
    INK,
    KIND_STYLES,
    MAX_EDGE_PEN,
    MIN_EDGE_PEN,
    RELATION_STYLES,
    ROOT_BORDER,
    ROOT_FILL,
    fill_and_border,
    pen_width,
    weight_carried,
)
from schemas import Node, Relation, RelationType

DIRECTIONS = frozenset({"BT", "TB", "LR", "RL"})
"""Graphviz ``rankdir`` values; the default ``BT`` puts the root on top with support flowing up to it."""

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
ROOT_PEN = "3"
# A cluster's labelloc is read in rank coordinates, so "b" is the top of the drawing when ranks run upwards.
_LEGEND_LABELLOC = {"BT": "b", "TB": "t", "LR": "t", "RL": "t"}


def dot_id(node_id: str) -> str:
    """The DOT name of a map node: the id itself when it is a slug, else ``_`` and its UTF-8 bytes in hex.

    Slugs can hold neither ``_`` nor ``:`` (which DOT reads as a port separator), so the two forms never
    collide, and ids that break the schema still produce valid, distinct DOT names.
    """
    if _SLUG.fullmatch(node_id):
        return node_id
    return "_" + node_id.encode("utf-8", errors="surrogatepass").hex()


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _select(weights: Mapping[str, float], root: str, top: int | None) -> list[str]:
    """Ids to draw, sorted: all, or the ``top`` heaviest (ties broken by id) plus the root."""
    if top is None:
        return sorted(weights)
    ranked = sorted((node_id for node_id in weights if node_id != root), key=lambda i: (-weights[i], i))
    return sorted({root, *ranked[:top]})


def _effective_weight(relation: Relation) -> float:
    """The weight the scoring gives a relation: its own, else 1, except an unweighted ``qualifies``."""
    if relation.weight is not None:
        return relation.weight
    return QUALIFIES_DEFAULT_WEIGHT if relation.type is RelationType.QUALIFIES else 1.0


def _relation_key(relation: Relation) -> tuple[str, str, str, float]:
    return (relation.source, relation.target, relation.type.value, _effective_weight(relation))


def _subtitle(graph: MapGraph, shown: int, top: int | None) -> str:
    where = f"map {graph.id}, version {graph.version}"
    total = len(graph.nodes)
    if top is not None and shown < total:
        return (
            f"Summary: the {shown - 1} of {total - 1} nodes carrying the most weight, and the root · {where}"
        )
    return f"{total} nodes, {len(graph.document.relations)} relations · {where}"


def _add_node(
    digraph: graphviz.Digraph,
    graph: MapGraph,
    node: Node,
    *,
    strength: float | None,
    contribution: float | None,
    weight: float,
    heaviest: float,
    is_root: bool,
) -> None:
    kind_style = KIND_STYLES[node.kind]
    speaker = graph.speakers.get(node.speaker)
    styles = ["filled", *kind_style.styles]
    if is_root:
        fill, border, pen, peripheries = ROOT_FILL, ROOT_BORDER, ROOT_PEN, "2"
        if "bold" not in styles:
            styles.append("bold")
    else:
        fill, border = fill_and_border(contribution, weight, heaviest)
        pen, peripheries = pen_width(weight, heaviest), "1"
    digraph.node(
        dot_id(node.id),
        label=node_label(
            node.text,
            node.kind.value,
            speaker.name if speaker is not None else node.speaker,
            strength,
            contribution,
            is_root=is_root,
        ),
        shape=kind_style.shape,
        style=",".join(styles),
        fillcolor=fill,
        color=border,
        penwidth=pen,
        peripheries=peripheries,
        tooltip=plain_text(f"{node.id}: {node.text}"),
        **({"margin": "0.02,0.02"} if kind_style.shape == "hexagon" else {}),
    )


def render_map(
    graph: MapGraph,
    *,
    strengths: Mapping[str, float],
    contributions: Mapping[str, float],
    root: str | None = None,
    title: str | None = None,
    top: int | None = None,
    direction: str = "BT",
    legend: bool = True,
) -> graphviz.Digraph:
    """Build the diagram of one map version: a box per node, an arrow per relation, weight made visible.

    A node's weight carried is ``|contributions[id]|``; it sets the border width and fill intensity (teal
    for pro, orange for con, with ▲/▼ markers), relative to the heaviest node on the whole map, so a node
    looks the same in a ``top`` summary as in the full diagram. Arrows take their width from the weight
    their source carries, and a weight label when the scoring gives them less than full weight, which
    includes an unweighted ``qualifies`` (``QUALIFIES_DEFAULT_WEIGHT``). Iteration is sorted, so the same
    inputs always give the same DOT text.

    Args:
        graph: the map version to draw.
        strengths: each node's final strength in [0, 1]; missing nodes print a dash.
        contributions: each node's signed contribution to the root's strength; missing nodes carry none.
        root: the node the contributions are measured against; defaults to ``graph.root``.
        title: the heading; defaults to the map's title.
        top: keep only the ``top`` nodes carrying the most weight, plus the root, and the edges among them.
        direction: Graphviz ``rankdir``: ``BT`` (root on top), ``TB``, ``LR`` or ``RL``.
        legend: whether to include the "How to read this diagram" cluster.

    Returns:
        The unrendered ``graphviz.Digraph``; ``.source`` is the DOT text.

    Raises:
        NotFound: ``root`` is not a node of the map.
        ValueError: ``top`` is negative or ``direction`` is not a ``rankdir``.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Speaker
        >>> doc = MapDocument(id="m", title="Tea", sources=[], speakers=[Speaker(id="a", name="Ann")],
        ...     nodes=[Node(id="t", kind=NodeKind.THESIS, text="Tea is good", speaker="a",
        ...                 base_score=0.5, rationale="r")])
        >>> dot = render_map(MapGraph(doc, 1, {}), strengths={"t": 0.5}, contributions={}).source
        >>> "0.50" in dot
        True
    """
    root_id = graph.root if root is None else root
    if root_id not in graph.nodes:
        raise NotFound(f"node {root_id!r} is not in map {graph.id!r}")
    if top is not None and top < 0:
        raise ValueError(f"top must be zero or more, got {top}")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(sorted(DIRECTIONS))}, got {direction!r}")

    signed = {node_id: _finite(contributions.get(node_id)) for node_id in graph.nodes}
    weights = {node_id: 0.0 if node_id == root_id else weight_carried(c) for node_id, c in signed.items()}
    heaviest = max(weights.values(), default=0.0)
    shown = _select(weights, root_id, top)

    digraph = graphviz.Digraph(name=plain_text(graph.id))
    digraph.attr(
        rankdir=direction,
        label=title_label(
            title if title is not None else graph.document.title, _subtitle(graph, len(shown), top)
        ),
        labelloc="t",
        fontname=FONT,
        bgcolor="#ffffff",
        nodesep="0.3",
        ranksep="0.45",
        pad="0.25",
        tooltip=plain_text(shorten(graph.document.title, 200)),
    )
    digraph.attr("node", fontname=FONT, fontsize="11", fontcolor=INK, margin="0.12,0.06")
    digraph.attr("edge", fontname=FONT, fontsize="9", arrowsize="0.8")

    for node_id in shown:
        _add_node(
            digraph,
            graph,
            graph.nodes[node_id],
            strength=_finite(strengths.get(node_id)),
            contribution=signed[node_id],
            weight=weights[node_id],
            heaviest=heaviest,
            is_root=node_id == root_id,
        )

    kept = set(shown)
    relations = (r for r in graph.document.relations if r.source in kept and r.target in kept)
    for relation in sorted(relations, key=_relation_key):
        relation_style = RELATION_STYLES[relation.type]
        label = format_weight(_effective_weight(relation))
        digraph.edge(
            dot_id(relation.source),
            dot_id(relation.target),
            label=f" {label} " if label else None,
            color=relation_style.color,
            fontcolor=relation_style.label_color,
            style=relation_style.style,
            arrowhead=relation_style.arrowhead,
            penwidth=pen_width(weights[relation.source], heaviest, low=MIN_EDGE_PEN, high=MAX_EDGE_PEN),
            tooltip=plain_text(f"{relation.source} {relation.type.value} {relation.target}"),
        )

    if legend:
        add_legend(digraph, label_at=_LEGEND_LABELLOC[direction])
    return digraph
