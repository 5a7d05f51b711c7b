"""Re-checking stated computations at the precision the source states them to."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.document import check_computation, check_computations, load_document
from schemas import Operation, StatedComputation


def _computation(operation: str, inputs: list[float], stated: float, decimals: int) -> StatedComputation:
    return StatedComputation(operation=Operation(operation), inputs=inputs, stated=stated, decimals=decimals)


class TestCheckComputation:
    @pytest.mark.parametrize(
        ("computation", "computed", "agrees"),
        [
            (_computation("power", [0.999, 50], 0.9512, 4), 0.999**50, True),
            (_computation("power", [0.999, 500], 0.605, 3), 0.999**500, False),
            (_computation("power", [2, 10], 1024, 0), 1024.0, True),
            (_computation("ratio", [52, 2.9], 17.9, 1), 52 / 2.9, True),
            (_computation("ratio", [52, 2.9], 18, 0), 52 / 2.9, True),
            (_computation("ratio", [52, 2.9], 17.8, 1), 52 / 2.9, False),
            (_computation("difference", [51, 28], 23, 0), 23.0, True),
            (_computation("product", [120, 0.58], 70, 0), 69.6, True),
            (_computation("product", [120, 0.58], 69.6, 1), 69.6, True),
            (_computation("sum", [1, 99], 100, 0), 100.0, True),
            (_computation("percent_change", [41, 14], -0.66, 2), (14 - 41) / 41, True),
            (_computation("percent_change", [16.9, 64.4], 2.81, 2), (64.4 - 16.9) / 16.9, True),
        ],
    )
    def test_recomputes_and_compares_at_the_stated_precision(
        self, computation: StatedComputation, computed: float, agrees: bool
    ) -> None:
        check = check_computation(computation)

        assert check.computed == pytest.approx(computed, rel=1e-12)
        assert check.agrees is agrees
        assert check.difference == pytest.approx(computed - computation.stated, abs=1e-9)
        assert check.tolerance == 0.5 * 10**-computation.decimals

    @pytest.mark.parametrize("stated", [0.12, 0.13])
    def test_a_figure_exactly_half_a_unit_away_agrees(self, stated: float) -> None:
        # 1/8 = 0.125 rounds either way depending on convention, so both neighbours are honest roundings.
        check = check_computation(_computation("ratio", [1, 8], stated, 2))

        assert check.agrees
        assert check.computed_rounded == 0.12  # half-even

    def test_inputs_are_taken_as_written_not_as_binary_floats(self) -> None:
        # 0.1 + 0.2 is 0.30000000000000004 in binary floating point but exactly 0.3 as written.
        check = check_computation(_computation("sum", [0.1, 0.2], 0.3, 12))

        assert check.agrees
        assert check.difference == 0

    @pytest.mark.parametrize(
        ("agrees", "fragment"),
        [(True, "the stated 0.9512 (written '95.12%') agrees"), (False, "does not agree: it is off by")],
    )
    def test_explains_the_outcome(self, agrees: bool, fragment: str) -> None:
        stated = 0.9512 if agrees else 0.9
        computation = StatedComputation(
            operation=Operation.POWER, inputs=[0.999, 50], stated=stated, decimals=4, stated_as="95.12%"
        )

        check = check_computation(computation)

        assert check.agrees is agrees
        assert check.explanation.startswith("0.999 ^ 50 = 0.95120563, which is 0.9512 to 4 decimals")
        assert fragment in check.explanation or not agrees

    @pytest.mark.parametrize(
        ("operation", "inputs", "message"),
        [
            ("power", [2], "power takes exactly 2 inputs"),
            ("ratio", [1, 2, 3], "ratio takes exactly 2 inputs"),
            ("ratio", [1, 0], "ratio divides by zero"),
            ("percent_change", [0, 5], "percent_change divides by zero"),
            ("power", [-8, 0.5], "is not a finite real number"),
            ("power", [10, 400], "too large"),
            ("sum", [float("nan")], "not a finite number"),
            ("product", [], "at least 1 input"),
        ],
    )
    def test_refuses_inputs_that_do_not_fit(self, operation: str, inputs: list[float], message: str) -> None:
        with pytest.raises(ValueError, match=message):
            check_computation(_computation(operation, inputs, 0, 0))

    @given(
        a=st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False),
        b=st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False),
        decimals=st.integers(min_value=0, max_value=6),
    )
    def test_the_correctly_rounded_figure_agrees_and_two_units_off_does_not(
        self, a: Decimal, b: Decimal, decimals: int
    ) -> None:
        quantum = Decimal(1).scaleb(-decimals)
        exact = a * b
        rounded = exact.quantize(quantum)
        inputs = [float(a), float(b)]

        good = check_computation(_computation("product", inputs, float(rounded), decimals))
        bad = check_computation(_computation("product", inputs, float(rounded + 2 * quantum), decimals))

        assert good.agrees
        assert not bad.agrees


class TestCheckComputations:
    def test_locates_each_check_by_node_and_path(self, minimal_map: dict[str, Any]) -> None:
        data = minimal_map
        data["nodes"][1]["computations"] = [
            {"operation": "sum", "inputs": [1, 2], "stated": 3, "decimals": 0, "label": "easy"},
            {"operation": "sum", "inputs": [1, 2], "stated": 4, "decimals": 0},
        ]
        doc = load_document(msgspec.json.encode(data), media="json")

        checks = check_computations(doc)

        assert [(c.node, c.path, c.agrees, c.label) for c in checks] == [
            ("c", "nodes[1].computations[0]", True, "easy"),
            ("c", "nodes[1].computations[1]", False, None),
        ]
