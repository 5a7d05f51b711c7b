"""The plain QBAF body read straight from its bytes: the same framework as the careful reading, or none."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import numpy as np
import pytest

from graph.errors import InvalidArgumentMap, OverBudget
from graph.scoring import QBAF
from graph.scoring._wire import decode_plain
from graph.service._qbaf import BodyRefusal, evaluate_qbaf, evaluate_qbaf_json
from schemas import QBAFBody

BODY: dict[str, Any] = {
    "arguments": {"a": 0.5, "b": 1, "c": 0.25, "d": 0.0},
    "supports": [["c", "b"], ["d", "a"]],
    "attacks": [["b", "a"], ["c", "a"], ["b", "a"]],
    "root": "a",
}


def same_framework(left: QBAF, right: QBAF) -> None:
    assert left.ids == right.ids
    assert left.root == right.root
    np.testing.assert_array_equal(left.base_scores, right.base_scores)
    for mine, theirs in zip(left.arrays, right.arrays, strict=True):
        np.testing.assert_array_equal(mine, theirs)


class TestDecodePlain:
    @pytest.mark.parametrize(
        "raw",
        [
            json.dumps(BODY).encode(),
            json.dumps(BODY, indent=2).encode(),
            json.dumps(BODY, separators=(",", ":")).encode(),
            json.dumps(BODY).replace('":', '" :').encode(),  # white space before every colon
            json.dumps({**BODY, "arguments": {**BODY["arguments"], "x:y": 0.5}}).encode(),  # a colon in an id
        ],
    )
    def test_a_well_formed_body_builds_the_framework_the_careful_reading_builds(self, raw: bytes) -> None:
        wire = decode_plain(raw)

        assert wire is not None
        same_framework(QBAF.from_wire(wire), QBAF.from_body(msgspec.json.decode(raw, type=QBAFBody)))

    def test_absent_fields_read_as_none_given(self) -> None:
        wire = decode_plain(b'{"arguments": {"a": 0.5}}')

        assert wire is not None
        assert (wire.support_pairs, wire.attack_pairs, wire.topic, wire.fields_given()) == ([], [], None, 1)

    @pytest.mark.parametrize(
        "raw",
        [
            b'{"arguments": {"a": 0.5, "a": 0.6}}',
            b'{"arguments": {"a": 0.5, "a" : 0.6}}',
            b'{"arguments": {"a": 0.5}, "attacks": [], "attacks": []}',
            b'{"arguments": {"a": 0.5}, "root": null, "root": null}',
            b'{"arguments": {"a": 0.5}, "arguments": {"a": 0.5}}',
        ],
    )
    def test_a_key_written_twice_is_left_to_the_careful_reading(self, raw: bytes) -> None:
        assert decode_plain(raw) is None

    @pytest.mark.parametrize(
        "raw",
        [
            b'{"arguments": {"a\\u0062": 0.5}}',  # an escape: the key count would not hold
            b'{"arguments": {"a": "0.5"}}',  # coerced by the careful reading
            b'{"arguments": {"a": 0.5}, "supports": [["a", "a", "a"]]}',
            b'{"arguments": {"a": 0.5}, "supports": [["a"]]}',
            b'{"arguments": {"a": 0.5}, "atacks": []}',
            b'{"arguments": {"a": 0.5}, "supports": [[[[]]]]}',
            b'{"arguments": {"a": 0.5}}  x',
            b"[]",
            b"not json",
        ],
    )
    def test_anything_else_is_left_to_the_careful_reading(self, raw: bytes) -> None:
        assert decode_plain(raw) is None


class TestEvaluateQBAFJson:
    def test_the_answer_is_the_encoded_evaluation_of_the_same_body(self) -> None:
        body = msgspec.json.decode(json.dumps(BODY), type=QBAFBody)

        answer = evaluate_qbaf_json(json.dumps(BODY).encode(), "QE", "removal", None)

        assert answer == msgspec.json.encode(evaluate_qbaf(body, "QE", "removal", None))

    def test_a_body_the_careful_reading_takes_is_answered_as_well(self) -> None:
        raw = b'{"arguments": {"a": "0.5", "b": 1}, "attacks": [["b", "a"]]}'

        answer = evaluate_qbaf_json(raw, "QE", "removal", None)

        assert isinstance(answer, bytes)
        assert json.loads(answer)["strengths"]["base_scores"] == {"a": 0.5, "b": 1.0}

    @pytest.mark.parametrize(
        ("raw", "detail", "field"),
        [
            (b'{"arguments": {"a": 0.5, "a" : 0.6}}', None, None),
            (b'{"arguments": {"a": "x"}}', "Expected `float`, got `str`", "arguments[...]"),
            (
                b'{"arguments": {"a": 0.5}, "attacks": [["a", 1]]}',
                "Expected `str`, got `int`",
                "attacks[0][1]",
            ),
            (b'{"arguments": {"a": 0.5}, "atacks": []}', "Object contains unknown field `atacks`", "data"),
            (b"[]", "Expected `object`, got `array`", "data"),
            (b"{", "Input data was truncated", None),
        ],
    )
    def test_a_refused_body_says_what_and_where(
        self, raw: bytes, detail: str | None, field: str | None
    ) -> None:
        answer = evaluate_qbaf_json(raw, "QE", "removal", None)

        assert isinstance(answer, BodyRefusal)
        assert answer.field == field
        assert detail is None or answer.detail == detail

    def test_a_key_written_twice_is_named(self) -> None:
        answer = evaluate_qbaf_json(b'{"arguments": {"a": 0.5, "a" : 0.6}}', "QE", "removal", None)

        assert answer == BodyRefusal(detail="the JSON body names the key 'a' twice: send each key once")

    def test_every_domain_problem_is_listed_with_its_path(self) -> None:
        raw = b'{"arguments": {"a": 1.5, "b": 0.5}, "supports": [["a", "a"], ["b", "ghost"]]}'

        with pytest.raises(InvalidArgumentMap) as error:
            evaluate_qbaf_json(raw, "QE", "removal", None)

        assert [p.path for p in error.value.problems] == ["arguments.a", "supports[0]", "supports[1]"]

    def test_a_body_past_the_budget_is_refused(self) -> None:
        raw = msgspec.json.encode({"arguments": {f"a{i}": 0.5 for i in range(20_001)}})

        with pytest.raises(OverBudget):
            evaluate_qbaf_json(raw, "QE", "removal", None)
