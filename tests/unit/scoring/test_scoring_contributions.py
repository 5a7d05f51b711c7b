"""Contribution functions beyond the worked examples: topics, ranking, sampling, kinks, cycles."""

import numpy as np
import pytest
from support.frameworks import stock_example

from graph.scoring import (
    EXACT_MAX_PLAYERS,
    QBAF,
    ContributionFunction,
    Edge,
    InvalidQBAF,
    compute_contributions,
    compute_strengths,
    parse_contribution,
)
from graph.scoring._gradient import difference_gradient, local_derivatives
from graph.scoring._semantics import kernel_for

EX2 = QBAF.build(
    {"a": 0.5, "b": 0.2, "c": 0.85, "d": 0.65, "e": 0.4, "f": 1.0},
    [
        Edge("b", "a", "support"),
        Edge("d", "a", "support"),
        Edge("e", "c", "support"),
        Edge("c", "a", "attack"),
        Edge("e", "b", "attack"),
        Edge("f", "c", "attack"),
    ],
    root="a",
)
STOCK = stock_example()


def star(n_leaves: int) -> QBAF:
    leaves = {f"x{i:02d}": (i + 1) / (n_leaves + 1) for i in range(n_leaves)}
    edges = [Edge(k, "t", "support" if i % 2 else "attack") for i, k in enumerate(leaves)]
    return QBAF.build({"t": 0.5, **leaves}, edges)


class TestParseContribution:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("shapley", ContributionFunction.SHAPLEY),
            ("Removal", ContributionFunction.REMOVAL),
            ("removal-intrinsic", ContributionFunction.REMOVAL_INTRINSIC),
            ("intrinsic_removal", ContributionFunction.REMOVAL_INTRINSIC),
            ("GRADIENT", ContributionFunction.GRADIENT),
        ],
    )
    def test_aliases(self, name: str, expected: ContributionFunction) -> None:
        assert parse_contribution(name) is expected

    def test_unknown_function(self) -> None:
        with pytest.raises(InvalidQBAF) as error:
            parse_contribution("lime")

        assert error.value.problems[0].path == "contribution"


class TestTopic:
    def test_root_is_the_default_topic(self) -> None:
        assert compute_contributions(EX2).topic == "a"

    @pytest.mark.parametrize(
        ("qbaf", "topic", "message"),
        [
            (EX2, "zz", "unknown argument 'zz'"),
            (STOCK, None, "no topic given and the QBAF has no root"),
        ],
    )
    def test_bad_topic(self, qbaf: QBAF, topic: str | None, message: str) -> None:
        with pytest.raises(InvalidQBAF) as error:
            compute_contributions(qbaf, topic)

        assert [(p.path, p.message) for p in error.value.problems] == [("topic", message)]

    def test_too_few_permutations(self) -> None:
        with pytest.raises(InvalidQBAF) as error:
            compute_contributions(EX2, "a", permutations=1)

        assert error.value.problems[0].path == "permutations"

    def test_a_source_topic_has_no_players(self) -> None:
        result = compute_contributions(EX2, "f", "QE", "shapley")

        assert result.players == 0
        assert all(c.value == 0.0 for c in result.contributions)
        assert result.efficiency.holds


class TestRanking:
    def test_ranked_by_weight_carried_with_non_ancestors_last(self) -> None:
        result = compute_contributions(EX2, "c", "QE", "removal")

        # Only f and e reach c; a, b and d cannot move it, so they are not ranked.
        assert [(c.argument, c.rank) for c in result.contributions] == [
            ("f", 1),
            ("e", 2),
            ("a", None),
            ("b", None),
            ("d", None),
        ]
        weights = [c.weight for c in result.contributions]
        assert weights == sorted(weights, reverse=True)
        assert all(c.weight == abs(c.value) for c in result.contributions)
        # Only e and f reach c; the rest keep the QBAF's order among the zeros.
        assert [c.argument for c in result.contributions[2:]] == ["a", "b", "d"]
        assert result.players == 2


class TestShapley:
    def test_exact_up_to_the_threshold_then_sampled(self) -> None:
        exact = compute_contributions(star(EXACT_MAX_PLAYERS), "t", "QE", "shapley")
        sampled = compute_contributions(star(EXACT_MAX_PLAYERS + 1), "t", "QE", "shapley", permutations=50)

        assert (exact.method, exact.approximate, exact.permutations) == ("exact", False, None)
        assert (sampled.method, sampled.approximate, sampled.permutations, sampled.seed) == (
            "sampled",
            True,
            50,
            0,
        )
        assert all(c.stderr is None for c in exact.contributions)
        assert all(c.stderr is not None and c.stderr >= 0 for c in sampled.contributions)

    @pytest.mark.parametrize("semantics", ["DF-QuAD", "QE", "Euler"])
    def test_sampling_estimates_the_exact_values(self, semantics: str) -> None:
        exact = compute_contributions(EX2, "a", semantics, "shapley")
        sampled = compute_contributions(
            EX2, "a", semantics, "shapley", exact_max_players=0, permutations=3000
        )
        truth = {c.argument: c.value for c in exact.contributions}

        assert sampled.efficiency.holds
        for c in sampled.contributions:
            assert c.stderr is not None
            assert abs(c.value - truth[c.argument]) <= 5 * c.stderr + 1e-12

    def test_sampling_is_reproducible_by_seed(self) -> None:
        def values(seed: int) -> list[float]:
            result = compute_contributions(
                EX2, "a", "QE", "shapley", exact_max_players=0, permutations=20, seed=seed
            )
            return [c.value for c in result.contributions]

        assert values(1) == values(1)
        assert values(1) != values(2)

    def test_shapley_on_a_cyclic_graph_is_efficient(self) -> None:
        result = compute_contributions(STOCK, "Buy", "QE", "shapley")
        sigma = compute_strengths(STOCK, "QE").strengths["Buy"]

        assert result.players == 6
        assert result.efficiency.holds
        assert result.efficiency.expected == pytest.approx(sigma - 0.5, abs=1e-9)


class TestGradient:
    def test_dfquad_kink_gives_the_right_hand_derivative(self) -> None:
        # vₛ = vₐ = 0.5 at a: raising b pushes a up (slope 1 - tau), raising c pulls it down (slope tau).
        qbaf = QBAF.build(
            {"a": 0.3, "b": 0.5, "c": 0.5}, [Edge("b", "a", "support"), Edge("c", "a", "attack")]
        )
        result = compute_contributions(qbaf, "a", "DF-QuAD", "gradient")
        values = {c.argument: c.value for c in result.contributions}

        assert result.method == "finite-difference"
        assert values["b"] == pytest.approx(0.7, abs=1e-6)
        assert values["c"] == pytest.approx(-0.3, abs=1e-6)

    def test_ties_in_a_max_are_kinks(self) -> None:
        qbaf = QBAF.build(
            {"a": 0.5, "b": 0.4, "c": 0.4}, [Edge("b", "a", "attack"), Edge("c", "a", "attack")]
        )
        kernel = kernel_for("Euler-top")
        strengths = np.array([compute_strengths(qbaf, "Euler-top").strengths[k] for k in qbaf.ids])

        assert local_derivatives(qbaf, kernel, strengths).kink[0]
        result = compute_contributions(qbaf, "a", "Euler-top", "gradient")
        assert result.method == "finite-difference"
        assert all(c.value < 0 for c in result.contributions)

    @pytest.mark.parametrize("semantics", ["DF-QuAD", "QE", "Euler"])
    def test_implicit_differentiation_matches_tight_differences_on_the_stock_example(
        self, semantics: str
    ) -> None:
        result = compute_contributions(STOCK, "Buy", semantics, "gradient")
        strengths = np.array([compute_strengths(STOCK, semantics).strengths[k] for k in STOCK.ids])
        players = np.array([i for i, k in enumerate(STOCK.ids) if k != "Buy"], dtype=np.int64)
        reference, converged = difference_gradient(STOCK, kernel_for(semantics), 0, players, strengths)

        assert result.method == "implicit"
        assert converged
        for c in result.contributions:
            assert c.value == pytest.approx(reference[STOCK.index[c.argument]], abs=1e-6)


class TestRemovalOnCycles:
    @pytest.mark.parametrize("semantics", ["DF-QuAD", "QE", "Euler"])
    def test_removal_equals_the_restricted_graph(self, semantics: str) -> None:
        result = compute_contributions(STOCK, "Sell", semantics, "removal")
        sigma = compute_strengths(STOCK, semantics).strengths["Sell"]

        for c in result.contributions:
            keep = np.array([i for i, k in enumerate(STOCK.ids) if k != c.argument])
            without = compute_strengths(STOCK.subgraph(keep), semantics).strengths["Sell"]
            assert c.value == pytest.approx(sigma - without, abs=1e-7)
