"""Checks beyond arithmetic: weekdays stated with dates, shares of a whole, and the sources' notes."""

from __future__ import annotations

import pytest

from graph.mapgraph import MapGraph, map_checks
from graph.mapgraph._source_checks import WINDOW, stated_days, stated_shares
from schemas import MapDocument, Node, NodeKind, Source, Speaker

REPORT = (
    "The essay came out on Sunday, Clark said.\n\nHe wrote it in the newsletter, published 4 May.\n\n"
    "A poll found 45% yes, 40% no and 20% unsure. Genius is 1% inspiration and 99% perspiration."
)
NOTE = "The report says Sunday and 4 May; 4 May 2026 was a Monday."


def reported(note: str | None = NOTE, published: str | None = None) -> MapGraph:
    document = MapDocument(
        id="report",
        title="A report",
        sources=[
            Source(
                id="story", title="The story", text=REPORT, reports_on="essay", note=note, published=published
            ),
            Source(
                id="essay", title="The essay", published="2026-05-04", note="Cited at the foot of the story."
            ),
        ],
        speakers=[Speaker(id="clark", name="Jack Clark")],
        nodes=[Node(id="t", kind=NodeKind.THESIS, text="T", speaker="clark", base_score=0.5, rationale="r")],
    )
    return MapGraph(document, 1, {})


class TestDays:
    @pytest.mark.parametrize(
        ("text", "published", "expected"),
        [
            ("Sunday, 3 May 2026", (), [("Sunday", "2026-05-03", True)]),
            ("on Sunday, May 4th, 2026", (), [("Sunday", "2026-05-04", False)]),
            ("Sunday, 4 May", (("published", "2026-05-10"),), [("Sunday", "2026-05-04", False)]),
            ("Sunday, 4 May", (), []),  # no year anywhere: nothing to check against
            ("Friday 30 February 2026", (), []),  # not a date
            ("It rained on Tuesday.", (), []),
        ],
    )
    def test_a_weekday_beside_a_date_is_checked_in_its_year(
        self, text: str, published: tuple[tuple[str, str], ...], expected: list[tuple[str, str, bool]]
    ) -> None:
        found = stated_days(text, published=published)

        assert [(d.weekday, d.day.isoformat(), d.agrees) for d in found] == expected

    def test_the_year_comes_from_the_same_date_written_with_it_elsewhere(self) -> None:
        (found,) = stated_days("Published Sunday, 4 May. " + "x" * 700 + " Source: 4 May 2026.")

        assert (found.year_from, found.actual_weekday) == ("the text", "Monday")

    def test_a_weekday_and_a_date_far_apart_are_not_one_statement(self) -> None:
        assert stated_days("Sunday." + " " * WINDOW + "4 May 2026.") == []

    def test_each_date_pairs_with_its_nearest_weekday_only(self) -> None:
        found = stated_days("Sunday came. Then Monday, 4 May 2026, it was out.")

        assert [(d.weekday, d.agrees) for d in found] == [("Monday", True)]


class TestShares:
    @pytest.mark.parametrize(
        ("text", "parts", "agrees"),
        [
            ("Genius is 1% inspiration and 99% perspiration.", (1.0, 99.0), True),
            ("Of those asked, 45% said yes, 40% said no and 20% were unsure.", (45.0, 40.0, 20.0), False),
            (
                "Votes split 33.3% red, 33.3% blue and 33.3% green.",
                (33.3, 33.3, 33.3),
                True,
            ),  # rounded thirds
            ("Votes split 33% red, 33% blue and 30% green.", (33.0, 33.0, 30.0), False),
        ],
    )
    def test_shares_of_a_whole_should_make_100(
        self, text: str, parts: tuple[float, ...], agrees: bool
    ) -> None:
        (found,) = stated_shares(text)

        assert (found.parts, found.agrees) == (parts, agrees)

    @pytest.mark.parametrize(
        "text",
        [
            "SWE-Bench went from 2% solve rate to 93.9% solve rate.",
            "Top scorers sit at 25\u201328%, against a human baseline of 51%.",
            "A 60% chance by 2028, a 30% chance by 2027.",
            "99.9% accurate becomes 95.12% accurate and 60.5% accurate.",
        ],
    )
    def test_ranges_comparisons_and_the_same_measure_twice_are_not_shares(self, text: str) -> None:
        assert list(stated_shares(text)) == []


class TestMapChecks:
    def test_the_report_lists_its_sunday_its_shares_and_its_notes(self) -> None:
        checks = map_checks(reported())

        (day,) = checks.dates
        assert (day.weekday, day.date, day.day, day.actual_weekday, day.agrees) == (
            "Sunday",
            "4 May",
            "2026-05-04",
            "Monday",
            False,
        )
        assert day.year_from == "reported source"
        assert day.note == NOTE
        assert REPORT[day.start : day.end] == day.text
        assert [(item.total, item.agrees) for item in checks.percentages] == [(105.0, False), (100.0, True)]
        assert checks.inconsistent == 2
        assert [(note.source, note.note) for note in checks.notes] == [
            ("story", NOTE),
            ("essay", "Cited at the foot of the story."),
        ]

    def test_a_note_that_does_not_record_the_date_is_not_attached(self) -> None:
        (day,) = map_checks(reported(note="Offsets are byte for byte.")).dates

        assert day.note is None

    def test_the_sources_own_date_comes_before_the_reported_ones(self) -> None:
        (day,) = map_checks(reported(published="2027-01-01")).dates

        assert (day.day, day.year_from) == ("2027-05-04", "published")
