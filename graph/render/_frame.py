"""A layout's drawing: the chosen nodes at reading size, framed by a title, a key and a caption.

Pure, like ``render_map``: it builds DOT for one attempt (these nodes, this flow, texts wrapped this wide);
``graph.render._fit`` runs Graphviz to find the attempt that fits the frame.

Two flows, both with the weighed node on top (``rankdir=TB``, arrows drawn backwards so they still point at
what they bear on): ``tree`` ranks the nodes by the relations, as wide as the argument is; ``stack`` puts one
node under another, heaviest branch first, in a column as wide as the frame, for narrow screens.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import graphviz

from graph.mapgraph import MapGraph
from graph.render._caption import caption_lines
from graph.render._labels import html_text, plain_text, shorten, wrap
from graph.render._layouts import PX_PER_PT, LayoutSpec
from graph.render._legend import ARROW_GLYPHS, compact_key, key_table
from graph.render._outline import INDENT, MARGIN, Outline
from graph.render._render import add_node, add_relations, dot_id, view_href, weight_label
from graph.render._select import Selection, finite
from graph.render._style import FONT, HOUSE_DEFAULT, INK, MUTED
from schemas import HouseStyle, Spread

Flow = Literal["tree", "stack"]

CHAR_EM = 0.55
"""A character's average width in ems, to turn a width in pixels into a wrap width in characters."""
PAD_IN = 0.1
"""The margin around a layout's drawing, in inches (10 px)."""
NODE_MARGIN_IN = (0.1, 0.06)
TREE_WRAP = 24
"""Characters per line of a node's text in an unbounded tree (about 180 px at 14 px type)."""
TREE_WRAP_MAX = 44
"""The most characters per line of a bounded tree's node, however few share its widest row."""
UNBOUNDED_CHARS = 100
FULL_KEY_PX = 660
"""The width the full key needs; a narrower frame gets the compact key under the drawing instead."""
TITLE_NODE = "diagram_title"
KEY_NODE = "diagram_key"
CAPTION_NODE = "diagram_caption"


@dataclass(frozen=True, slots=True)
class Attempt:
    """One way to draw a layout: which nodes, in which flow, texts wrapped how wide."""

    chosen: Selection
    flow: Flow
    width: int | None
    """The frame's width in CSS pixels (None: unbounded)."""
    narrow: float = 1.0
    """A factor under 1 wraps texts narrower than the estimate (when Graphviz measured them wider)."""


def chars(width_px: float | None, size_pt: float, narrow: float = 1.0) -> int:
    """How many characters of ``size_pt`` type fit in ``width_px`` (about; Graphviz measures for real).

    Example:
        >>> chars(640, 9)
        96
    """
    if width_px is None:
        return UNBOUNDED_CHARS
    return max(12, math.floor(narrow * width_px / (size_pt * PX_PER_PT * CHAR_EM)))


def _text_width(attempt: Attempt) -> float | None:
    return None if attempt.width is None else attempt.width - 2 * PAD_IN * 96


def stack_plan(graph: MapGraph, chosen: Selection) -> tuple[list[str], dict[str, str | None]]:
    """The stack flow's order top to bottom, and the node each is indented under.

    Depth first from the root, heaviest branch first; drawn nodes that reach the root only through nodes
    left out come last, heaviest first, indented under nothing.
    """
    kept = set(chosen.shown)
    order: list[str] = []
    parents: dict[str, str | None] = {chosen.root: None}

    def visit(node_id: str) -> None:
        order.append(node_id)
        sources = {r.source for r in graph.incoming[node_id] if r.source in kept and r.source not in parents}
        for source in sorted(sources, key=lambda i: (-chosen.weights[i], i)):
            if source not in parents:
                parents[source] = node_id
                visit(source)

    visit(chosen.root)
    for node_id in chosen.by_weight():
        if node_id not in parents:
            parents[node_id] = None
            order.append(node_id)
    return order, parents


def _depths(order: list[str], parents: Mapping[str, str | None]) -> dict[str, int]:
    depth: dict[str, int] = {}
    for index, node_id in enumerate(order):
        parent = parents[node_id]
        depth[node_id] = depth[parent] + 1 if parent is not None else (0 if index == 0 else 1)
    return depth


@dataclass(frozen=True, slots=True)
class FramePart:
    """A text around the map (the title, the key, the caption): a plaintext node with an SVG id."""

    name: str
    element: str
    label: str
    font: str = FONT
    """The font list it is set in (the house's, else argmap's)."""


def _table(lines: list[str]) -> str:
    rows = "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{line}</TD></TR>' for line in lines)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{rows}</TABLE>>'


def frame_parts(
    graph: MapGraph,
    attempt: Attempt,
    *,
    spec: LayoutSpec,
    strengths: Mapping[str, float],
    semantics: str,
    pinned: int | None,
    spread: Spread | None = None,
    house: HouseStyle = HOUSE_DEFAULT,
) -> tuple[list[FramePart], list[FramePart]]:
    """What goes above the map (the title, and the full key when the layout has it) and under it.

    Under it: the compact key and the caption, each wrapped to the frame's width. The title is in the
    house's accent, and the caption ends with the publisher's name when the house gives one.
    """
    chosen, sizes = attempt.chosen, spec.sizes
    text_width = _text_width(attempt)
    title = wrap(graph.document.title, chars(text_width, sizes.title, attempt.narrow), None)
    heading = "<BR/>".join(html_text(line) for line in title)
    rows = [f'<FONT POINT-SIZE="{sizes.title:g}" COLOR="{house.diagram_accent}"><B>{heading}</B></FONT>']
    full_key = spec.full_key and (text_width is None or text_width >= FULL_KEY_PX)
    if full_key:
        rows.append(key_table(cut_corners=True))
    font = house.diagram_font
    head = [FramePart(TITLE_NODE, "diagram-title", _table(rows), font)] if spec.title or full_key else []
    width = chars(text_width, sizes.subtitle, attempt.narrow)
    foot = []
    if not full_key:
        foot.append(FramePart(KEY_NODE, "diagram-key", _table(compact_key(width, sizes.subtitle)), font))
    if spec.caption:
        paragraphs = caption_lines(
            graph,
            chosen.root,
            finite(strengths.get(chosen.root)),
            semantics,
            shown=chosen.shown,
            available=chosen.available,
            pinned=pinned,
            with_quote=spec.quote,
            spread=spread,
        )
        lines = [
            f'<FONT POINT-SIZE="{sizes.subtitle:g}" COLOR="{MUTED}">{html_text(line)}</FONT>'
            for paragraph in paragraphs
            for line in wrap(paragraph, width, None)
        ]
        if house.publisher:
            accent = f'<FONT POINT-SIZE="{sizes.subtitle:g}" COLOR="{house.diagram_accent}">'
            lines += [
                f"{accent}{html_text(line)}</FONT>"
                for line in wrap(f"Published by {house.publisher}", width, None)
            ]
        foot.append(FramePart(CAPTION_NODE, "diagram-caption", _table(lines), font))
    return head, foot


def frame_statements(parts: list[FramePart], positions: Mapping[str, str] | None = None) -> list[str]:
    """The DOT statements of ``parts``, at ``positions`` (Graphviz ``pos`` by name) when given."""
    digraph = graphviz.Digraph()
    for part in parts:
        where = {} if positions is None else {"pos": positions[part.name]}
        digraph.node(
            part.name,
            label=part.label,
            shape="plaintext",
            id=part.element,
            margin="0",
            fontname=part.font,
            fontcolor=INK,
            **where,
        )
    return list(digraph.body)


def render_framed(
    graph: MapGraph,
    attempt: Attempt,
    *,
    spec: LayoutSpec,
    strengths: Mapping[str, float],
    pinned: int | None,
    placed: Outline | None = None,
    house: HouseStyle = HOUSE_DEFAULT,
) -> graphviz.Digraph:
    """The DOT of the map part of one attempt at a layout (``graph.render._fit`` frames and places it).

    Every text is drawn at ``spec.sizes`` and wrapped, never cut; a node's tooltip holds its id and text.
    ``placed``: the positions of every node and arrow (an outline), drawn as given by ``neato -n2``.
    """
    chosen, sizes = attempt.chosen, spec.sizes
    stacked = attempt.flow == "stack"
    digraph = graphviz.Digraph(name=plain_text(graph.id))
    font = house.diagram_font
    digraph.attr(
        rankdir="TB",
        fontname=font,
        bgcolor="#ffffff",
        nodesep="0.25",
        ranksep="0.4",
        pad=f"{PAD_IN:g}",
        tooltip=plain_text(shorten(graph.document.title, 200)),
    )
    digraph.attr(
        "node",
        fontname=font,
        fontsize=f"{sizes.body:g}",
        fontcolor=INK,
        margin=f"{NODE_MARGIN_IN[0]:g},{NODE_MARGIN_IN[1]:g}",
    )
    digraph.attr("edge", fontname=font, fontsize=f"{sizes.edge:g}", arrowsize="0.8")
    parents: dict[str, str | None] = {}
    if stacked:
        order, parents = stack_plan(graph, chosen)
        depths = _depths(order, parents)
    else:
        order, depths = list(chosen.shown), {}
    across = 1 if stacked else breadth(graph, chosen)
    for node_id in order:
        add_node(
            digraph,
            graph,
            graph.nodes[node_id],
            strength=finite(strengths.get(node_id)),
            contribution=chosen.signed[node_id],
            weight=chosen.weights[node_id],
            heaviest=chosen.heaviest,
            is_root=node_id == chosen.root,
            full=True,
            href=view_href(graph.id, node_id, pinned),
            sizes=sizes,
            wrap_width=_wrap_width(attempt, spec, depths.get(node_id, 0), across),
            cut_corners=True,
            arrow=_arrow(graph, node_id, parents.get(node_id)) if stacked else None,
            **({} if placed is None else {"pos": placed.pos(dot_id(node_id))}),
        )
    add_relations(
        digraph,
        graph,
        chosen.shown,
        chosen.weights,
        chosen.heaviest,
        downward=not stacked,
        routes=None if placed is None else placed.routes,
    )
    return digraph


def _arrow(graph: MapGraph, node_id: str, parent: str | None) -> str | None:
    """The weight of the arrow from a stacked node up to the node it stands under, as its box shows it."""
    for relation in graph.outgoing[node_id]:
        if relation.target == parent:
            weight = weight_label(relation)
            return None if weight is None else f"{ARROW_GLYPHS[relation.type.value]} {weight}"
    return None


def breadth(graph: MapGraph, chosen: Selection) -> int:
    """The most drawn nodes at one distance from the root: how many boxes a tree's widest row holds."""
    kept = set(chosen.shown)
    level, seen, widest = [chosen.root], {chosen.root}, 1
    while level:
        following = []
        for target in level:
            for relation in graph.incoming[target]:
                if relation.source in kept and relation.source not in seen:
                    seen.add(relation.source)
                    following.append(relation.source)
        widest = max(widest, len(following))
        level = following
    return max(widest, len(kept - seen))


def _wrap_width(attempt: Attempt, spec: LayoutSpec, depth: int, across: int = 1) -> int:
    text_width = _text_width(attempt)
    if text_width is None:
        return max(12, math.floor(TREE_WRAP * attempt.narrow))
    if attempt.flow == "tree":  # the widest row shares the frame
        box = text_width / across - 0.25 * 96 - 2 * NODE_MARGIN_IN[0] * 96 - 8
        return min(TREE_WRAP_MAX, chars(box, spec.sizes.body, attempt.narrow))
    inset = (MARGIN + depth * INDENT) * PX_PER_PT + 2 * NODE_MARGIN_IN[0] * 96 + 8
    return chars(text_width - inset, spec.sizes.body, attempt.narrow)
