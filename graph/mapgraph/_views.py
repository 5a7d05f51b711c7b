"""Read models of one map version: scores table, argument tree and claim detail (pure functions)."""

from __future__ import annotations

import msgspec

from graph.document import check_computation
from graph.mapgraph._analysis import Evaluation, analysis_header, require_node
from graph.mapgraph._mapgraph import MapGraph
from graph.mapgraph._reading import strength_reading
from schemas import (
    ClaimDetail,
    Node,
    Quote,
    RelatedNode,
    Relation,
    RelationType,
    ScoreRow,
    Scores,
    Spread,
    Tree,
    TreeChild,
    TreeNode,
)


def scores_view(graph: MapGraph, evaluation: Evaluation, spread: Spread | None = None) -> Scores:
    """Every node with its base score, strength and contribution to the root, heaviest first.

    ``spread``: the root's strength under each published semantics and its band, shown with its reading.
    """
    contributions = {item.argument: item for item in evaluation.contributions.contributions}
    strengths = evaluation.strengths.strengths
    rows = []
    for node in graph.document.nodes:
        item = contributions.get(node.id)
        rows.append(
            ScoreRow(
                id=node.id,
                kind=node.kind,
                text=node.text,
                speaker=node.speaker,
                base_score=node.base_score,
                strength=strengths[node.id],
                contribution=item.value if item else 0.0,
                weight_carried=item.weight if item else 0.0,
                rank=item.rank if item else None,
                stderr=item.stderr if item else None,
                unranked=item.unranked if item else None,
            )
        )
    # The root first, then the ranked nodes, then those with no path to the root (no rank, and they say so).
    rows.sort(key=lambda row: (row.id != evaluation.root, row.rank is None, row.rank or 0, row.id))
    result = evaluation.contributions
    return Scores(
        **analysis_header(graph, evaluation),
        method=result.method,
        approximate=result.approximate,
        root_base_score=result.topic_base_score,
        root_strength=result.topic_strength,
        efficiency=result.efficiency,
        solver=evaluation.strengths.metadata,
        scores=rows,
        reading=strength_reading(graph.nodes[evaluation.root], result.topic_strength, evaluation.semantics),
        spread=spread,
    )


def tree_view(graph: MapGraph, evaluation: Evaluation, *, depth: int, spread: Spread | None = None) -> Tree:
    """The argument tree under the evaluation's root, ``depth`` levels deep.

    A node already shown elsewhere in the tree (a cycle, or a premise shared by two claims) appears again
    only as a reference (``ref``), so the tree is finite and every node is expanded once.
    """
    shown: set[str] = set()
    contributions = evaluation.contribution_map()
    strengths = evaluation.strengths.strengths

    def build(node_id: str, level: int) -> TreeNode:
        node = graph.nodes[node_id]
        base = TreeNode(
            id=node.id,
            kind=node.kind,
            text=node.text,
            speaker=node.speaker,
            base_score=node.base_score,
            strength=strengths[node.id],
            contribution=contributions.get(node.id, 0.0),
        )
        if node_id in shown:
            return msgspec.structs.replace(base, ref=node_id)
        shown.add(node_id)
        incoming = graph.incoming[node_id]
        if level >= depth:
            return msgspec.structs.replace(base, quotes=quotes_of(graph, node), truncated=bool(incoming))
        groups: dict[RelationType, list[TreeChild]] = {kind: [] for kind in RelationType}
        for relation in incoming:
            child = build(relation.source, level + 1)
            groups[relation.type].append(
                TreeChild(relation=relation.type, node=child, weight=relation.weight, note=relation.note)
            )
        for children in groups.values():
            children.sort(key=lambda child: (-abs(child.node.contribution), child.node.id))
        return msgspec.structs.replace(
            base,
            quotes=quotes_of(graph, node),
            supporters=groups[RelationType.SUPPORTS],
            attackers=groups[RelationType.ATTACKS],
            qualifiers=groups[RelationType.QUALIFIES],
        )

    return Tree(
        **analysis_header(graph, evaluation),
        depth=depth,
        tree=build(evaluation.root, 0),
        spread=spread,
    )


def claim_view(graph: MapGraph, node_id: str, evaluation: Evaluation) -> ClaimDetail:
    """One node with its quotes, evidence, re-checked computations, neighbours, strength and contribution.

    Raises:
        NotFound: the map has no such node.
    """
    node = graph.nodes[require_node(graph, node_id)]
    groups: dict[RelationType, list[RelatedNode]] = {kind: [] for kind in RelationType}
    for relation in graph.incoming[node_id]:
        groups[relation.type].append(_related(graph, relation.source, relation))
    bears_on = [_related(graph, relation.target, relation) for relation in graph.outgoing[node_id]]
    return ClaimDetail(
        map=graph.id,
        id=node.id,
        kind=node.kind,
        text=node.text,
        speaker=graph.speakers[node.speaker],
        base_score=node.base_score,
        rationale=node.rationale,
        strength=evaluation.strengths.strengths[node.id],
        contribution=evaluation.contribution_of(node.id),
        root=evaluation.root,
        version=graph.node_versions[node.id],
        map_version=graph.version,
        date=node.date,
        tags=list(node.tags),
        quotes=quotes_of(graph, node),
        evidence=node.evidence,
        computations=[check_computation(computation) for computation in node.computations],
        bears_on=bears_on,
        supporters=groups[RelationType.SUPPORTS],
        attackers=groups[RelationType.ATTACKS],
        qualifiers=groups[RelationType.QUALIFIES],
        reported_by=graph.speakers[node.reported_by] if node.reported_by is not None else None,
        forecast=node.forecast,
    )


def quotes_of(graph: MapGraph, node: Node) -> list[Quote]:
    """The node's quotes, each naming its source: a quote that leaves it out is in the map's one text."""
    with_text = [source.id for source in graph.document.sources if source.text is not None]
    default = with_text[0] if len(with_text) == 1 else None
    return [
        quote if quote.source is not None else msgspec.structs.replace(quote, source=default)
        for quote in node.quotes
    ]


def _related(graph: MapGraph, other_id: str, relation: Relation) -> RelatedNode:
    other = graph.nodes[other_id]
    return RelatedNode(
        id=other.id,
        kind=other.kind,
        text=other.text,
        speaker=other.speaker,
        relation=relation.type,
        weight=relation.weight,
        note=relation.note,
    )
