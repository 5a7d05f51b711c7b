"""A what-if drawn: the map as the scenario leaves it, every node the change moved marked.

Pure apart from running Graphviz (the caller's pool job). The mark is in the label itself ("what-if 0.91 →
0.85"), so it survives every output format, prints in grey, and needs nothing of the renderer but text.
"""

from __future__ import annotations

import msgspec

from graph.mapgraph import Evaluation, MapGraph, evaluate, scenario_document, what_if_view
from graph.render import draw
from schemas import DiagramOptions, WhatIf

MOVED = 0.005  # strength changes below this do not show at two decimals


def what_if_drawing(graph: MapGraph, request: WhatIf, baseline: Evaluation, options: DiagramOptions) -> bytes:
    """The scenario of ``request`` drawn as ``options`` ask; changed and hypothetical nodes are marked.

    Raises:
        InvalidArgumentMap: the request does not fit the map (as ``what_if_view``).
        OverBudget, RenderError, RenderTimeout: as ``graph.render.draw``.
    """
    outcome = what_if_view(graph, request, baseline)  # checks the request and gives the before and after
    moved = {
        row.id: row
        for row in outcome.rows
        if not row.removed and (row.hypothetical or abs(row.strength_delta or 0.0) >= MOVED)
    }
    removed_nodes = set(request.remove_nodes)
    removed_relations = {(ref.source, ref.target) for ref in request.remove_relations}
    document = scenario_document(
        graph.document,
        base_scores=request.base_scores,
        weights=request.weights,
        add_nodes=request.add_nodes,
        add_relations=request.add_relations,
    )
    nodes = []
    for original in document.nodes:
        if original.id in removed_nodes:
            continue
        node, row = original, moved.get(original.id)
        if row is not None:
            mark = (
                "hypothetical"
                if row.hypothetical
                else f"what-if {row.strength_before:.2f} → {row.strength_after:.2f}"
            )
            node = msgspec.structs.replace(node, text=f"[{mark}] {node.text}")
        nodes.append(node)
    relations = [
        relation
        for relation in document.relations
        if relation.source not in removed_nodes
        and relation.target not in removed_nodes
        and (relation.source, relation.target) not in removed_relations
    ]
    scenario = MapGraph(
        msgspec.structs.replace(document, nodes=nodes, relations=relations), graph.version, {}
    )
    evaluation = evaluate(
        scenario, semantics=baseline.semantics, root=baseline.root, contribution=baseline.contribution
    )
    return draw(scenario, evaluation, options)
