"""The map linter: a map's weak spots, each with the nodes, a one-line explanation and a fix. Pure.

Errors break a modelling rule of docs/map-format.md (the numbers then say something the map does not mean);
warnings weaken the map; info is advice. Weights are measured, not guessed: "carries almost no weight" means
deleting the node moves no thesis by more than ``IDLE`` under the chosen semantics.
"""

from __future__ import annotations

from collections import deque

from graph.debate._common import CHALLENGES, challenges, evidence_under
from graph.debate._shape import (
    concessions_against_own_claims,
    projections_on_top,
    saturated_on_shape,
    speaker_words_unquoted,
    strength_from_count,
    verdicts_changing_side,
)
from graph.debate._similar import near_duplicates
from graph.mapgraph import MapGraph, framework
from graph.scoring import compute_contributions, compute_strengths, parse_contribution, parse_semantics
from schemas import DEFAULT_SEMANTICS, Finding, Gaps, NodeKind, RelationType, Severity

IDLE = 0.001
PIVOTAL = 3
MODEST = 0.5
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def find_gaps(graph: MapGraph, semantics: str = DEFAULT_SEMANTICS) -> Gaps:
    """Every weak spot of ``graph``, errors first.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Relation, RelationType
        >>> def node(i, kind):
        ...     return Node(id=i, kind=kind, text=i, speaker="s", base_score=0.5, rationale="r")
        >>> doc = MapDocument(id="m", title="t", sources=[], speakers=[], nodes=[
        ...     node("t", NodeKind.THESIS), node("u", NodeKind.THESIS)],
        ...     relations=[Relation(source="u", target="t", type=RelationType.SUPPORTS)])
        >>> [(f.kind, f.severity.value) for f in find_gaps(MapGraph(doc, 1, {})).findings][:1]
        [('thesis-feeds-thesis', 'error')]
    """
    canonical = parse_semantics(semantics).value
    findings = [
        *_thesis_feeds_thesis(graph),
        *_unquoted_evidence(graph),
        *_disconnected(graph),
        *_unanswered(graph),
        *_unsupported(graph),
        *_counted_twice(graph),
        *_duplicates(graph),
        *_weights(graph, canonical),
        *speaker_words_unquoted(graph),
        *concessions_against_own_claims(graph, canonical),
        *saturated_on_shape(graph, canonical),
        *projections_on_top(graph, canonical),
        *verdicts_changing_side(graph),
        *strength_from_count(graph, canonical),
    ]
    findings.sort(key=lambda item: _ORDER[item.severity])
    counts = {severity.value: 0 for severity in Severity}
    for item in findings:
        counts[item.severity.value] += 1
    return Gaps(map_id=graph.id, version=graph.version, semantics=canonical, findings=findings, counts=counts)


def _downstream(graph: MapGraph, node_id: str) -> set[str]:
    seen: set[str] = set()
    queue = deque([node_id])
    while queue:
        for relation in graph.outgoing[queue.popleft()]:
            if relation.target not in seen:
                seen.add(relation.target)
                queue.append(relation.target)
    return seen


def _thesis_feeds_thesis(graph: MapGraph) -> list[Finding]:
    theses = set(graph.thesis_ids)
    return [
        Finding(
            kind="thesis-feeds-thesis",
            severity=Severity.ERROR,
            nodes=[thesis, other],
            message=f"thesis {thesis!r} bears on thesis {other!r}: one conclusion counts as evidence",
            fix="give each thesis its own tree (rule 1: a thesis supports nothing): remove the path, or make "
            "the first a claim under the second",
        )
        for thesis in graph.thesis_ids
        for other in sorted(_downstream(graph, thesis) & theses)
        if other != thesis
    ]


def _unquoted_evidence(graph: MapGraph) -> list[Finding]:
    return [
        Finding(
            kind="evidence-without-quote",
            severity=Severity.ERROR,
            nodes=[node.id],
            message=f"evidence {node.id!r} has no quote: nobody can check it against the source",
            fix="add the words of the source that state it, quotes: [{text: '...'}] (argmap finds the "
            "offsets; argmap quotes fill writes them in)",
        )
        for node in graph.document.nodes
        if node.kind is NodeKind.EVIDENCE and not node.quotes
    ]


def _disconnected(graph: MapGraph) -> list[Finding]:
    theses = set(graph.thesis_ids)
    return [
        Finding(
            kind="disconnected",
            severity=Severity.WARNING,
            nodes=[node.id],
            message=f"{node.kind.value} {node.id!r} has no path to any thesis, so it counts for nothing",
            fix="relate it to the claim it bears on, or delete it",
        )
        for node in graph.document.nodes
        if node.kind is not NodeKind.THESIS and not _downstream(graph, node.id) & theses
    ]


def _unanswered(graph: MapGraph) -> list[Finding]:
    """Attacks nothing answers: an objection is a gap (warning); a reply just has the last word (info)."""
    found = []
    for node in graph.document.nodes:
        if challenges(graph, node.id):
            continue
        targets = [r.target for r in graph.outgoing[node.id] if r.type is RelationType.ATTACKS]
        if node.kind is NodeKind.COUNTERPOINT or targets:
            reply = bool(targets) and all(
                any(r.type in CHALLENGES for r in graph.outgoing[target]) for target in targets
            )
            found.append(
                Finding(
                    kind="unanswered-reply" if reply else "unanswered-counterpoint",
                    severity=Severity.INFO if reply else Severity.WARNING,
                    nodes=[node.id],
                    message=f"the reply {node.id!r} has the last word: nothing answers it"
                    if reply
                    else f"nothing in the map answers the objection {node.id!r}",
                    fix="if the other side has a rejoinder, map it as a counterpoint attacking it"
                    if reply
                    else "map the best reply to it (a counterpoint attacking it), or say why there is none",
                )
            )
        elif node.kind is NodeKind.CAVEAT:
            found.append(
                Finding(
                    kind="unaddressed-caveat",
                    severity=Severity.INFO,
                    nodes=[node.id],
                    message=f"the caveat {node.id!r} is never addressed",
                    fix="if the other side has a reply to it, map the reply as a counterpoint attacking it",
                )
            )
    return found


def _unsupported(graph: MapGraph) -> list[Finding]:
    return [
        Finding(
            kind="unsupported-claim",
            severity=Severity.WARNING if node.kind is NodeKind.THESIS else Severity.INFO,
            nodes=[node.id],
            message=f"{node.kind.value} {node.id!r} has no support: it stands on its base score alone",
            fix="add the evidence or reasons the text gives for it, or keep its base score near 0.5",
        )
        for node in graph.document.nodes
        if node.kind in (NodeKind.THESIS, NodeKind.CLAIM)
        and not any(r.type is RelationType.SUPPORTS for r in graph.incoming[node.id])
    ]


def _counted_twice(graph: MapGraph) -> list[Finding]:
    return [
        Finding(
            kind="evidence-counted-twice",
            severity=Severity.WARNING,
            nodes=[node.id],
            message=f"{node.id!r} rests on evidence yet starts at {node.base_score:.2f}: counted twice",
            fix="start it at 0.3 to 0.4 and let the evidence under it lift it (modelling rule 5)",
        )
        for node in graph.document.nodes
        if node.kind in (NodeKind.THESIS, NodeKind.CLAIM)
        and node.base_score > MODEST
        and evidence_under(graph, node.id)
    ]


def _duplicates(graph: MapGraph) -> list[Finding]:
    return [
        Finding(
            kind="near-duplicate",
            severity=Severity.WARNING,
            nodes=[first, second],
            message=f"{first!r} and {second!r} make nearly the same point ({score:.0%} of words shared)",
            fix="merge them into one node with both quotes (rule 7), or reword to show the difference",
        )
        for first, second, score in near_duplicates(list(graph.document.nodes))
    ]


def _weights(graph: MapGraph, semantics: str) -> list[Finding]:
    """Idle evidence (weightless for every thesis) and the nodes the root depends on most."""
    removal = parse_contribution("removal")
    effect: dict[str, float] = {}
    root_effect: dict[str, float] = {}
    for thesis in graph.thesis_ids:
        result = compute_contributions(
            framework(graph.document, root=thesis), thesis, semantics=semantics, function=removal
        )
        for item in result.contributions:
            effect[item.argument] = max(effect.get(item.argument, 0.0), abs(item.value))
            if thesis == graph.root:
                root_effect[item.argument] = item.value
    strengths = compute_strengths(framework(graph.document), semantics).strengths
    found = [
        Finding(
            kind="idle-evidence",
            severity=Severity.WARNING,
            nodes=[node.id],
            message=f"deleting {node.id!r} moves no thesis by more than {effect.get(node.id, 0):.4f}"
            + _parents(graph, node.id, strengths),
            fix="link it straight to the claim it is evidence for (rule 4) and check that relation's weight; "
            "if the claim already stands high on other evidence, this one is redundant: merge or drop it",
        )
        for node in graph.document.nodes
        if node.kind is NodeKind.EVIDENCE and effect.get(node.id, 0.0) < IDLE
    ]
    heaviest = sorted(root_effect.items(), key=lambda item: -abs(item[1]))[:PIVOTAL]
    found.extend(
        Finding(
            kind="pivotal",
            severity=Severity.INFO,
            nodes=[node_id],
            message=f"deleting {node_id!r} would move the thesis {graph.root!r} by {-value:+.3f}",
            fix="check this node's base score, quotes and relations first: the verdict depends on it",
        )
        for node_id, value in heaviest
        if abs(value) >= IDLE
    )
    return found


def _parents(graph: MapGraph, node_id: str, strengths: dict[str, float]) -> str:
    """Where the evidence's weight goes: the claims it supports, and how high they already stand."""
    parents = [r.target for r in graph.outgoing[node_id] if r.type is RelationType.SUPPORTS]
    if not parents:
        return ""
    named = ", ".join(f"{parent!r} (already {strengths[parent]:.2f})" for parent in parents)
    return f"; it supports {named}"
