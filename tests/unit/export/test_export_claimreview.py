"""ClaimReview out: JSON-LD that a JSON-LD processor (pyld) expands to schema.org ClaimReview items."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from pyld import jsonld  # type: ignore[import-untyped]
from support.export_maps import Scored, scored
from support.maps import small_map

from graph.export import ExportFormat, export_map
from schemas import ForecastStatus

S = "http://schema.org/"
NOW = dt.datetime(2026, 5, 6, 9, 30, tzinfo=dt.UTC)
# schema.org serves its context at https://schema.org; the tests have no network, so the loader answers
# with the part of that context these documents use: schema.org's own "@vocab" (http://schema.org/, as the
# published context has it) and "url" as an IRI. Any other remote document fails the test.
SCHEMA_ORG_CONTEXT = {"@context": {"@vocab": S, "url": {"@id": f"{S}url", "@type": "@id"}}}


def load_document(url: str, options: Any = None) -> dict[str, Any]:
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        pytest.fail(f"the ClaimReview export made the processor fetch {url}")
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_ORG_CONTEXT}


def expanded(scored: Scored) -> list[dict[str, Any]]:
    exported = export_map(scored.graph, scored.evaluation, ExportFormat.CLAIMREVIEW, now=NOW)
    assert exported.media_type == "application/ld+json"
    result: list[dict[str, Any]] = jsonld.expand(
        json.loads(exported.content), {"documentLoader": load_document}
    )
    return result


def reviews(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [item for item in items if item.get("@type") == [f"{S}ClaimReview"]]


def value(item: dict[str, Any], name: str) -> Any:
    (found,) = item[f"{S}{name}"]
    return found.get("@value", found.get("@id", found))


def test_every_stated_figure_check_is_a_claim_review(essay: Scored) -> None:
    found = reviews(expanded(essay))
    checks = [(node, computation) for node in essay.document.nodes for computation in node.computations]

    assert len(found) == len(checks) >= 2
    for review in found:
        for name in ("claimReviewed", "itemReviewed", "reviewRating", "author", "datePublished", "url"):
            assert f"{S}{name}" in review, name
        assert value(review, "datePublished") == "2026-05-06"
        (claim,) = review[f"{S}itemReviewed"]
        assert claim["@type"] == [f"{S}Claim"]
        assert value(value(claim, "author"), "name")
        appearance = value(claim, "appearance")
        assert value(appearance, "headline") == "Anthropic's Jack Clark: automated AI R&D likely by 2028"
        rating = value(review, "reviewRating")
        assert rating["@type"] == [f"{S}Rating"]
        assert (value(rating, "worstRating"), value(rating, "bestRating")) == (0, 1)
        assert value(rating, "ratingValue") in (0, 1)
        assert value(rating, "ratingExplanation")


def test_the_sixty_point_five_slip_is_rated_miscalculated(essay: Scored) -> None:
    by_claim = {value(review, "claimReviewed"): review for review in reviews(expanded(essay))}
    (slip,) = [review for claim, review in by_claim.items() if claim.endswith(": 60.5%")]
    (right,) = [review for claim, review in by_claim.items() if claim.endswith(": 95.12%")]

    assert value(value(slip, "reviewRating"), "ratingValue") == 0
    assert value(value(slip, "reviewRating"), "alternateName") == "Miscalculated"
    assert "does not agree" in value(value(slip, "reviewRating"), "ratingExplanation")
    assert value(value(right, "reviewRating"), "ratingValue") == 1
    assert value(slip, "url").startswith("http://127.0.0.1:8000/claims/import-ai-455/")
    (claim,) = slip[f"{S}itemReviewed"]
    assert "60.5% accurate after 500 generations" in value(claim, "text")


def test_one_review_per_figure_and_none_without_figures(pouches: Scored) -> None:
    figures = sum(len(node.computations) for node in pouches.document.nodes)

    assert len(reviews(expanded(pouches))) == figures > 0
    assert reviews(expanded(scored(small_map()))) == []


def test_a_resolved_forecast_is_reviewed_and_an_open_one_is_not(tricky: Scored) -> None:
    found = reviews(expanded(tricky))
    (forecast,) = [
        review for review in found if value(review, "url").endswith("/claims/tricky/rebuttal#forecast")
    ]

    assert len(found) == 3  # two stated figures and the resolved forecast; the thesis' forecast is open
    assert value(forecast, "claimReviewed") == tricky.graph.nodes["rebuttal"].text
    assert value(forecast, "datePublished") == "2026-02-01"
    rating = value(forecast, "reviewRating")
    assert (value(rating, "ratingValue"), value(rating, "alternateName")) == (0, "False")
    assert "https://example.org/outcome" in value(rating, "ratingExplanation")
    (claim,) = forecast[f"{S}itemReviewed"]
    assert value(value(claim, "author"), "name") == "@Mallory <the> *bold*"


def test_the_essay_reviews_its_figures_and_only_resolved_forecasts(essay: Scored) -> None:
    figures = sum(len(node.computations) for node in essay.document.nodes)
    resolved = sum(
        1
        for node in essay.document.nodes
        if node.forecast and node.forecast.status is not ForecastStatus.OPEN
    )

    assert len(reviews(expanded(essay))) == figures + resolved
