"""Strengths and contributions of a map: the bridge from a ``MapGraph`` to the scoring engine.

The map becomes a QBAF: ``supports`` are supports, ``attacks`` are attacks, and ``qualifies`` (a caveat that
limits a claim without refuting it) is an attack scaled by the relation's weight. A relation without a weight
acts with weight 1, except ``qualifies``, which acts with ``QUALIFIES_DEFAULT_WEIGHT``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TypedDict

from graph.errors import InvalidArgumentMap, NotFound
from graph.mapgraph._mapgraph import MapGraph
from graph.scoring import (
    QBAF,
    Edge,
    InvalidQBAF,
    compute_contributions,
    compute_strengths,
    parse_contribution,
    parse_semantics,
)
from schemas import (
    DEFAULT_CONTRIBUTION,
    DEFAULT_SEMANTICS,
    ContributionResult,
    MapDocument,
    Problem,
    Relation,
    RelationType,
    StrengthResult,
)

QUALIFIES_DEFAULT_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Strengths of every node and contributions to one root, under one semantics."""

    root: str
    semantics: str
    contribution: str
    strengths: StrengthResult
    contributions: ContributionResult

    def contribution_of(self, node_id: str) -> float:
        """The signed contribution of ``node_id`` to the root (0 for the root and for unrelated nodes)."""
        return self.contribution_map().get(node_id, 0.0)

    def contribution_map(self) -> dict[str, float]:
        """Signed contribution by node id."""
        return {item.argument: item.value for item in self.contributions.contributions}


class AnalysisHeader(TypedDict):
    """The fields every analysis response starts with (``schemas.Analysis``)."""

    map_id: str
    version: int
    root: str
    semantics: str
    contribution: str


def analysis_header(graph: MapGraph, evaluation: Evaluation) -> AnalysisHeader:
    """Which map version, root, semantics and contribution function an analysis describes."""
    return AnalysisHeader(
        map_id=graph.id,
        version=graph.version,
        root=evaluation.root,
        semantics=evaluation.semantics,
        contribution=evaluation.contribution,
    )


def effective_weight(relation: Relation) -> float:
    """The weight a relation acts with: its own, else 1, or ``QUALIFIES_DEFAULT_WEIGHT`` for ``qualifies``.

    Example:
        >>> from schemas import Relation, RelationType
        >>> effective_weight(Relation(source="a", target="b", type=RelationType.QUALIFIES))
        0.5
    """
    if relation.weight is not None:
        return relation.weight
    return QUALIFIES_DEFAULT_WEIGHT if relation.type is RelationType.QUALIFIES else 1.0


def framework(
    document: MapDocument,
    *,
    base_scores: Mapping[str, float] | None = None,
    removed_nodes: Collection[str] = (),
    removed_relations: Collection[tuple[str, str]] = (),
    root: str | None = None,
) -> QBAF:
    """The QBAF of a map, optionally with base scores overridden and nodes or relations removed."""
    overrides = base_scores or {}
    arguments = {
        node.id: overrides.get(node.id, node.base_score)
        for node in document.nodes
        if node.id not in removed_nodes
    }
    edges = [
        Edge(
            relation.source,
            relation.target,
            "support" if relation.type is RelationType.SUPPORTS else "attack",
            effective_weight(relation),
        )
        for relation in document.relations
        if relation.source in arguments
        and relation.target in arguments
        and (relation.source, relation.target) not in removed_relations
    ]
    return QBAF.build(arguments, edges, root=root)


def node_strengths(document: MapDocument, semantics: str = DEFAULT_SEMANTICS) -> dict[str, float]:
    """Every node's strength under ``semantics``: what the store keeps for filtering searches."""
    return compute_strengths(framework(document), semantics).strengths


def evaluate(
    graph: MapGraph,
    *,
    semantics: str = DEFAULT_SEMANTICS,
    root: str | None = None,
    contribution: str = DEFAULT_CONTRIBUTION,
) -> Evaluation:
    """Strengths of every node and each node's contribution to ``root`` (default: the map's root).

    Raises:
        NotFound: ``root`` is not a node of the map.
        InvalidArgumentMap: unknown semantics or contribution function, or one the map cannot take.
    """
    topic = require_node(graph, root or graph.root)
    try:
        canonical_semantics = parse_semantics(semantics).value
        function = parse_contribution(contribution)
        qbaf = framework(graph.document, root=topic)
        strengths = compute_strengths(qbaf, canonical_semantics)
        contributions = compute_contributions(qbaf, topic, semantics=canonical_semantics, function=function)
    except InvalidQBAF as error:
        raise InvalidArgumentMap(
            f"the map cannot be scored this way: {error}",
            [Problem(path=problem.path, message=problem.message) for problem in error.problems],
        ) from None
    return Evaluation(
        root=topic,
        semantics=canonical_semantics,
        contribution=contributions.function,
        strengths=strengths,
        contributions=contributions,
    )


def require_node(graph: MapGraph, node_id: str) -> str:
    """``node_id`` itself, when the map has such a node.

    Raises:
        NotFound: it does not.
    """
    if node_id not in graph.nodes:
        raise NotFound(f"map {graph.id!r} has no node {node_id!r}")
    return node_id
