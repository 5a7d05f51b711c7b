"""Forecasts as trackable predictions: listing, filtering, resolving and Brier scores (pure functions)."""

from __future__ import annotations

import msgspec
import pytest

from graph.errors import Conflict, InvalidArgumentMap, NotFound
from graph.forecasts import (
    brier_scores,
    forecast_list,
    list_forecasts,
    map_forecasts,
    resolve_forecast,
    scored_probability,
)
from schemas import (
    Forecast,
    ForecastResolution,
    ForecastStatus,
    MapDocument,
    Node,
    NodeKind,
    Relation,
    RelationType,
    Source,
    Speaker,
)


def _forecast(resolves_by: str, **fields: object) -> Forecast:
    return msgspec.convert({"resolves_by": resolves_by, "criterion": "It happens.", **fields}, Forecast)


def _node(node_id: str, speaker: str, forecast: Forecast | None = None) -> Node:
    return Node(
        id=node_id,
        kind=NodeKind.CLAIM,
        text=f"Claim {node_id}.",
        speaker=speaker,
        base_score=0.5,
        rationale="r",
        forecast=forecast,
    )


def _map(map_id: str, *nodes: Node) -> MapDocument:
    thesis = Node(id="t", kind=NodeKind.THESIS, text="T.", speaker="ann", base_score=0.5, rationale="r")
    return MapDocument(
        id=map_id,
        title=map_id,
        sources=[Source(id=f"{map_id}-text", title="S", text="x")],
        speakers=[Speaker(id="ann", name="Ann"), Speaker(id="bob", name="Bob")],
        nodes=[thesis, *nodes],
        relations=[Relation(source=node.id, target="t", type=RelationType.SUPPORTS) for node in nodes],
    )


def _resolution(outcome: bool, resolved_on: str = "2030-01-02") -> ForecastResolution:
    return ForecastResolution(
        outcome=outcome, resolution_source="https://example.org/outcome", resolved_on=resolved_on
    )


@pytest.fixture
def two_maps() -> list[MapDocument]:
    return [
        _map(
            "first",
            _node("late", "ann", _forecast("2029-12-31", probability=0.8)),
            _node("early", "bob", _forecast("2027-06-30", probability_low=0.2, probability_high=0.4)),
            _node("plain", "ann"),
        ),
        _map("second", _node("middle", "ann", _forecast("2028-01-01"))),
    ]


class TestScoredProbability:
    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"probability": 0.3}, 0.3),
            ({"probability_low": 0.2, "probability_high": 0.6}, 0.4),
            ({"probability_low": 0.6}, 0.6),
            ({"probability_high": 0.1}, 0.1),
            ({}, None),
        ],
    )
    def test_the_stated_figure_a_midpoint_or_the_one_stated_end(
        self, fields: dict[str, float], expected: float | None
    ) -> None:
        assert scored_probability(_forecast("2028-12-31", **fields)) == pytest.approx(expected)


class TestListing:
    def test_a_maps_forecasts_come_soonest_due_first(self, two_maps: list[MapDocument]) -> None:
        entries = map_forecasts(two_maps[0])

        assert [(entry.node, entry.forecast.resolves_by) for entry in entries] == [
            ("early", "2027-06-30"),
            ("late", "2029-12-31"),
        ]
        assert entries[0].href == "/claims/first/early"
        assert entries[0].speaker == "bob"
        assert entries[0].scored_probability == pytest.approx(0.3)

    def test_forecasts_of_many_maps_are_merged_by_due_date(self, two_maps: list[MapDocument]) -> None:
        entries = list_forecasts(two_maps)

        assert [(entry.map, entry.node) for entry in entries] == [
            ("first", "early"),
            ("second", "middle"),
            ("first", "late"),
        ]

    def test_filter_by_speaker(self, two_maps: list[MapDocument]) -> None:
        assert [entry.node for entry in list_forecasts(two_maps, speaker="ann")] == ["middle", "late"]
        assert list_forecasts(two_maps, speaker="nobody") == []

    def test_filter_by_status(self, two_maps: list[MapDocument]) -> None:
        resolved = resolve_forecast(two_maps[0], "early", _resolution(True, "2027-05-01"))

        assert [e.node for e in map_forecasts(resolved, status=ForecastStatus.RESOLVED_TRUE)] == ["early"]
        assert [e.node for e in map_forecasts(resolved, status=ForecastStatus.OPEN)] == ["late"]
        assert map_forecasts(resolved, status=ForecastStatus.RESOLVED_FALSE) == []


class TestResolving:
    def test_records_the_outcome_in_a_new_document(self, two_maps: list[MapDocument]) -> None:
        original = two_maps[0]
        resolution = ForecastResolution(
            outcome=False, resolution_source="Report of 2030", resolved_on="2030-01-02", note="checked twice"
        )

        resolved = resolve_forecast(original, "late", resolution)

        forecast = next(node for node in resolved.nodes if node.id == "late").forecast
        assert forecast is not None
        assert forecast.status is ForecastStatus.RESOLVED_FALSE
        assert (forecast.resolved_on, forecast.resolution_source) == ("2030-01-02", "Report of 2030")
        assert forecast.resolution_note == "checked twice"
        assert forecast.probability == 0.8
        still_open = next(node for node in original.nodes if node.id == "late").forecast
        assert still_open is not None
        assert still_open.status is ForecastStatus.OPEN
        assert [node.id for node in resolved.nodes] == [node.id for node in original.nodes]

    def test_a_forecast_may_come_true_before_its_deadline(self, two_maps: list[MapDocument]) -> None:
        resolved = resolve_forecast(two_maps[0], "late", _resolution(True, "2026-01-01"))

        assert map_forecasts(resolved, status=ForecastStatus.RESOLVED_TRUE)[0].node == "late"

    def test_it_cannot_be_called_false_before_its_deadline(self, two_maps: list[MapDocument]) -> None:
        with pytest.raises(InvalidArgumentMap) as caught:
            resolve_forecast(two_maps[0], "late", _resolution(False, "2029-12-30"))

        assert [problem.code for problem in caught.value.problems] == ["resolved-too-early"]

    def test_an_impossible_date_is_refused(self, two_maps: list[MapDocument]) -> None:
        with pytest.raises(InvalidArgumentMap) as caught:
            resolve_forecast(two_maps[0], "late", _resolution(True, "2030-02-30"))

        assert [problem.path for problem in caught.value.problems] == ["resolved_on"]

    def test_a_forecast_resolves_once(self, two_maps: list[MapDocument]) -> None:
        resolved = resolve_forecast(two_maps[0], "late", _resolution(True))

        with pytest.raises(Conflict, match="already resolved-true"):
            resolve_forecast(resolved, "late", _resolution(False))

    @pytest.mark.parametrize("node_id", ["ghost", "plain"])
    def test_only_a_node_with_a_forecast_resolves(self, node_id: str, two_maps: list[MapDocument]) -> None:
        with pytest.raises(NotFound):
            resolve_forecast(two_maps[0], node_id, _resolution(True))


class TestBrierScores:
    def test_mean_squared_error_per_speaker(self, two_maps: list[MapDocument]) -> None:
        first = resolve_forecast(two_maps[0], "late", _resolution(False))  # ann said 0.8: (0.8 - 0)^2 = 0.64
        first = resolve_forecast(first, "early", _resolution(True))  # bob said 0.2-0.4: (0.3 - 1)^2 = 0.49
        second = _map("third", _node("other", "ann", _forecast("2027-01-01", probability=0.9)))
        second = resolve_forecast(second, "other", _resolution(True))  # ann said 0.9: (0.9 - 1)^2 = 0.01

        rows = {row.speaker: row for row in brier_scores(list_forecasts([first, second, two_maps[1]]))}

        assert rows["ann"].scored == 2
        assert rows["ann"].brier == pytest.approx((0.64 + 0.01) / 2)
        assert rows["ann"].open == 1
        assert rows["bob"].scored == 1
        assert rows["bob"].brier == pytest.approx(0.49)

    def test_a_resolved_forecast_without_a_probability_is_counted_but_not_scored(
        self, two_maps: list[MapDocument]
    ) -> None:
        resolved = resolve_forecast(two_maps[1], "middle", _resolution(True))

        (row,) = brier_scores(map_forecasts(resolved))

        assert (row.speaker, row.scored, row.brier, row.unscored, row.open) == ("ann", 0, None, 1, 0)

    def test_the_list_keeps_each_speakers_record_when_filtering_for_open_forecasts(
        self, two_maps: list[MapDocument]
    ) -> None:
        first = resolve_forecast(two_maps[0], "early", _resolution(True))

        body = forecast_list([first, two_maps[1]], status=ForecastStatus.OPEN)

        assert [entry.node for entry in body.forecasts] == ["middle", "late"]
        assert [row.speaker for row in body.speakers] == ["ann"]
        everyone = forecast_list([first, two_maps[1]])
        bob = next(row for row in everyone.speakers if row.speaker == "bob")
        assert bob.brier == pytest.approx(0.49)
