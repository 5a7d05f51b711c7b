"""One diagram request from start to finish: DOT from the evaluated map, then Graphviz, within a deadline."""

from __future__ import annotations

import html
import re

from graph.compute import check_deadline
from graph.errors import NotFound, OverBudget
from graph.mapgraph import Evaluation, MapGraph
from graph.render._fit import draw_layout
from graph.render._pipe import render_bytes
from graph.render._render import element_id, render_map
from graph.render._select import MAX_DIAGRAM_NODES, subtree
from graph.render._style import HOUSE_DEFAULT
from schemas import DiagramOptions, HouseStyle, Spread

DOT_TIMEOUT_S = 8.0
"""The render deadline: Graphviz is killed after this many seconds and the request gets a 422
(``RenderTimeout``). It is below the compute pool's default budget, so the process is never left running."""


def draw(
    graph: MapGraph,
    evaluation: Evaluation,
    options: DiagramOptions,
    pinned: bool = False,
    spread: Spread | None = None,
    house: HouseStyle = HOUSE_DEFAULT,
) -> bytes:
    """The diagram of ``graph`` as ``options`` ask for it (CPU-bound: run it in the compute pool).

    ``options.root``, ``semantics`` and ``contribution`` must be the ones ``evaluation`` was computed with;
    an explicit ``root`` (or a ``depth``) also focuses the drawing on the root's subtree. With a ``layout``
    the drawing is fitted to its frame at reading size (``graph.render._fit``). ``pinned``: the drawing is
    of this fixed version, and its nodes link to that version's viewer. ``spread``: the root's strength under
    each published semantics and its band, which a layout's caption gives under the reading. ``house``: the
    publisher's font, accent and name.

    Raises:
        NotFound: the root is not a node of the map.
        OverBudget: the diagram would draw more than ``MAX_DIAGRAM_NODES`` nodes.
        RenderTimeout: Graphviz ran past ``DOT_TIMEOUT_S``.
        RenderError: Graphviz is missing or failed.
        DeadlineExceeded: the compute job's budget ran out before Graphviz started.
    """
    version = graph.version if pinned else None
    if options.layout is not None:
        return draw_layout(graph, evaluation, options, DOT_TIMEOUT_S, version, spread, house)
    digraph = render_map(
        graph,
        strengths=evaluation.strengths.strengths,
        contributions=evaluation.contribution_map(),
        options=options,
        pinned=version,
        house=house,
    )
    check_deadline()  # building DOT may have used the job's budget; do not start dot past it
    return render_bytes(digraph.source, options.format, timeout_s=DOT_TIMEOUT_S, scale=options.scale)


def drawn_nodes(graph: MapGraph, svg: bytes) -> list[str]:
    """Ids of the map nodes that appear in an SVG diagram, in document order."""
    text = html.unescape(svg.decode("utf-8"))
    ids = set(re.findall(r'<g id="(node-[^"]+)" class="node', text))
    return [node_id for node_id in graph.nodes if element_id(node_id) in ids]


def check_drawable(graph: MapGraph, options: DiagramOptions) -> None:
    """Refuse, before any scoring, a diagram that is sure to draw more than ``MAX_DIAGRAM_NODES`` nodes.

    Only ``top`` and ``min_weight`` need the scores to know how many nodes stay; without them the count is
    the map's (or the focused subtree's) size, so a caller can check it before paying for an evaluation.
    ``draw`` checks again on the exact selection either way.

    Raises:
        NotFound: ``options.root`` is not a node of the map.
        OverBudget: the drawing would have more than ``MAX_DIAGRAM_NODES`` nodes.
    """
    if options.top is not None or options.min_weight:
        return
    if options.root is None and options.depth is None:
        count = len(graph.nodes)
    else:
        root = graph.root if options.root is None else options.root
        if root not in graph.nodes:
            raise NotFound(f"node {root!r} is not in map {graph.id!r}")
        count = len(subtree(graph, root, options.depth))
    if count > MAX_DIAGRAM_NODES:
        raise OverBudget(
            f"the diagram would draw {count} nodes, more than the {MAX_DIAGRAM_NODES} one diagram draws: "
            "ask for top, min_weight, or a root and depth"
        )
