"""What the store keeps of the classroom: assignments, each student's work on one, and comments on maps.

Records name each other by ids (an assignment's ``group``, a submission's ``map``), as account records do:
each is read or written alone. Times are ISO 8601 strings in UTC to the second, so comparing them as strings
compares the times.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AssignmentRecord:
    """What a teacher set their group: a prompt on a stored source, due at a time."""

    id: str
    group: str
    title: str
    prompt: str
    source: str
    due: str
    key_map: str | None
    teacher: str
    created: str


@dataclass(frozen=True, slots=True)
class SubmissionRecord:
    """One student's work on one assignment: the map they started, and the version they last handed in."""

    assignment: str
    student: str
    map: str
    started: str
    version: int | None = None
    """The version last handed in; None until the first hand-in."""
    submitted: str | None = None
    """When it was last handed in."""
    current_then: int | None = None
    """The map's current version at that hand-in: a newer current version is a new draft."""


@dataclass(frozen=True, slots=True)
class CommentRecord:
    """Feedback on one node of a map (``node``) or one relation (``source`` to ``target``)."""

    id: str
    map: str
    node: str | None
    source: str | None
    target: str | None
    text: str
    author: str
    created: str
    version: int
    """The map version it was written on."""
    resolved: str | None = None
    resolved_by: str | None = None
