"""The classroom at the boundary: assignments, each student's work on one, and feedback on maps.

A teacher (an ``editor``) sets an assignment for their group; each student (an ``author``) starts it, which
makes them a private map of their own, and hands in a version of it. Where each student stands is one of the
``SubmissionStatus`` values, declared here once. Comments are the feedback on a map's nodes and relations.

Example:
    >>> [status.value for status in SubmissionStatus]
    ['not-started', 'draft', 'submitted', 'late']
    >>> import msgspec
    >>> msgspec.json.decode(b'{"node": "thesis", "text": "Quote the survey."}', type=NewComment).node
    'thesis'
"""

from __future__ import annotations

import datetime
import enum
from typing import Annotated

from msgspec import Meta

from schemas._accounts import Handle
from schemas._api import RelationRef
from schemas._base import Output, Struct
from schemas._map import Slug

Title = Annotated[str, Meta(min_length=1, max_length=200, pattern=r"\S")]
Prompt = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=2000,
        pattern=r"\S",
        description="The question the students answer; it starts as their map's thesis, to be replaced.",
    ),
]
CommentText = Annotated[str, Meta(min_length=1, max_length=4000, pattern=r"\S")]
Due = Annotated[
    datetime.datetime,
    Meta(tz=True, description="When the work is due: an ISO 8601 date-time with its offset (or Z)."),
]


class SubmissionStatus(enum.StrEnum):
    """Where one student stands on one assignment."""

    NOT_STARTED = "not-started"
    """No map yet (and the assignment is not yet due)."""
    DRAFT = "draft"
    """A map, not handed in, or changed since it was handed in (before the due time)."""
    SUBMITTED = "submitted"
    """A version handed in by the due time, and no change since (or only changes after the due time)."""
    LATE = "late"
    """Handed in after the due time, or the due time passed with nothing handed in."""


class NewAssignment(Struct, kw_only=True, forbid_unknown_fields=True):
    """``POST /assignments``: what the students are to do, on which stored source, by when."""

    id: Handle
    title: Title
    prompt: Prompt
    source: Slug
    """A source the server stores (cited by a map the teacher may read): the students' maps cite it."""
    due: Due
    key_map: Slug | None = None
    """The teacher's own answer, a map they may read; shown to the group's editors and admins only."""
    group: Handle | None = None
    """The class; an editor's own group when omitted (admins name one)."""


class Assignment(Output, frozen=True, kw_only=True):
    """An assignment as its group sees it (``key_map`` is the teachers' only)."""

    id: str
    group: str
    title: str
    prompt: str
    source: str
    due: str
    """ISO 8601 in UTC, to the second."""
    key_map: str | None
    teacher: str
    """Who set it."""
    created: str


class AssignmentList(Output, frozen=True, kw_only=True):
    """The assignments the caller may see, soonest due first."""

    assignments: list[Assignment]


class RosterRow(Output, frozen=True, kw_only=True):
    """One student's work on an assignment."""

    student: str
    name: str
    status: SubmissionStatus
    map: str | None
    """The student's map for it, once started."""
    submitted_version: int | None
    """The version last handed in (kept when the student edits on: the map's current version is newer)."""
    submitted: str | None
    """When it was handed in."""
    current_version: int | None
    current_nodes: int | None
    """How many nodes the map's current version has."""
    submitted_nodes: int | None
    """How many nodes the version handed in has."""
    current_errors: int | None = None
    """How many errors the linter finds in the map's current version (``GET /maps/{id}/gaps``)."""
    current_warnings: int | None = None
    """How many warnings the linter finds in the map's current version."""


class AssignmentDetail(Output, frozen=True, kw_only=True):
    """An assignment and its roster: every student for its teachers, one's own row for a student."""

    assignment: Assignment
    roster: list[RosterRow]


class Submit(Struct, kw_only=True, forbid_unknown_fields=True):
    """``POST /assignments/{id}/submit``: the version handed in (the map's current one when omitted)."""

    version: Annotated[int, Meta(ge=1)] | None = None


class NewComment(Struct, kw_only=True, forbid_unknown_fields=True):
    """``POST /maps/{id}/comments``: feedback on one node, or on one relation named by its ends."""

    text: CommentText
    node: Slug | None = None
    relation: RelationRef | None = None


class Comment(Output, frozen=True, kw_only=True):
    """One piece of feedback on a map: on what, by whom, when, and whether it has been dealt with."""

    id: str
    map: str
    node: str | None
    relation: RelationRef | None
    text: str
    author: str
    created: str
    version: int
    """The map version it was written on (the node or relation may have changed since)."""
    resolved: str | None = None
    """When it was marked resolved (the first time)."""
    resolved_by: str | None = None


class CommentList(Output, frozen=True, kw_only=True):
    """A map's comments, oldest first."""

    comments: list[Comment]
