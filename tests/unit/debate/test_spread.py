"""A thesis's spread: its strength under each published semantics and its robustness band, from the engine."""

from __future__ import annotations

import pytest
from support.debate_maps import node, relation, small

from graph.debate import robustness, thesis_spread
from graph.mapgraph import MapGraph, framework
from graph.render._caption import caption_lines
from graph.scoring import compute_strengths
from schemas import PUBLISHED_SEMANTICS, Forecast, NodeKind, RelationType


def one_sided() -> MapGraph:
    """A thesis lifted by two strong supporters: every semantics puts it above 0.5."""
    return small(
        [
            node("t", NodeKind.THESIS, 0.5),
            node("a", NodeKind.EVIDENCE, 0.9),
            node("b", NodeKind.EVIDENCE, 0.9),
        ],
        [relation("a", "t"), relation("b", "t")],
    )


def knife_edge() -> MapGraph:
    """A forecast thesis with a supporter and an attacker of equal weight: the semantics part ways."""
    thesis = node("t", NodeKind.THESIS, 0.5)
    thesis.forecast = Forecast(resolves_by="2028-12-31", criterion="it happens", probability_low=0.6)
    return small(
        [thesis, node("a", NodeKind.EVIDENCE, 0.9), node("c", NodeKind.COUNTERPOINT, 0.9)],
        [relation("a", "t"), relation("c", "t", RelationType.ATTACKS)],
    )


@pytest.mark.parametrize("make", [one_sided, knife_edge])
def test_each_published_semantics_gives_the_engines_strength(make: object) -> None:
    graph = make()  # type: ignore[operator]
    spread = thesis_spread(graph)
    qbaf = framework(graph.document, root="t")

    assert [item.semantics for item in spread.strengths] == [s.value for s in PUBLISHED_SEMANTICS]
    for item in spread.strengths:
        assert item.strength == pytest.approx(compute_strengths(qbaf, item.semantics).strengths["t"])
    band = robustness(graph, root="t")
    assert (spread.low, spread.high) == (band.distribution.q05, band.distribution.q95)
    assert spread.same_side == band.same_side
    sides = {item.strength >= 0.5 for item in spread.strengths}
    assert spread.settled == (len(sides) == 1 and band.same_side >= 0.9)


def test_a_one_sided_thesis_is_settled_and_says_strength_not_probability() -> None:
    spread = thesis_spread(one_sided())

    assert spread.settled
    assert "above 0.5" in spread.reading
    assert spread.reading.endswith("These are strengths, not probabilities.")


def test_a_forecast_on_a_knife_edge_names_its_own_probability_beside_the_strengths() -> None:
    spread = thesis_spread(knife_edge())

    assert not spread.settled
    assert "does not settle" in spread.reading
    assert "strengths, not probabilities: the forecast's own probability is at least 60%" in spread.reading
    for item in spread.strengths:
        assert f"{item.strength:.2f} ({item.semantics})" in spread.reading


def test_a_semantics_outside_the_published_ones_is_shown_beside_them() -> None:
    spread = thesis_spread(one_sided(), semantics="Euler-top")

    assert [item.semantics for item in spread.strengths][-1] == "Euler-top"
    assert spread.semantics == "Euler-top"


def test_the_caption_gives_the_spread_under_the_reading() -> None:
    graph = knife_edge()
    spread = thesis_spread(graph)
    lines = caption_lines(
        graph, "t", spread.strength, "QE", shown=["t"], available=0, pinned=None, spread=spread
    )

    assert lines[0].startswith("★ The thesis")
    assert lines[1].startswith("Spread: ")
    assert "does not settle which side of 0.5" in lines[1]
    assert f"{spread.low:.2f} to {spread.high:.2f} (QE)" in lines[1]
