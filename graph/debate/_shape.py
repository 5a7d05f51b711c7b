"""Linter rules for a map whose shape misleads its numbers (modelling rules 10 to 16). Pure.

A strength can be high for the wrong reason (many supporters restating the argument's shape, an unargued
projection, a concession scored as an objection that wins), a quote can claim words the speaker never put in
quotation marks, and two theses can look comparable when one is only fed by more supporters.
"""

from __future__ import annotations

from graph.debate._common import CHALLENGES, evidence_under, supported_downstream
from graph.document import inside_quotation_marks
from graph.mapgraph import MapGraph, framework
from graph.scoring import compute_contributions, compute_strengths, parse_contribution
from schemas import Finding, QuoteProvenance, RelationType, Severity, Source

SATURATED = 0.9
MANY = 4
# Some datapoint under a node that many supporters lift should move it by this much; less means it is idle.
EVIDENCE_LIFT = 0.05
TOP = 3
# A contributor that moves the thesis by less than this is not carrying it, whatever its rank.
NOTICEABLE = 0.001
# A concession that ends this far above its base score has won against the speaker's own reply.
WINS = 0.05
SIDES = ("QE", "DF-QuAD", "Euler-based")
UNOPPOSED_SUPPORTERS = 4


def speaker_words_unquoted(graph: MapGraph) -> list[Finding]:
    """``speaker-words`` quotes whose span is not inside quotation marks in the source (rule 14)."""
    found = []
    for node in graph.document.nodes:
        for index, quote in enumerate(node.quotes):
            if quote.provenance is not QuoteProvenance.SPEAKER_WORDS:
                continue
            source = graph.sources.get(quote.source) if quote.source else _only_text(graph)
            text = source.text if source is not None else None
            if text is None or inside_quotation_marks(text, quote.start, quote.end):
                continue
            found.append(
                Finding(
                    kind="speaker-words-unquoted",
                    severity=Severity.ERROR,
                    nodes=[node.id],
                    message=f"quote {index} of {node.id!r} ('{quote.text}') is marked speaker-words, but the "
                    "source has no quotation marks around it: the words are the author's",
                    fix="mark it author-paraphrase, or quote only the words inside the quotation marks as "
                    "speaker-words (rule 14)",
                )
            )
    return found


def concessions_against_own_claims(graph: MapGraph, semantics: str) -> list[Finding]:
    """A speaker's node attacking or qualifying a claim of their own, unanswered or winning (rule 13)."""
    if len({node.speaker for node in graph.document.nodes}) < 2:
        return []  # one voice (a team's own map): every objection is its own, none is a concession
    strengths = compute_strengths(framework(graph.document), semantics).strengths
    found = []
    for relation in graph.document.relations:
        if relation.type not in CHALLENGES:
            continue
        source, target = graph.nodes[relation.source], graph.nodes[relation.target]
        if source.speaker != target.speaker or _objects(graph, target.id):
            continue
        replies = [
            r.source
            for r in graph.incoming[source.id]
            if r.type in CHALLENGES and graph.nodes[r.source].speaker == source.speaker
        ]
        lift = strengths[source.id] - source.base_score
        if replies and lift <= WINS:
            continue
        why = (
            f"the speaker's own reply {replies[0]!r} leaves it at {strengths[source.id]:.2f}, above its base "
            f"{source.base_score:.2f}: the concession wins"
            if replies
            else "nothing of the speaker's answers it"
        )
        found.append(
            Finding(
                kind="concession-against-own-claim",
                severity=Severity.WARNING,
                nodes=[source.id, target.id],
                message=f"{source.id!r} {relation.type.value} {target.id!r}, a claim of the same speaker, "
                f"and {why}",
                fix="if the speaker grants the point as part of their reasoning, make it support the claim; "
                "if it narrows the claim, write it into the claim (rule 6); if they answer it, let the reply "
                "attack it and let the concession stand on its own score (rule 13)",
            )
        )
    return found


def saturated_on_shape(graph: MapGraph, semantics: str) -> list[Finding]:
    """Nodes lifted above ``SATURATED`` by many supporters while the evidence under them is idle (rule 10)."""
    document = graph.document
    strengths = compute_strengths(framework(document), semantics).strengths
    found = []
    for node in document.nodes:
        supporters = [r for r in graph.incoming[node.id] if r.type is RelationType.SUPPORTS]
        if len(supporters) < MANY or strengths[node.id] <= SATURATED or node.base_score >= SATURATED:
            continue
        evidence = evidence_under(graph, node.id)
        single = max(
            (
                strengths[node.id]
                - compute_strengths(framework(document, removed_nodes={item}), semantics).strengths[node.id]
                for item in evidence
            ),
            default=0.0,
        )
        if single >= EVIDENCE_LIFT:
            continue
        found.append(
            Finding(
                kind="saturated-on-shape",
                severity=Severity.WARNING,
                nodes=[node.id],
                message=f"{node.id!r} stands at {strengths[node.id]:.2f} (base {node.base_score:.2f}) on "
                f"{len(supporters)} supporters, and no one of the {len(evidence)} evidence nodes under it "
                f"moves it by more than {single:.3f}: the supporters' number lifts it, not its evidence",
                fix="link each datapoint to the premise it is evidence for and each premise to the thesis "
                "(rules 4 and 10); merge supporters that restate the same point (rule 7)",
            )
        )
    return found


def projections_on_top(graph: MapGraph, semantics: str) -> list[Finding]:
    """A third party's forecast, with no evidence under it, among the root's top contributors (rule 11)."""
    root = graph.nodes[graph.root]
    result = compute_contributions(
        framework(graph.document, root=root.id),
        root.id,
        semantics=semantics,
        function=parse_contribution("removal"),
    )
    top = sorted(result.contributions, key=lambda item: -abs(item.value))[:TOP]
    found = []
    for item in top:
        node = graph.nodes[item.argument]
        if (
            node.forecast is None
            or node.speaker == root.speaker
            or evidence_under(graph, node.id)
            or abs(item.value) < NOTICEABLE
        ):
            continue
        found.append(
            Finding(
                kind="projection-on-top",
                severity=Severity.WARNING,
                nodes=[node.id],
                message=f"{node.id!r}, {node.speaker!r}'s projection with no evidence under it, is among the "
                f"{TOP} nodes that move {root.id!r} most (deleting it moves it by {-item.value:+.3f})",
                fix="put the projection under the measurement it projects, lightly weighted, not on the "
                "thesis (rule 11)",
            )
        )
    return found


def verdicts_changing_side(graph: MapGraph) -> list[Finding]:
    """Theses that stand above 0.5 under one published semantics and below it under another (rule 16)."""
    by_semantics = {name: compute_strengths(framework(graph.document), name).strengths for name in SIDES}
    found = []
    for thesis in graph.thesis_ids:
        values = {name: strengths[thesis] for name, strengths in by_semantics.items()}
        if len({value >= 0.5 for value in values.values()}) < 2:
            continue
        shown = ", ".join(f"{value:.2f} ({name})" for name, value in values.items())
        found.append(
            Finding(
                kind="verdict-changes-side",
                severity=Severity.INFO,
                nodes=[thesis],
                message=f"thesis {thesis!r} stands at {shown}: which side of 0.5 it is on depends on the "
                "semantics",
                fix="report it as unsettled, with its strength under each semantics, and check the base "
                "scores and weights of its pivotal nodes (rule 16)",
            )
        )
    return found


def strength_from_count(graph: MapGraph, semantics: str) -> list[Finding]:
    """Theses stronger than the root only because more unopposed supporters feed them (rule 16)."""
    strengths = compute_strengths(framework(graph.document), semantics).strengths
    root = graph.root
    found = []
    for thesis in graph.thesis_ids:
        if thesis == root:
            continue
        incoming = graph.incoming[thesis]
        supporters = [r for r in incoming if r.type is RelationType.SUPPORTS]
        opposed = any(r.type in CHALLENGES for r in incoming)
        if opposed or len(supporters) < UNOPPOSED_SUPPORTERS or strengths[thesis] <= strengths[root]:
            continue
        found.append(
            Finding(
                kind="strength-from-count",
                severity=Severity.WARNING,
                nodes=[thesis, root],
                message=f"thesis {thesis!r} ({strengths[thesis]:.2f}) reads stronger than {root!r} "
                f"({strengths[root]:.2f}) because {len(supporters)} supporters feed it and nothing opposes "
                "it: the two strengths are not comparable",
                fix="do not compare theses by strength; read each against its own base score, and map the "
                "objections the text raises against it (rule 16)",
            )
        )
    return found


def _objects(graph: MapGraph, node_id: str) -> bool:
    """Whether ``node_id`` is, or supports, an objection: attacking it is then a reply, not a concession."""
    return any(
        any(r.type in CHALLENGES for r in graph.outgoing[current])
        for current in [node_id, *supported_downstream(graph, node_id)]
    )


def _only_text(graph: MapGraph) -> Source | None:
    with_text = [source for source in graph.sources.values() if source.text is not None]
    return with_text[0] if len(with_text) == 1 else None
