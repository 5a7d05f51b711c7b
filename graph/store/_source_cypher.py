"""The Cypher of sources stored on their own and their revisions, all parameterized."""

from __future__ import annotations

# Taken first by every write of one source's own: the node's write lock, so two posts of one id (or two
# revisions) run one after the other. A source created here has no ``doc`` until ``CREATE_SOURCE`` runs.
CLAIM_SOURCE = """
MERGE (s:Source {id: $source_id})
ON CREATE SET s.claimed = true
ON MATCH SET s.claimed = false
"""
CREATE_SOURCE = """
MATCH (s:Source {id: $source_id})
SET s += $props, s.owner = $owner, s.owner_group = $group, s.visibility = $visibility, s.created = $when,
    s.stored_by = $stored_by, s.stored = true
REMOVE s.claimed
"""
KEEP_SOURCE = """
MATCH (s:Source {id: $source_id})
SET s.stored = true
REMOVE s.claimed
"""
LOCK_SOURCE = "MATCH (s:Source {id: $source_id}) SET s.stored = true RETURN s.id AS id"
ADD_REVISION = """
MATCH (s:Source {id: $source_id})
CREATE (s)-[:REVISED_AS]->(:SourceRevision {source: $source_id, number: $number, text: $text,
                                            text_hash: $text_hash, created: $when, author: $author,
                                            change: $change})
SET s.revision = $number
"""
