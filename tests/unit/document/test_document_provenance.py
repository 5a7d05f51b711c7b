"""Validation of whose words a quote is, and of forecasts: each rule reports its problem at its path."""

from __future__ import annotations

import json
from typing import Any

import pytest

from graph.document import load_document
from graph.errors import InvalidArgumentMap
from schemas import Problem

Doc = dict[str, Any]


def _problems(doc: Doc) -> list[Problem]:
    try:
        load_document(json.dumps(doc), media="json")
    except InvalidArgumentMap as error:
        return list(error.problems)
    return []


@pytest.fixture
def reported(minimal_map: Doc) -> Doc:
    """The minimal map as a report: a reporter wrote the text; the thesis is the reporter's, the claim A's."""
    minimal_map["speakers"].append({"id": "reporter", "name": "R"})
    minimal_map["sources"][0]["written_by"] = "reporter"
    minimal_map["nodes"][0]["speaker"] = "reporter"
    minimal_map["nodes"][0]["quotes"][0]["provenance"] = "author-voice"
    minimal_map["nodes"][1]["quotes"][0]["provenance"] = "speaker-words"
    return minimal_map


class TestProvenance:
    def test_a_report_with_consistent_voices_is_valid(self, reported: Doc) -> None:
        assert _problems(reported) == []

    def test_provenance_is_optional(self, minimal_map: Doc) -> None:
        minimal_map["sources"][0]["written_by"] = "a"
        assert _problems(minimal_map) == []

    def test_an_unknown_value_is_named(self, reported: Doc) -> None:
        reported["nodes"][1]["quotes"][0]["provenance"] = "hearsay"

        (problem,) = _problems(reported)

        assert (problem.path, problem.code) == ("nodes[1].quotes[0].provenance", "unknown-value")
        assert "speaker-words, author-paraphrase, author-voice" in problem.message

    @pytest.mark.parametrize("provenance", ["speaker-words", "author-paraphrase"])
    def test_someone_elses_words_on_the_authors_node(self, provenance: str, reported: Doc) -> None:
        reported["nodes"][0]["quotes"][0]["provenance"] = provenance

        (problem,) = _problems(reported)

        assert (problem.path, problem.code) == ("nodes[0].quotes[0]", "quote-provenance")
        assert "'reporter'" in problem.message

    def test_the_authors_own_voice_on_someone_elses_node(self, reported: Doc) -> None:
        reported["nodes"][1]["quotes"][0]["provenance"] = "author-voice"

        (problem,) = _problems(reported)

        assert (problem.path, problem.code) == ("nodes[1].quotes[0]", "quote-provenance")
        assert "author-paraphrase" in problem.message

    def test_without_a_named_author_nothing_is_checked(self, reported: Doc) -> None:
        del reported["sources"][0]["written_by"]
        reported["nodes"][1]["quotes"][0]["provenance"] = "author-voice"

        assert _problems(reported) == []

    def test_the_author_must_be_a_speaker(self, reported: Doc) -> None:
        reported["sources"][0]["written_by"] = "ghost"

        codes = [(problem.path, problem.code) for problem in _problems(reported)]

        assert codes == [("sources[0].written_by", "unknown-speaker")]


class TestForecastRules:
    @pytest.fixture
    def forecast(self, minimal_map: Doc) -> Doc:
        forecast: Doc = {"resolves_by": "2028-12-31", "criterion": "It happens.", "probability": 0.6}
        minimal_map["nodes"][0]["forecast"] = forecast
        return minimal_map

    def test_a_plain_forecast_is_valid(self, forecast: Doc) -> None:
        assert _problems(forecast) == []

    @pytest.mark.parametrize(
        ("change", "path", "code"),
        [
            ({"resolves_by": "2028-02-30"}, "nodes[0].forecast.resolves_by", "invalid-date"),
            ({"resolves_by": "end of 2028"}, "nodes[0].forecast.resolves_by", "invalid-date"),
            ({"probability_low": 0.5}, "nodes[0].forecast", "forecast-probability"),
            (
                {"probability": None, "probability_low": 0.7, "probability_high": 0.2},
                "nodes[0].forecast",
                "forecast-probability",
            ),
            ({"probability": 1.5}, "nodes[0].forecast.probability", "out-of-range"),
            (
                {"status": "resolved-true", "resolved_on": "2029-01-01"},
                "nodes[0].forecast.resolution_source",
                "forecast-resolution",
            ),
            (
                {"resolution_source": "https://example.org"},
                "nodes[0].forecast.resolution_source",
                "forecast-resolution",
            ),
            ({"status": "maybe"}, "nodes[0].forecast.status", "unknown-value"),
        ],
    )
    def test_rule(self, change: Doc, path: str, code: str, forecast: Doc) -> None:
        forecast["nodes"][0]["forecast"].update(change)

        problems = [(problem.path, problem.code) for problem in _problems(forecast)]

        assert problems == [(path, code)]

    def test_a_resolved_forecast_with_its_record_is_valid(self, forecast: Doc) -> None:
        forecast["nodes"][0]["forecast"].update(
            {"status": "resolved-false", "resolved_on": "2029-01-03", "resolution_source": "A later report"}
        )

        assert _problems(forecast) == []
