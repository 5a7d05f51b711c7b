"""``ClassroomRecords``: ``Neo4jStore``'s half that keeps assignments, students' submissions and comments.

Each method is one transaction (or one read statement), so each is atomic as ``ClassroomStore`` requires: two
starts of one student's work racing make one submission, and a comment resolved twice keeps the first time.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Mapping
from typing import Any, LiteralString, TypeVar

from neo4j import AsyncManagedTransaction

from graph.classroom import AssignmentRecord, CommentRecord, SubmissionRecord
from graph.errors import Conflict, NotFound
from graph.store import _classroom_cypher as cypher
from graph.store._part import StorePart

T = TypeVar("T")


class ClassroomRecords(StorePart):
    """The ``ClassroomStore`` methods of ``Neo4jStore``, which supplies ``_session`` and ``_write``."""

    # -- assignments ----------------------------------------------------------------------------------------
    async def add_assignment(self, assignment: AssignmentRecord) -> None:
        """Keep a new assignment.

        Raises:
            Conflict: its id is taken.
        """
        await self._write(_add_assignment_tx, assignment)

    async def assignment(self, assignment_id: str) -> AssignmentRecord:
        """One assignment.

        Raises:
            NotFound: there is no such assignment.
        """
        rows = await self._rows(cypher.ASSIGNMENT, id=assignment_id)
        if not rows:
            raise NotFound(f"there is no assignment {assignment_id!r}")
        return AssignmentRecord(**rows[0]["assignment"])

    async def assignments(self, group: str | None = None) -> list[AssignmentRecord]:
        """Every assignment (of ``group`` when given), soonest due first, then by id."""
        rows = await self._rows(cypher.ASSIGNMENTS, group=group)
        return [AssignmentRecord(**row["assignment"]) for row in rows]

    # -- submissions ----------------------------------------------------------------------------------------
    async def start_submission(self, submission: SubmissionRecord) -> tuple[SubmissionRecord, bool]:
        """Keep a student's new work on an assignment unless they have some: the work kept, and if new."""
        return await self._write(_start_submission_tx, submission, secrets.token_hex(8))

    async def drop_submission(self, assignment_id: str, student: str) -> None:
        """Forget work started and never handed in; no error when there is none."""
        await self._write(_run_tx, cypher.DROP_SUBMISSION, assignment=assignment_id, student=student)

    async def submission(self, assignment_id: str, student: str) -> SubmissionRecord | None:
        """A student's work on an assignment, if they started it."""
        rows = await self._rows(cypher.SUBMISSION, assignment=assignment_id, student=student)
        return _submission(rows[0]["submission"]) if rows else None

    async def submissions(self, assignment_id: str) -> list[SubmissionRecord]:
        """Every student's work on an assignment, ordered by student."""
        rows = await self._rows(cypher.SUBMISSIONS, assignment=assignment_id)
        return [_submission(row["submission"]) for row in rows]

    async def submit(
        self, assignment_id: str, student: str, *, version: int, when: str, current: int
    ) -> SubmissionRecord:
        """Record ``version`` handed in at ``when``, the map then being at ``current``.

        Raises:
            NotFound: the student has not started the assignment.
        """
        return await self._write(_submit_tx, assignment_id, student, version, when, current)

    # -- comments -------------------------------------------------------------------------------------------
    async def add_comment(self, comment: CommentRecord) -> None:
        """Keep a new comment.

        Raises:
            Conflict: its id is taken.
        """
        # A taken id is refused by its uniqueness constraint, which ``translated`` makes a Conflict.
        await self._write(_run_tx, cypher.CREATE_COMMENT, comment=dataclasses.asdict(comment))

    async def comments(self, map_id: str) -> list[CommentRecord]:
        """A map's comments, oldest first (then by id)."""
        rows = await self._rows(cypher.COMMENTS, map=map_id)
        return [_comment(row["comment"]) for row in rows]

    async def resolve_comment(self, map_id: str, comment_id: str, *, when: str, by: str) -> CommentRecord:
        """Mark a comment resolved; resolved again, it keeps the first time and person.

        Raises:
            NotFound: the map has no such comment.
        """
        return await self._write(_resolve_comment_tx, map_id, comment_id, when, by)


# -- units of work -------------------------------------------------------------------------------------------
async def _single(
    tx: AsyncManagedTransaction, statement: LiteralString, **parameters: Any
) -> dict[str, Any] | None:
    record = await (await tx.run(statement, parameters)).single()
    return record.data() if record is not None else None


async def _run_tx(tx: AsyncManagedTransaction, statement: LiteralString, **parameters: Any) -> None:
    await (await tx.run(statement, parameters)).consume()


async def _add_assignment_tx(tx: AsyncManagedTransaction, assignment: AssignmentRecord) -> None:
    # Checked first for a clear message; the constraint still refuses a concurrent creation of the same id.
    if await _single(tx, cypher.ASSIGNMENT_EXISTS, id=assignment.id) is not None:
        raise Conflict(f"there is already an assignment {assignment.id!r}")
    await _run_tx(tx, cypher.CREATE_ASSIGNMENT, assignment=dataclasses.asdict(assignment))


async def _start_submission_tx(
    tx: AsyncManagedTransaction, submission: SubmissionRecord, claim: str
) -> tuple[SubmissionRecord, bool]:
    row = await _single(
        tx,
        cypher.START_SUBMISSION,
        assignment=submission.assignment,
        student=submission.student,
        map=submission.map,
        started=submission.started,
        claim=claim,
    )
    assert row is not None  # noqa: S101 - MERGE always yields its node
    return _submission(row["submission"]), bool(row["created"])


async def _submit_tx(
    tx: AsyncManagedTransaction, assignment_id: str, student: str, version: int, when: str, current: int
) -> SubmissionRecord:
    row = await _single(
        tx,
        cypher.SUBMIT,
        assignment=assignment_id,
        student=student,
        version=version,
        when=when,
        current=current,
    )
    if row is None:
        raise NotFound(f"{student!r} has not started the assignment {assignment_id!r}")
    return _submission(row["submission"])


async def _resolve_comment_tx(
    tx: AsyncManagedTransaction, map_id: str, comment_id: str, when: str, by: str
) -> CommentRecord:
    row = await _single(tx, cypher.RESOLVE_COMMENT, map=map_id, id=comment_id, when=when, by=by)
    if row is None:
        raise NotFound(f"map {map_id!r} has no comment {comment_id!r}")
    return _comment(row["comment"])


# -- records and rows ----------------------------------------------------------------------------------------
def _submission(row: Mapping[str, Any]) -> SubmissionRecord:
    return SubmissionRecord(
        assignment=row["assignment"],
        student=row["student"],
        map=row["map"],
        started=row["started"],
        version=None if row["version"] is None else int(row["version"]),
        submitted=row["submitted"],
        current_then=None if row["current_then"] is None else int(row["current_then"]),
    )


def _comment(row: Mapping[str, Any]) -> CommentRecord:
    return CommentRecord(**{**row, "version": int(row["version"])})
