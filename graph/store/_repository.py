"""Map persistence: every write is one transaction; reads use read transactions so clusters can route them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar

from neo4j import AsyncDriver, AsyncManagedTransaction, AsyncSession
from neo4j.exceptions import ClientError, ConstraintError, ServiceUnavailable, SessionExpired

from graph.errors import Conflict, DatabaseUnavailable, InvalidQuery, NotFound, StaleVersion
from graph.mapgraph import MapGraph
from graph.store import _codec, _cypher
from schemas import MapDocument, NodeKind, RelationType

T = TypeVar("T")
Strengths = Mapping[str, float]
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What a map write did: the map's version after it, and whether anything changed."""

    map_id: str
    version: int
    created: bool
    changed: bool


async def ensure_schema(driver: AsyncDriver, database: str | None = None) -> None:
    """Create constraints and indexes (idempotent) and wait until they are online."""
    for statement in _cypher.SCHEMA:
        await driver.execute_query(statement, database_=database)
    await driver.execute_query(_cypher.AWAIT_INDEXES, database_=database)


class MapRepository:
    """Reads and writes maps through one driver session (one per request or command)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _read(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        try:
            return await self._session.execute_read(work)
        except (ServiceUnavailable, SessionExpired) as error:
            raise DatabaseUnavailable(f"Neo4j is not reachable: {error}") from error

    async def _write(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        try:
            return await self._session.execute_write(work)
        except ConstraintError as error:
            raise Conflict(f"the write collides with existing data: {error.message}") from error
        except (ServiceUnavailable, SessionExpired) as error:
            raise DatabaseUnavailable(f"Neo4j is not reachable: {error}") from error

    # -- reads ----------------------------------------------------------------------------------------------
    async def list_maps(self) -> list[dict[str, Any]]:
        """Every map with its title, version, root, counts per kind and sources."""

        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            result = await tx.run(_cypher.LIST_MAPS)
            return [record.data() async for record in result]

        return await self._read(work)

    async def map_version(self, map_id: str) -> int:
        """The current version of a map.

        An auto-commit read: one round trip instead of a managed transaction's three, because this runs
        before every cached read and a single-record lookup needs no retry logic.

        Raises:
            NotFound: there is no such map.
            DatabaseUnavailable: Neo4j does not answer.
        """
        try:
            result = await self._session.run(_cypher.MAP_HEADER, map_id=map_id)
            record = await result.single()
        except (ServiceUnavailable, SessionExpired) as error:
            raise DatabaseUnavailable(f"Neo4j is not reachable: {error}") from error
        if record is None:
            raise NotFound(f"there is no map {map_id!r}")
        return int(record["version"])

    async def read_map(self, map_id: str) -> MapGraph:
        """The whole map, read in one query.

        Raises:
            NotFound: there is no such map.
        """
        return await self._read(lambda tx: read_map_tx(tx, map_id))

    async def source(self, source_id: str) -> tuple[dict[str, Any], list[str]]:
        """A source's properties and the maps that cite it.

        Raises:
            NotFound: there is no such source.
        """

        async def work(tx: AsyncManagedTransaction) -> tuple[dict[str, Any], list[str]] | None:
            record = await (await tx.run(_cypher.GET_SOURCE, source_id=source_id)).single()
            return None if record is None else (dict(record["source"]), list(record["maps"]))

        found = await self._read(work)
        if found is None:
            raise NotFound(f"there is no source {source_id!r}")
        return found

    async def search(
        self,
        *,
        query: str | None,
        kind: str | None,
        speaker: str | None,
        map_id: str | None,
        min_strength: float | None,
        limit: int,
        after: tuple[float, str, str] | None,
    ) -> list[dict[str, Any]]:
        """Nodes matching a full-text query (or all nodes when it is None), filtered, in a stable order.

        ``after`` is the (score, map, id) of the last hit of the previous page.
        """
        params: dict[str, Any] = {
            "kind": kind,
            "speaker": speaker,
            "map": map_id,
            "min_strength": min_strength,
            "limit": limit,
            "after_score": after[0] if after else None,
            "after_map": after[1] if after else None,
            "after_id": after[2] if after else None,
        }
        statement = _cypher.LIST_NODES
        if query is not None:
            statement = _cypher.SEARCH
            params |= {"index": _cypher.FULLTEXT_INDEX, "query": query}

        # An auto-commit read (one round trip): a search is a single statement with nothing to retry.
        try:
            result = await self._session.run(statement, params)
            return [record.data() async for record in result]
        except (ServiceUnavailable, SessionExpired) as error:
            raise DatabaseUnavailable(f"Neo4j is not reachable: {error}") from error
        except ClientError as error:
            if query is None or "fulltext" not in (error.message or ""):
                raise
            raise InvalidQuery(f"the search words could not be parsed: {query!r}") from error

    # -- writes ---------------------------------------------------------------------------------------------
    async def save_map(
        self,
        document: MapDocument,
        strengths: Strengths,
        *,
        expected_version: int | None = None,
        must_exist: bool = False,
        must_not_exist: bool = False,
        progress: Progress | None = None,
    ) -> WriteResult:
        """Create or replace a map in one transaction.

        Raises:
            NotFound: ``must_exist`` and the map is absent.
            Conflict: ``must_not_exist`` and the map exists, or a shared source has different text.
            StaleVersion: ``expected_version`` is not the map's current version.
        """

        async def work(tx: AsyncManagedTransaction) -> WriteResult:
            return await write_map_tx(
                tx,
                document,
                strengths,
                expected_version=expected_version,
                must_exist=must_exist,
                must_not_exist=must_not_exist,
                progress=progress,
            )

        return await self._write(work)

    async def update_map(
        self,
        map_id: str,
        mutate: Callable[[MapGraph], tuple[MapDocument, Strengths]],
        *,
        expected_version: int | None,
    ) -> tuple[WriteResult, MapDocument]:
        """Read a map, derive its new document with ``mutate`` and write it, all in one transaction.

        Raises:
            NotFound: the map is absent.
            StaleVersion: ``expected_version`` is not current.
        """

        async def work(tx: AsyncManagedTransaction) -> tuple[WriteResult, MapDocument]:
            current = await read_map_tx(tx, map_id)
            if expected_version is not None and current.version != expected_version:
                raise StaleVersion(f"map {map_id!r} is at version {current.version}, not {expected_version}")
            document, strengths = mutate(current)
            result = await write_map_tx(
                tx, document, strengths, expected_version=current.version, must_exist=True
            )
            return result, document

        return await self._write(work)

    async def delete_map(self, map_id: str, *, expected_version: int | None) -> None:
        """Delete a map, its nodes, quotes, speakers and the sources no other map cites.

        Raises:
            NotFound: the map is absent.
            StaleVersion: ``expected_version`` is not current.
        """

        async def work(tx: AsyncManagedTransaction) -> None:
            version, _ = await _header(tx, map_id)
            if version is None:
                raise NotFound(f"there is no map {map_id!r}")
            if expected_version is not None and version != expected_version:
                raise StaleVersion(f"map {map_id!r} is at version {version}, not {expected_version}")
            old_sources = await _delete_content(tx, map_id)
            await tx.run(_cypher.DELETE_MAP, map_id=map_id)
            await tx.run(_cypher.DELETE_ORPHAN_SOURCES, source_ids=old_sources)

        await self._write(work)


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
    expected_version: int | None = None,
    must_exist: bool = False,
    must_not_exist: bool = False,
    progress: Progress | None = None,
) -> WriteResult:
    """Create or replace one map inside a transaction; unchanged content keeps its versions.

    ``progress`` is called with (rows written, rows in all) after each batch, for progress bars.
    """
    map_id = document.id
    version, stored_hash = await _header(tx, map_id)
    if version is None and must_exist:
        raise NotFound(f"there is no map {map_id!r}")
    if version is not None and must_not_exist:
        raise Conflict(f"a map with id {map_id!r} already exists: replace it with PUT /maps/{map_id}")
    if expected_version is not None and version is not None and version != expected_version:
        raise StaleVersion(f"map {map_id!r} is at version {version}, not {expected_version}")
    doc_hash = _codec.document_hash(document)
    if version is not None and stored_hash == doc_hash:
        return WriteResult(map_id=map_id, version=version, created=False, changed=False)

    sources = _codec.source_rows(document)
    result = await tx.run(_cypher.SOURCE_CONFLICTS, map_id=map_id, sources=sources)
    conflicts = [record.data() async for record in result]
    if conflicts:
        first = conflicts[0]
        raise Conflict(
            f"source {first['id']!r} is already cited by map {first['map']!r} with a different text; "
            "give this source another id"
        )
    new_version = 1 if version is None else version + 1
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
    )
    await tx.run(_cypher.UPSERT_SOURCES, map_id=map_id, sources=sources)
    await tx.run(_cypher.DELETE_ORPHAN_SOURCES, source_ids=old_sources)
    speakers = _codec.speaker_rows(document)
    await tx.run(_cypher.UPSERT_SPEAKERS, map_id=map_id, speakers=speakers)
    await tx.run(_cypher.DELETE_STALE_SPEAKERS, map_id=map_id, ids=[speaker["id"] for speaker in speakers])

    rows = _codec.node_rows(document, strengths, plan.versions)
    created = [row for row in rows if row["id"] in plan.created_nodes]
    kept = [
        {"id": row["id"], "ord": row["ord"], "strength": row["strength"]}
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
    return WriteResult(map_id=map_id, version=new_version, created=version is None, changed=True)


async def _header(tx: AsyncManagedTransaction, map_id: str) -> tuple[int | None, str | None]:
    record = await (await tx.run(_cypher.MAP_HEADER, map_id=map_id)).single()
    if record is None:
        return None, None
    return int(record["version"]), record["doc_hash"]


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
