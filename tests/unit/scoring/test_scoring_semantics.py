"""Semantics names, the optional semantics and the attack-only examples of Appendix A."""

import math

import pytest

from graph.scoring import QBAF, Edge, InvalidQBAF, Semantics, compute_strengths, parse_semantics

APPENDIX_A = QBAF.build(
    {"a": 1.0, "b": 0.5, "c": 0.8, "d": 0.4},
    [Edge("b", "a", "attack"), Edge("c", "a", "attack"), Edge("d", "c", "attack")],
)
MUTUAL = QBAF.build({"a": 1.0, "b": 1.0}, [Edge("a", "b", "attack"), Edge("b", "a", "attack")])


class TestParseSemantics:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("DF-QuAD", Semantics.DF_QUAD),
            ("dfquad", Semantics.DF_QUAD),
            ("df_quad", Semantics.DF_QUAD),
            ("QE", Semantics.QE),
            ("quadratic-energy", Semantics.QE),
            ("Quadratic Energy", Semantics.QE),
            ("Euler", Semantics.EULER),
            ("euler-based", Semantics.EULER),
            ("squared-dfquad", Semantics.SQUARED_DF_QUAD),
            ("Euler-based top", Semantics.EULER_TOP),
            ("weighted h-categorizer", Semantics.H_CATEGORIZER),
            ("max-based", Semantics.MAX_BASED),
            ("CARD_BASED", Semantics.CARD_BASED),
        ],
    )
    def test_aliases(self, name: str, expected: Semantics) -> None:
        assert parse_semantics(name) is expected

    def test_unknown_name(self) -> None:
        with pytest.raises(InvalidQBAF) as error:
            parse_semantics("bayes")

        [problem] = error.value.problems
        assert problem.path == "semantics"
        assert "unknown semantics 'bayes'" in problem.message
        assert "DF-QuAD" in problem.message

    def test_result_carries_the_canonical_name(self) -> None:
        assert compute_strengths(APPENDIX_A, "hcategorizer").semantics == "h-categorizer"


class TestAttackOnly:
    @pytest.mark.parametrize(
        ("semantics", "expected"),
        [
            ("h-categorizer", {"a": 0.482759, "c": 0.571429, "b": 0.5, "d": 0.4}),
            ("max-based", {"a": 0.636364, "c": 0.571429, "b": 0.5, "d": 0.4}),
            ("card-based", {"a": 0.292683, "c": 0.333333, "b": 0.5, "d": 0.4}),
        ],
    )
    def test_appendix_a_acyclic(self, semantics: str, expected: dict[str, float]) -> None:
        result = compute_strengths(APPENDIX_A, semantics)

        assert result.metadata.method == "forward"
        for key, value in expected.items():
            assert result.strengths[key] == pytest.approx(value, abs=1e-6), key

    @pytest.mark.parametrize(
        ("semantics", "expected"),
        [
            ("h-categorizer", (math.sqrt(5) - 1) / 2),
            ("max-based", (math.sqrt(5) - 1) / 2),
            ("card-based", math.sqrt(2) - 1),
        ],
    )
    def test_appendix_a_mutual_attack_converges_to_the_closed_form(
        self, semantics: str, expected: float
    ) -> None:
        result = compute_strengths(MUTUAL, semantics)

        assert result.metadata.method == "discrete"
        assert result.metadata.converged
        assert result.strengths["a"] == pytest.approx(expected, abs=1e-6)
        assert result.strengths["b"] == pytest.approx(expected, abs=1e-6)

    @pytest.mark.parametrize("semantics", ["h-categorizer", "max-based", "card-based"])
    def test_supports_are_refused(self, semantics: str) -> None:
        qbaf = QBAF.build(
            {"a": 0.5, "b": 0.5, "c": 0.5}, [Edge("b", "a", "support"), Edge("c", "a", "support")]
        )
        with pytest.raises(InvalidQBAF) as error:
            compute_strengths(qbaf, semantics)

        [problem] = error.value.problems
        assert problem.path == "semantics"
        assert (
            problem.message
            == f"{semantics} is defined for attack-only graphs, but this QBAF has 2 support edges"
        )

    def test_card_based_ignores_attackers_with_zero_base_score(self) -> None:
        qbaf = QBAF.build(
            {"a": 1.0, "z": 0.0, "b": 0.5}, [Edge("z", "a", "attack"), Edge("b", "a", "attack")]
        )

        assert compute_strengths(qbaf, "card-based").strengths["a"] == pytest.approx(1 / (1 + 1 + 0.5))


class TestOptionalBipolarSemantics:
    def test_squared_dfquad_halves_the_saturated_attack(self) -> None:
        qbaf = QBAF.build(
            {"a": 0.5, "b": 1.0, "c": 1.0}, [Edge("b", "a", "attack"), Edge("c", "a", "attack")]
        )

        # vₐ = 1, vₛ = 0 -> e = -1 -> sigma = tau - tau * 1/(1+1)
        assert compute_strengths(qbaf, "Squared-DF-QuAD").strengths["a"] == pytest.approx(0.25)

    def test_euler_top_uses_the_strongest_parent_of_each_side(self) -> None:
        qbaf = QBAF.build(
            {"a": 0.5, "b": 1.0, "c": 0.4, "d": 0.3},
            [Edge("b", "a", "attack"), Edge("c", "a", "attack"), Edge("d", "a", "support")],
        )
        energy = 0.3 - 1.0

        expected = 1 - (1 - 0.25) / (1 + 0.5 * math.exp(energy))
        assert compute_strengths(qbaf, "Euler-top").strengths["a"] == pytest.approx(expected, abs=1e-15)


class TestSemanticsFacts:
    def test_euler_never_goes_below_base_squared(self) -> None:
        attackers = {f"x{i}": 1.0 for i in range(20)}
        qbaf = QBAF.build({"a": 0.5, **attackers}, [Edge(k, "a", "attack") for k in attackers])

        value = compute_strengths(qbaf, "Euler").strengths["a"]
        assert 0.25 < value < 0.25 + 1e-6

    @pytest.mark.parametrize(("tau", "expected"), [(0.0, 0.0), (0.5, 1.0), (1.0, 1.0)])
    def test_euler_overflowing_energy_is_handled(self, tau: float, expected: float) -> None:
        supporters = {f"x{i}": 1.0 for i in range(800)}  # E = 800 > 709: e^E overflows a double
        qbaf = QBAF.build({"a": tau, **supporters}, [Edge(k, "a", "support") for k in supporters])

        value = compute_strengths(qbaf, "Euler").strengths["a"]
        assert math.isfinite(value)
        assert value == pytest.approx(expected, abs=1e-12)

    def test_dfquad_saturates_and_can_reach_zero(self) -> None:
        qbaf = QBAF.build(
            {"a": 0.5, "b": 1.0, "c": 0.3}, [Edge("b", "a", "attack"), Edge("c", "a", "attack")]
        )

        assert compute_strengths(qbaf, "DF-QuAD").strengths["a"] == 0.0

    @pytest.mark.parametrize(("semantics", "expected"), [("QE", 0.220588), ("Euler", 0.218645)])
    def test_spot_checks_of_the_spec(self, semantics: str, expected: float) -> None:
        qbaf = QBAF.build({"a": 0.3, "b": 0.6}, [Edge("b", "a", "attack")])

        assert compute_strengths(qbaf, semantics).strengths["a"] == pytest.approx(expected, abs=1e-6)

    @pytest.mark.parametrize("semantics", ["DF-QuAD", "QE", "Euler", "Squared-DF-QuAD", "Euler-top"])
    def test_a_weight_scales_the_source_strength(self, semantics: str) -> None:
        weighted = QBAF.build({"a": 0.6, "b": 0.8}, [Edge("b", "a", "attack", 0.5)])
        scaled = QBAF.build({"a": 0.6, "b": 0.4}, [Edge("b", "a", "attack")])

        assert compute_strengths(weighted, semantics).strengths["a"] == pytest.approx(
            compute_strengths(scaled, semantics).strengths["a"], abs=1e-15
        )
