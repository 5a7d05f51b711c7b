"""The classroom: assignments a teacher sets their group, each student's work on them, and feedback on maps.

``MapService`` holds the use cases as ``service.classroom`` (``graph.service._classroom.Classroom``); the
store keeps the records (``ClassroomStore``); where a student stands follows from the pure rules of
``status_of``. Nothing here reaches up to the service.
"""

from graph.classroom._protocol import ClassroomStore
from graph.classroom._records import AssignmentRecord, CommentRecord, SubmissionRecord
from graph.classroom._rules import FORMULA_STARTS, ROSTER_COLUMNS, roster_csv, safe_cell, status_of

__all__ = [
    "FORMULA_STARTS",
    "ROSTER_COLUMNS",
    "AssignmentRecord",
    "ClassroomStore",
    "CommentRecord",
    "SubmissionRecord",
    "roster_csv",
    "safe_cell",
    "status_of",
]
