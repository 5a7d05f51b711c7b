"""What-if: base-score overrides, deleted arguments and edges, and the deltas they cause."""

import numpy as np
import pytest

from graph.scoring import QBAF, Edge, InvalidQBAF, compute_contributions, compute_strengths, what_if
from schemas import WhatIfRequest

# t <- s (support) <- r (attack); u attacks t; v is unrelated.
QBAF_ = QBAF.build(
    {"t": 0.5, "s": 0.6, "r": 0.7, "u": 0.4, "v": 0.9},
    [Edge("s", "t", "support"), Edge("r", "s", "attack"), Edge("u", "t", "attack")],
    root="t",
)


class TestWhatIf:
    def test_no_change_means_zero_deltas(self) -> None:
        result = what_if(QBAF_, WhatIfRequest())

        assert result.scenario.strengths == result.baseline.strengths
        assert set(result.deltas.values()) == {0.0}
        assert (result.removed_arguments, result.removed_edges) == ([], [])
        assert result.contributions is None

    def test_base_score_override_moves_only_descendants(self) -> None:
        result = what_if(QBAF_, WhatIfRequest(semantics="DF-QuAD", base_scores={"r": 0.0}))

        assert result.scenario.base_scores["r"] == 0.0
        assert result.deltas["r"] == pytest.approx(-0.7)
        assert result.deltas["s"] > 0
        assert result.deltas["t"] > 0
        assert result.deltas["u"] == result.deltas["v"] == 0.0

    def test_removing_an_argument_matches_the_restricted_graph(self) -> None:
        result = what_if(QBAF_, WhatIfRequest(semantics="Euler", remove_arguments=["s"]))
        keep = np.array([QBAF_.index[k] for k in ("t", "r", "u", "v")])
        expected = compute_strengths(QBAF_.subgraph(keep), "Euler").strengths

        assert result.removed_arguments == ["s"]
        assert sorted(result.removed_edges) == [("r", "s"), ("s", "t")]
        assert set(result.deltas) == {"t", "r", "u", "v"}
        assert result.scenario.strengths == expected
        assert result.deltas["t"] == pytest.approx(expected["t"] - result.baseline.strengths["t"])

    def test_removing_an_edge(self) -> None:
        result = what_if(QBAF_, WhatIfRequest(remove_edges=[("u", "t")]))

        assert result.removed_edges == [("u", "t")]
        assert result.scenario.strengths["t"] > result.baseline.strengths["t"]
        assert result.deltas["u"] == 0.0

    def test_contributions_before_and_after(self) -> None:
        request = WhatIfRequest(semantics="QE", topic="t", contribution="removal", remove_edges=[("r", "s")])
        result = what_if(QBAF_, request)

        assert result.contributions is not None
        assert result.baseline_contributions is not None
        assert result.contribution_deltas is not None
        before = {c.argument: c.value for c in result.baseline_contributions.contributions}
        after = {c.argument: c.value for c in result.contributions.contributions}
        assert before["r"] < 0.0
        assert after["r"] == 0.0
        assert result.contribution_deltas["r"] == pytest.approx(-before["r"])
        assert before == {
            c.argument: c.value for c in compute_contributions(QBAF_, "t", "QE", "removal").contributions
        }

    def test_every_problem_is_reported(self) -> None:
        request = WhatIfRequest(
            base_scores={"zz": 0.5, "s": 1.5},
            remove_arguments=["t", "nope"],
            remove_edges=[("s", "u"), ("x", "t")],
            topic="t",
        )
        with pytest.raises(InvalidQBAF) as error:
            what_if(QBAF_, request)

        assert {(p.path, p.message) for p in error.value.problems} == {
            ("base_scores.zz", "unknown argument 'zz'"),
            ("base_scores.s", "base score must be in [0, 1], got 1.5"),
            ("remove_arguments[1]", "unknown argument 'nope'"),
            ("remove_edges[0]", "no edge from 's' to 'u'"),
            ("remove_edges[1]", "no edge from 'x' to 't'"),
            ("topic", "the topic cannot be removed"),
        }

    @pytest.mark.parametrize(("field", "value"), [("semantics", "bayes"), ("contribution", "lime")])
    def test_bad_names(self, field: str, value: str) -> None:
        request = WhatIfRequest(**{field: value})  # type: ignore[arg-type]
        with pytest.raises(InvalidQBAF) as error:
            what_if(QBAF_, request)

        assert error.value.problems[0].path == field
