"""Checks of what a source states beyond its arithmetic: dates against weekdays, shares against a whole."""

from __future__ import annotations

from schemas._base import Output


class DateCheck(Output, frozen=True, kw_only=True):
    """A weekday and a calendar date a source states together, checked against the calendar.

    "Together": the date is the nearest one to the weekday (or the weekday the nearest to the date) within a
    few sentences, with no other date or weekday between them. When both name the same day, one is wrong.
    """

    source: str
    start: int
    """Offset of the first of the two in the source's text (end exclusive, as quotes)."""
    end: int
    text: str
    """The source's text from the first of the two to the end of the second."""
    weekday: str
    """The weekday as stated ("Sunday")."""
    date: str
    """The date as stated ("4 May")."""
    day: str
    """The date read, with the year it is taken in (ISO 8601, ``2026-05-04``)."""
    year_from: str
    """Where the year comes from: ``stated``, ``the text`` (the same date with its year elsewhere), or the
    source's publication date (``published``, or ``reported source`` for the source it reports on)."""
    actual_weekday: str
    agrees: bool
    explanation: str
    note: str | None = None
    """The source's own note, when it records this weekday or date."""


class PercentageCheck(Output, frozen=True, kw_only=True):
    """Shares of one whole a source states in one sentence ("1% inspiration and 99% perspiration")."""

    source: str
    start: int
    end: int
    text: str
    """The sentence."""
    parts: list[float]
    total: float
    agrees: bool
    """The parts add up to 100% at their stated precision."""
    explanation: str


class SourceNote(Output, frozen=True, kw_only=True):
    """An editorial note the map keeps about one of its sources (an inconsistency in its dates, say)."""

    source: str
    title: str
    note: str
