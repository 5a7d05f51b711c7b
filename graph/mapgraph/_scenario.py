"""A map document changed as a what-if or a perspective asks: rescored, reweighted, extended. Pure.

Removals stay the engine's (``graph.scoring.apply_changes``); this module does what the engine's what-if
cannot name: new weights on existing relations, and hypothetical nodes and relations. Every problem is listed
at once, with the request's own paths.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec

from schemas import (
    HypotheticalNode,
    HypotheticalRelation,
    MapDocument,
    Node,
    Problem,
    Relation,
    RelationWeight,
)

HYPOTHETICAL_SPEAKER = "hypothetical"


def scenario_problems(
    document: MapDocument,
    *,
    base_scores: Mapping[str, float] = {},
    weights: Sequence[RelationWeight] = (),
    add_nodes: Sequence[HypotheticalNode] = (),
    add_relations: Sequence[HypotheticalRelation] = (),
) -> list[Problem]:
    """Every reason the change cannot apply to ``document`` (empty when it can).

    Example:
        >>> from schemas import MapDocument, Source, Speaker
        >>> doc = MapDocument(id="m", title="t", sources=[], speakers=[], nodes=[])
        >>> [p.code for p in scenario_problems(doc, base_scores={"x": 0.2})]
        ['unknown-node']
    """
    known = {node.id for node in document.nodes}
    problems = [
        Problem(path=f"base_scores.{key}", message=f"the map has no node {key!r}", code="unknown-node")
        for key in base_scores
        if key not in known
    ]
    pairs = {(relation.source, relation.target) for relation in document.relations}
    for index, change in enumerate(weights):
        if (change.source, change.target) not in pairs:
            problems.append(
                Problem(
                    path=f"weights[{index}]",
                    message=f"the map has no relation from {change.source!r} to {change.target!r}",
                    code="unknown-relation",
                )
            )
    added: set[str] = set()
    for index, node in enumerate(add_nodes):
        if node.id in known or node.id in added:
            problems.append(
                Problem(
                    path=f"add_nodes[{index}].id",
                    message=f"{node.id!r} is already a node id: give the hypothetical node a new one",
                    code="duplicate-id",
                )
            )
        added.add(node.id)
    every = known | added
    for index, relation in enumerate(add_relations):
        for end in ("source", "target"):
            node_id = getattr(relation, end)
            if node_id not in every:
                problems.append(
                    Problem(
                        path=f"add_relations[{index}].{end}",
                        message=f"no node {node_id!r} in the map or among add_nodes",
                        code="unknown-node",
                    )
                )
        if relation.source == relation.target:
            problems.append(
                Problem(
                    path=f"add_relations[{index}]",
                    message="a node cannot bear on itself",
                    code="self-relation",
                )
            )
        elif (relation.source, relation.target) in pairs:
            problems.append(
                Problem(
                    path=f"add_relations[{index}]",
                    message=f"the map already relates {relation.source!r} to {relation.target!r}: "
                    "change its weight with `weights`",
                    code="duplicate-relation",
                )
            )
    return problems


def scenario_document(
    document: MapDocument,
    *,
    base_scores: Mapping[str, float] = {},
    weights: Sequence[RelationWeight] = (),
    add_nodes: Sequence[HypotheticalNode] = (),
    add_relations: Sequence[HypotheticalRelation] = (),
) -> MapDocument:
    """``document`` with base scores and relation weights replaced and hypothetical nodes and relations added.

    The result is for scoring only (hypothetical nodes have no quotes, and a speaker the map need not know):
    check it with ``scenario_problems`` first.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Relation, RelationType
        >>> a = Node(id="a", kind=NodeKind.THESIS, text="A", speaker="s", base_score=0.5, rationale="r")
        >>> b = Node(id="b", kind=NodeKind.CLAIM, text="B", speaker="s", base_score=0.9, rationale="r")
        >>> doc = MapDocument(id="m", title="t", sources=[], speakers=[], nodes=[a, b],
        ...                   relations=[Relation(source="b", target="a", type=RelationType.SUPPORTS)])
        >>> changed = scenario_document(doc, base_scores={"b": 0.2},
        ...                             weights=[RelationWeight(source="b", target="a", weight=0.5)])
        >>> changed.nodes[1].base_score, changed.relations[0].weight
        (0.2, 0.5)
    """
    nodes = [
        msgspec.structs.replace(node, base_score=base_scores[node.id]) if node.id in base_scores else node
        for node in document.nodes
    ]
    nodes.extend(
        Node(
            id=node.id,
            kind=node.kind,
            text=node.text,
            speaker=HYPOTHETICAL_SPEAKER,
            base_score=node.base_score,
            rationale="hypothetical: added by a what-if",
        )
        for node in add_nodes
    )
    new_weight = {(change.source, change.target): change.weight for change in weights}
    relations = [
        msgspec.structs.replace(relation, weight=new_weight[(relation.source, relation.target)])
        if (relation.source, relation.target) in new_weight
        else relation
        for relation in document.relations
    ]
    relations.extend(
        Relation(source=relation.source, target=relation.target, type=relation.type, weight=relation.weight)
        for relation in add_relations
    )
    return msgspec.structs.replace(document, nodes=nodes, relations=relations)
