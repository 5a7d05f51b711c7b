"""Input validation (spec §1): every problem is reported, with a path."""

import math

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.scoring import QBAF, Edge, InvalidQBAF, compute_strengths
from graph.scoring._validate import check_arguments
from schemas import QBAFBody, QBAFProblem


def problems_of(error: pytest.ExceptionInfo[InvalidQBAF]) -> set[tuple[str, str]]:
    return {(p.path, p.message) for p in error.value.problems}


class TestFromBody:
    def test_valid_body_builds_sorted_index_arrays(self) -> None:
        body = QBAFBody(arguments={"a": 0.5, "b": 0.2, "c": 1.0}, supports=[("b", "a")], attacks=[("c", "a")])
        qbaf = QBAF.from_body(body)

        assert qbaf.ids == ("a", "b", "c")
        assert qbaf.n_edges == 2
        src, tgt, pol, weight = qbaf.arrays
        assert tgt.tolist() == [0, 0]
        assert sorted(zip(src.tolist(), pol.tolist(), strict=True)) == [(1, 1), (2, 0)]
        assert weight.tolist() == [1.0, 1.0]
        assert not src.flags.writeable

    def test_every_problem_is_reported_at_once(self) -> None:
        body = QBAFBody(
            arguments={"a": 1.5, "b": math.nan, "c": 0.5, "d": math.inf, "e": -0.1},
            supports=[("a", "x"), ("c", "c"), ("a", "c")],
            attacks=[("a", "c"), ("y", "z")],
            root="q",
        )
        with pytest.raises(InvalidQBAF) as error:
            QBAF.from_body(body)

        found = problems_of(error)
        assert found == {
            ("arguments.a", "base score must be in [0, 1], got 1.5"),
            ("arguments.b", "base score must be finite, got nan"),
            ("arguments.d", "base score must be finite, got inf"),
            ("arguments.e", "base score must be in [0, 1], got -0.1"),
            ("supports[0]", "unknown target argument 'x'"),
            ("supports[1]", "self-loop on 'c'"),
            ("attacks[0]", "pair ('a', 'c') is both an attack and a support (also at supports[2])"),
            ("attacks[1]", "unknown source argument 'y'"),
            ("attacks[1]", "unknown target argument 'z'"),
            ("root", "unknown argument 'q'"),
        }
        assert isinstance(error.value, ValueError)
        assert "\n" not in error.value.detail
        assert error.value.detail.startswith("invalid QBAF (10 problems): ")

    @pytest.mark.parametrize(
        ("supports", "attacks", "n_edges"),
        [
            ([("b", "a"), ("b", "a")], [], 1),
            ([], [("b", "a"), ("b", "a"), ("b", "a")], 1),
            ([("b", "a")], [("a", "b"), ("a", "b")], 2),
        ],
    )
    def test_duplicate_edges_collapse(
        self, supports: list[tuple[str, str]], attacks: list[tuple[str, str]], n_edges: int
    ) -> None:
        body = QBAFBody(arguments={"a": 0.5, "b": 0.5}, supports=supports, attacks=attacks)

        assert QBAF.from_body(body).n_edges == n_edges

    def test_extreme_scores_are_valid(self) -> None:
        qbaf = QBAF.from_body(QBAFBody(arguments={"a": 0.0, "b": 1.0}, attacks=[("b", "a")]))

        assert qbaf.base_scores.tolist() == [0.0, 1.0]

    def test_an_empty_framework_has_no_strengths(self) -> None:
        result = compute_strengths(QBAF.from_body(QBAFBody(arguments={})))

        assert result.strengths == {}
        assert result.metadata.acyclic

    def test_to_body_round_trips(self) -> None:
        body = QBAFBody(
            arguments={"a": 0.5, "b": 0.25}, supports=[("b", "a")], attacks=[("a", "b")], root="a"
        )

        again = QBAF.from_body(body).to_body()
        assert msgspec.structs.asdict(again) == msgspec.structs.asdict(body)


class TestFromJson:
    def test_valid_json(self) -> None:
        qbaf = QBAF.from_json(b'{"arguments": {"a": 0.5, "b": 1}, "attacks": [["b", "a"]], "root": "a"}')

        assert (qbaf.ids, qbaf.root, qbaf.n_edges) == (("a", "b"), "a", 1)

    @pytest.mark.parametrize(
        ("text", "fragment"),
        [
            (b"{not json", "malformed"),
            (b'{"arguments": {"a": "high"}}', "Expected `float`, got `str`"),
            (b'{"arguments": {"a": 0.5}, "supports": [["a"]]}', "Expected `array` of length 2"),
            (b'{"supports": []}', "missing required field `arguments`"),
        ],
    )
    def test_bad_json_is_one_problem_at_the_root(self, text: bytes, fragment: str) -> None:
        with pytest.raises(InvalidQBAF) as error:
            QBAF.from_json(text)

        [problem] = error.value.problems
        assert problem.path == "$"
        assert fragment.lower() in problem.message.lower()


class TestBuild:
    def test_weighted_edges_keep_their_weight(self) -> None:
        qbaf = QBAF.build({"a": 0.5, "b": 1.0}, [Edge("b", "a", "attack", 0.25)])

        assert qbaf.edges == (Edge("b", "a", "attack", 0.25),)

    def test_bad_weights_polarities_and_scores(self) -> None:
        edges = [
            Edge("b", "a", "attack", 0.0),
            Edge("b", "a", "support", 1.5),
            Edge("c", "a", "attack", math.nan),
            Edge("b", "c", "qualifies"),  # type: ignore[arg-type]
        ]
        with pytest.raises(InvalidQBAF) as error:
            QBAF.build({"a": 0.5, "b": 1.0, "c": "x"}, edges)  # type: ignore[dict-item]

        assert problems_of(error) == {
            ("arguments.c", "base score must be a number, got str"),
            ("edges[0]", "weight must be in (0, 1], got 0.0"),
            ("edges[1]", "weight must be in (0, 1], got 1.5"),
            ("edges[2]", "weight must be in (0, 1], got nan"),
            ("edges[3]", "unknown polarity 'qualifies'"),
        }

    def test_same_pair_with_two_weights_is_a_problem(self) -> None:
        edges = [Edge("b", "a", "attack", 0.5), Edge("b", "a", "attack", 1.0)]
        with pytest.raises(InvalidQBAF) as error:
            QBAF.build({"a": 0.5, "b": 1.0}, edges)

        assert problems_of(error) == {
            ("edges[1]", "pair ('b', 'a') listed with two weights (also at edges[0])")
        }

    def test_problems_are_structs_that_encode(self) -> None:
        with pytest.raises(InvalidQBAF) as error:
            QBAF.build({"a": 2.0}, [])

        encoded = msgspec.json.encode(error.value.problems)
        assert msgspec.json.decode(encoded, type=list[QBAFProblem]) == error.value.problems


class TestBulkChecksAgreeWithOneByOne:
    """A decoded body's scores are checked in bulk; the answer is the one the one-by-one check gives."""

    @given(
        scores=st.dictionaries(
            st.text(min_size=1, max_size=4),
            st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.floats(0, 1)),
            max_size=12,
        )
    )
    def test_scores_and_problems_are_the_same_either_way(self, scores: dict[str, float]) -> None:
        bulk_problems: list[QBAFProblem] = []
        bulk = check_arguments(scores, bulk_problems)
        # An int score takes the one-by-one path for the whole body (a decoded body has floats only).
        one_problems: list[QBAFProblem] = []
        one = check_arguments({**scores, "\x00int": 1}, one_problems)
        assert bulk.tolist() == one[: len(scores)].tolist()
        assert bulk_problems == one_problems
