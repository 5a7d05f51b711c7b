"""Units of work: each is one transaction function, safe for the driver to retry (it re-runs from the start).

Every write first locks the maps it touches (``LOCK_MAPS``, in id order) and checks the version under that
lock, so of two writes based on one version exactly one commits and the other sees the new version; shared
sources are then locked in id order too, so writers of different maps cannot deadlock either.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, LiteralString

import msgspec
from neo4j import AsyncManagedTransaction

from graph.errors import Conflict, NotFound
from graph.mapgraph import MapGraph
from graph.store import _classroom_cypher, _codec, _cypher
from graph.store._conflicts import source_conflict
from graph.store._cypher import FULLTEXT_PROPERTIES
from graph.versions import Expected, require_version
from schemas import MapDocument, NodeKind, RelationType

SEARCH_KEYS = (*FULLTEXT_PROPERTIES, "search_rev", "reported_by")
UNKNOWN_AUTHOR = "unknown"

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


async def read_map_tx(tx: AsyncManagedTransaction, map_id: str) -> MapGraph:
    """Read one whole map inside a transaction.

    Raises:
        NotFound: there is no such map.
    """
    record = await (await tx.run(_cypher.READ_MAP, map_id=map_id)).single()
    if record is None:
        raise NotFound(f"there is no map {map_id!r}")
    return _codec.graph_from_record(record.data())


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
) -> WriteResult:
    """Create or replace one map inside a transaction; unchanged content keeps its versions.

    Every write that changes the map keeps the new version whole (``KEEP_VERSION``), by ``author``. A map
    created here is ``owner``'s, in ``group``; a replaced one keeps its owner and group.
    ``progress`` is called with (rows written, rows in all) after each batch, for progress bars.
    """
    map_id = document.id
    version, stored_hash, last_version = await lock_maps(tx, map_id, _linked_maps(document))
    if version is None and must_exist:
        raise NotFound(f"there is no map {map_id!r}")
    if version is not None and must_not_exist:
        raise Conflict(f"a map with id {map_id!r} already exists: replace it with PUT /maps/{map_id}")
    if version is not None:
        require_version(map_id, version, expected_version)
    doc_hash = _codec.document_hash(document)
    if version is not None and stored_hash == doc_hash:
        return WriteResult(map_id=map_id, version=version, created=False, changed=False)

    # Sorted by id: shared sources are locked in the same order by every writer, so writers cannot deadlock.
    sources = sorted(_codec.source_rows(document), key=lambda row: str(row["id"]))
    result = await tx.run(_cypher.SOURCE_CONFLICTS, map_id=map_id, sources=sources)
    conflicts = [record.data() async for record in result]
    if conflicts:
        raise source_conflict(conflicts[0], document)
    # A map created again continues after the last version of the one deleted under its id.
    new_version = (last_version or 0) + 1 if version is None else version + 1
    result = await tx.run(_cypher.NODE_VERSIONS, map_id=map_id)
    old_nodes = {record["id"]: (record["hash"], record["version"]) async for record in result}
    result = await tx.run(_cypher.OLD_RELATIONS, map_id=map_id)
    old_relations = {
        (record["source"], record["target"], record["type"]): (
            record["weight"],
            record["note"],
            record["ord"],
        )
        async for record in result
    }
    plan = _codec.plan_replace(document, old_nodes, old_relations, new_version)
    changes = _codec.version_changes(document, old_nodes, old_relations)

    # Only what changed is touched: deleting and re-creating thousands of nodes with the same keys in one
    # transaction costs several times more than the diff, and unchanged nodes keep their versions.
    await tx.run(_cypher.DELETE_NODES, map_id=map_id, ids=plan.deleted_nodes)
    result = await tx.run(_cypher.MAP_SOURCE_IDS, map_id=map_id)
    old_sources = [record["id"] async for record in result]
    await tx.run(_cypher.DELETE_CITATIONS, map_id=map_id)
    await tx.run(
        _cypher.UPSERT_MAP,
        map_id=map_id,
        title=document.title,
        summary=document.summary,
        root=document.root,
        format=document.format,
        version=new_version,
        doc_hash=doc_hash,
        visibility=document.visibility,
        perspectives=_codec.perspectives_text(document),
        owner=owner,
        group=group,
    )
    await tx.run(_cypher.UPSERT_SOURCES, map_id=map_id, sources=sources)
    await tx.run(_cypher.DELETE_ORPHAN_SOURCES, source_ids=old_sources)
    speakers = _codec.speaker_rows(document)
    await tx.run(_cypher.UPSERT_SPEAKERS, map_id=map_id, speakers=speakers)
    await tx.run(_cypher.DELETE_STALE_SPEAKERS, map_id=map_id, ids=[speaker["id"] for speaker in speakers])

    rows = _codec.node_rows(document, strengths, plan.versions)
    created = [row for row in rows if row["id"] in plan.created_nodes]
    kept = [
        # A kept node's search fields still follow its speaker's name and role, which may have changed.
        {
            "id": row["id"],
            "ord": row["ord"],
            "strength": row["strength"],
            "search": {key: row[key] for key in SEARCH_KEYS},
        }
        for row in rows
        if row["id"] not in plan.created_nodes
    ]
    quotes = [row for row in _codec.quote_rows(document) if row["node"] in plan.created_nodes]
    batches: list[tuple[LiteralString, str, list[dict[str, Any]]]] = [
        (_cypher.CREATE_NODES[kind], "nodes", chunk)
        for kind in NodeKind
        for chunk in _chunks([row for row in created if row["kind"] == kind.value])
    ]
    batches += [(_cypher.UPDATE_KEPT_NODES, "nodes", chunk) for chunk in _chunks(kept)]
    batches += [(_cypher.CREATE_QUOTES, "quotes", chunk) for chunk in _chunks(quotes)]
    for relation_type in RelationType:
        for statements, planned in (
            (_cypher.DELETE_RELATIONS, plan.deleted_relations),
            (_cypher.CREATE_RELATIONS, plan.created_relations),
            (_cypher.ORDER_RELATIONS, plan.reordered_relations),
        ):
            chunks = _chunks(planned.get(relation_type.value, []))
            batches += [(statements[relation_type], "relations", chunk) for chunk in chunks]
    total, done = sum(len(chunk) for _, _, chunk in batches), 0
    for statement, parameter, chunk in batches:
        await tx.run(statement, {"map_id": map_id, parameter: chunk})
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    await tx.run(_cypher.LINK_SAME_AS, map_id=map_id)
    await keep_version_tx(tx, document, new_version, plan.versions, strengths, author, changes)
    return WriteResult(map_id=map_id, version=new_version, created=version is None, changed=True)


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
    snapshot, versions = _codec.version_snapshot(document, node_versions)
    root = MapGraph(document=document, version=number, node_versions=node_versions).root
    await tx.run(
        _cypher.KEEP_VERSION,
        map_id=document.id,
        number=number,
        author=author,
        changes=msgspec.json.encode(changes).decode(),
        root_strength=strengths.get(root),
        document=snapshot,
        node_versions=versions,
    )


async def update_map_tx(
    tx: AsyncManagedTransaction,
    map_id: str,
    mutate: Mutation,
    *,
    expected_version: Expected,
    author: str = UNKNOWN_AUTHOR,
) -> tuple[WriteResult, MapDocument]:
    """Lock a map, read it, derive its new document with ``mutate`` and write it.

    Raises:
        NotFound: the map is absent.
        StaleVersion: ``expected_version`` is not current.
    """
    await _lock_existing(tx, map_id, expected_version)
    current = await read_map_tx(tx, map_id)
    document, strengths = await mutate(current)
    result = await write_map_tx(
        tx, document, strengths, expected_version=current.version, must_exist=True, author=author
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


async def lock_maps(
    tx: AsyncManagedTransaction, map_id: str, linked: set[str] | frozenset[str] = frozenset()
) -> tuple[int | None, str | None, int | None]:
    """Lock ``map_id`` (creating its node if new) and the maps linked to it, in id order.

    ``linked`` names the maps this write's nodes link to; maps whose nodes link *to* ``map_id`` are locked
    too, because the write re-links them. Returns the version and document hash of ``map_id`` as committed
    before this write (None for a new map), and the last version of a map deleted under the id (else None).
    """
    result = await tx.run(_cypher.LINKED_MAPS, map_id=map_id, prefix=f"{map_id}/")
    every = {map_id, *linked} | {record["map_id"] async for record in result}
    result = await tx.run(_cypher.LOCK_MAPS, map_ids=sorted(every))
    rows = {
        record["id"]: (record["version"], record["doc_hash"], record["last_version"])
        async for record in result
    }
    if map_id not in rows:
        record = await (await tx.run(_cypher.CREATE_MAP_LOCK, map_id=map_id)).single(strict=True)
        rows[map_id] = (record["version"], record["doc_hash"], record["last_version"])
    version, doc_hash, last_version = rows[map_id]
    return (
        None if version is None else int(version),
        doc_hash,
        None if last_version is None else int(last_version),
    )


async def _lock_existing(tx: AsyncManagedTransaction, map_id: str, expected_version: Expected) -> int:
    version, _, _ = await lock_maps(tx, map_id)
    if version is None:
        raise NotFound(f"there is no map {map_id!r}")
    require_version(map_id, version, expected_version)
    return version


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


def _chunks(rows: list[dict[str, Any]], size: int = 5000) -> list[list[dict[str, Any]]]:
    return [rows[start : start + size] for start in range(0, len(rows), size)]
