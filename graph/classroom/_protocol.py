"""What the classroom use cases need from a store (``Neo4jStore`` implements it, and the tests' memory store).

Every method is one atomic step: a student who starts an assignment twice at once gets one piece of work, and
a comment resolved twice keeps the first time it was resolved.
"""

from __future__ import annotations

from typing import Protocol

from graph.classroom._records import AssignmentRecord, CommentRecord, SubmissionRecord


class ClassroomStore(Protocol):
    """Persistence of assignments, submissions and comments."""

    async def add_assignment(self, assignment: AssignmentRecord) -> None:
        """Keep a new assignment; raises ``Conflict`` when its id is taken."""
        ...

    async def assignment(self, assignment_id: str) -> AssignmentRecord:
        """One assignment; raises ``NotFound``."""
        ...

    async def assignments(self, group: str | None = None) -> list[AssignmentRecord]:
        """Every assignment (of ``group`` when given), soonest due first, then by id."""
        ...

    async def start_submission(self, submission: SubmissionRecord) -> tuple[SubmissionRecord, bool]:
        """Keep a student's new work on an assignment unless they have some: the work kept, and if new."""
        ...

    async def drop_submission(self, assignment_id: str, student: str) -> None:
        """Forget work started and never handed in (its map could not be written); no error if none."""
        ...

    async def submission(self, assignment_id: str, student: str) -> SubmissionRecord | None:
        """A student's work on an assignment, if they started it."""
        ...

    async def submissions(self, assignment_id: str) -> list[SubmissionRecord]:
        """Every student's work on an assignment, ordered by student."""
        ...

    async def submit(
        self, assignment_id: str, student: str, *, version: int, when: str, current: int
    ) -> SubmissionRecord:
        """Record ``version`` handed in at ``when`` (the map then at ``current``); raises ``NotFound``."""
        ...

    async def add_comment(self, comment: CommentRecord) -> None:
        """Keep a new comment; raises ``Conflict`` when its id is taken."""
        ...

    async def comments(self, map_id: str) -> list[CommentRecord]:
        """A map's comments, oldest first (then by id)."""
        ...

    async def resolve_comment(self, map_id: str, comment_id: str, *, when: str, by: str) -> CommentRecord:
        """Mark a comment resolved (again: it keeps the first time and person); raises ``NotFound``."""
        ...
