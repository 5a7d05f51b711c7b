"""One diagram request from start to finish: DOT from the evaluated map, then Graphviz, within a deadline."""

from __future__ import annotations

from graph.compute import check_deadline
from graph.mapgraph import Evaluation, MapGraph
from graph.render._pipe import render_bytes
from graph.render._render import render_map
from schemas import DiagramOptions

DOT_TIMEOUT_S = 8.0
"""The render deadline: Graphviz is killed after this many seconds and the request gets a 422
(``RenderTimeout``). It is below the compute pool's default budget, so the process is never left running."""


def draw(graph: MapGraph, evaluation: Evaluation, options: DiagramOptions) -> bytes:
    """The diagram of ``graph`` as ``options`` ask for it (CPU-bound: run it in the compute pool).

    ``options.root``, ``semantics`` and ``contribution`` must be the ones ``evaluation`` was computed with;
    an explicit ``root`` (or a ``depth``) also focuses the drawing on the root's subtree.

    Raises:
        NotFound: the root is not a node of the map.
        OverBudget: the diagram would draw more than ``MAX_DIAGRAM_NODES`` nodes.
        RenderTimeout: Graphviz ran past ``DOT_TIMEOUT_S``.
        RenderError: Graphviz is missing or failed.
        DeadlineExceeded: the compute job's budget ran out before Graphviz started.
    """
    digraph = render_map(
        graph,
        strengths=evaluation.strengths.strengths,
        contributions=evaluation.contribution_map(),
        root=evaluation.root,
        top=options.top,
        direction=options.direction,
        legend=options.legend,
        focus=options.root is not None,
        depth=options.depth,
        min_weight=options.min_weight,
        labels=options.labels,
        width=options.width,
        height=options.height,
    )
    check_deadline()  # building DOT may have used the job's budget; do not start dot past it
    return render_bytes(digraph.source, options.format, timeout_s=DOT_TIMEOUT_S)
