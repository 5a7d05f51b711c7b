"""schema.org ClaimReview (JSON-LD): a review for every figure argmap re-checked and every resolved forecast.

A stated computation ("99.9% accurate ... 60.5% accurate after 500 generations") is a claim argmap can rate:
the figure either follows from its inputs at the precision it is stated to or it does not. A forecast whose
outcome is recorded (``resolved-true``/``resolved-false``) carries a verdict too. Each becomes a
``ClaimReview`` whose ``itemReviewed`` is the ``Claim`` (its speaker as ``author``, the source it appears in
as ``appearance``) and whose ``reviewRating`` states its scale: ``worstRating`` 0 and ``bestRating`` 1, named
in ``alternateName`` ("Miscalculated"/"Accurate" for figures, "False"/"True" for forecasts), with the reason
as ``ratingExplanation``. Open forecasts have no verdict yet and no review.
"""

from __future__ import annotations

from typing import Any

from graph.document import check_computation
from graph.export._common import speaker_name
from graph.mapgraph import MapGraph
from schemas import ForecastStatus, Node, Source

SCHEMA_ORG = "https://schema.org"
RATINGS = {True: (1, "Accurate"), False: (0, "Miscalculated")}
ARITHMETIC = "arithmetic: does the stated figure follow from its inputs at its stated precision?"
FORECAST_RATINGS = {ForecastStatus.RESOLVED_TRUE: (1, "True"), ForecastStatus.RESOLVED_FALSE: (0, "False")}


def claim_reviews(graph: MapGraph, *, base_url: str, published: str, reviewer: str) -> list[dict[str, Any]]:
    """A ClaimReview for every stated computation and every resolved forecast of the map, in document order.

    Args:
        graph: The map.
        base_url: Where argmap is served (``https://maps.example.org``): each review's ``url`` is the
            claim's page there, which shows the check.
        published: The review date (ISO 8601, ``2026-05-06``).
        reviewer: Who publishes the reviews (an organisation's name).
    """
    reviews = []
    for node in graph.document.nodes:
        for number, computation in enumerate(node.computations):
            try:
                check = check_computation(computation)
            except ValueError:
                # A stored map passed validation, so its computations check; nothing to rate otherwise.
                continue
            url = f"{base_url.rstrip('/')}/claims/{graph.id}/{node.id}#computation-{number}"
            value, verdict = RATINGS[check.agrees]
            stated = check.stated_as or f"{check.stated:g}"
            reviews.append(
                _review(
                    graph,
                    node,
                    url=url,
                    reviewed=f"{check.label}: {stated}" if check.label else stated,
                    aspect=ARITHMETIC,
                    rating=(value, verdict, check.explanation),
                    published=published,
                    reviewer=reviewer,
                )
            )
        forecast = node.forecast
        if forecast is not None and forecast.status in FORECAST_RATINGS:
            value, verdict = FORECAST_RATINGS[forecast.status]
            explanation = f"Resolves by {forecast.resolves_by}: {forecast.criterion}"
            if forecast.resolved_on:
                explanation += f" Resolved on {forecast.resolved_on}"
                explanation += f", per {forecast.resolution_source}." if forecast.resolution_source else "."
            reviews.append(
                _review(
                    graph,
                    node,
                    url=f"{base_url.rstrip('/')}/claims/{graph.id}/{node.id}#forecast",
                    reviewed=node.text,
                    aspect="forecast: did the predicted event happen by its date?",
                    rating=(value, verdict, explanation),
                    published=forecast.resolved_on or published,
                    reviewer=reviewer,
                )
            )
    return reviews


def claim_review_document(graph: MapGraph, *, base_url: str, published: str, reviewer: str) -> dict[str, Any]:
    """All of the map's reviews as one JSON-LD document (``@graph``), with schema.org as its context."""
    reviews = claim_reviews(graph, base_url=base_url, published=published, reviewer=reviewer)
    return {"@context": SCHEMA_ORG, "@graph": reviews}


def _review(
    graph: MapGraph,
    node: Node,
    *,
    url: str,
    reviewed: str,
    aspect: str,
    rating: tuple[int, str, str],
    published: str,
    reviewer: str,
) -> dict[str, Any]:
    value, verdict, explanation = rating
    claim: dict[str, Any] = {
        "@type": "Claim",
        # The map does not say whether a speaker is a person or an organisation, so no type is claimed.
        "author": {"name": speaker_name(graph, node.speaker)},
        "appearance": [_appearance(graph.sources[source_id]) for source_id in _sources_of(graph, node)],
    }
    if node.quotes:
        claim["text"] = node.quotes[0].text
    return {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": reviewed,
        "itemReviewed": claim,
        "author": {"@type": "Organization", "name": reviewer},
        "datePublished": published,
        "reviewAspect": aspect,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "worstRating": 0,
            "bestRating": 1,
            "alternateName": verdict,
            "ratingExplanation": explanation,
        },
    }


def _sources_of(graph: MapGraph, node: Node) -> list[str]:
    """The sources the node is quoted from (the map's only text source for a quote that names none)."""
    with_text = [source.id for source in graph.document.sources if source.text is not None]
    found: list[str] = []
    for quote in node.quotes:
        source = quote.source or (with_text[0] if len(with_text) == 1 else None)
        if source is not None and source in graph.sources and source not in found:
            found.append(source)
    return found


def _appearance(source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "headline": source.title}
    if source.url:
        work["url"] = source.url
    if source.outlet:
        work["publisher"] = {"@type": "Organization", "name": source.outlet}
    if source.author:
        work["author"] = {"name": source.author}
    if source.published:
        work["datePublished"] = source.published
    return work
