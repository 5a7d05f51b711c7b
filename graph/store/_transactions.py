"""Units of work: each is one transaction function, safe for the driver to retry (it re-runs from the start).

Every write first locks the maps it touches (``LOCK_MAPS``, in id order) and checks the version under that
lock, so of two writes based on one version exactly one commits and the other sees the new version; shared
sources are then locked in id order too, so writers of different maps cannot deadlock either.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, LiteralString

import msgspec
from neo4j import AsyncManagedTransaction

from graph.errors import Conflict, NotFound
from graph.mapgraph import MapGraph
from graph.sources import own_fields
from graph.store import _classroom_cypher, _codec, _cypher
from graph.store._conflicts import stored_source_conflict
from graph.store._cypher import FULLTEXT_PROPERTIES
from graph.store._sources import source_states
from graph.versions import Expected, require_version
from schemas import MapDocument, NodeKind, RelationType

SEARCH_KEYS = (*FULLTEXT_PROPERTIES, "search_rev", "reported_by")
UNKNOWN_AUTHOR = "unknown"
CHUNK = 5000
"""Rows per statement: longer lists of changes are written in batches."""

Strengths = Mapping[str, float]
Progress = Callable[[int, int], None]
Mutation = Callable[[MapGraph], Awaitable[tuple[MapDocument, Strengths]]]


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What a map write did: the map's version after it, and whether anything changed."""

    map_id: str
    version: int
    created: bool
    changed: bool
    node_versions: Mapping[str, int] | None = field(default=None, compare=False)
    """Each node's version after a write that changed the map (None when nothing changed)."""


async def read_map_tx(tx: AsyncManagedTransaction, map_id: str) -> MapGraph:
    """Read one whole map inside a transaction.

    Raises:
        NotFound: there is no such map.
    """
    record = await (await tx.run(_cypher.READ_MAP, map_id=map_id)).single()
    if record is None:
        raise NotFound(f"there is no map {map_id!r}")
    row = record.data()
    row["sources"] = [_with_own_fields(source) for source in row["sources"]]
    return _codec.graph_from_record(row)


def _with_own_fields(row: dict[str, Any]) -> dict[str, Any]:
    """A cited source's row with the fields its map keeps for itself (kept on the citation since written)."""
    own = row.pop("own", None)
    if not own:
        return row
    doc = {**msgspec.json.decode(row["doc"]), **msgspec.json.decode(own)}
    return {**row, "doc": msgspec.json.encode(doc).decode()}


async def write_map_tx(
    tx: AsyncManagedTransaction,
    document: MapDocument,
    strengths: Strengths,
    *,
    expected_version: Expected = None,
    must_exist: bool = False,
    must_not_exist: bool = False,
    progress: Progress | None = None,
    author: str = UNKNOWN_AUTHOR,
    owner: str | None = None,
    group: str | None = None,
    base: MapGraph | None = None,
) -> WriteResult:
    """Create or replace one map inside a transaction; unchanged content keeps its versions.

    Every write that changes the map keeps the new version whole (``KEEP_VERSION``), by ``author``. A map
    created here is ``owner``'s, in ``group``; a replaced one keeps its owner and group.
    ``progress`` is called with (rows written, rows in all) after each batch, for progress bars.
    ``base``: the map version the writer holds; when it is the one locked, the write is compared with it
    instead of reading what is stored.
    """
    map_id = document.id
    locked = await lock_map(tx, map_id, _linked_maps(document))
    version = locked.version
    if version is None and must_exist:
        raise NotFound(f"there is no map {map_id!r}")
    if version is not None and must_not_exist:
        raise Conflict(f"a map with id {map_id!r} already exists: replace it with PUT /maps/{map_id}")
    if version is not None:
        require_version(map_id, version, expected_version)
    if version is not None and locked.doc_hash == _codec.document_hash(document):
        return WriteResult(map_id=map_id, version=version, created=False, changed=False)
    if base is not None and version is not None and base.version == version:
        stored = _codec.stored_from_graph(base)
    elif version is None:
        stored = _codec.stored_from_record(None)
    else:
        record = await (await tx.run(_cypher.STORED_MAP, map_id=map_id)).single()
        stored = _codec.stored_from_record(None if record is None else record.data())
    return await _write_changes(
        tx, document, strengths, stored, locked, progress=progress, author=author, owner=owner, group=group
    )


async def _write_changes(
    tx: AsyncManagedTransaction,
    document: MapDocument,
    strengths: Strengths,
    stored: _codec.StoredMap,
    locked: Locked,
    *,
    progress: Progress | None,
    author: str,
    owner: str | None,
    group: str | None,
) -> WriteResult:
    """Turn the map ``stored`` (committed at the version ``locked``) into ``document``: only what differs.

    Sources and speakers are written only when their hashes differ from those the map keeps; nodes whose
    content is unchanged keep their versions and only their place and strength are compared; the search
    fields of kept nodes are rewritten only when the speakers (whose names they hold) changed.
    """
    map_id = document.id
    version = locked.version
    # A map created again continues after the last version of the one deleted under its id.
    new_version = (locked.last_version or 0) + 1 if version is None else version + 1
    new_sources_hash = _codec.sources_hash(document)
    new_speakers_hash = _codec.speakers_hash(document)
    sources_changed = stored.sources_hash != new_sources_hash
    if sources_changed:
        # Sorted by id: shared sources are locked in the same order by every writer, so writers cannot
        # deadlock.
        sources = sorted(_codec.source_rows(document), key=lambda row: str(row["id"]))
        await _cite_sources(tx, map_id, document, sources)
    plan = _codec.plan_replace(document, stored.nodes, stored.relations, new_version, stored.kinds)
    changes = _codec.version_changes(document, stored.nodes, stored.relations)

    # Only what changed is touched: deleting and re-creating thousands of nodes with the same keys in one
    # transaction costs several times more than the diff, and unchanged nodes keep their versions.
    header = {
        "map_id": map_id,
        "title": document.title,
        "summary": document.summary,
        "root": document.root,
        "format": document.format,
        "version": new_version,
        "doc_hash": _codec.document_hash(document),
        "visibility": document.visibility,
        "perspectives": _codec.perspectives_text(document),
        "owner": owner,
        "group": group,
        "sources_hash": new_sources_hash,
        "speakers_hash": new_speakers_hash,
    }
    speakers_changed = stored.speakers_hash != new_speakers_hash
    if plan.deleted_nodes:
        await tx.run(_cypher.DELETE_NODES, map_id=map_id, ids=plan.deleted_nodes)
    if sources_changed:
        result = await tx.run(_cypher.MAP_SOURCE_IDS, map_id=map_id)
        old_sources = [record["id"] async for record in result]
        await tx.run(_cypher.DELETE_CITATIONS, map_id=map_id)
    await tx.run(_cypher.UPSERT_MAP, header)
    # Created nodes and quotes link to the speakers and sources, which link to the map: all written first.
    if sources_changed:
        await tx.run(_cypher.UPSERT_SOURCES, map_id=map_id, sources=sources, owner=owner, group=group)
        await tx.run(_cypher.DELETE_ORPHAN_SOURCES, source_ids=old_sources)
    if speakers_changed:
        speakers = _codec.speaker_rows(document)
        await tx.run(_cypher.UPSERT_SPEAKERS, map_id=map_id, speakers=speakers)
        await tx.run(
            _cypher.DELETE_STALE_SPEAKERS, map_id=map_id, ids=[speaker["id"] for speaker in speakers]
        )

    written = plan.created_nodes | plan.updated_nodes
    created = _codec.node_rows(document, strengths, plan.versions, only=written)
    # Every kept node's place and strength go (a few bytes each); the statement writes only those that differ.
    kept = [
        {"id": node.id, "ord": order, "strength": strengths.get(node.id)}
        for order, node in enumerate(document.nodes)
        if node.id not in written
    ]
    # A kept node's search fields hold its speaker's name and role: rewritten only when the speakers changed.
    searched = _codec.search_rows(document, only={str(row["id"]) for row in kept}) if speakers_changed else []
    lists: dict[str, list[dict[str, Any]]] = {
        **{
            f"created_{kind.value}": [
                row for row in created if row["kind"] == kind.value and row["id"] in plan.created_nodes
            ]
            for kind in NodeKind
        },
        "updated": [row for row in created if row["id"] in plan.updated_nodes],
        "kept": kept,
        "searched": searched,
        "quotes": [row for row in _codec.quote_rows(document) if row["node"] in written],
    }
    for step, planned in (
        ("deleted", plan.deleted_relations),
        ("created", plan.created_relations),
        ("reordered", plan.reordered_relations),
    ):
        lists |= {f"{step}_{relation.value}": planned.get(relation.value, []) for relation in RelationType}
    # Outgoing links are made again for every node written; incoming ones only reach the nodes created anew.
    linked = {"created_ids": sorted(written), "linking": sorted(locked.linking)}
    await _apply(tx, map_id, lists, linked, progress)
    await keep_version_tx(tx, document, new_version, plan.versions, strengths, author, changes)
    return WriteResult(
        map_id=map_id,
        version=new_version,
        created=version is None,
        changed=True,
        node_versions=plan.versions,
    )


async def _cite_sources(
    tx: AsyncManagedTransaction, map_id: str, document: MapDocument, rows: list[dict[str, Any]]
) -> None:
    """Decide, for each source row of a map's write, which revision it cites and whether it is written.

    A copy of a stored source (its metadata and the text of one revision) cites that revision and changes
    nothing; a source only this map has ever cited changes with it; any other copy is a conflict.

    Raises:
        Conflict: a source stored beyond this map has other content (the message says what differs).
    """
    states = await source_states(tx, [str(row["id"]) for row in rows])
    mine = {source.id: source for source in document.sources}
    for row in rows:
        row["revision"], row["keep"] = 1, False
        row["own"] = msgspec.json.encode(own_fields(mine[row["id"]])).decode()
        stored = states.get(row["id"])
        if stored is None:
            continue
        revision = stored.revision_of(mine[row["id"]])
        if revision is not None:
            row["revision"], row["keep"] = revision, revision > 1 or stored.shared_beyond(map_id)
        elif stored.shared_beyond(map_id):
            raise stored_source_conflict(stored, mine[row["id"]], map_id)


async def _apply(
    tx: AsyncManagedTransaction,
    map_id: str,
    lists: dict[str, list[dict[str, Any]]],
    linked: dict[str, list[str]],
    progress: Progress | None,
) -> None:
    """A write's changes, each step that has rows in batches of ``CHUNK``, ``progress`` told after each.

    Steps with nothing to do send nothing: a one-node edit is a handful of small statements.
    """
    steps: list[tuple[LiteralString, str, str]] = [
        *((_cypher.CREATE_NODES[kind], "nodes", f"created_{kind.value}") for kind in NodeKind),
        (_cypher.UPDATE_NODES, "nodes", "updated"),
        (_cypher.UPDATE_KEPT_NODES, "nodes", "kept"),
        (_cypher.SET_SEARCH_FIELDS, "nodes", "searched"),
        (_cypher.CREATE_QUOTES, "quotes", "quotes"),
    ]
    for relation in RelationType:
        steps += [
            (_cypher.DELETE_RELATIONS[relation], "relations", f"deleted_{relation.value}"),
            (_cypher.CREATE_RELATIONS[relation], "relations", f"created_{relation.value}"),
            (_cypher.ORDER_RELATIONS[relation], "relations", f"reordered_{relation.value}"),
        ]
    total, done = sum(len(rows) for rows in lists.values()), 0
    for statement, parameter, name in steps:
        for chunk in _chunks(lists[name]):
            await tx.run(statement, {"map_id": map_id, parameter: chunk})
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    if linked["created_ids"]:
        await tx.run(
            _cypher.LINK_SAME_AS, map_id=map_id, ids=linked["created_ids"], linking=linked["linking"]
        )


def _version_row(
    document: MapDocument,
    number: int,
    node_versions: Mapping[str, int],
    strengths: Strengths,
    author: str,
    changes: Mapping[str, int],
) -> dict[str, Any]:
    """``KEEP_VERSION``'s parameters: the version whole, its author, what changed, the root's strength."""
    snapshot, versions = _codec.version_snapshot(document, node_versions)
    root = MapGraph(document=document, version=number, node_versions=node_versions).root
    return {
        "map_id": document.id,
        "number": number,
        "author": author,
        "changes": msgspec.json.encode(changes).decode(),
        "root_strength": strengths.get(root),
        "document": snapshot,
        "node_versions": versions,
    }


async def keep_version_tx(
    tx: AsyncManagedTransaction,
    document: MapDocument,
    number: int,
    node_versions: Mapping[str, int],
    strengths: Strengths,
    author: str,
    changes: Mapping[str, int],
) -> None:
    """Keep version ``number`` of a map whole, with who wrote it, what changed and the root's strength."""
    await tx.run(
        _cypher.KEEP_VERSION, _version_row(document, number, node_versions, strengths, author, changes)
    )


async def update_map_tx(
    tx: AsyncManagedTransaction,
    map_id: str,
    mutate: Mutation,
    *,
    expected_version: Expected,
    author: str = UNKNOWN_AUTHOR,
    base: MapGraph | None = None,
) -> tuple[WriteResult, MapDocument]:
    """Lock a map, read it, derive its new document with ``mutate`` and write what changed.

    ``base``: the map version the writer holds. When it is the version locked, it is what ``mutate`` gets
    and what the write is compared with, so nothing is read back; otherwise the map is read here.

    Raises:
        NotFound: the map is absent.
        StaleVersion: ``expected_version`` is not current.
    """
    locked = await lock_map(tx, map_id, _linked_maps(base.document) if base is not None else frozenset())
    if locked.version is None:
        raise NotFound(f"there is no map {map_id!r}")
    require_version(map_id, locked.version, expected_version)
    held = base is not None and base.version == locked.version
    current = base if base is not None and held else await read_map_tx(tx, map_id)
    document, strengths = await mutate(current)
    locked = await _lock_more(tx, locked, _linked_maps(document))
    if locked.doc_hash == _codec.document_hash(document):
        return WriteResult(map_id=map_id, version=current.version, created=False, changed=False), document
    stored = _codec.stored_from_graph(current)
    result = await _write_changes(
        tx, document, strengths, stored, locked, progress=None, author=author, owner=None, group=None
    )
    return result, document


async def delete_map_tx(tx: AsyncManagedTransaction, map_id: str, *, expected_version: Expected) -> None:
    """Delete a map, its kept versions, nodes, quotes, speakers, comments and the sources no other map cites.

    The lock remembers the last version, so a map created again under the id continues after it.

    Raises:
        NotFound: the map is absent.
        StaleVersion: ``expected_version`` is not current.
    """
    version = await _lock_existing(tx, map_id, expected_version)
    old_sources = await _delete_content(tx, map_id)
    await tx.run(_cypher.DELETE_MAP, map_id=map_id)
    await tx.run(_cypher.DELETE_VERSIONS, map_id=map_id)
    await tx.run(_classroom_cypher.DELETE_MAP_COMMENTS, map_id=map_id)
    await tx.run(_cypher.KEEP_LAST_VERSION, map_id=map_id, version=version)
    await tx.run(_cypher.DELETE_ORPHAN_SOURCES, source_ids=old_sources)


@dataclass(frozen=True, slots=True)
class Locked:
    """What a write's locks found: the map's committed version and hash, and the maps locked with it."""

    version: int | None
    """The map's version before this write (None for a new map)."""
    doc_hash: str | None
    last_version: int | None
    """The last version of a map deleted under the id, else None."""
    maps: frozenset[str]
    """Every map whose lock the write holds."""
    linking: frozenset[str]
    """The other maps whose nodes name this map's nodes (``same_as``)."""


async def lock_map(
    tx: AsyncManagedTransaction, map_id: str, linked: set[str] | frozenset[str] = frozenset()
) -> Locked:
    """Lock ``map_id`` (creating its lock if new) and the maps linked to it, in id order.

    ``linked`` names the maps this write's nodes link to; maps whose nodes link *to* ``map_id`` are locked
    too, because the write re-links them.
    """
    result = await tx.run(_cypher.LINKED_MAPS, map_id=map_id, prefix=f"{map_id}/")
    linking = frozenset([record["map_id"] async for record in result])
    every = {map_id, *linked} | linking
    result = await tx.run(_cypher.LOCK_MAPS, map_ids=sorted(every))
    rows = {
        record["id"]: (record["version"], record["doc_hash"], record["last_version"])
        async for record in result
    }
    if map_id not in rows:
        record = await (await tx.run(_cypher.CREATE_MAP_LOCK, map_id=map_id)).single(strict=True)
        rows[map_id] = (record["version"], record["doc_hash"], record["last_version"])
    version, doc_hash, last_version = rows[map_id]
    return Locked(
        version=None if version is None else int(version),
        doc_hash=doc_hash,
        last_version=None if last_version is None else int(last_version),
        maps=frozenset(every),
        linking=linking - {map_id},
    )


async def _lock_more(tx: AsyncManagedTransaction, locked: Locked, linked: set[str]) -> Locked:
    """Also lock the maps an update's new document links to that were not locked already.

    Out of id order, so two such writes may deadlock: Neo4j then fails one, which runs again.
    """
    extra = linked - locked.maps
    if not extra:
        return locked
    await (await tx.run(_cypher.LOCK_MAPS, map_ids=sorted(extra))).consume()
    return replace(locked, maps=locked.maps | extra)


async def _lock_existing(tx: AsyncManagedTransaction, map_id: str, expected_version: Expected) -> int:
    locked = await lock_map(tx, map_id)
    if locked.version is None:
        raise NotFound(f"there is no map {map_id!r}")
    require_version(map_id, locked.version, expected_version)
    return locked.version


def _linked_maps(document: MapDocument) -> set[str]:
    return {ref.map for node in document.nodes for ref in node.same_as if ref.map != document.id}


async def _delete_content(tx: AsyncManagedTransaction, map_id: str) -> list[str]:
    """Remove a map's nodes, quotes, speakers and citations; return the ids of the sources it cited."""
    result = await tx.run(_cypher.MAP_SOURCE_IDS, map_id=map_id)
    sources = [record["id"] async for record in result]
    await tx.run(_cypher.DELETE_MAP_CONTENT, map_id=map_id)
    await tx.run(_cypher.DELETE_SPEAKERS, map_id=map_id)
    await tx.run(_cypher.DELETE_CITATIONS, map_id=map_id)
    return sources


def _chunks(rows: list[dict[str, Any]], size: int = CHUNK) -> list[list[dict[str, Any]]]:
    return [rows[start : start + size] for start in range(0, len(rows), size)]
