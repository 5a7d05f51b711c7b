"""What a source states that can be checked without its arithmetic: weekdays beside dates, shares of a whole.

Pure functions over a source's text. A weekday and a date "stated together" are the nearest pair within
``WINDOW`` characters with no other weekday or date between them ("came on Sunday ... published 4 May"):
when both name the same day, the calendar says whether they can. A date without its year takes it from the
same date written with its year elsewhere in the text, else from the source's publication date, else from
the publication date of the source it reports on. Shares are percentages in one sentence, joined by "and"
or commas and each followed by a different word ("1% inspiration and 99% perspiration"): they should add
up to 100%.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

WINDOW = 600
"""How far apart (in characters, a few sentences) a weekday and a date may be to be read as one statement."""
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH = "|".join(name for name in calendar.month_name if name)
_WEEKDAY = re.compile(r"\b(" + "|".join(calendar.day_name) + r")\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH})\b(?:,? (\d{{4}})\b)?")
_MONTH_DAY = re.compile(rf"\b({_MONTH}) (\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (\d{{4}})\b)?")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?%")
# A sentence ends at a stop followed by a space or the end; a stop inside "33.3%" or "e.g." does not end it.
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=\S))+(?:[.!?]+|$)")
_NOT_PARTS = (
    "a an and as at by for from in into of on or per than the to up versus vs with within after before"
)
_NOT_A_PART = frozenset(_NOT_PARTS.split())
# A range or a comparison between two percentages ("from 2% to 94%", "25-28%", "25\u201328%") is no split.
_NOT_A_SPLIT = re.compile(r"\b(?:to|from|against|than|versus|vs|by|of|between)\b|[\u2013\u2014-]")


@dataclass(frozen=True, slots=True)
class StatedDay:
    """A weekday stated beside a date, and what the calendar says of the pair."""

    start: int
    end: int
    weekday: str
    date: str
    day: dt.date
    year_from: str

    @property
    def actual_weekday(self) -> str:
        """The weekday the date falls on."""
        return calendar.day_name[self.day.weekday()]

    @property
    def agrees(self) -> bool:
        """The stated weekday is the date's."""
        return self.actual_weekday == self.weekday


@dataclass(frozen=True, slots=True)
class _Date:
    start: int
    end: int
    text: str
    month: int
    day: int
    year: int | None


def _dates(text: str) -> list[_Date]:
    found = [
        _Date(m.start(), m.end(), m.group(0), _MONTHS[m.group(2).lower()], int(m.group(1)), _year(m.group(3)))
        for m in _DAY_MONTH.finditer(text)
    ] + [
        _Date(m.start(), m.end(), m.group(0), _MONTHS[m.group(1).lower()], int(m.group(2)), _year(m.group(3)))
        for m in _MONTH_DAY.finditer(text)
    ]
    return sorted(found, key=lambda date: date.start)


def _year(text: str | None) -> int | None:
    return int(text) if text else None


def stated_days(text: str, *, published: Sequence[tuple[str, str | None]] = ()) -> list[StatedDay]:
    """Every weekday stated together with a date in ``text``, with the date read in its year.

    Args:
        text: The source's text.
        published: Where a year may come from when the text gives none, in order: (label, ISO date or None),
            e.g. ``[("published", None), ("reported source", "2026-05-04")]``.

    Example:
        >>> text = "It came on Sunday from Clark. He wrote it in the newsletter, published 4 May. 4 May 2026."
        >>> [(d.weekday, d.day.isoformat(), d.actual_weekday, d.agrees) for d in stated_days(text)]
        [('Sunday', '2026-05-04', 'Monday', False)]
        >>> [d.agrees for d in stated_days("Sunday, 3 May", published=[("published", "2026-05-10")])]
        [True]
    """
    weekdays = [(m.start(), m.end(), m.group(1)) for m in _WEEKDAY.finditer(text)]
    dates = [date for date in _dates(text) if not any(w[0] <= date.start < w[1] for w in weekdays)]
    marks = sorted(
        [(w[0], "weekday", i) for i, w in enumerate(weekdays)]
        + [(d.start, "date", i) for i, d in enumerate(dates)]
    )
    pairs: set[tuple[int, int]] = set()
    for position, (_, kind, index) in enumerate(marks):
        neighbours = [marks[p] for p in (position - 1, position + 1) if 0 <= p < len(marks)]
        others = [mark for mark in neighbours if mark[1] != kind]
        if kind == "weekday":
            candidates = [(abs(dates[i].start - weekdays[index][0]), index, i) for _, _, i in others]
        else:
            candidates = [(abs(dates[index].start - weekdays[i][0]), i, index) for _, _, i in others]
        candidates = [c for c in candidates if c[0] <= WINDOW]
        if candidates:
            _, paired_weekday, paired_date = min(candidates)
            pairs.add((paired_weekday, paired_date))
    found = []
    for weekday_index, date_index in sorted(pairs):
        start, end, named = weekdays[weekday_index]
        stated = dates[date_index]
        year, year_from = _year_of(stated, dates, published)
        if year is None:
            continue
        try:
            day = dt.date(year, stated.month, stated.day)
        except ValueError:
            continue  # "31 June": not a date to check a weekday against
        found.append(
            StatedDay(min(start, stated.start), max(end, stated.end), named, stated.text, day, year_from)
        )
    return found


def _year_of(
    date: _Date, dates: Sequence[_Date], published: Sequence[tuple[str, str | None]]
) -> tuple[int | None, str]:
    if date.year is not None:
        return date.year, "stated"
    elsewhere = [
        other.year for other in dates if (other.month, other.day) == (date.month, date.day) and other.year
    ]
    if elsewhere:
        return elsewhere[0], "the text"
    for label, iso in published:
        if iso and re.match(r"\d{4}", iso):
            return int(iso[:4]), label
    return None, ""


@dataclass(frozen=True, slots=True)
class StatedShares:
    """Percentages one sentence gives as parts of one whole, and their total."""

    start: int
    end: int
    parts: tuple[float, ...]
    decimals: int

    @property
    def total(self) -> float:
        """The parts added up, at their stated precision."""
        return round(sum(self.parts), self.decimals)

    @property
    def agrees(self) -> bool:
        """The parts make 100%, give or take half a unit of their last stated decimal each."""
        allowed: float = len(self.parts) * 0.5 * 10.0**-self.decimals
        return abs(sum(self.parts) - 100) <= allowed


def stated_shares(text: str) -> Iterator[StatedShares]:
    """Each sentence of ``text`` that splits a whole into percentages.

    Example:
        >>> [(s.parts, s.agrees) for s in stated_shares("Genius is 1% inspiration and 99% perspiration.")]
        [((1.0, 99.0), True)]
        >>> [(s.total, s.agrees) for s in stated_shares("Of those asked, 45% said yes, 40% said no and 20% were unsure.")]
        [(105.0, False)]
        >>> list(stated_shares("It rose from 16.9% in 2024 to 64.4% in 2026, a 30% chance then a 60% chance."))
        []
    """  # noqa: E501
    for sentence in _SENTENCE.finditer(text):
        found = list(_PERCENT.finditer(sentence.group(0)))
        if len(found) < 2:
            continue
        words = []
        for match in found:
            after = sentence.group(0)[match.end() :].split()
            words.append(after[0].strip(",.;:()\"'").lower() if after else "")
        between = [sentence.group(0)[a.end() : b.start()] for a, b in itertools.pairwise(found)]
        if (
            any(not word or word in _NOT_A_PART or not word.isalpha() for word in words)
            or len(set(words)) == 1
            or any(_NOT_A_SPLIT.search(gap) or not re.search(r"\band\b|,|/", gap) for gap in between)
        ):
            continue
        decimals = max(len(m.group(1).partition(".")[2]) for m in found)
        yield StatedShares(
            sentence.start(), sentence.end(), tuple(float(m.group(1)) for m in found), decimals
        )
