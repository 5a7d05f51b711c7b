"""ClaimReview out: JSON-LD that a JSON-LD processor (pyld) expands to schema.org ClaimReview items a
fact-checker would sign: a named publisher, a human page, the map version's date, the claim where it appeared
and in its speaker's words, a documented rating scale, and no true/false verdict on a probability."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld  # type: ignore[import-untyped]
from support.export_maps import Scored, scored
from support.maps import small_map

from graph.debate import thesis_spread
from graph.document import check_computation, load_document
from graph.export import RATING_SCALE, ExportFormat, ReviewPublisher, export_map, rate_figure
from schemas import ComputationCheck, ForecastStatus, Operation, StatedComputation

S = "http://schema.org/"
NOW = dt.datetime(2026, 5, 6, 9, 30, tzinfo=dt.UTC)
BASE = "https://maps.example.org"
PUBLISHER = ReviewPublisher(
    name="The Desk", url="https://desk.example.org", logo="https://desk.example.org/l.png"
)
# schema.org serves its context at https://schema.org; the tests have no network, so the loader answers
# with the part of that context these documents use: schema.org's own "@vocab" (http://schema.org/, as the
# published context has it) and "url" as an IRI. Any other remote document fails the test.
SCHEMA_ORG_CONTEXT = {"@context": {"@vocab": S, "url": {"@id": f"{S}url", "@type": "@id"}}}
# The properties schema.org defines for each type these documents use (own and inherited, from the type pages
# at schema.org: ClaimReview < Review < CreativeWork < Thing; Claim < CreativeWork; Rating < Intangible <
# Thing; Organization < Thing; ImageObject < MediaObject < CreativeWork). Only those used here are listed.
THING = {"name", "url", "alternateName"}
CREATIVE_WORK = THING | {"author", "publisher", "datePublished", "headline", "text", "isBasedOn"}
DEFINED = {
    "ClaimReview": CREATIVE_WORK
    | {"claimReviewed", "itemReviewed", "reviewRating", "reviewBody", "reviewAspect"},
    "Claim": CREATIVE_WORK | {"appearance", "firstAppearance"},
    "Rating": THING | {"ratingValue", "bestRating", "worstRating", "ratingExplanation"},
    "Organization": THING | {"logo"},
    "ImageObject": CREATIVE_WORK,
    "CreativeWork": CREATIVE_WORK,
}
TEXT = (
    'Clark writes: "There is a 30% chance by 2027." He adds that 0.999^500 is "60.5%" and that 2^10 is 900.'
)
REPORT = """
id: desk
title: A forecast and two figures
root: thirty
sources:
  - id: report
    title: The report
    outlet: The Daily
    written_by: reporter
    reports_on: essay
    text: TEXT
  - id: essay
    title: The essay
    outlet: Clark's newsletter
    author: Jack Clark
    published: "2026-05-04"
    url: https://newsletter.example.org/455
speakers:
  - {id: clark, name: Jack Clark}
  - {id: reporter, name: The reporter}
nodes:
  - id: thirty
    kind: thesis
    speaker: clark
    text: Automated AI research has a 30% chance of arriving by the end of 2027.
    base_score: 0.5
    rationale: r
    quotes:
      - {start: 14, end: 46, text: '"There is a 30% chance by 2027."', provenance: speaker-words}
    forecast:
      resolves_by: "2027-12-31"
      criterion: An AI system trains its successor
      probability: 0.3
      status: resolved-true
      resolved_on: "2028-01-05"
      resolution_source: https://outcomes.example.org/ai-rd
  - id: compounding
    kind: evidence
    speaker: clark
    text: 99.9% accuracy compounds to about 60% over 500 generations.
    base_score: 0.8
    rationale: r
    quotes:
      - {start: 73, end: 80, text: '"60.5%"', provenance: speaker-words}
      - {start: 47, end: 102, text: 'He adds that 0.999^500 is "60.5%" and that 2^10 is 900.',
         provenance: author-paraphrase}
    computations:
      - {operation: power, inputs: [0.999, 500], stated: 0.605, decimals: 3, stated_as: "60.5%",
         label: 99.9% compounded 500 times}
      - {operation: power, inputs: [2, 10], stated: 900, decimals: 0, label: 2 to the 10th}
relations:
  - {source: compounding, target: thirty, type: supports}
""".replace("TEXT", repr(TEXT))


def load_document_loader(url: str, options: Any = None) -> dict[str, Any]:
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        pytest.fail(f"the ClaimReview export made the processor fetch {url}")
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_ORG_CONTEXT}


def exported(found: Scored, **options: Any) -> dict[str, Any]:
    result = export_map(found.graph, found.evaluation, ExportFormat.CLAIMREVIEW, now=NOW, **options)
    assert result.media_type == "application/ld+json"
    document: dict[str, Any] = json.loads(result.content)
    return document


def expanded(found: Scored, **options: Any) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = jsonld.expand(
        exported(found, **options), {"documentLoader": load_document_loader}
    )
    return result


def reviews(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [item for item in items if item.get("@type") == [f"{S}ClaimReview"]]


def value(item: dict[str, Any], name: str) -> Any:
    (found,) = item[f"{S}{name}"]
    return found.get("@value", found.get("@id", found))


def values(item: dict[str, Any], name: str) -> list[Any]:
    return [found.get("@value", found.get("@id", found)) for found in item.get(f"{S}{name}", [])]


@pytest.fixture(scope="module")
def desk() -> Scored:
    return scored(load_document(REPORT))


def desk_reviews(desk: Scored) -> dict[str, dict[str, Any]]:
    spread = thesis_spread(desk.graph)
    found = reviews(expanded(desk, base_url=BASE, publisher=PUBLISHER, published="2026-05-07", spread=spread))
    return {
        value(review, "reviewAspect").split(":")[0] + ":" + value(review, "claimReviewed"): review
        for review in found
    }


def walk(node: Any) -> list[dict[str, Any]]:
    """Every typed node of an expanded document."""
    found = []
    if isinstance(node, dict):
        if "@type" in node:
            found.append(node)
        for key, item in node.items():
            if key.startswith("http"):
                found.extend(walk(item))
    elif isinstance(node, list):
        for item in node:
            found.extend(walk(item))
    return found


class TestScale:
    @pytest.mark.parametrize(
        ("inputs", "stated", "decimals", "rating"),
        [
            ([0.999, 500], 0.6064, 4, "Accurate"),
            ([0.999, 500], 0.605, 3, "Slightly off"),  # 0.14 points off 60.64
            ([2, 10], 1020, 0, "Slightly off"),  # 4 in 1024
            ([2, 10], 1000, 0, "Off"),  # 24 in 1024, 2.3%
            ([2, 10], 900, 0, "Miscalculated"),
        ],
    )
    def test_a_figure_is_rated_by_how_far_it_is_from_its_inputs(
        self, inputs: list[float], stated: float, decimals: int, rating: str
    ) -> None:
        check = check_computation(
            StatedComputation(operation=Operation.POWER, inputs=inputs, stated=stated, decimals=decimals)
        )
        assert rate_figure(check).name == rating

    def test_the_scale_is_documented_step_by_step(self) -> None:
        page = (Path(__file__).resolve().parents[3] / "docs" / "interchange.md").read_text(encoding="utf-8")
        rows = re.findall(r"^\| (\d) \| \*\*([^*]+)\*\* \| ([^|]+) \|", page, flags=re.M)
        assert [(int(v), name) for v, name, _ in rows] == [(step.value, step.name) for step in RATING_SCALE]
        for (_, _, meaning), step in zip(rows, RATING_SCALE, strict=True):
            assert step.meaning in meaning


class TestSigned:
    def test_every_review_is_signed_dated_by_the_version_and_points_at_the_viewer(self, desk: Scored) -> None:
        for review in desk_reviews(desk).values():
            author = value(review, "author")
            assert value(author, "name") == "The Desk"
            assert value(author, "url") == "https://desk.example.org"
            assert value(value(author, "logo"), "url") == "https://desk.example.org/l.png"
            assert value(value(review, "publisher"), "name") == "The Desk"
            assert value(review, "datePublished") == "2026-05-07"  # the map version's date, not the export's
            assert value(review, "url").startswith(f"{BASE}/maps/desk/view?version=1#node-")

    def test_without_a_publisher_the_service_signs_with_its_own_address_not_argmap(
        self, desk: Scored
    ) -> None:
        for review in reviews(expanded(desk, base_url=BASE)):
            assert value(value(review, "author"), "name") == "maps.example.org"
            assert value(value(review, "author"), "url") == BASE
            assert value(review, "datePublished") == NOW.date().isoformat()

    def test_every_property_is_one_schema_org_defines_for_its_type(self, desk: Scored) -> None:
        nodes = walk(expanded(desk, base_url=BASE, publisher=PUBLISHER, spread=thesis_spread(desk.graph)))
        assert nodes
        for node in nodes:
            (kind,) = node["@type"]
            used = {key.removeprefix(S) for key in node if key.startswith(S)}
            assert used <= DEFINED[kind.removeprefix(S)], (kind, used - DEFINED[kind.removeprefix(S)])


class TestFigures:
    def test_the_slip_is_slightly_off_in_the_speakers_words_and_links_its_evidence(
        self, desk: Scored
    ) -> None:
        found = desk_reviews(desk)
        slip = found['arithmetic:"60.5%"']  # the speaker's own words that state the figure
        rating = value(slip, "reviewRating")

        assert (value(rating, "ratingValue"), value(rating, "alternateName")) == (3, "Slightly off")
        assert (value(rating, "bestRating"), value(rating, "worstRating")) == (4, 1)
        evidence = [value(work, "url") for work in values(slip, "isBasedOn")]
        assert f"{BASE}/sources/report?start=73&end=80" in evidence
        assert f"{BASE}/maps/desk/checks?version=1" in evidence
        assert "Slightly off" in value(slip, "reviewBody")

    def test_a_figure_with_no_words_of_its_speaker_is_named_by_its_label(self, desk: Scored) -> None:
        wrong = desk_reviews(desk)["arithmetic:2 to the 10th: 900"]

        assert value(value(wrong, "reviewRating"), "alternateName") == "Miscalculated"

    def test_the_claim_appeared_in_the_report_and_first_in_the_essay(self, desk: Scored) -> None:
        review = desk_reviews(desk)['arithmetic:"60.5%"']
        (claim,) = review[f"{S}itemReviewed"]
        appearance = value(claim, "appearance")
        first = value(claim, "firstAppearance")

        assert value(appearance, "headline") == "The report"
        assert value(value(appearance, "author"), "name") == "The reporter"
        assert value(value(appearance, "publisher"), "name") == "The Daily"
        assert value(first, "url") == "https://newsletter.example.org/455"
        assert value(value(first, "author"), "name") == "Jack Clark"
        assert value(claim, "datePublished") == "2026-05-04"


class TestForecasts:
    def test_a_thirty_percent_forecast_that_came_true_is_not_rated_true(self, desk: Scored) -> None:
        (forecast,) = [r for key, r in desk_reviews(desk).items() if key.startswith("forecast:")]
        rating = value(forecast, "reviewRating")
        body = value(forecast, "reviewBody")

        assert value(forecast, "claimReviewed") == '"There is a 30% chance by 2027."'
        assert f"{S}ratingValue" not in rating
        assert value(rating, "alternateName") == "Forecast, not rated true or false: it happened"
        assert "Brier score 0.49" in body  # (0.3 - 1)^2
        assert "https://outcomes.example.org/ai-rd" in [
            value(w, "url") for w in values(forecast, "isBasedOn")
        ]

    def test_the_review_of_the_root_gives_its_strength_under_each_semantics_and_its_band(
        self, desk: Scored
    ) -> None:
        spread = thesis_spread(desk.graph)
        (forecast,) = [r for key, r in desk_reviews(desk).items() if key.startswith("forecast:")]
        body = value(forecast, "reviewBody")

        assert spread.reading in body
        assert "strengths, not probabilities" in body

    def test_a_resolved_forecast_is_reviewed_and_an_open_one_is_not(self, tricky: Scored) -> None:
        found = reviews(expanded(tricky))
        forecasts = [review for review in found if value(review, "reviewAspect").startswith("forecast")]

        assert len(found) == 3  # two stated figures and the resolved forecast; the thesis' forecast is open
        (forecast,) = forecasts
        assert value(forecast, "url").endswith("/maps/tricky/view?version=1#node-rebuttal")
        rating = value(forecast, "reviewRating")
        assert value(rating, "alternateName") == "Forecast, not rated true or false: it did not happen"
        assert "Brier score 0.49" in value(forecast, "reviewBody")  # 70% on what did not happen
        (claim,) = forecast[f"{S}itemReviewed"]
        assert value(value(claim, "author"), "name") == "@Mallory <the> *bold*"


def test_one_review_per_figure_and_resolved_forecast_and_none_without(pouches: Scored, essay: Scored) -> None:
    for found in (pouches, essay):
        figures = sum(len(node.computations) for node in found.document.nodes)
        resolved = sum(
            1
            for node in found.document.nodes
            if node.forecast and node.forecast.status is not ForecastStatus.OPEN
        )
        assert len(reviews(expanded(found))) == figures + resolved
    assert reviews(expanded(scored(small_map()))) == []


def test_no_rating_says_miscalculated_for_a_slip_within_one_percent(essay: Scored) -> None:
    for review in reviews(expanded(essay)):
        rating = value(review, "reviewRating")
        if f"{S}ratingValue" not in rating:
            continue
        step = next(step for step in RATING_SCALE if step.value == value(rating, "ratingValue"))
        assert value(rating, "alternateName") == step.name
        check: ComputationCheck | None = None
        for node in essay.document.nodes:
            for computation in node.computations:
                found = check_computation(computation)
                if found.explanation == value(rating, "ratingExplanation"):
                    check = found
        assert check is not None
        assert rate_figure(check) == step
