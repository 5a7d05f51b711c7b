"""The linter finds one seeded defect of each kind in a small map, and what the essay's remodelling left."""

from __future__ import annotations

import pytest
from support.debate_maps import node, relation, small

from graph.debate import find_gaps, near_duplicates
from graph.mapgraph import MapGraph, evaluate
from schemas import NodeKind, RelationType, Severity

ATTACKS = RelationType.ATTACKS
QUALIFIES = RelationType.QUALIFIES


def _sound() -> tuple[list, list]:  # type: ignore[type-arg]
    """A map with no warnings: a quoted piece of evidence under a modest claim, an attack that is answered."""
    nodes = [
        node("t", NodeKind.THESIS, 0.35),
        node("claim", NodeKind.CLAIM, 0.35, text="Uniformed pupils fight less in the playground."),
        node("survey", NodeKind.EVIDENCE, 0.8, text="A survey of ten schools counted fewer fights."),
        node("cost", NodeKind.COUNTERPOINT, 0.5, text="Families pay for the clothes."),
        node("grant", NodeKind.COUNTERPOINT, 0.6, text="Councils refund poorer households."),
    ]
    relations = [
        relation("claim", "t"),
        relation("survey", "claim"),
        relation("cost", "t", ATTACKS),
        relation("grant", "cost", ATTACKS),
    ]
    return nodes, relations


def _kinds(graph: MapGraph) -> dict[str, list[list[str]]]:
    found: dict[str, list[list[str]]] = {}
    for finding in find_gaps(graph).findings:
        found.setdefault(finding.kind, []).append(finding.nodes)
    return found


def test_a_sound_map_has_no_errors_or_warnings() -> None:
    nodes, relations = _sound()
    gaps = find_gaps(small(nodes, relations))
    assert gaps.counts["error"] == 0
    assert gaps.counts["warning"] == 0
    # The last reply of an exchange has the last word, and DF-QuAD lifts the thesis over 0.5 where QE and
    # Euler-based do not: advice, not weaknesses.
    assert {f.kind for f in gaps.findings} <= {"pivotal", "unanswered-reply", "verdict-changes-side"}


@pytest.mark.parametrize(
    ("change", "kind", "nodes", "severity"),
    [
        (
            lambda n, r: r.append(relation("t", "u")) or n.append(node("u", NodeKind.THESIS)),
            "thesis-feeds-thesis",
            ["t", "u"],
            Severity.ERROR,
        ),
        (
            lambda n, r: (
                n.append(node("bare", NodeKind.EVIDENCE, 0.8, text="Nobody quoted this.", quoted=False)),
                r.append(relation("bare", "claim")),
            ),
            "evidence-without-quote",
            ["bare"],
            Severity.ERROR,
        ),
        (
            lambda n, r: n.append(node("lost", NodeKind.CLAIM, text="Ties are uncomfortable in summer.")),
            "disconnected",
            ["lost"],
            Severity.WARNING,
        ),
        (lambda n, r: (n.pop(), r.pop()), "unanswered-counterpoint", ["cost"], Severity.WARNING),
        (
            lambda n, r: (
                n.append(node("rain", NodeKind.CAVEAT, 0.6, text="Only in dry weather.")),
                r.append(relation("rain", "claim", QUALIFIES)),
            ),
            "unaddressed-caveat",
            ["rain"],
            Severity.INFO,
        ),
        (
            lambda n, r: (
                n.append(node("hunch", NodeKind.CLAIM, 0.6, text="Pupils feel proud in uniform.")),
                r.append(relation("hunch", "t")),
            ),
            "unsupported-claim",
            ["hunch"],
            Severity.INFO,
        ),
        (
            lambda n, r: n.__setitem__(
                1, node("claim", NodeKind.CLAIM, 0.8, text="Uniformed pupils fight less.")
            ),
            "evidence-counted-twice",
            ["claim"],
            Severity.WARNING,
        ),
        (
            lambda n, r: (
                n.append(
                    node(
                        "again", NodeKind.CLAIM, 0.35, text="Pupils in uniform fight less in the playground."
                    )
                ),
                r.append(relation("again", "t")),
            ),
            "near-duplicate",
            ["claim", "again"],
            Severity.WARNING,
        ),
    ],
)
def test_each_seeded_defect_is_found(change, kind: str, nodes: list[str], severity: Severity) -> None:  # type: ignore[no-untyped-def]
    base_nodes, base_relations = _sound()
    change(base_nodes, base_relations)
    gaps = find_gaps(small(base_nodes, base_relations))
    matching = [f for f in gaps.findings if f.kind == kind]
    assert [f.nodes for f in matching] == [nodes]
    assert matching[0].severity is severity
    assert matching[0].fix


def test_idle_evidence_is_weightless_for_every_thesis_and_measured_by_the_engine() -> None:
    nodes, relations = _sound()
    # A claim already at 1 cannot be lifted: evidence under it moves nothing (the essay's old defect).
    nodes.append(node("sure", NodeKind.CLAIM, 1.0, text="Discipline matters to learning."))
    nodes.append(node("study", NodeKind.EVIDENCE, 0.8, text="A study links discipline and marks."))
    relations += [relation("sure", "t"), relation("study", "sure")]
    graph = small(nodes, relations)
    idle = [f.nodes for f in find_gaps(graph).findings if f.kind == "idle-evidence"]
    assert idle == [["study"]]
    removal = evaluate(graph, contribution="removal").contribution_of("study")
    assert abs(removal) < 1e-3


def test_pivotal_nodes_are_those_whose_removal_moves_the_root_most(essay: MapGraph) -> None:
    pivotal = [f.nodes[0] for f in find_gaps(essay).findings if f.kind == "pivotal"]
    removal = evaluate(essay, contribution="removal").contribution_map()
    heaviest = sorted(removal, key=lambda key: -abs(removal[key]))[: len(pivotal)]
    assert pivotal == heaviest
    # Clark's premises carry the forecast: the research benchmarks, coding, then engineering.
    assert pivotal == [
        "capability-curves-converge",
        "coding-automates-rd-component",
        "engineering-within-reach",
    ]


def test_the_remodelled_essay_breaks_no_modelling_rule(essay: MapGraph) -> None:
    gaps = find_gaps(essay)
    assert gaps.counts["error"] == 0
    kinds = {f.kind for f in gaps.findings}
    assert "thesis-feeds-thesis" not in kinds
    assert "near-duplicate" not in kinds
    unanswered = {f.nodes[0] for f in gaps.findings if f.kind.startswith("unanswered-")}
    assert (
        "invention-may-not-be-needed" in unanswered
    )  # Clark's reply to the creativity gap stands unanswered
    for node_id in unanswered:
        assert not [r for r in essay.incoming[node_id] if r.type is not RelationType.SUPPORTS]


def test_near_duplicates_ignore_stop_words_and_plurals() -> None:
    nodes = [
        node("a", NodeKind.CLAIM, text="The benchmarks are saturated."),
        node("b", NodeKind.CLAIM, text="Benchmark saturated, by and large."),
        node("c", NodeKind.CLAIM, text="A benchmark of kernels."),
    ]
    assert near_duplicates(nodes, threshold=0.9) == []  # fewer than three content words: not compared
    longer = [
        node("a", NodeKind.CLAIM, text="Coding benchmarks are saturated by construction."),
        node("b", NodeKind.CLAIM, text="The coding benchmark is saturated by its construction."),
    ]
    assert near_duplicates(longer) == [("a", "b", 1.0)]
