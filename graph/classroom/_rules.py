"""Where a student stands on an assignment, and the roster as a spreadsheet can open it safely.

Both are pure: the status follows from the student's work, the map's current version, the due time and now.

Example:
    >>> due = "2026-12-06T18:00:00Z"
    >>> work = SubmissionRecord("essay", "ana", "essay-ana", "2026-12-01T09:00:00Z")
    >>> status_of(None, current=None, due=due, now="2026-12-05T10:00:00Z")
    <SubmissionStatus.NOT_STARTED: 'not-started'>
    >>> status_of(work, current=2, due=due, now="2026-12-05T10:00:00Z")
    <SubmissionStatus.DRAFT: 'draft'>
    >>> handed = SubmissionRecord("essay", "ana", "essay-ana", "2026-12-01", 2, "2026-12-05T11:00:00Z", 2)
    >>> status_of(handed, current=2, due=due, now="2026-12-05T12:00:00Z")
    <SubmissionStatus.SUBMITTED: 'submitted'>
    >>> status_of(handed, current=3, due=due, now="2026-12-05T12:00:00Z")
    <SubmissionStatus.DRAFT: 'draft'>
    >>> status_of(work, current=2, due=due, now="2026-12-07T08:00:00Z")
    <SubmissionStatus.LATE: 'late'>
    >>> safe_cell("=HYPERLINK(1)"), safe_cell("Ana"), safe_cell(None), safe_cell(3)
    ("'=HYPERLINK(1)", 'Ana', '', '3')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from graph.classroom._records import SubmissionRecord
from schemas import RosterRow, SubmissionStatus

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a cell a spreadsheet would run as a formula starts (OWASP's list for CSV injection)."""
ROSTER_COLUMNS = (
    "student",
    "name",
    "status",
    "map",
    "submitted_version",
    "submitted",
    "current_version",
    "current_nodes",
    "submitted_nodes",
    "current_errors",
    "current_warnings",
)


def status_of(work: SubmissionRecord | None, *, current: int | None, due: str, now: str) -> SubmissionStatus:
    """A student's status: ``work`` is theirs (None: not started), ``current`` their map's current version.

    A hand-in by the due time stands once the due time has passed, even if the map was changed after it: the
    version handed in is the one marked. Before then, a change since the hand-in makes the work a draft again.
    """
    overdue = now > due
    if work is None or work.version is None or work.submitted is None:
        if overdue:
            return SubmissionStatus.LATE
        return SubmissionStatus.NOT_STARTED if work is None else SubmissionStatus.DRAFT
    if work.submitted > due:
        return SubmissionStatus.LATE
    changed = current is not None and work.current_then is not None and current > work.current_then
    return SubmissionStatus.DRAFT if changed and not overdue else SubmissionStatus.SUBMITTED


def safe_cell(value: object) -> str:
    """A cell as text, quoted with ``'`` when a spreadsheet would take it for a formula (``=``, ``+``...)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def roster_csv(rows: Iterable[RosterRow]) -> str:
    r"""The roster as CSV (RFC 4180: CRLF line ends, quoted as needed), a header row first.

    Example:
        >>> row = RosterRow(
        ...     student="ana", name="=cmd|' /C calc'!A0", status=SubmissionStatus.DRAFT, map="essay-ana",
        ...     submitted_version=None, submitted=None, current_version=1, current_nodes=1,
        ...     submitted_nodes=None,
        ... )
        >>> roster_csv([row]).split("\r\n")[1]
        "ana,'=cmd|' /C calc'!A0,draft,essay-ana,,,1,1,,,"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ROSTER_COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(getattr(row, column)) for column in ROSTER_COLUMNS])
    return out.getvalue()
