"""Forecasts as trackable predictions: listing them, resolving them, and scoring their speakers."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from schemas._base import Output, Struct
from schemas._map import Forecast, ForecastStatus, IsoDate


class ForecastStatusChange(Output, frozen=True, kw_only=True):
    """A forecast's status as one kept version of its map set it."""

    version: int
    created: str
    """When that version was written (ISO 8601)."""
    status: ForecastStatus


class ForecastEntry(Output, frozen=True, kw_only=True):
    """One forecast of one map, with the node that makes it and who makes it."""

    map: str
    node: str
    speaker: str
    """The forecaster (the node's speaker), not whoever cites the forecast."""
    text: str
    """The node's proposition, in the map's words."""
    forecast: Forecast
    scored_probability: float | None
    """The figure a Brier score uses: the stated probability, a range's midpoint or its one stated end."""
    reported_by: str | None = None
    href: str = ""
    """The claim detail of the node."""
    history: list[ForecastStatusChange] = []
    """Each status it has had, oldest first, with the version that set it (``/maps/{id}/forecasts`` only)."""


class SpeakerBrier(Output, frozen=True, kw_only=True):
    """A speaker's track record over their resolved forecasts: the mean Brier score (0 is perfect)."""

    speaker: str
    scored: int
    """Resolved forecasts with a probability, the ones the score averages."""
    brier: float | None
    """Mean of (probability - outcome)^2, outcome 1 if it came true and 0 if not; None with nothing scored."""
    unscored: int = 0
    """Resolved forecasts without a stated probability (a quantity forecast), counted but not scored."""
    open: int = 0
    """Forecasts still open."""


class ForecastList(Output, frozen=True, kw_only=True):
    """Forecasts, soonest due first, with the Brier scores of the speakers they belong to."""

    forecasts: list[ForecastEntry]
    speakers: list[SpeakerBrier]


class ForecastResolution(Struct, kw_only=True, forbid_unknown_fields=True):
    """The outcome of one forecast, with where it is documented."""

    outcome: bool
    """True when the forecast came true."""
    resolution_source: Annotated[str, Meta(min_length=1, max_length=2000)]
    """Where the outcome is documented: a URL or a citation."""
    resolved_on: IsoDate
    note: Annotated[str, Meta(max_length=2000)] | None = None
