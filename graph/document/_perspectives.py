"""Checks of the perspectives a map keeps: each names only nodes and relations of the map, under its own name.

A perspective changes numbers, never the map's shape, so every base score it sets must be a node's and every
weight a relation's. Its name is how reads apply it (``?perspective=``), so names are unique and never one a
comparison or a route already uses.
"""

from __future__ import annotations

from graph.document._view import DocumentView
from schemas import MAX_PERSPECTIVES, RESERVED_PERSPECTIVE_NAMES, Problem


def perspective_problems(view: DocumentView) -> list[Problem]:
    """Every problem of the document's perspectives, each at its path (``perspectives[1].base_scores.x``).

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Perspective
        >>> from graph.document._view import view_of
        >>> node = Node(id="t", kind=NodeKind.THESIS, text="T", speaker="s", base_score=0.5, rationale="r")
        >>> doc = MapDocument(id="m", title="t", sources=[], speakers=[], nodes=[node], perspectives=[
        ...     Perspective(name="sceptic", base_scores={"t": 0.2, "x": 0.1}),
        ...     Perspective(name="sceptic")])
        >>> [(p.path, p.code) for p in perspective_problems(view_of(doc))]
        [('perspectives[0].base_scores.x', 'unknown-node'), ('perspectives[1].name', 'duplicate-name')]
    """
    problems: list[Problem] = []
    if len(view.perspectives) > MAX_PERSPECTIVES:
        message = (
            f"a map keeps at most {MAX_PERSPECTIVES} perspectives, this one has {len(view.perspectives)}"
        )
        problems.append(Problem(path="perspectives", message=message, code="too-many-perspectives"))
    nodes = {node.id for _, node in view.nodes} | view.broken_nodes
    pairs = {(relation.source, relation.target) for _, relation in view.relations}
    complete = view.complete
    first: dict[str, int] = {}
    for index, perspective in view.perspectives:
        where = f"perspectives[{index}]"
        if perspective.name in first:
            earlier = first[perspective.name]
            message = (
                f"duplicate perspective name {perspective.name!r} (first used at perspectives[{earlier}])"
            )
            problems.append(Problem(path=f"{where}.name", message=message, code="duplicate-name"))
        else:
            first[perspective.name] = index
        if perspective.name in RESERVED_PERSPECTIVE_NAMES:
            reserved = ", ".join(RESERVED_PERSPECTIVE_NAMES)
            message = f"{perspective.name!r} is a reserved name ({reserved}): choose another"
            problems.append(Problem(path=f"{where}.name", message=message, code="reserved-name"))
        for node_id in perspective.base_scores:
            if node_id not in nodes:
                message = f"the map has no node {node_id!r}"
                problems.append(
                    Problem(path=f"{where}.base_scores.{node_id}", message=message, code="unknown-node")
                )
        for number, weight in enumerate(perspective.weights):
            # A relation that failed to convert is reported where it is; naming it here would say it twice.
            if (weight.source, weight.target) not in pairs and complete:
                message = f"the map has no relation from {weight.source!r} to {weight.target!r}"
                problems.append(
                    Problem(path=f"{where}.weights[{number}]", message=message, code="unknown-relation")
                )
    return problems
