"""schema.org ClaimReview (JSON-LD): a review for every figure argmap re-checked and every resolved forecast.

A stated computation ("99.9% accurate ... 60.5% accurate after 500 generations") is a claim argmap can rate on
one documented scale (``RATING_SCALE``): how far the stated figure is from what its inputs give. A forecast
with a probability is never rated true or false: a 30% forecast that comes true was not "true", nor a wrong
one "false"; its review gives the outcome and the Brier score in its body, and the rating names it a forecast.
Each review is signed by the publisher that runs the service (``ReviewPublisher``), dated by the map version
it describes (not the day it was downloaded), points at the viewer's permalink of the claim, quotes the claim
in its speaker's own words when the map holds them, says where the claim appeared, and links the evidence
that carries its rating.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from graph.document import check_computation
from graph.export._common import speaker_name
from graph.forecasts import scored_probability
from graph.mapgraph import MapGraph, quote_source, ranked_quotes
from graph.render import view_href
from schemas import ComputationCheck, ForecastStatus, Node, QuoteProvenance, Source, Spread

SCHEMA_ORG = "https://schema.org"
ARITHMETIC = "arithmetic: how far is the stated figure from what its inputs give?"
FORECAST = "forecast: did the predicted event happen by its date, and how good was the stated probability?"


@dataclass(frozen=True, slots=True)
class ReviewPublisher:
    """Who publishes the reviews: the organisation running the service, its home page and its logo.

    Example:
        >>> ReviewPublisher.serving("https://maps.example.org/")
        ReviewPublisher(name='maps.example.org', url='https://maps.example.org', logo=None)
    """

    name: str
    url: str
    logo: str | None = None

    @classmethod
    def serving(cls, base_url: str) -> ReviewPublisher:
        """The publisher when none is configured: the service's own address names it."""
        origin = base_url.rstrip("/")
        return cls(name=urlsplit(origin).hostname or origin, url=origin)

    def organisation(self) -> dict[str, Any]:
        """The publisher as a schema.org ``Organization``."""
        found: dict[str, Any] = {"@type": "Organization", "name": self.name, "url": self.url}
        if self.logo:
            found["logo"] = {"@type": "ImageObject", "url": self.logo}
        return found


@dataclass(frozen=True, slots=True)
class RatingStep:
    """One step of the figures' rating scale: its value, its name, and the largest gap it allows."""

    value: int
    name: str
    within: float
    """The largest gap between the stated figure and the exact result, as a share of the exact result (0: at
    the figure's stated precision, half a unit of its last decimal)."""
    meaning: str


RATING_SCALE: tuple[RatingStep, ...] = (
    RatingStep(4, "Accurate", 0.0, "agrees with what its inputs give at its stated precision"),
    RatingStep(3, "Slightly off", 0.01, "off by at most 1% of what its inputs give: a slip, not an error"),
    RatingStep(2, "Off", 0.1, "off by more than 1% and at most 10% of what its inputs give"),
    RatingStep(1, "Miscalculated", math.inf, "off by more than 10% of what its inputs give"),
)
"""The figures' rating scale, best first: ``bestRating`` is the first step's value, ``worstRating`` the
last's (documented in docs/interchange.md, which a test compares with this table)."""
BEST, WORST = RATING_SCALE[0].value, RATING_SCALE[-1].value


def rate_figure(check: ComputationCheck) -> RatingStep:
    """The step of ``RATING_SCALE`` a re-checked figure earns.

    Example:
        >>> from graph.document import check_computation
        >>> from schemas import Operation, StatedComputation
        >>> check = check_computation(StatedComputation(operation=Operation.POWER, inputs=[0.999, 500],
        ...                                              stated=0.605, decimals=3))
        >>> rate_figure(check).name  # 60.5% stated, 60.64% exact: a 0.14-point slip
        'Slightly off'
    """
    if check.agrees:
        return RATING_SCALE[0]
    gap = abs(check.difference) / abs(check.computed) if check.computed else math.inf
    return next(step for step in RATING_SCALE[1:] if gap <= step.within)


def claim_reviews(
    graph: MapGraph,
    *,
    base_url: str,
    published: str,
    publisher: ReviewPublisher | None = None,
    spread: Spread | None = None,
) -> list[dict[str, Any]]:
    """A ClaimReview for every stated computation and every resolved forecast of the map, in document order.

    Args:
        graph: The map version reviewed.
        base_url: Where argmap is served (``https://maps.example.org``): each review's ``url`` is the claim in
            the viewer of this map version, which shows the check.
        published: The date of the map version (ISO 8601, ``2026-05-06``): the reviews are of that version.
        publisher: Who publishes the reviews; the service's own address when None.
        spread: The root's strength under each published semantics and its band, given in the body of a
            review of the root.
    """
    base = base_url.rstrip("/")
    signer = publisher or ReviewPublisher.serving(base)
    reviews = []
    for node in graph.document.nodes:
        url = base + view_href(graph.id, node.id, graph.version)
        for computation in node.computations:
            try:
                check = check_computation(computation)
            except ValueError:
                # A stored map passed validation, so its computations check; nothing to rate otherwise.
                continue
            step = rate_figure(check)
            stated = check.stated_as or f"{check.stated:g}"
            body = f"{check.explanation} On argmap's scale this is {step.name}: {step.meaning}."
            review = _review(
                graph,
                node,
                url=url,
                reviewed=(_in_own_words(graph, node, check.stated_as) if check.stated_as else None)
                or (f"{check.label}: {stated}" if check.label else stated),
                aspect=ARITHMETIC,
                rating={
                    "ratingValue": step.value,
                    "bestRating": BEST,
                    "worstRating": WORST,
                    "alternateName": step.name,
                    "ratingExplanation": check.explanation,
                },
                body=_with_spread(body, node, spread),
                published=published,
                publisher=signer,
                evidence=[*_quoted_passages(graph, node, base), _checks_page(graph, base)],
            )
            reviews.append(review)
        forecast = _forecast_review(graph, node, url, base, published, signer, spread)
        if forecast is not None:
            reviews.append(forecast)
    return reviews


def claim_review_document(
    graph: MapGraph,
    *,
    base_url: str,
    published: str,
    publisher: ReviewPublisher | None = None,
    spread: Spread | None = None,
) -> dict[str, Any]:
    """All of the map's reviews as one JSON-LD document (``@graph``), with schema.org as its context."""
    reviews = claim_reviews(graph, base_url=base_url, published=published, publisher=publisher, spread=spread)
    return {"@context": SCHEMA_ORG, "@graph": reviews}


def _forecast_review(
    graph: MapGraph,
    node: Node,
    url: str,
    base: str,
    published: str,
    publisher: ReviewPublisher,
    spread: Spread | None,
) -> dict[str, Any] | None:
    forecast = node.forecast
    if forecast is None or forecast.status is ForecastStatus.OPEN:
        return None
    happened = forecast.status is ForecastStatus.RESOLVED_TRUE
    outcome = "it happened" if happened else "it did not happen"
    resolved = f" (recorded {forecast.resolved_on})" if forecast.resolved_on else ""
    body = f"Forecast: {forecast.criterion} by {forecast.resolves_by}. Outcome: {outcome}{resolved}."
    probability = scored_probability(forecast)
    if probability is None:
        body += " No probability was stated, so there is nothing to score."
    else:
        brier = (probability - (1.0 if happened else 0.0)) ** 2
        body += (
            f" Stated probability {probability:.0%}: Brier score {brier:.2f} (0 is a perfect forecast, 0.25"
            " what a bare 50% scores, 1 the worst). One forecast is not true or false; many, scored together,"
            " show whether a forecaster is calibrated."
        )
    evidence = _quoted_passages(graph, node, base)
    if forecast.resolution_source:
        evidence.append(_work(forecast.resolution_source, "Where the outcome is documented"))
    return _review(
        graph,
        node,
        url=url,
        reviewed=_in_own_words(graph, node) or node.text,
        aspect=FORECAST,
        rating={
            "alternateName": f"Forecast, not rated true or false: {outcome}",
            "ratingExplanation": body,
        },
        body=_with_spread(body, node, spread),
        published=published,
        publisher=publisher,
        evidence=evidence,
    )


def _with_spread(body: str, node: Node, spread: Spread | None) -> str:
    if spread is None or spread.root != node.id:
        return body
    return f"{body} How the map weighs the case for it: {spread.reading}"


def _in_own_words(graph: MapGraph, node: Node, holding: str | None = None) -> str | None:
    """The node's quote in its speaker's own words (holding ``holding`` when given), if the map has one."""
    for found in ranked_quotes(graph, node):
        if found.provenance is QuoteProvenance.SPEAKER_WORDS and (holding is None or holding in found.text):
            return found.text.strip()
    return None


def _review(
    graph: MapGraph,
    node: Node,
    *,
    url: str,
    reviewed: str,
    aspect: str,
    rating: dict[str, Any],
    body: str,
    published: str,
    publisher: ReviewPublisher,
    evidence: list[dict[str, Any]],
) -> dict[str, Any]:
    sources = _sources_of(graph, node)
    claim: dict[str, Any] = {
        "@type": "Claim",
        # The map does not say whether a speaker is a person or an organisation, so no type is claimed.
        "author": {"name": speaker_name(graph, node.speaker)},
        "appearance": [_appearance(graph, source) for source in sources],
    }
    first = [graph.sources[s.reports_on] for s in sources if s.reports_on and s.reports_on in graph.sources]
    if first:
        claim["firstAppearance"] = _appearance(graph, first[0])
    dated = [s.published for s in (*first, *sources) if s.published]
    if dated:
        claim["datePublished"] = dated[0]
    quotes = ranked_quotes(graph, node)
    if quotes:
        claim["text"] = quotes[0].text
    organisation = publisher.organisation()
    return {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": reviewed,
        "itemReviewed": claim,
        "author": organisation,
        "publisher": organisation,
        "datePublished": published,
        "reviewAspect": aspect,
        "reviewBody": body,
        "reviewRating": {"@type": "Rating", **rating},
        "isBasedOn": evidence,
    }


def _sources_of(graph: MapGraph, node: Node) -> list[Source]:
    """The sources the node is quoted from (the map's only text source for a quote that names none)."""
    found: list[Source] = []
    for item in node.quotes:
        source = graph.sources.get(quote_source(graph, item) or "")
        if source is not None and source not in found:
            found.append(source)
    return found


def _quoted_passages(graph: MapGraph, node: Node, base: str) -> list[dict[str, Any]]:
    """Each quoted span of the node, as a link to that passage of its source."""
    passages = []
    for item in node.quotes:
        source_id = quote_source(graph, item)
        if source_id is None or source_id not in graph.sources:
            continue
        url = f"{base}/sources/{quote(source_id, safe='')}?start={item.start}&end={item.end}"
        passages.append(_work(url, f"The quoted passage of {graph.sources[source_id].title}"))
    return passages


def _checks_page(graph: MapGraph, base: str) -> dict[str, Any]:
    url = f"{base}/maps/{quote(graph.id, safe='')}/checks?version={graph.version}"
    return _work(url, "argmap's recomputation of every stated figure of this map version")


def _work(url: str, name: str) -> dict[str, Any]:
    return {"@type": "CreativeWork", "url": url, "name": name}


def _appearance(graph: MapGraph, source: Source) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "headline": source.title}
    if source.url:
        work["url"] = source.url
    if source.outlet:
        work["publisher"] = {"@type": "Organization", "name": source.outlet}
    author = source.author or (speaker_name(graph, source.written_by) if source.written_by else None)
    if author:
        work["author"] = {"name": author}
    if source.published:
        work["datePublished"] = source.published
    return work
