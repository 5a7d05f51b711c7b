"""A debate brief for one side of a thesis, built from the map's contributions. Pure.

The side's arguments are the nodes whose contribution to the thesis has that side's sign, heaviest first; a
node already shown as carrying a higher-ranked argument (its supporters, its evidence) is not listed again on
its own. For each: the evidence under it, the attacks it and its supporters will face with the best reply the
map offers, and its quotes. Then the other side's strongest points that nothing answers, and this side's
claims that rest on no evidence.
"""

from __future__ import annotations

from graph.debate._common import (
    brief_node,
    challenges,
    evidence_under,
    side_of,
    supporters_upstream,
)
from graph.mapgraph import (
    Evaluation,
    MapGraph,
    analysis_header,
    own_words,
    ranked_quotes,
    strength_reading,
    whose_words,
)
from schemas import (
    Brief,
    BriefArgument,
    BriefAttack,
    BriefQuote,
    NodeKind,
    RelationType,
    Side,
    Spread,
)

DEFAULT_TOP = 5
MAX_ATTACKS = 4
MAX_QUOTES = 2


def build_brief(
    graph: MapGraph,
    evaluation: Evaluation,
    side: Side,
    *,
    top: int = DEFAULT_TOP,
    spread: Spread | None = None,
) -> Brief:
    """The brief for ``side`` ("pro" or "con") of ``evaluation``'s root, with the thesis's ``spread``.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Relation, RelationType
        >>> def node(i, kind, score):
        ...     return Node(id=i, kind=kind, text=i, speaker="s", base_score=score, rationale="r")
        >>> doc = MapDocument(id="m", title="t", sources=[], speakers=[], nodes=[
        ...     node("t", NodeKind.THESIS, 0.5), node("e", NodeKind.EVIDENCE, 0.8),
        ...     node("c", NodeKind.COUNTERPOINT, 0.6)], relations=[
        ...     Relation(source="e", target="t", type=RelationType.SUPPORTS),
        ...     Relation(source="c", target="t", type=RelationType.ATTACKS)])
        >>> from graph.mapgraph import MapGraph, evaluate
        >>> graph = MapGraph(doc, 1, {})
        >>> brief = build_brief(graph, evaluate(graph), "con")
        >>> [a.node.id for a in brief.arguments], [n.id for n in brief.unanswered]
        (['c'], ['e'])
        >>> [n.id for n in brief.unsupported]
        ['c']
    """
    root = evaluation.root
    ranked = sorted(
        (item for item in evaluation.contributions.contributions if side_of(item.value) is not None),
        key=lambda item: -item.weight,
    )
    ours = [item.argument for item in ranked if side_of(item.value) == side]
    theirs = [item.argument for item in ranked if side_of(item.value) not in (side, None)]
    arguments: list[BriefArgument] = []
    shown: set[str] = set()
    for node_id in ours:
        if len(arguments) == top:
            break
        if node_id in shown:
            continue
        carried = supporters_upstream(graph, node_id)
        shown.update(carried)
        shown.add(node_id)
        arguments.append(_argument(graph, evaluation, node_id, len(arguments) + 1))
    unanswered = [brief_node(graph, evaluation, i) for i in theirs if not challenges(graph, i)][:top]
    unsupported = [
        brief_node(graph, evaluation, i)
        for i in ours
        if graph.nodes[i].kind is not NodeKind.EVIDENCE and not evidence_under(graph, i)
    ][:top]
    strength = evaluation.strengths.strengths[root]
    return Brief(
        **analysis_header(graph, evaluation),
        side=side,
        thesis=graph.nodes[root].text,
        root_base_score=graph.nodes[root].base_score,
        root_strength=strength,
        reading=strength_reading(graph.nodes[root], strength, evaluation.semantics),
        arguments=arguments,
        unanswered=unanswered,
        unsupported=unsupported,
        approximate=evaluation.contributions.approximate,
        spread=spread,
    )


def _argument(graph: MapGraph, evaluation: Evaluation, node_id: str, rank: int) -> BriefArgument:
    carriers = [node_id, *supporters_upstream(graph, node_id)]
    attacks = [
        _attack(graph, evaluation, relation.source, relation.type, target)
        for target in carriers
        for relation in challenges(graph, target)
    ]
    attacks.sort(key=lambda item: -item.attack.strength)
    node = graph.nodes[node_id]
    speaker = graph.speakers.get(node.speaker)
    name = speaker.name if speaker else node.speaker
    quotes = [
        BriefQuote(
            text=quote.text,
            speaker=name,
            provenance=quote.provenance,
            own_words=own_words(graph, node, quote),
            whose=whose_words(graph, node, quote),
            source=quote.source,
            start=quote.start,
            end=quote.end,
        )
        for quote in ranked_quotes(graph, node)[:MAX_QUOTES]
    ]
    return BriefArgument(
        rank=rank,
        node=brief_node(graph, evaluation, node_id),
        evidence=sorted(
            (brief_node(graph, evaluation, i) for i in evidence_under(graph, node_id)),
            key=lambda item: -abs(item.contribution),
        ),
        attacks=attacks[:MAX_ATTACKS],
        quotes=quotes,
    )


def _attack(
    graph: MapGraph, evaluation: Evaluation, attacker: str, relation: RelationType, target: str
) -> BriefAttack:
    strengths = evaluation.strengths.strengths
    replies = sorted(challenges(graph, attacker), key=lambda r: -strengths[r.source])
    return BriefAttack(
        attack=brief_node(graph, evaluation, attacker),
        relation=relation,
        target=target,
        reply=brief_node(graph, evaluation, replies[0].source) if replies else None,
    )
