"""The crux: the fewest disagreements that flip the verdict, checked against every subset and by recomputing.

Every root strength the checks compare with is computed independently of the search: the map document with
the numbers taken in (``scenario_document``), scored by ``compute_strengths``, one reading at a time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from support.debate_maps import node, relation, small

from graph.debate import MAX_DISAGREEMENTS, find_crux
from graph.debate._crux import THRESHOLD
from graph.errors import InvalidArgumentMap, OverBudget
from graph.mapgraph import MapGraph, effective_weight, framework, scenario_document
from graph.scoring import compute_strengths
from schemas import Crux, Disagreement, MapDocument, NodeKind, Perspective, RelationType, RelationWeight

Change = tuple[str, str, str, float]
"""A disagreement as named here: ("base_score", node, "", b's value), ("weight", source, target, b)."""
MARGIN = 1e-6
"""Readings this close to 0.5 are left out: the search and the check may round them to different sides."""


def holds(strength: float) -> bool:
    return strength >= THRESHOLD


def root_strength(
    document: MapDocument, root: str, semantics: str, first: Perspective | None, taken: Iterable[Change]
) -> float:
    """The root under ``first`` with ``taken`` changes adopted, scored from scratch."""
    base = document
    if first is not None:
        base = scenario_document(document, base_scores=first.base_scores, weights=first.weights)
    taken = list(taken)
    scores = {key: value for kind, key, _, value in taken if kind == "base_score"}
    weights = [RelationWeight(source=s, target=t, weight=v) for kind, s, t, v in taken if kind == "weight"]
    changed = scenario_document(base, base_scores=scores, weights=weights)
    return compute_strengths(framework(changed), semantics).strengths[root]


def disagreements(document: MapDocument, first: Perspective | None, second: Perspective) -> list[Change]:
    """Every number the two readings set differently, with ``second``'s value."""
    mine = (
        document
        if first is None
        else scenario_document(document, base_scores=first.base_scores, weights=first.weights)
    )
    theirs = scenario_document(document, base_scores=second.base_scores, weights=second.weights)
    found: list[Change] = [
        ("base_score", a.id, "", b.base_score)
        for a, b in zip(mine.nodes, theirs.nodes, strict=True)
        if a.base_score != b.base_score
    ]
    found += [
        ("weight", a.source, a.target, effective_weight(b))
        for a, b in zip(mine.relations, theirs.relations, strict=True)
        if effective_weight(a) != effective_weight(b)
    ]
    return found


def as_change(member: Disagreement) -> Change:
    if member.kind == "base_score":
        assert member.node is not None
        return ("base_score", member.node, "", member.b)
    assert member.source is not None
    assert member.target is not None
    return ("weight", member.source, member.target, member.b)


# -- random small maps ---------------------------------------------------------------------------------------

SCORES = st.sampled_from([0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95])
WEIGHTS = st.sampled_from([0.1, 0.3, 0.5, 0.7, 1.0])
# b's numbers are mostly far from a's, so that many examples disagree on the verdict and need a crux.
FAR_SCORES = st.sampled_from([0.05, 0.1, 0.9, 0.95, 0.5])
FAR_WEIGHTS = st.sampled_from([0.05, 1.0, 0.5])


@st.composite
def readings(draw: st.DrawFn, *, acyclic: bool) -> tuple[MapGraph, Perspective | None, Perspective]:
    """A map of 2 to 6 nodes around the thesis ``t`` and two readings differing on at most 6 numbers."""
    n = draw(st.integers(min_value=2, max_value=6))
    ids = ["t", *(f"n{i}" for i in range(1, n))]
    # The thesis starts undecided, so that what bears on it decides the verdict.
    nodes = [node("t", NodeKind.THESIS, 0.5)] + [
        node(ids[i], NodeKind.CLAIM, draw(SCORES)) for i in range(1, n)
    ]
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j and (not acyclic or i > j)]
    # Every node bears on the thesis, directly or through nodes before it, as a valid map's nodes do.
    chosen = {(i, draw(st.integers(0, i - 1))) for i in range(1, n)}
    chosen |= set(draw(st.lists(st.sampled_from(pairs), unique=True, max_size=n)))
    relations = []
    for source, target in sorted(chosen):
        kind = draw(st.sampled_from(list(RelationType)))
        made = relation(ids[source], ids[target], kind)
        if draw(st.booleans()):
            made.weight = draw(WEIGHTS)
        relations.append(made)
    graph = small(nodes, relations)
    numbers = [("base_score", item.id, "") for item in nodes] + [
        ("weight", item.source, item.target) for item in relations
    ]
    first: Perspective | None = None
    if draw(st.booleans()):
        first = _reading(draw, "a", numbers, draw(st.integers(0, 3)), SCORES, WEIGHTS)
    second = _reading(draw, "b", numbers, draw(st.integers(2, 6)), FAR_SCORES, FAR_WEIGHTS)
    if first is not None:
        # b starts from a's numbers, so the two differ on at most what b changed.
        second = Perspective(
            name="b",
            base_scores={**first.base_scores, **second.base_scores},
            weights=_merged(first.weights, second.weights),
        )
    return graph, first, second


def _reading(
    draw: st.DrawFn,
    name: str,
    numbers: list[tuple[str, str, str]],
    count: int,
    scores: st.SearchStrategy[float],
    weights: st.SearchStrategy[float],
) -> Perspective:
    picked = draw(
        st.lists(st.sampled_from(numbers), unique=True, min_size=min(count, len(numbers)), max_size=count)
    )
    return Perspective(
        name=name,
        base_scores={key: draw(scores) for kind, key, _ in picked if kind == "base_score"},
        weights=[
            RelationWeight(source=s, target=t, weight=draw(weights))
            for kind, s, t in picked
            if kind == "weight"
        ],
    )


def _merged(mine: list[RelationWeight], theirs: list[RelationWeight]) -> list[RelationWeight]:
    by_pair = {(w.source, w.target): w for w in mine}
    by_pair.update({(w.source, w.target): w for w in theirs})
    return list(by_pair.values())


def check_against_every_subset(
    graph: MapGraph, first: Perspective | None, second: Perspective, semantics: str, *, disagree: bool = False
) -> Crux:
    """The crux's answer is what trying every subset of the disagreements says, recomputed from scratch."""
    document, root = graph.document, graph.root
    every = disagreements(document, first, second)
    assert len(every) <= 6
    values = {
        subset: root_strength(document, root, semantics, first, subset)
        for size in range(len(every) + 1)
        for subset in itertools.combinations(every, size)
    }
    assume(all(abs(value - THRESHOLD) > MARGIN for value in values.values()))
    start, end = values[()], values[tuple(every)]
    if disagree:
        assume(holds(start) != holds(end))

    crux = find_crux(graph, first, second, semantics=semantics)

    assert crux.a_root_strength == pytest.approx(start, abs=1e-6)
    assert crux.b_root_strength == pytest.approx(end, abs=1e-6)
    assert crux.disagreements == len(every)
    if holds(start) == holds(end):
        event("the readings agree")
        assert crux.agree
        assert crux.crux == []
        assert crux.crux_root_strength is None
        return crux
    smallest = min(len(subset) for subset, value in values.items() if holds(value) != holds(start))
    event(f"a crux of {smallest} among {len(every)}")
    taken = [as_change(member) for member in crux.crux]
    assert not crux.agree
    assert crux.minimal
    assert len(taken) == smallest  # no smaller set flips the verdict
    flipped = root_strength(document, root, semantics, first, taken)
    assert holds(flipped) != holds(start)  # and this one does
    assert crux.crux_root_strength == pytest.approx(flipped, abs=1e-6)
    for member, change in zip(crux.crux, taken, strict=True):
        assert member.alone == pytest.approx(
            root_strength(document, root, semantics, first, [change]), abs=1e-6
        )
        rest = [other for other in taken if other != change]
        assert member.without is not None
        assert member.without == pytest.approx(
            root_strength(document, root, semantics, first, rest), abs=1e-6
        )
        assert holds(member.without) == holds(start)
    same_size = [s for s, v in values.items() if len(s) == smallest and holds(v) != holds(start)]
    assert crux.alternatives == len(same_size) - 1
    assert crux.proven_size == smallest - 1
    return crux


@given(case=readings(acyclic=True), semantics=st.sampled_from(["QE", "DF-QuAD", "Euler"]))
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
def test_on_small_acyclic_maps_the_crux_is_the_smallest_set_that_flips(
    case: tuple[MapGraph, Perspective | None, Perspective], semantics: str
) -> None:
    check_against_every_subset(*case, semantics)


@given(case=readings(acyclic=True), semantics=st.sampled_from(["QE", "DF-QuAD", "Euler"]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
def test_when_small_readings_disagree_on_the_verdict_no_smaller_set_flips_it(
    case: tuple[MapGraph, Perspective | None, Perspective], semantics: str
) -> None:
    check_against_every_subset(*case, semantics, disagree=True)


@given(case=readings(acyclic=False))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
def test_on_small_maps_with_cycles_the_crux_is_the_smallest_set_that_flips(
    case: tuple[MapGraph, Perspective | None, Perspective],
) -> None:
    check_against_every_subset(*case, "QE")


# -- the essay -----------------------------------------------------------------------------------------------


def stored(graph: MapGraph, name: str) -> Perspective:
    return next(p for p in graph.document.perspectives if p.name == name)


def test_the_essays_two_perspectives_have_a_crux_whose_flip_recomputes(essay: MapGraph) -> None:
    sceptic, engineering = stored(essay, "benchmark-sceptic"), stored(essay, "engineering-is-enough")

    crux = find_crux(essay, sceptic, engineering)

    assert crux.a_root_strength < THRESHOLD <= crux.b_root_strength
    assert crux.minimal
    taken = [as_change(member) for member in crux.crux]
    flipped = root_strength(essay.document, essay.root, "QE", sceptic, taken)
    assert flipped >= THRESHOLD
    assert flipped == pytest.approx(crux.crux_root_strength, abs=1e-9)
    # Nothing smaller does: each single disagreement alone leaves the sceptic's verdict standing.
    every = disagreements(essay.document, sceptic, engineering)
    for size in range(1, len(taken)):
        for subset in itertools.combinations(every, size):
            assert root_strength(essay.document, essay.root, "QE", sceptic, subset) < THRESHOLD
    # The crux is how much the creativity gap weighs on the forecast: one number decides it.
    assert {(member.kind, member.node or member.source) for member in crux.crux} == {
        ("weight", "creativity-gap"),
    }


def test_the_sceptic_turns_the_map_as_mapped_by_the_creativity_gap_alone(essay: MapGraph) -> None:
    crux = find_crux(essay, None, stored(essay, "benchmark-sceptic"))

    assert crux.a_root_strength >= THRESHOLD > crux.b_root_strength
    # Weaker curves do not turn the forecast; the gap, as likely and weighing fully, does.
    assert {(member.kind, member.node or member.source) for member in crux.crux} == {
        ("base_score", "creativity-gap"),
        ("weight", "creativity-gap"),
    }


def test_as_mapped_and_engineering_is_enough_agree_so_there_is_no_crux(essay: MapGraph) -> None:
    crux = find_crux(essay, None, stored(essay, "engineering-is-enough"))

    assert crux.agree
    assert crux.crux == []
    assert crux.a == "as-mapped"
    assert "agree on the verdict" in crux.explanation
    assert crux.movers
    moves = [abs(member.alone - crux.a_root_strength) for member in crux.movers]
    assert moves == sorted(moves, reverse=True)


def test_readings_naming_what_the_map_lacks_are_refused_listing_each(essay: MapGraph) -> None:
    first = Perspective(name="x", base_scores={"no-such-node": 0.3})
    second = Perspective(
        name="y",
        base_scores={"missing": 0.2},
        weights=[RelationWeight(source="creativity-gap", target="missing", weight=0.4)],
    )

    with pytest.raises(InvalidArgumentMap) as refused:
        find_crux(essay, first, second)

    assert [problem.path for problem in refused.value.problems] == [
        "a.base_scores.no-such-node",
        "b.base_scores.missing",
        "b.weights[0]",
    ]


# -- the budget ----------------------------------------------------------------------------------------------


def fan(attackers: int) -> MapGraph:
    """A thesis at 0.5 with three supporters at 0.45 and ``attackers`` attackers at 0.2 each."""
    nodes = [node("t", NodeKind.THESIS, 0.5)]
    nodes += [node(f"s{i}", NodeKind.CLAIM, 0.45) for i in range(3)]
    nodes += [node(f"a{i}", NodeKind.CLAIM, 0.2) for i in range(attackers)]
    relations = [relation(f"s{i}", "t") for i in range(3)]
    relations += [relation(f"a{i}", "t", RelationType.ATTACKS) for i in range(attackers)]
    return small(nodes, relations)


def weakened(attackers: int, weight: float) -> Perspective:
    return Perspective(
        name="weaker",
        weights=[RelationWeight(source=f"a{i}", target="t", weight=weight) for i in range(attackers)],
    )


def test_beyond_the_budget_the_answer_is_greedy_says_so_and_still_flips() -> None:
    # The thesis falls (1.35 of support, 2.0 of attack); halving the weight of any seven attacks lifts it.
    graph = fan(10)
    crux = find_crux(graph, None, weakened(10, 0.5), max_evaluations=40)

    assert not crux.agree
    assert not crux.minimal
    assert "not proven the smallest" in crux.explanation
    taken = [as_change(member) for member in crux.crux]
    assert holds(root_strength(graph.document, "t", "QE", None, taken))
    assert crux.proven_size < len(taken)
    exact = find_crux(graph, None, weakened(10, 0.5))
    assert exact.minimal
    assert len(exact.crux) == 7
    assert exact.alternatives == 119  # any seven of the ten: 120 sets, one answered
    assert len(crux.crux) >= len(exact.crux)


def test_disagreements_nothing_upstream_of_the_root_depends_on_are_not_searched() -> None:
    graph = small(
        [node("t", NodeKind.THESIS, 0.5), node("e", NodeKind.EVIDENCE, 0.8), node("o", NodeKind.THESIS, 0.5)],
        [relation("e", "t")],
    )
    crux = find_crux(graph, None, Perspective(name="b", base_scores={"e": 0.1, "o": 0.9, "t": 0.1}))

    assert crux.disagreements == 3
    assert crux.considered == 2
    assert [member.node for member in crux.crux] == ["t"]


def test_more_disagreements_than_the_search_takes_are_refused() -> None:
    graph = fan(MAX_DISAGREEMENTS + 1)
    with pytest.raises(OverBudget):
        find_crux(graph, None, weakened(MAX_DISAGREEMENTS + 1, 0.5))
