"""The teacher's roster page: ``/assignments/{id}/roster``, where each student stands on an assignment.

Server-rendered HTML without a script: a table at a desktop's width, one card per student on a phone (the
stylesheet turns the rows into blocks, so nothing scrolls sideways). Each row links to the student's map, to
its comparison with the teacher's key (when the assignment has one) and the page links to the roster as CSV.
Only the assignment's teachers and admins see it: a student is refused (403), anyone outside the group or
not signed in is told there is no such assignment (404), as the JSON roster does.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from litestar import Controller, MediaType, Response, get
from litestar.di import NamedDependency

from api.classroom import ASSIGNMENT_ID
from api.markup import esc, map_path, with_query
from api.page_policy import html_page
from api.pages_accounts import PROBLEM_PAGES
from api.policy import PAGE
from graph.service import MapService, Principal
from schemas import Assignment, RosterRow, SubmissionStatus

STATUS_WORDS: dict[SubmissionStatus, str] = {
    SubmissionStatus.NOT_STARTED: "not started",
    SubmissionStatus.DRAFT: "draft",
    SubmissionStatus.SUBMITTED: "submitted",
    SubmissionStatus.LATE: "late",
}
"""How the page names each status (a member missing here shows its value)."""
COLUMNS = ("Student", "Status", "Handed in", "Nodes", "Linter", "Links")


def roster_page(title: str, body: str, *, status_code: int = 200) -> Response[str]:
    """A roster page: ``body`` (escaped markup) with the classroom's style, and no script."""
    return html_page(
        title,
        body,
        stylesheets=("accounts.css", "classroom.css"),
        body_class="roster-page",
        status_code=status_code,
    )


def _cell(label: str, content: str, *, css: str = "") -> str:
    # ``data-label`` names the cell on a phone, where the table's header row is hidden.
    classes = f' class="{css}"' if css else ""
    return f'<td data-label="{esc(label)}"{classes}><div class="cell">{content}</div></td>'


def _handed_in(row: RosterRow) -> str:
    if row.submitted_version is None:
        return '<span class="none">nothing yet</span>'
    when = esc((row.submitted or "").replace("T", " ").removesuffix("Z"))
    return f'version {row.submitted_version}<br><span class="meta">{when} UTC</span>'


def _nodes(row: RosterRow) -> str:
    if row.current_nodes is None:
        return '<span class="none">none</span>'
    handed = "" if row.submitted_nodes is None else f"; {row.submitted_nodes} handed in"
    return f"{row.current_nodes} now (version {row.current_version}){esc(handed)}"


def _linter(row: RosterRow) -> str:
    if row.current_errors is None or row.current_warnings is None:
        return '<span class="none">none</span>'
    errors = "error" if row.current_errors == 1 else "errors"
    warnings = "warning" if row.current_warnings == 1 else "warnings"
    flagged = " flagged" if row.current_errors else ""
    return (
        f'<span class="lint{flagged}">{row.current_errors} {errors}</span>, {row.current_warnings} {warnings}'
    )


def _links(row: RosterRow, key_map: str | None) -> str:
    if row.map is None:
        return '<span class="none">no map yet</span>'
    path = map_path(row.map)
    links = [f'<a href="{esc(path)}/view">map</a>']
    if row.submitted_version is not None:
        pinned = with_query(f"{path}/view", {"version": str(row.submitted_version)})
        links.append(f'<a href="{esc(pinned)}">as handed in</a>')
    if key_map is not None:
        # The key as map A and the student's as B: the notes then say what the student did not map.
        compared = with_query(f"{map_path(key_map)}/compare/{quote(row.map, safe='')}", {"format": "html"})
        links.append(f'<a href="{esc(compared)}">compare with the key</a>')
    return '<span class="row-links">' + "".join(links) + "</span>"


def roster_row(row: RosterRow, key_map: str | None) -> str:
    """One student's row: who, status, the version handed in, node and linter counts, links."""
    status = STATUS_WORDS.get(row.status, row.status.value)
    who = f'<strong>{esc(row.name)}</strong><br><span class="handle">{esc(row.student)}</span>'
    return (
        f'<tr class="student" data-student="{esc(row.student)}" data-status="{esc(row.status.value)}">'
        + _cell(COLUMNS[0], who)
        + _cell(COLUMNS[1], f'<span class="status {esc(row.status.value)}">{esc(status)}</span>')
        + _cell(COLUMNS[2], _handed_in(row))
        + _cell(COLUMNS[3], _nodes(row))
        + _cell(COLUMNS[4], _linter(row))
        + _cell(COLUMNS[5], _links(row, key_map))
        + "</tr>"
    )


def _summary(rows: list[RosterRow]) -> str:
    counts = {status: sum(row.status is status for row in rows) for status in SubmissionStatus}
    parts = ", ".join(
        f"{counts[status]} {STATUS_WORDS.get(status, status.value)}" for status in SubmissionStatus
    )
    return f'<p class="roster-summary" id="roster-summary">{len(rows)} students: {esc(parts)}.</p>'


def roster_body(assignment: Assignment, rows: list[RosterRow]) -> str:
    """The page's body: the assignment, a summary by status, the table and the CSV link."""
    due = assignment.due.replace("T", " ").removesuffix("Z")
    csv_path = esc(f"/assignments/{quote(assignment.id, safe='')}/roster.csv")
    key = (
        f' · key map <a href="{esc(map_path(assignment.key_map))}/view">{esc(assignment.key_map)}</a>'
        if assignment.key_map
        else " · no key map"
    )
    source = f"/sources/{quote(assignment.source, safe='')}/coverage.html"
    coverage = with_query(source, {"assignment": assignment.id})
    head = "".join(f'<th scope="col">{esc(column)}</th>' for column in COLUMNS)
    table = "".join(roster_row(row, assignment.key_map) for row in rows) or (
        f'<tr><td colspan="{len(COLUMNS)}">No students in the group yet.</td></tr>'
    )
    return (
        '<header class="site"><p class="site-nav"><a href="/">argmap</a> · <a href="/my-maps">your maps</a>'
        f"</p><h1>Roster: {esc(assignment.title)}</h1></header>"
        '<main id="main" class="account roster">'
        f'<p class="meta">Assignment <span class="map-id">{esc(assignment.id)}</span> for group '
        f"<strong>{esc(assignment.group)}</strong> · due {esc(due)} UTC{key}</p>"
        f'<p class="prompt">{esc(assignment.prompt)}</p>'
        + _summary(rows)
        + f'<p class="actions"><a class="button-link" id="roster-csv" href="{csv_path}">Roster as CSV</a> '
        f'<a class="button-link secondary" id="coverage-link" href="{esc(coverage)}">Coverage of the '
        "source</a></p>"
        '<div class="roster-frame"><table class="roster-table" id="roster">'
        f'<caption>Each student\'s work on "{esc(assignment.title)}"</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{table}</tbody></table></div></main>"
    )


class ClassroomPages(Controller):
    """The classroom's pages for people: the teacher's roster of an assignment."""

    path = "/"
    include_in_schema = False
    opt = PAGE.as_opt()
    exception_handlers = PROBLEM_PAGES

    @get("/assignments/{assignment_id:str}/roster", media_type=MediaType.HTML, cache=False)
    async def roster(
        self,
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        assignment_id: Annotated[str, ASSIGNMENT_ID],
    ) -> Response[str]:
        """Each student's status, the version handed in, node and linter counts, and links (teachers only)."""
        detail = await service.classroom.teacher_roster(caller, assignment_id)
        body = roster_body(detail.assignment, detail.roster)
        response = roster_page(f"Roster: {detail.assignment.title} · argmap", body)
        response.headers["Cache-Control"] = "no-store"  # students' names and work
        return response


CLASSROOM_PAGE_HANDLERS: list[type[Controller]] = [ClassroomPages]
"""What ``api.app`` registers next to the other pages."""
