"""What briefs and the linter share: sides of a contribution, what carries a node, what answers it."""

from __future__ import annotations

from collections import deque

from graph.mapgraph import Evaluation, MapGraph
from schemas import BriefNode, NodeKind, Observation, Relation, RelationType, Side

# Below this a contribution is noise, not a side: it prints as 0.000 and is within sampling error.
NEGLIGIBLE = 5e-4
CHALLENGES = (RelationType.ATTACKS, RelationType.QUALIFIES)
MAX_FIGURES = 4


def side_of(contribution: float) -> Side | None:
    """Which side a contribution to the thesis is on; None when it is negligible.

    Example:
        >>> side_of(0.08), side_of(-0.002), side_of(0.0001)
        ('pro', 'con', None)
    """
    if contribution >= NEGLIGIBLE:
        return "pro"
    if contribution <= -NEGLIGIBLE:
        return "con"
    return None


def supporters_upstream(graph: MapGraph, node_id: str) -> list[str]:
    """Every node that supports ``node_id``, directly or through a chain of supports, nearest first."""
    seen = {node_id}
    order: list[str] = []
    queue = deque([node_id])
    while queue:
        current = queue.popleft()
        for relation in graph.incoming[current]:
            if relation.type is RelationType.SUPPORTS and relation.source not in seen:
                seen.add(relation.source)
                order.append(relation.source)
                queue.append(relation.source)
    return order


def supported_downstream(graph: MapGraph, node_id: str) -> list[str]:
    """Every node that ``node_id`` supports, directly or through a chain of supports, nearest first."""
    seen = {node_id}
    order: list[str] = []
    queue = deque([node_id])
    while queue:
        for relation in graph.outgoing[queue.popleft()]:
            if relation.type is RelationType.SUPPORTS and relation.target not in seen:
                seen.add(relation.target)
                order.append(relation.target)
                queue.append(relation.target)
    return order


def evidence_under(graph: MapGraph, node_id: str) -> list[str]:
    """The evidence nodes that support ``node_id``, directly or through other supported claims."""
    return [i for i in supporters_upstream(graph, node_id) if graph.nodes[i].kind is NodeKind.EVIDENCE]


def challenges(graph: MapGraph, node_id: str) -> list[Relation]:
    """The attacks and qualifications pointing at ``node_id``."""
    return [relation for relation in graph.incoming[node_id] if relation.type in CHALLENGES]


def brief_node(graph: MapGraph, evaluation: Evaluation, node_id: str) -> BriefNode:
    """A node with its speaker's name, its numbers and, for evidence, its measured points."""
    node = graph.nodes[node_id]
    speaker = graph.speakers.get(node.speaker)
    return BriefNode(
        id=node.id,
        kind=node.kind,
        text=node.text,
        speaker=speaker.name if speaker else node.speaker,
        base_score=node.base_score,
        strength=evaluation.strengths.strengths[node_id],
        contribution=evaluation.contribution_of(node_id),
        figures=figures(graph, node_id),
    )


def figures(graph: MapGraph, node_id: str) -> list[str]:
    """The evidence's observations as short phrases, the baseline first (at most ``MAX_FIGURES``)."""
    evidence = graph.nodes[node_id].evidence
    if evidence is None:
        return []
    points = [f"baseline {_observation(evidence.baseline)}"] if evidence.baseline else []
    points.extend(_observation(item) for item in evidence.observations)
    shown = points[:MAX_FIGURES]
    if len(points) > MAX_FIGURES:
        shown.append(f"and {len(points) - MAX_FIGURES} more")
    return [f"{evidence.metric}: {'; '.join(shown)}"] if shown else []


def _observation(item: Observation) -> str:
    """One observation in words.

    Example:
        >>> _observation(Observation(value=71.7, unit="%", system="o3", date="2024-12", approximate=True))
        '~71.7% (o3, 2024-12)'
    """
    unit = item.unit or ""
    glued = unit in ("%", "\u00d7")  # "71.7%" reads as one figure; "12 hours" needs its space
    value = f"{item.value:g}{unit if glued else ' ' + unit if unit else ''}"
    if item.approximate:
        value = "~" + value
    context = ", ".join(part for part in (item.system, item.date) if part)
    marks = " forecast" if item.forecast else ""
    return f"{value}{marks}" + (f" ({context})" if context else "")
