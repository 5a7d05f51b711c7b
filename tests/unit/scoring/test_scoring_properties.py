"""Property-based checks of spec §3 (strength principles) and §5 (contribution definitions)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.scoring import QBAF, Edge, SolverOptions, compute_contributions, compute_strengths
from graph.scoring._gradient import STEP

SEMANTICS = ("DF-QuAD", "QE", "Euler")
ALL_SEMANTICS = (*SEMANTICS, "Squared-DF-QuAD", "Euler-top")
ATTACK_ONLY = ("h-categorizer", "max-based", "card-based")
FAST = settings(max_examples=40, deadline=None)
SLOW = settings(max_examples=20, deadline=None)
# Acyclic results are exact; cyclic ones are fixed points within the solver tolerance.
EXACT, SOLVED = 1e-12, 1e-6

scores = st.one_of(
    st.sampled_from([0.0, 0.25, 0.5, 1.0]),
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
)


@st.composite
def qbafs(
    draw: st.DrawFn,
    *,
    max_arguments: int = 6,
    acyclic: bool | None = None,
    attack_only: bool = False,
    weighted: bool = False,
    interior: bool = False,
) -> QBAF:
    """Random small QBAFs; acyclic ones only use edges from a higher to a lower index.

    ``interior`` keeps base scores away from 0 and 1, where cyclic graphs can have a continuum
    of fixed points (EX5) and no derivative.
    """
    n = draw(st.integers(min_value=1, max_value=max_arguments))
    forward_only = draw(st.booleans()) if acyclic is None else acyclic
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j and (not forward_only or i > j)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=2 * n)) if pairs else []
    edges = []
    for i, j in chosen:
        polarity = "attack" if attack_only or draw(st.booleans()) else "support"
        weight = draw(st.sampled_from([1.0, 0.5, 0.25])) if weighted else 1.0
        edges.append(Edge(f"a{i}", f"a{j}", polarity, weight))  # type: ignore[arg-type]
    base = st.floats(min_value=0.05, max_value=0.95) if interior else scores
    return QBAF.build({f"a{i}": draw(base) for i in range(n)}, edges)


def tolerance(qbaf: QBAF) -> float:
    return EXACT if qbaf.is_acyclic else SOLVED


def with_leaf(qbaf: QBAF, target: str, polarity: str, base: float) -> QBAF:
    """``qbaf`` plus a new argument ``new`` that supports/attacks ``target``."""
    arguments = dict(zip(qbaf.ids, qbaf.base_scores.tolist(), strict=True))
    arguments["new"] = base
    return QBAF.build(arguments, [*qbaf.edges, Edge("new", target, polarity)])  # type: ignore[arg-type]


def aggregate_sign(qbaf: QBAF, strengths: dict[str, float], semantics: str, argument: str) -> float:
    """Support minus attack under the semantics' own aggregation (sum or probabilistic sum)."""
    sup: list[float] = []
    att: list[float] = []
    for e in qbaf.edges:
        if e.target == argument:
            (sup if e.polarity == "support" else att).append(e.weight * strengths[e.source])
    if semantics == "DF-QuAD":
        return float(np.prod([1 - v for v in att]) - np.prod([1 - v for v in sup]))
    return sum(sup) - sum(att)


class TestStrengthPrinciples:
    @FAST
    @given(qbaf=qbafs(weighted=True), semantics=st.sampled_from(ALL_SEMANTICS))
    def test_results_stay_in_the_unit_interval(self, qbaf: QBAF, semantics: str) -> None:
        result = compute_strengths(qbaf, semantics)

        assert result.metadata.converged
        assert all(-1e-9 <= v <= 1 + 1e-9 for v in result.strengths.values())

    @FAST
    @given(qbaf=qbafs(attack_only=True, weighted=True), semantics=st.sampled_from(ATTACK_ONLY))
    def test_attack_only_results_stay_between_zero_and_base(self, qbaf: QBAF, semantics: str) -> None:
        result = compute_strengths(qbaf, semantics)

        for key, value in result.strengths.items():
            assert -1e-12 <= value <= result.base_scores[key] + 1e-12

    @FAST
    @given(qbaf=qbafs(), semantics=st.sampled_from(ALL_SEMANTICS))
    def test_stability_arguments_without_parents_keep_their_base_score(
        self, qbaf: QBAF, semantics: str
    ) -> None:
        result = compute_strengths(qbaf, semantics)
        targets = {e.target for e in qbaf.edges}

        for key in set(qbaf.ids) - targets:
            assert result.strengths[key] == pytest.approx(result.base_scores[key], abs=1e-15)

    @FAST
    @given(qbaf=qbafs(), semantics=st.sampled_from(SEMANTICS), data=st.data())
    def test_neutrality_a_parent_of_strength_zero_changes_nothing(
        self, qbaf: QBAF, semantics: str, data: st.DataObject
    ) -> None:
        target = data.draw(st.sampled_from(qbaf.ids))
        polarity = data.draw(st.sampled_from(["attack", "support"]))
        before = compute_strengths(qbaf, semantics).strengths
        after = compute_strengths(with_leaf(qbaf, target, polarity, 0.0), semantics).strengths

        for key, value in before.items():
            assert after[key] == pytest.approx(value, abs=tolerance(qbaf))

    @FAST
    @given(qbaf=qbafs(), semantics=st.sampled_from(ALL_SEMANTICS), data=st.data())
    def test_directionality_downstream_changes_do_not_matter(
        self, qbaf: QBAF, semantics: str, data: st.DataObject
    ) -> None:
        topic = data.draw(st.sampled_from(qbaf.ids))
        ancestors = {qbaf.ids[i] for i in np.flatnonzero(qbaf.ancestor_mask(qbaf.index[topic]))}
        others = sorted(set(qbaf.ids) - ancestors)
        tau = qbaf.base_scores.copy()
        for key in others:
            tau[qbaf.index[key]] = data.draw(scores)
        changed = qbaf.replace(base_scores=tau)

        before = compute_strengths(qbaf, semantics).strengths[topic]
        after = compute_strengths(changed, semantics).strengths[topic]
        assert after == pytest.approx(before, abs=tolerance(qbaf))

    @FAST
    @given(qbaf=qbafs(), semantics=st.sampled_from(SEMANTICS))
    def test_balance_the_dominating_side_decides_the_direction(self, qbaf: QBAF, semantics: str) -> None:
        result = compute_strengths(qbaf, semantics)
        tol = tolerance(qbaf) + 1e-9

        for key in qbaf.ids:
            balance = aggregate_sign(qbaf, result.strengths, semantics, key)
            moved = result.strengths[key] - result.base_scores[key]
            if abs(balance) <= 1e-12:
                assert abs(moved) <= tol
            elif balance > 0:
                assert moved >= -tol
            else:
                assert moved <= tol

    @FAST
    @given(qbaf=qbafs(acyclic=True), semantics=st.sampled_from(ALL_SEMANTICS), data=st.data())
    def test_monotonicity_raising_a_base_score_never_lowers_its_strength(
        self, qbaf: QBAF, semantics: str, data: st.DataObject
    ) -> None:
        key = data.draw(st.sampled_from(qbaf.ids))
        i = qbaf.index[key]
        tau = qbaf.base_scores.copy()
        tau[i] = data.draw(st.floats(min_value=float(tau[i]), max_value=1.0))

        before = compute_strengths(qbaf, semantics).strengths[key]
        after = compute_strengths(qbaf.replace(base_scores=tau), semantics).strengths[key]
        assert after >= before - EXACT

    @FAST
    @given(qbaf=qbafs(acyclic=True), semantics=st.sampled_from(ALL_SEMANTICS), data=st.data())
    def test_monotonicity_adding_a_supporter_helps_and_an_attacker_hurts(
        self, qbaf: QBAF, semantics: str, data: st.DataObject
    ) -> None:
        key = data.draw(st.sampled_from(qbaf.ids))
        base = data.draw(scores)
        before = compute_strengths(qbaf, semantics).strengths[key]
        supported = compute_strengths(with_leaf(qbaf, key, "support", base), semantics).strengths[key]
        attacked = compute_strengths(with_leaf(qbaf, key, "attack", base), semantics).strengths[key]

        assert supported >= before - EXACT
        assert attacked <= before + EXACT


def topic_and_semantics() -> st.SearchStrategy[tuple[QBAF, str, str]]:
    return st.tuples(qbafs(), st.sampled_from(SEMANTICS)).flatmap(
        lambda pair: st.tuples(st.just(pair[0]), st.just(pair[1]), st.sampled_from(pair[0].ids))
    )


class TestContributionDefinitions:
    @SLOW
    @given(case=topic_and_semantics())
    def test_shapley_is_efficient(self, case: tuple[QBAF, str, str]) -> None:
        qbaf, semantics, topic = case
        result = compute_contributions(qbaf, topic, semantics, "shapley")

        assert result.efficiency.holds
        assert result.efficiency.total == pytest.approx(
            result.topic_strength - result.topic_base_score, abs=1e-8
        )

    @SLOW
    @given(case=topic_and_semantics())
    def test_removal_equals_recomputing_without_the_argument(self, case: tuple[QBAF, str, str]) -> None:
        qbaf, semantics, topic = case
        result = compute_contributions(qbaf, topic, semantics, "removal")
        sigma = compute_strengths(qbaf, semantics).strengths[topic]

        for item in result.contributions:
            keep = np.array([i for i in range(qbaf.n_arguments) if qbaf.ids[i] != item.argument])
            without = compute_strengths(qbaf.subgraph(keep), semantics).strengths[topic]
            assert item.value == pytest.approx(sigma - without, abs=tolerance(qbaf))

    @SLOW
    @given(case=topic_and_semantics())
    def test_intrinsic_removal_equals_its_definition(self, case: tuple[QBAF, str, str]) -> None:
        qbaf, semantics, topic = case
        result = compute_contributions(qbaf, topic, semantics, "removal-intrinsic")
        _, tgt, _, _ = qbaf.arrays

        for item in result.contributions:
            x = qbaf.index[item.argument]
            cut = compute_strengths(qbaf.replace(keep_edges=tgt != x), semantics).strengths[topic]
            keep = np.array([i for i in range(qbaf.n_arguments) if i != x])
            without = compute_strengths(qbaf.subgraph(keep), semantics).strengths[topic]
            assert item.value == pytest.approx(cut - without, abs=tolerance(qbaf))

    @SLOW
    @given(
        case=topic_and_semantics(),
        function=st.sampled_from(["shapley", "removal", "removal-intrinsic", "gradient"]),
    )
    def test_arguments_without_a_path_to_the_topic_contribute_nothing(
        self, case: tuple[QBAF, str, str], function: str
    ) -> None:
        qbaf, semantics, topic = case
        ancestors = {qbaf.ids[i] for i in np.flatnonzero(qbaf.ancestor_mask(qbaf.index[topic]))}
        result = compute_contributions(qbaf, topic, semantics, function)

        assert result.players == len(ancestors - {topic})
        for item in result.contributions:
            if item.argument not in ancestors:
                assert item.value == 0.0

    @SLOW
    @given(qbaf=qbafs(acyclic=True, weighted=True), semantics=st.sampled_from(ALL_SEMANTICS))
    def test_gradient_matches_a_forward_difference(self, qbaf: QBAF, semantics: str) -> None:
        topic = qbaf.ids[0]
        result = compute_contributions(qbaf, topic, semantics, "gradient")
        sigma = compute_strengths(qbaf, semantics).strengths[topic]

        for item in result.contributions:
            tau = qbaf.base_scores.copy()
            tau[qbaf.index[item.argument]] += STEP
            moved = compute_strengths(qbaf.replace(base_scores=tau), semantics).strengths[topic]
            assert item.value == pytest.approx((moved - sigma) / STEP, abs=1e-5)

    @SLOW
    @given(qbaf=qbafs(acyclic=False, max_arguments=5, interior=True), semantics=st.sampled_from(SEMANTICS))
    def test_gradient_on_cycles_matches_a_central_difference(self, qbaf: QBAF, semantics: str) -> None:
        topic = qbaf.ids[0]
        result = compute_contributions(qbaf, topic, semantics, "gradient")
        tight = SolverOptions(epsilon=1e-14, discrete_tolerance=1e-14, discrete_max_rounds=5000)
        h = 1e-6
        # At a kink (method "finite-difference") the right-hand derivative is specified, so the
        # reference is a forward difference there and a central one elsewhere.
        one_sided = result.method == "finite-difference"

        assert result.converged
        for item in result.contributions:
            i = qbaf.index[item.argument]
            up, down = qbaf.base_scores.copy(), qbaf.base_scores.copy()
            up[i] += h
            down[i] -= 0.0 if one_sided else h
            high = compute_strengths(qbaf.replace(base_scores=up), semantics, options=tight).strengths[topic]
            low = compute_strengths(qbaf.replace(base_scores=down), semantics, options=tight).strengths[topic]
            reference = (high - low) / (h if one_sided else 2 * h)
            assert item.value == pytest.approx(reference, abs=1e-4 if one_sided else 1e-5)
