"""What-if: a map's strengths and contributions under hypothetical changes. Nothing is written."""

from __future__ import annotations

from graph.errors import InvalidArgumentMap
from graph.mapgraph._analysis import Evaluation, analysis_header, framework
from graph.mapgraph._mapgraph import MapGraph
from graph.mapgraph._scenario import scenario_document, scenario_problems
from graph.scoring import (
    InvalidQBAF,
    apply_changes,
    compute_contributions,
    compute_strengths,
    parse_contribution,
)
from graph.words import counted
from schemas import Problem, WhatIf, WhatIfOutcome, WhatIfRequest, WhatIfRow


def what_if_view(graph: MapGraph, request: WhatIf, baseline: Evaluation) -> WhatIfOutcome:
    """Recompute ``baseline`` with the request's changes; report the change for every node.

    The changes: base-score overrides, relation weights, hypothetical nodes and relations, removals.

    Raises:
        InvalidArgumentMap: the request names nodes or relations the map lacks, or removes the root.
    """
    problems = _problems(graph, request, baseline.root) + scenario_problems(
        graph.document,
        weights=request.weights,
        add_nodes=request.add_nodes,
        add_relations=request.add_relations,
    )
    if problems:
        raise InvalidArgumentMap(f"the what-if request has {counted(len(problems), 'problem')}", problems)
    removed_nodes = set(request.remove_nodes)
    # The change itself is the engine's what-if (one definition of what removing or rescoring means); the map
    # layer checks the request against the map first, so its problems carry the map's own paths.
    change = WhatIfRequest(
        semantics=baseline.semantics,
        base_scores=dict(request.base_scores),
        remove_arguments=list(request.remove_nodes),
        remove_edges=[(ref.source, ref.target) for ref in request.remove_relations],
    )
    document = scenario_document(
        graph.document,
        weights=request.weights,
        add_nodes=request.add_nodes,
        add_relations=request.add_relations,
    )
    try:
        qbaf, _, _ = apply_changes(framework(document, root=baseline.root), change)
    except InvalidQBAF as error:  # what the map-level checks cannot see (none known); never a server error
        raise InvalidArgumentMap(
            f"the what-if cannot be scored: {error}",
            [Problem(path=problem.path, message=problem.message) for problem in error.problems],
        ) from None
    strengths = compute_strengths(qbaf, baseline.semantics)
    contributions = compute_contributions(
        qbaf, baseline.root, semantics=baseline.semantics, function=parse_contribution(baseline.contribution)
    )
    after_contribution = {item.argument: item.value for item in contributions.contributions}
    before_contribution = baseline.contribution_map()
    rows = []
    for node in document.nodes:
        hypothetical = node.id not in graph.nodes
        before = 0.0 if hypothetical else baseline.strengths.strengths[node.id]
        removed = node.id in removed_nodes
        after = None if removed else strengths.strengths[node.id]
        contribution_after = None if removed else after_contribution.get(node.id, 0.0)
        contribution_before = before_contribution.get(node.id, 0.0)
        rows.append(
            WhatIfRow(
                id=node.id,
                kind=node.kind,
                text=node.text,
                hypothetical=hypothetical,
                strength_before=before,
                strength_after=after,
                strength_delta=None if after is None else after - before,
                contribution_before=contribution_before,
                contribution_after=contribution_after,
                contribution_delta=None
                if contribution_after is None
                else contribution_after - contribution_before,
                removed=removed,
            )
        )
    rows.sort(key=lambda row: (-abs(row.strength_delta or 0.0), row.id))
    return WhatIfOutcome(
        **analysis_header(graph, baseline),
        root_strength_before=baseline.strengths.strengths[baseline.root],
        root_strength_after=strengths.strengths[baseline.root],
        rows=rows,
        solver=strengths.metadata,
    )


def _problems(graph: MapGraph, request: WhatIf, root: str) -> list[Problem]:
    problems = [
        Problem(
            path=f"base_scores.{node_id}",
            message=f"map {graph.id!r} has no node {node_id!r}",
            code="unknown-node",
        )
        for node_id in request.base_scores
        if node_id not in graph.nodes
    ]
    for index, node_id in enumerate(request.remove_nodes):
        if node_id not in graph.nodes:
            problems.append(
                Problem(
                    path=f"remove_nodes[{index}]",
                    message=f"map {graph.id!r} has no node {node_id!r}",
                    code="unknown-node",
                )
            )
        elif node_id == root:
            problems.append(
                Problem(
                    path=f"remove_nodes[{index}]",
                    message=f"{node_id!r} is the root: choose another root to remove it",
                    code="root-removed",
                )
            )
    pairs = {(relation.source, relation.target) for relation in graph.document.relations}
    for index, ref in enumerate(request.remove_relations):
        if (ref.source, ref.target) not in pairs:
            problems.append(
                Problem(
                    path=f"remove_relations[{index}]",
                    message=f"map {graph.id!r} has no relation from {ref.source!r} to {ref.target!r}",
                    code="unknown-relation",
                )
            )
    return problems
