"""Every Cypher statement argmap runs, in one place, all parameterized.

Labels and relationship types cannot be parameters in Cypher, so the per-kind and per-relation statements are
built here once, at import, from the closed enums of the model, never from request data.
"""

from __future__ import annotations

from graph.search import ANALYZER, FIELD_BOOSTS
from schemas import NodeKind, RelationType

KIND_LABELS: dict[NodeKind, str] = {
    NodeKind.THESIS: "Thesis",
    NodeKind.CLAIM: "Claim",
    NodeKind.EVIDENCE: "Evidence",
    NodeKind.CAVEAT: "Caveat",
    NodeKind.COUNTERPOINT: "Counterpoint",
}
RELATION_TYPES: dict[RelationType, str] = {
    RelationType.SUPPORTS: "SUPPORTS",
    RelationType.ATTACKS: "ATTACKS",
    RelationType.QUALIFIES: "QUALIFIES",
}
FULLTEXT_INDEX = "argmap_node_text"
# The index's whole configuration: start-up compares it with the index the database has and replaces an index
# built otherwise (an older field list or analyzer), so every server searches the same way.
FULLTEXT_PROPERTIES = tuple(FIELD_BOOSTS)
FULLTEXT_CONFIG = {"fulltext.analyzer": ANALYZER, "fulltext.eventually_consistent": False}

SCHEMA = (
    "CREATE CONSTRAINT argmap_map_id IF NOT EXISTS FOR (m:Map) REQUIRE m.id IS UNIQUE",
    "CREATE CONSTRAINT argmap_map_lock IF NOT EXISTS FOR (l:MapLock) REQUIRE l.map IS UNIQUE",
    "CREATE CONSTRAINT argmap_node_key IF NOT EXISTS FOR (n:Node) REQUIRE (n.map, n.id) IS UNIQUE",
    "CREATE CONSTRAINT argmap_speaker_key IF NOT EXISTS FOR (s:Speaker) REQUIRE (s.map, s.id) IS UNIQUE",
    "CREATE CONSTRAINT argmap_source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE",
    "CREATE CONSTRAINT argmap_source_revision IF NOT EXISTS FOR (r:SourceRevision) "
    "REQUIRE (r.source, r.number) IS UNIQUE",
    "CREATE CONSTRAINT argmap_map_version IF NOT EXISTS FOR (v:MapVersion) "
    "REQUIRE (v.map, v.number) IS UNIQUE",
    "CREATE CONSTRAINT argmap_user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE",
    "CREATE CONSTRAINT argmap_group_id IF NOT EXISTS FOR (g:Group) REQUIRE g.id IS UNIQUE",
    "CREATE CONSTRAINT argmap_token_id IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.id IS UNIQUE",
    "CREATE CONSTRAINT argmap_token_digest IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.digest IS UNIQUE",
    "CREATE CONSTRAINT argmap_session_digest IF NOT EXISTS FOR (s:Session) REQUIRE s.digest IS UNIQUE",
    "CREATE CONSTRAINT argmap_link_digest IF NOT EXISTS FOR (l:SignInLink) REQUIRE l.digest IS UNIQUE",
    "CREATE CONSTRAINT argmap_failures_key IF NOT EXISTS FOR (f:SignInFailures) REQUIRE f.key IS UNIQUE",
    "CREATE CONSTRAINT argmap_assignment_id IF NOT EXISTS FOR (a:Assignment) REQUIRE a.id IS UNIQUE",
    "CREATE CONSTRAINT argmap_submission_key IF NOT EXISTS FOR (s:Submission) "
    "REQUIRE (s.assignment, s.student) IS UNIQUE",
    "CREATE CONSTRAINT argmap_comment_id IF NOT EXISTS FOR (c:Comment) REQUIRE c.id IS UNIQUE",
    "CREATE INDEX argmap_comment_map IF NOT EXISTS FOR (c:Comment) ON (c.map)",
    "CREATE INDEX argmap_quote_node IF NOT EXISTS FOR (q:Quote) ON (q.map, q.node)",
    "CREATE INDEX argmap_node_kind IF NOT EXISTS FOR (n:Node) ON (n.kind)",
)
CREATE_FULLTEXT = (
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Node) "
    f"ON EACH [{', '.join('n.' + name for name in FULLTEXT_PROPERTIES)}] "
    f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{ANALYZER}', `fulltext.eventually_consistent`: false}}}}"
)
FULLTEXT_SHAPE = """
SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options
WHERE name = $name
RETURN labelsOrTypes AS labels, properties, options.indexConfig AS config
"""
DROP_FULLTEXT = f"DROP INDEX {FULLTEXT_INDEX} IF EXISTS"
STALE_SEARCH_MAPS = """
MATCH (n:Node) WHERE n.search_rev IS NULL OR n.search_rev < $revision
RETURN DISTINCT n.map AS map_id
"""
SET_SEARCH_FIELDS = """
UNWIND $nodes AS row
MATCH (n:Node {map: $map_id, id: row.id})
SET n += row.fields
"""
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"

# -- reads ---------------------------------------------------------------------------------------------------
MAP_HEADER = """
MATCH (m:Map {id: $map_id})
RETURN m.id AS id, m.version AS version, m.doc_hash AS doc_hash
"""
MAP_VERSIONS = "MATCH (m:Map) RETURN m.id AS id, coalesce(m.version, 0) AS version"
MAP_ACCESSES = """
MATCH (m:Map)
RETURN m.id AS id, m.owner AS owner, m.owner_group AS group, m.visibility AS visibility
"""
LIST_MAPS = """
MATCH (m:Map) WHERE $after IS NULL OR m.id > $after
WITH m ORDER BY m.id LIMIT $limit
CALL (m) {
  OPTIONAL MATCH (m)-[:CONTAINS]->(n:Node)
  WITH n.kind AS kind, count(n) AS n WHERE kind IS NOT NULL
  RETURN collect({kind: kind, n: n}) AS counts
}
CALL (m) {
  OPTIONAL MATCH (m)-[:CONTAINS]->(t:Thesis)
  WITH t ORDER BY t.ord
  RETURN collect(t.id) AS thesis_ids
}
CALL (m) {
  OPTIONAL MATCH (m)-[:CONTAINS]->(f:Node {ord: 0})
  RETURN f.id AS first_node
}
CALL (m) {
  OPTIONAL MATCH (m)-[c:CITES]->(s:Source)
  WITH s, c ORDER BY c.ord
  RETURN collect(CASE WHEN s IS NULL THEN null ELSE {id: s.id, title: s.title, outlet: s.outlet} END)
    AS sources
}
RETURN m.id AS id, m.title AS title, m.summary AS summary, m.version AS version, m.root AS root,
       m.visibility AS visibility, m.owner AS owner, m.owner_group AS group,
       thesis_ids, first_node, counts, sources
ORDER BY m.id
"""
READ_MAP = """
MATCH (m:Map {id: $map_id})
CALL (m) {
  OPTIONAL MATCH (m)-[c:CITES]->(s:Source)
  // A map cites the revision it was written against: its text, not the source's first one.
  OPTIONAL MATCH (s)-[:REVISED_AS]->(r:SourceRevision {number: c.revision})
  WITH s, c, r ORDER BY c.ord
  // Each map keeps its own ``written_by`` and ``reports_on`` on its citation (``own``, JSON).
  RETURN collect(CASE WHEN r IS NULL THEN s {.*, own: c.own} ELSE s {.*, text: r.text, own: c.own} END)
    AS sources
}
CALL (m) {
  OPTIONAL MATCH (sp:Speaker {map: m.id})
  WITH sp ORDER BY sp.ord
  RETURN collect(sp {.*}) AS speakers
}
CALL (m) {
  OPTIONAL MATCH (m)-[:CONTAINS]->(n:Node)
  WITH n ORDER BY n.ord
  RETURN collect(n {.id, .doc, .version}) AS nodes
}
CALL (m) {
  OPTIONAL MATCH (m)-[:CONTAINS]->(a:Node)-[r:SUPPORTS|ATTACKS|QUALIFIES]->(b:Node)
  WITH a, r, b ORDER BY r.ord
  // A map without relations still yields one row of nulls here; collect() drops a null, not a map of nulls.
  RETURN collect(CASE WHEN r IS NULL THEN null
                 ELSE {source: a.id, target: b.id, type: toLower(type(r)), weight: r.weight, note: r.note}
                 END) AS relations
}
RETURN m {.*} AS map, sources, speakers, nodes, relations
"""
# What a replacing write compares the new document with, in one round trip and without any text: each node's
# hash, version and kind, the relations, and the hashes of the sources and speakers it wrote last.
STORED_MAP = """
MATCH (m:Map {id: $map_id})
CALL (m) {
  OPTIONAL MATCH (m)-[:CONTAINS]->(n:Node)
  RETURN collect(n {.id, .hash, .version, .kind}) AS nodes
}
CALL (m) {
  OPTIONAL MATCH (m)-[:CONTAINS]->(a:Node)-[r:SUPPORTS|ATTACKS|QUALIFIES]->(b:Node)
  RETURN collect(CASE WHEN r IS NULL THEN null
                 ELSE {source: a.id, target: b.id, type: toLower(type(r)), weight: r.weight, note: r.note,
                       ord: r.ord}
                 END) AS relations
}
RETURN nodes, relations, m.sources_hash AS sources_hash, m.speakers_hash AS speakers_hash
"""
GET_SOURCE = """
MATCH (s:Source {id: $source_id})
OPTIONAL MATCH (m:Map)-[:CITES]->(s)
RETURN s {.*} AS source, collect(m.id) AS maps
"""
_SEARCH_FILTERS = """
WHERE ($kind IS NULL OR n.kind = $kind)
  AND ($speaker IS NULL OR n.speaker = $speaker
       OR EXISTS { MATCH (s:Speaker {map: n.map, id: n.speaker}) WHERE toLower(s.name) = toLower($speaker) })
  AND ($reported_by IS NULL OR n.reported_by = $reported_by
       OR (n.reported_by IS NULL AND n.speaker = $reported_by))
  AND ($tag IS NULL OR $tag IN n.tags)
  AND ($map IS NULL OR n.map = $map)
  AND ($maps IS NULL OR n.map IN $maps)
  AND ($min_strength IS NULL OR n.strength >= $min_strength)
"""
# Every match, lightly: the service counts facets over all of them and pages them; the node's words, quotes
# and scores come from the map version it already holds in memory.
SEARCH = (
    """
CALL db.index.fulltext.queryNodes($index, $query, {limit: $limit}) YIELD node AS n, score
"""
    + _SEARCH_FILTERS
    + """
RETURN n.map AS map, n.id AS id, n.kind AS kind, n.speaker AS speaker, n.tags AS tags,
       n.strength AS strength, score
"""
)
LIST_NODES = (
    """
MATCH (n:Node)
"""
    + _SEARCH_FILTERS
    + """
RETURN n.map AS map, n.id AS id, n.kind AS kind, n.speaker AS speaker, n.tags AS tags,
       n.strength AS strength, 1.0 AS score
LIMIT $limit
"""
)

# -- writes --------------------------------------------------------------------------------------------------
DELETE_MAP_CONTENT = """
MATCH (m:Map {id: $map_id})
OPTIONAL MATCH (m)-[:CONTAINS]->(n:Node)
OPTIONAL MATCH (n)-[:QUOTES]->(q:Quote)
DETACH DELETE q, n
"""
MAP_SOURCE_IDS = "MATCH (:Map {id: $map_id})-[:CITES]->(s:Source) RETURN s.id AS id"
DELETE_SPEAKERS = "MATCH (s:Speaker {map: $map_id}) DETACH DELETE s"
DELETE_CITATIONS = "MATCH (:Map {id: $map_id})-[c:CITES]->(:Source) DELETE c"
DELETE_ORPHAN_SOURCES = """
MATCH (s:Source) WHERE s.id IN $source_ids AND NOT EXISTS { (:Map)-[:CITES]->(s) }
  AND NOT coalesce(s.stored, false)  // a source stored on its own outlives the maps citing it
OPTIONAL MATCH (s)-[:REVISED_AS]->(r:SourceRevision)
DETACH DELETE r, s
"""
DELETE_MAP = "MATCH (m:Map {id: $map_id}) DETACH DELETE m"
# Every write takes the write locks of the maps it touches before anything else, in id order, so two writes
# of one map run one after the other (the second sees the first's version) and writes of maps that link to
# each other cannot deadlock. The map node is created here when new, so a create holds its lock too.
# A map's write lock lives on a node of its own, with no relationships: a writer waiting for the lock of a
# dense node (the map has a relationship per node) would share locks on its relationship groups with the
# lock holder, which then deadlocks deleting relationships. MATCH takes no lock and SET takes the write lock
# at once (reading first, as MERGE does, would let two writers share a lock and deadlock upgrading it).
LOCK_MAPS = """
UNWIND $map_ids AS map_id
MATCH (l:MapLock {map: map_id})
SET l.writes = l.writes + 1
WITH l
OPTIONAL MATCH (m:Map {id: l.map})
RETURN l.map AS id, m.version AS version, m.doc_hash AS doc_hash, l.last_version AS last_version
"""
# The first write of a map creates its lock; a concurrent first write waits on the uniqueness constraint,
# then holds the same lock and finds the map committed.
CREATE_MAP_LOCK = """
MERGE (l:MapLock {map: $map_id})
  ON CREATE SET l.writes = 0
SET l.writes = l.writes + 1
WITH l
OPTIONAL MATCH (m:Map {id: l.map})
RETURN l.map AS id, m.version AS version, m.doc_hash AS doc_hash, l.last_version AS last_version
"""
# A deleted map's lock stays, holding its last version: a map created again under the id continues after it,
# so no version number (and no ETag) ever names two different contents.
KEEP_LAST_VERSION = "MATCH (l:MapLock {map: $map_id}) SET l.last_version = $version"

# Every write keeps its version whole: the document (compressed JSON, its sources' texts included, so an old
# version reads the same even if a source is later deleted and cited again with other text), each node's
# version, and a summary. MERGE: a retried transaction or a backfill at start never keeps one twice.
KEEP_VERSION = """
MERGE (v:MapVersion {map: $map_id, number: $number})
ON CREATE SET v.created = datetime(), v.author = $author, v.changes = $changes,
              v.root_strength = $root_strength, v.document = $document, v.node_versions = $node_versions
"""

LIST_VERSIONS = """
MATCH (m:Map {id: $map_id})
OPTIONAL MATCH (v:MapVersion {map: $map_id})
WHERE $before IS NULL OR v.number < $before
WITH m, v ORDER BY v.number DESC LIMIT $limit
RETURN m.version AS current,
       [row IN collect(v {.number, created: toString(v.created), .author, .changes, .root_strength})
        WHERE row.number IS NOT NULL] AS versions
"""

READ_VERSION = """
MATCH (v:MapVersion {map: $map_id, number: $number})
RETURN v.document AS document, v.node_versions AS node_versions, toString(v.created) AS created
"""

READ_VERSIONS = """
MATCH (v:MapVersion {map: $map_id})
WHERE v.number >= $first AND v.number <= $last
RETURN v.number AS number, v.document AS document, v.node_versions AS node_versions,
       toString(v.created) AS created
ORDER BY v.number
"""

VERSION_RANGE = """
OPTIONAL MATCH (m:Map {id: $map_id})
OPTIONAL MATCH (v:MapVersion {map: $map_id})
RETURN m.version AS current, min(v.number) AS first, max(v.number) AS last
"""

UNKEPT_CURRENT_VERSIONS = """
MATCH (m:Map)
WHERE NOT EXISTS { MATCH (:MapVersion {map: m.id, number: m.version}) }
RETURN m.id AS map_id
"""

DELETE_VERSIONS = "MATCH (v:MapVersion {map: $map_id}) DELETE v"

VERSION_BYTES = "MATCH (v:MapVersion {map: $map_id}) RETURN avg(size(v.document)) AS bytes"
LINKED_MAPS = """
MATCH (n:Node) WHERE n.same_as IS NOT NULL AND n.map <> $map_id
  AND any(ref IN n.same_as WHERE ref STARTS WITH $prefix)
RETURN DISTINCT n.map AS map_id
"""
UPSERT_MAP = """
MERGE (m:Map {id: $map_id})
// Only a map's creation names its owner: a replacement by an editor or admin leaves it the owner's.
ON CREATE SET m.owner = $owner, m.owner_group = $group
SET m.title = $title, m.summary = $summary, m.root = $root, m.format = $format,
    m.version = $version, m.doc_hash = $doc_hash, m.visibility = $visibility, m.perspectives = $perspectives,
    m.sources_hash = $sources_hash, m.speakers_hash = $speakers_hash
"""
# The sources a map write names that are stored already, each whole: which revision the map's copy is, or
# whether it conflicts, is decided from them (graph.sources.StoredSource).
SOURCE_STATES = """
UNWIND $source_ids AS source_id
MATCH (s:Source {id: source_id})
CALL (s) {
  OPTIONAL MATCH (s)-[:REVISED_AS]->(r:SourceRevision)
  WITH r ORDER BY r.number
  RETURN collect(r {.*}) AS revisions
}
CALL (s) {
  OPTIONAL MATCH (m:Map)-[c:CITES]->(s)
  WITH m, c ORDER BY m.id
  RETURN collect(CASE WHEN m IS NULL THEN null ELSE {map: m.id, revision: coalesce(c.revision, 1)} END)
    AS citations
}
RETURN s {.*} AS source, revisions, citations
ORDER BY s.id
"""
# ``keep``: a source stored beyond this map is cited as it is, never rewritten by it.
UPSERT_SOURCES = """
MATCH (m:Map {id: $map_id})
UNWIND $sources AS src
MERGE (s:Source {id: src.id})
ON CREATE SET s.owner = $owner, s.owner_group = $group
SET s += CASE WHEN src.keep THEN {} ELSE src.props END
MERGE (m)-[c:CITES]->(s)
SET c.ord = src.ord, c.revision = src.revision, c.own = src.own
"""
CREATE_NODES: dict[NodeKind, str] = {
    kind: f"""
MATCH (m:Map {{id: $map_id}})
UNWIND $nodes AS row
CREATE (n:Node:{label} {{map: $map_id, id: row.id}})
SET n += row
CREATE (m)-[:CONTAINS]->(n)
WITH n
MATCH (s:Speaker {{map: $map_id, id: n.speaker}})
CREATE (n)-[:SAID_BY]->(s)
"""
    for kind, label in KIND_LABELS.items()
}
# A changed node of the same kind keeps its identity and relationships: its properties are replaced, and its
# quotes, speaker and outgoing SAME_AS links are made again (by CREATE_QUOTES and LINK_SAME_AS after it).
UPDATE_NODES = """
UNWIND $nodes AS row
MATCH (n:Node {map: $map_id, id: row.id})
SET n = row, n.map = $map_id
WITH n
CALL (n) {
  OPTIONAL MATCH (n)-[:QUOTES]->(q:Quote)
  DETACH DELETE q
}
CALL (n) {
  OPTIONAL MATCH (n)-[link:SAID_BY|SAME_AS]->(:Node|Speaker)
  DELETE link
}
MATCH (s:Speaker {map: $map_id, id: n.speaker})
CREATE (n)-[:SAID_BY]->(s)
"""
CREATE_QUOTES = """
UNWIND $quotes AS row
MATCH (n:Node {map: $map_id, id: row.node})
MATCH (s:Source {id: row.link_source})
CREATE (q:Quote {map: $map_id, node: row.node, ord: row.ord, start: row.start, end: row.end,
                 text: row.text, source: row.link_source, provenance: row.provenance})
CREATE (n)-[:QUOTES]->(q)-[:IN]->(s)
"""
CREATE_RELATIONS: dict[RelationType, str] = {
    relation: f"""
UNWIND $relations AS row
MATCH (a:Node {{map: $map_id, id: row.source}})
MATCH (b:Node {{map: $map_id, id: row.target}})
CREATE (a)-[r:{label} {{ord: row.ord}}]->(b)
SET r.weight = row.weight, r.note = row.note
"""
    for relation, label in RELATION_TYPES.items()
}
# A write links only the nodes it created: a kept node keeps its SAME_AS relationships, and a node created
# again lost them with its old self. Outgoing, from the created nodes ($ids); incoming, from the nodes of the
# maps that name this one ($linking, found when the write took their locks) to the created nodes.
LINK_SAME_AS = """
MATCH (a:Node {map: $map_id}) WHERE a.id IN $ids AND a.same_as IS NOT NULL
UNWIND a.same_as AS ref
MATCH (b:Node {map: split(ref, '/')[0], id: split(ref, '/')[1]})
MERGE (a)-[:SAME_AS]->(b)
WITH count(*) AS outgoing
UNWIND $linking AS other
MATCH (b:Node {map: other}) WHERE b.same_as IS NOT NULL
UNWIND b.same_as AS ref
WITH b, ref WHERE split(ref, '/')[0] = $map_id AND split(ref, '/')[1] IN $ids
MATCH (a:Node {map: $map_id, id: split(ref, '/')[1]})
MERGE (b)-[:SAME_AS]->(a)
"""
DELETE_NODES = """
UNWIND $ids AS id
MATCH (n:Node {map: $map_id, id: id})
OPTIONAL MATCH (n)-[:QUOTES]->(q:Quote)
DETACH DELETE q, n
"""
UPSERT_SPEAKERS = """
UNWIND $speakers AS sp
MERGE (s:Speaker {map: $map_id, id: sp.id})
SET s += sp
"""
DELETE_STALE_SPEAKERS = """
MATCH (s:Speaker {map: $map_id}) WHERE NOT s.id IN $ids
DETACH DELETE s
"""
# Every kept node's place and strength travel (a few bytes each); only those that differ are written, so an
# edit of one node locks no more nodes than its strength changes reach.
UPDATE_KEPT_NODES = """
UNWIND $nodes AS row
MATCH (n:Node {map: $map_id, id: row.id})
WITH n, row
WHERE n.ord <> row.ord
   OR coalesce(n.strength <> row.strength, n.strength IS NOT NULL OR row.strength IS NOT NULL)
SET n.ord = row.ord, n.strength = row.strength
"""
DELETE_RELATIONS: dict[RelationType, str] = {
    relation: f"""
UNWIND $relations AS row
MATCH (:Node {{map: $map_id, id: row.source}})-[r:{label}]->(:Node {{map: $map_id, id: row.target}})
DELETE r
"""
    for relation, label in RELATION_TYPES.items()
}
ORDER_RELATIONS: dict[RelationType, str] = {
    relation: f"""
UNWIND $relations AS row
MATCH (:Node {{map: $map_id, id: row.source}})-[r:{label}]->(:Node {{map: $map_id, id: row.target}})
SET r.ord = row.ord
"""
    for relation, label in RELATION_TYPES.items()
}


COUNT_ALL = """
MATCH (n) WHERE $versions OR NOT n:MapVersion WITH count(n) AS nodes
OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS relationships
"""
CLEAR_DATABASE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
SERVER_INFO = (
    "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition"
)
PING = "RETURN 1 AS ok"

# The reads run once at start-up (``Neo4jStore.ensure_schema``) so Neo4j plans them before any request, with
# parameters of the types requests send (``map_id`` becomes a stored map's id).
ANY_MAP = "MATCH (m:Map) RETURN m.id AS id LIMIT 1"
_FILTERS = {
    "kind": None,
    "speaker": None,
    "reported_by": None,
    "tag": None,
    "map": None,
    "maps": None,
    "min_strength": None,
}
PLANNED_READS: tuple[tuple[str, dict[str, object]], ...] = (
    (READ_MAP, {}),
    (MAP_HEADER, {}),
    (SEARCH, {"index": FULLTEXT_INDEX, "query": "x", "limit": 1, **_FILTERS}),
)
