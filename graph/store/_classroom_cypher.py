"""The Cypher of the classroom: assignments, students' submissions, and comments on maps.

Every statement is parameterized. As account records do, these name each other and maps by id properties, not
relationships: a submission names its assignment, student and map, a comment its map, and none is traversed
from a map's content (so a map's writes never touch them, and a map's reads never read them).
"""

from __future__ import annotations

# Explicit projections: a property never set (an assignment without a key map) reads as null, not as missing.
_ASSIGNMENT = "{.id, .group, .title, .prompt, .source, .due, .key_map, .teacher, .created}"
_SUBMISSION = "{.assignment, .student, .map, .started, .version, .submitted, .current_then}"
_COMMENT = "{.id, .map, .node, .source, .target, .text, .author, .created, .version, .resolved, .resolved_by}"

# -- assignments ---------------------------------------------------------------------------------------------
ASSIGNMENT_EXISTS = "MATCH (a:Assignment {id: $id}) RETURN a.id AS id"
CREATE_ASSIGNMENT = "CREATE (a:Assignment $assignment)"
ASSIGNMENT = f"MATCH (a:Assignment {{id: $id}}) RETURN a {_ASSIGNMENT} AS assignment"
ASSIGNMENTS = f"""
MATCH (a:Assignment) WHERE $group IS NULL OR a.group = $group
RETURN a {_ASSIGNMENT} AS assignment
ORDER BY a.due, a.id
"""

# -- submissions ---------------------------------------------------------------------------------------------
# MERGE on the uniqueness constraint's key: of two starts racing, the second waits for the first to commit and
# then matches its node. Only the start that created the node finds its own ``claim`` on it, which is removed
# at once, so the answer says which start made the work without leaving anything behind.
START_SUBMISSION = f"""
MERGE (s:Submission {{assignment: $assignment, student: $student}})
  ON CREATE SET s.map = $map, s.started = $started, s.claim = $claim
WITH s, coalesce(s.claim = $claim, false) AS created
REMOVE s.claim
RETURN s {_SUBMISSION} AS submission, created
"""
# Only work never handed in is forgotten: a hand-in is a record the teacher relies on.
DROP_SUBMISSION = """
MATCH (s:Submission {assignment: $assignment, student: $student}) WHERE s.version IS NULL
DELETE s
"""
SUBMISSION = f"""
MATCH (s:Submission {{assignment: $assignment, student: $student}})
RETURN s {_SUBMISSION} AS submission
"""
SUBMISSIONS = f"""
MATCH (s:Submission {{assignment: $assignment}})
RETURN s {_SUBMISSION} AS submission
ORDER BY s.student
"""
SUBMIT = f"""
MATCH (s:Submission {{assignment: $assignment, student: $student}})
SET s.version = $version, s.submitted = $when, s.current_then = $current
RETURN s {_SUBMISSION} AS submission
"""

# -- comments ------------------------------------------------------------------------------------------------
CREATE_COMMENT = "CREATE (c:Comment $comment)"
COMMENTS = f"""
MATCH (c:Comment {{map: $map}})
RETURN c {_COMMENT} AS comment
ORDER BY c.created, c.id
"""
# A second resolution keeps the first time and person: when feedback was dealt with is what a teacher wants.
RESOLVE_COMMENT = f"""
MATCH (c:Comment {{map: $map, id: $id}})
SET c.resolved = coalesce(c.resolved, $when), c.resolved_by = coalesce(c.resolved_by, $by)
RETURN c {_COMMENT} AS comment
"""
# Run by a map's deletion: feedback on a student's work must not surface on another map created under its id.
DELETE_MAP_COMMENTS = "MATCH (c:Comment {map: $map_id}) DELETE c"
