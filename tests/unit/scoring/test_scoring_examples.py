"""The spec's worked examples (strength-examples.json): strengths and every listed contribution."""

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from graph.scoring import QBAF, SolverOptions, compute_contributions, compute_strengths
from schemas import QBAFBody

DATA = Path(__file__).resolve().parent / "data" / "strength-examples.json"
SPEC_EXAMPLES_SHA256 = "f8cce4edef6d8ad48b11fa1aff48a25f41dde0fc9100fbbd5f7ebd404e760c6b"
TOLERANCE = 1e-6
# Key in the JSON -> contribution function name in the API.
CONTRIBUTION_KEYS = {
    "removal": "removal",
    "intrinsic_removal": "removal-intrinsic",
    "shapley": "shapley",
    "gradient": "gradient",
}

Example = dict[str, Any]


def load_examples() -> list[Example]:
    """The 21 worked examples (in-repo copy of the spec's JSON)."""
    examples: list[Example] = json.loads(DATA.read_text(encoding="utf-8"))
    return examples


def body_of(example: Example) -> QBAFBody:
    """The plain QBAF body of an example."""
    return QBAFBody(
        arguments=example["arguments"],
        supports=[(a, b) for a, b in example["supports"]],
        attacks=[(a, b) for a, b in example["attacks"]],
        root=example.get("topic"),
    )


def qbaf_of(example: Example) -> QBAF:
    """The validated QBAF of an example."""
    return QBAF.from_body(body_of(example))


def contribution_cases() -> list[tuple[str, Example, str, str]]:
    """``(id, example, json key, api function)`` for every expected contribution table."""
    return [
        (f"{ex['id']}:{key}", ex, key, function)
        for ex in load_examples()
        if ex.get("expected_contributions")
        for key, function in CONTRIBUTION_KEYS.items()
    ]


EXAMPLES = load_examples()
CYCLIC = [ex for ex in EXAMPLES if ex.get("cyclic")]


def test_copy_is_the_specs_json_byte_for_byte() -> None:
    # The digest of strength-examples.json as the scoring spec publishes it: an edit to the copy fails here.
    assert hashlib.sha256(DATA.read_bytes()).hexdigest() == SPEC_EXAMPLES_SHA256


def test_all_21_examples_are_loaded() -> None:
    assert len(EXAMPLES) == 21
    assert {ex["semantics"] for ex in EXAMPLES} == {"DF-QuAD", "QE", "Euler"}


class TestStrengths:
    @pytest.mark.parametrize("example", EXAMPLES, ids=[ex["id"] for ex in EXAMPLES])
    def test_expected_strengths(self, example: Example) -> None:
        result = compute_strengths(qbaf_of(example), example["semantics"])

        assert result.semantics == example["semantics"]
        assert result.metadata.converged
        assert set(result.strengths) == set(example["arguments"])
        for argument, expected in example["expected"].items():
            assert result.strengths[argument] == pytest.approx(expected, abs=TOLERANCE), argument

    @pytest.mark.parametrize("example", EXAMPLES, ids=[ex["id"] for ex in EXAMPLES])
    def test_metadata_says_how(self, example: Example) -> None:
        meta = compute_strengths(qbaf_of(example), example["semantics"]).metadata

        if example.get("cyclic"):
            assert not meta.acyclic
            assert meta.cyclic_components == 1
            expected = "discrete" if example["discrete_iteration_converges"] else "continuous"
            assert meta.method == expected
            assert 0.0 < meta.residual <= 1e-9
        else:
            assert meta.acyclic
            assert (meta.method, meta.iterations, meta.steps, meta.residual) == ("forward", 0, 0, 0.0)

    @pytest.mark.parametrize("example", CYCLIC, ids=[ex["id"] for ex in CYCLIC])
    def test_continuous_model_alone_reaches_the_same_fixed_point(self, example: Example) -> None:
        options = SolverOptions(discrete_fast_path=False)
        result = compute_strengths(qbaf_of(example), example["semantics"], options=options)

        assert result.metadata.method == "continuous"
        assert result.metadata.steps > 0
        for argument, expected in example["expected"].items():
            assert result.strengths[argument] == pytest.approx(expected, abs=TOLERANCE), argument

    def test_uncertainpy_coarse_run_is_reproduced_on_the_single_component_graph(self) -> None:
        example = next(ex for ex in EXAMPLES if ex["id"].startswith("EX6"))
        options = SolverOptions(epsilon=1e-3, discrete_fast_path=False)
        result = compute_strengths(qbaf_of(example), "QE", options=options)

        for argument, published in example["published_coarse_rk4_eps_1e-3"].items():
            assert result.strengths[argument] == pytest.approx(published, abs=1e-12), argument

    def test_coarse_run_of_the_stock_example_stays_within_its_tolerance(self) -> None:
        # Our components are solved one after the other, so the coarse trajectory differs from
        # Uncertainpy's whole-graph one; both stop within about epsilon of the fixed point.
        example = next(ex for ex in EXAMPLES if ex["id"] == "EX4-stock-example-cyclic/QE")
        options = SolverOptions(epsilon=1e-3, discrete_fast_path=False)
        result = compute_strengths(qbaf_of(example), "QE", options=options)

        for argument, published in example["published_coarse_rk4_eps_1e-3"].items():
            assert result.strengths[argument] == pytest.approx(published, abs=1e-3), argument


CASES = contribution_cases()


class TestContributions:
    @pytest.mark.parametrize(
        ("example", "key", "function"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
    )
    def test_expected_contributions(self, example: Example, key: str, function: str) -> None:
        result = compute_contributions(qbaf_of(example), example["topic"], example["semantics"], function)
        values = {c.argument: c.value for c in result.contributions}

        assert result.function == function
        assert not result.approximate
        for argument, expected in example["expected_contributions"].items():
            assert values[argument] == pytest.approx(expected[key], abs=TOLERANCE), argument

    @pytest.mark.parametrize(
        "example",
        [ex for ex in EXAMPLES if ex.get("expected_contributions")],
        ids=[ex["id"] for ex in EXAMPLES if ex.get("expected_contributions")],
    )
    def test_shapley_adds_up_to_the_topic_movement(self, example: Example) -> None:
        result = compute_contributions(qbaf_of(example), example["topic"], example["semantics"], "shapley")

        expected = example["expected"][example["topic"]] - example["arguments"][example["topic"]]
        assert result.efficiency.holds
        assert result.efficiency.total == pytest.approx(expected, abs=TOLERANCE)
        assert result.method == "exact"
