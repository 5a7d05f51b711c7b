"""The classroom over HTTP: assignments, each student's work on one, the roster, and feedback on maps.

Each handler names its least role in its policy (``api.policy``); the use case (``graph.classroom``) decides
the rest: an assignment is its group's (others are told there is none), its roster its teachers', a student
starts and hands in their own work. Feedback on a map is for those who may write the map, its owner, its
group's editors and admins, reads included (``FEEDBACK``): a student's feedback is not for their classmates.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from api.errors import COMMON_STATUSES, problem_specs
from api.maps import MAP_ID
from api.policy import EDITORS, SIGNED_IN, RoutePolicy
from graph.service import MapService, Principal
from schemas import (
    Assignment,
    AssignmentDetail,
    AssignmentList,
    Comment,
    CommentList,
    NewAssignment,
    NewComment,
    Role,
    RosterRow,
    Submit,
)

FEEDBACK = RoutePolicy(role=Role.AUTHOR, writes=True, cross_origin=False)
"""Feedback on a map, read or written: a signed-in caller who may write that map (its owner, its group's
editors, admins); one who may only read it is refused (403), one who may not read it is told there is none."""
ASSIGNMENT_ID = Parameter(description="The assignment's id, e.g. uniforms-essay.", max_length=63)
COMMENT_ID = Parameter(description="The comment's id, as listed.", max_length=64)
CSV_MEDIA_TYPE = "text/csv"
READ_ERRORS = problem_specs([*COMMON_STATUSES, 401, 403])
WRITE_ERRORS = problem_specs([*COMMON_STATUSES, 401, 403, 409, 413, 415, 422])
NO_STORE = {"Cache-Control": "no-store"}
"""Students' names and work: no shared cache keeps them."""


class AssignmentController(Controller):
    """Assignments: set by a group's teachers, started and handed in by its students."""

    path = "/assignments"
    tags = ["classroom"]

    @post(
        operation_id="createAssignment",
        summary="Set your group an assignment",
        status_code=HTTP_201_CREATED,
        responses=WRITE_ERRORS,
        **EDITORS.declared(),
    )
    async def create(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        data: JSONBody[NewAssignment],
    ) -> Response[Assignment]:
        """A new assignment on a source the server stores, due at a time.

        Editors set it for their own group, admins for the ``group`` they name. A ``key_map`` (the teacher's
        own answer) must be a map the caller may read; students never see it.
        """
        assignment = await service.classroom.create(caller, data)
        return Response(
            assignment, status_code=HTTP_201_CREATED, headers={"Location": f"/assignments/{assignment.id}"}
        )

    @get(
        operation_id="listAssignments",
        summary="Your group's assignments",
        responses=READ_ERRORS,
        **SIGNED_IN.declared(),
    )
    async def list_assignments(
        self, caller: NamedDependency[Principal], service: NamedDependency[MapService]
    ) -> Response[AssignmentList]:
        """The caller's group's assignments (every group's for an admin), soonest due first."""
        return Response(await service.classroom.assignments(caller), headers=NO_STORE)

    @get(
        "/{assignment_id:str}",
        operation_id="getAssignment",
        summary="An assignment and where each student stands",
        responses=READ_ERRORS,
        **SIGNED_IN.declared(),
    )
    async def get_assignment(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        assignment_id: Annotated[str, ASSIGNMENT_ID],
    ) -> Response[AssignmentDetail]:
        """The assignment and its roster; another group's assignment is not found.

        For its group's editors and admins, every student of the group with their status (``not-started``,
        ``draft``, ``submitted``, ``late``), map, the version handed in and the node counts of it and of the
        current version; for a student, their own row only.
        """
        return Response(await service.classroom.detail(caller, assignment_id), headers=NO_STORE)

    @get(
        "/{assignment_id:str}/roster.csv",
        operation_id="getRosterCsv",
        summary="The roster as CSV, for a spreadsheet",
        media_type=CSV_MEDIA_TYPE,
        responses=READ_ERRORS,
        **EDITORS.declared(),
    )
    async def roster_csv(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        assignment_id: Annotated[str, ASSIGNMENT_ID],
    ) -> Response[str]:
        """The roster's rows as CSV, a header first.

        A cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-`` or ``@``) is quoted
        with ``'``.
        """
        text = await service.classroom.roster_csv(caller, assignment_id)
        disposition = f'attachment; filename="{assignment_id}-roster.csv"'
        return Response(
            text,
            media_type=f"{CSV_MEDIA_TYPE}; charset=utf-8",
            headers={**NO_STORE, "Content-Disposition": disposition},
        )

    @post(
        "/{assignment_id:str}/start",
        operation_id="startAssignment",
        summary="Start your work on an assignment: your map for it",
        status_code=HTTP_201_CREATED,
        responses=WRITE_ERRORS,
        **SIGNED_IN.declared(),
    )
    async def start(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        assignment_id: Annotated[str, ASSIGNMENT_ID],
    ) -> Response[RosterRow]:
        """A student's own private map for the assignment: 201 with ``Location`` (the map).

        The map cites the assignment's source and holds one thesis, the prompt, to be replaced. Starting again
        answers the same map with 200.
        """
        row, created = await service.classroom.start(caller, assignment_id)
        return Response(
            row,
            status_code=HTTP_201_CREATED if created else HTTP_200_OK,
            headers={"Location": f"/maps/{row.map}"},
        )

    @post(
        "/{assignment_id:str}/submit",
        operation_id="submitAssignment",
        summary="Hand in a version of your map",
        status_code=HTTP_200_OK,
        responses=WRITE_ERRORS,
        **SIGNED_IN.declared(),
    )
    async def submit(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        assignment_id: Annotated[str, ASSIGNMENT_ID],
        data: JSONBody[Submit],
    ) -> RosterRow:
        """Hand in ``version`` of one's map (``{}``: the current one).

        Edits after it make the work a draft again, the version handed in still listed, until it is handed in
        again.
        """
        return await service.classroom.submit(caller, assignment_id, data.version)


class FeedbackController(Controller):
    """Comments on a map's nodes and relations, for its owner, its group's editors and admins."""

    path = "/maps/{map_id:str}/comments"
    tags = ["classroom"]

    @post(
        operation_id="createComment",
        summary="Comment on a node or a relation of a map",
        status_code=HTTP_201_CREATED,
        responses=WRITE_ERRORS,
        **FEEDBACK.declared(),
    )
    async def create(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        data: JSONBody[NewComment],
    ) -> Comment:
        """A comment on a node or a relation of the map's current version: 201 with its id, author and time.

        The body names ``node``, or ``relation`` as ``{"source": …, "target": …}``; one the map lacks is 422.
        """
        return await service.classroom.comment(caller, map_id, data)

    @get(
        operation_id="listComments",
        summary="A map's comments",
        responses=READ_ERRORS,
        **FEEDBACK.declared(),
    )
    async def list_comments(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
    ) -> Response[CommentList]:
        """Every comment on the map, oldest first, resolved ones too.

        For its owner, its group's editors and admins only: a classmate who may read the map is refused (403).
        """
        return Response(await service.classroom.comments(caller, map_id), headers=NO_STORE)

    @post(
        "/{comment_id:str}/resolve",
        operation_id="resolveComment",
        summary="Mark a comment dealt with",
        status_code=HTTP_200_OK,
        responses=WRITE_ERRORS,
        **FEEDBACK.declared(),
    )
    async def resolve(
        self,
        caller: NamedDependency[Principal],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        comment_id: Annotated[str, COMMENT_ID],
    ) -> Comment:
        """The comment, resolved now (resolved before, it keeps the first time and who resolved it)."""
        return await service.classroom.resolve(caller, map_id, comment_id)


CLASSROOM_HANDLERS = [AssignmentController, FeedbackController]
"""The classroom's routes, registered by the app as one list entry."""
