"""``Neo4jStore``: maps in Neo4j. It owns the driver and its sessions and translates every failure once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from neo4j import (
    READ_ACCESS,
    WRITE_ACCESS,
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncManagedTransaction,
    AsyncSession,
)
from neo4j.api import AsyncBookmarkManager
from neo4j.exceptions import ClientError

from graph.accounts import MapAccess, access_from_row
from graph.errors import InvalidQuery, NotFound
from graph.mapgraph import MapGraph
from graph.search import SEARCH_REVISION
from graph.store import _codec, _cypher
from graph.store._accounts import AccountRecords
from graph.store._classroom import ClassroomRecords
from graph.store._errors import retrying_deadlocks, translated
from graph.store._protocol import SearchFilters, SearchHit
from graph.store._sources import SourceRecords
from graph.store._transactions import (
    UNKNOWN_AUTHOR,
    Mutation,
    Progress,
    Strengths,
    WriteResult,
    delete_map_tx,
    keep_version_tx,
    read_map_tx,
    update_map_tx,
    write_map_tx,
)
from graph.versions import Expected
from schemas import MapDocument, MapSummary, MapVersionList, NodeKind, Source, SourceRef, Visibility

# Bounded driver timeouts: a stopped or unreachable database must surface as a 503 in seconds, never a hang.
CONNECTION_TIMEOUT_S = 2.0
ACQUISITION_TIMEOUT_S = 5.0
# The driver's own retries are for a restarting server or a cluster's leader change (deadlock victims are
# run again by ``retrying_deadlocks``); beyond this budget a client gets a 503 and decides for itself.
RETRY_BUDGET_S = 1.5
ALL_MAPS = 2**62
"""The listing's ``LIMIT`` when the caller asks for every map (Cypher's LIMIT takes a number, not null)."""
T = TypeVar("T")


def open_driver(uri: str, auth: tuple[str, str] | None) -> AsyncDriver:
    """One driver per process: it pools connections and routes reads in a cluster."""
    with translated():
        return AsyncGraphDatabase.driver(
            uri,
            auth=auth,
            connection_timeout=CONNECTION_TIMEOUT_S,
            connection_acquisition_timeout=ACQUISITION_TIMEOUT_S,
            max_connection_pool_size=50,
            max_transaction_retry_time=RETRY_BUDGET_S,
            notifications_min_severity="OFF",
        )


class Neo4jStore(AccountRecords, ClassroomRecords, SourceRecords):
    """Every read and write of maps, sources, search, accounts and the classroom, against one Neo4j database.

    A session is opened per operation (sessions are cheap and must not be shared between tasks); reads run
    as read transactions or single auto-commit statements in read sessions, so a cluster routes them to its
    secondaries and read replicas, and writes run in write sessions, which it routes to the leader.

    Every session shares the store's bookmark manager: a session starts from the bookmarks of the store's
    transactions so far and leaves its own, so on a cluster a read waits until the server it was routed to
    holds every write this store has acknowledged (a worker reads its own writes). On a single server the
    bookmarks cost a few bytes per transaction and no wait.
    """

    def __init__(
        self, driver: AsyncDriver, database: str | None = None, bookmarks: AsyncBookmarkManager | None = None
    ) -> None:
        self._driver = driver
        self._database = database
        self._bookmarks = AsyncGraphDatabase.bookmark_manager() if bookmarks is None else bookmarks

    @property
    def bookmarks(self) -> AsyncBookmarkManager:
        """The bookmark manager every session of this store starts from and updates (read-your-writes)."""
        return self._bookmarks

    @classmethod
    def connect(cls, uri: str, auth: tuple[str, str] | None, database: str | None = None) -> Neo4jStore:
        """A store with its own driver (close it with ``close``)."""
        return cls(open_driver(uri, auth), database)

    async def close(self) -> None:
        """Close the driver and its connections."""
        await self._driver.close()

    @asynccontextmanager
    async def _session(self, *, write: bool = False) -> AsyncIterator[AsyncSession]:
        with translated():
            access = WRITE_ACCESS if write else READ_ACCESS
            async with self._driver.session(
                database=self._database, default_access_mode=access, bookmark_manager=self._bookmarks
            ) as session:
                yield session

    async def _write(self, work: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        """Run a unit of work in a write transaction of its own session; deadlock victims run again."""

        async def attempt() -> T:
            async with self._session(write=True) as session:
                return await session.execute_write(work, *args, **kwargs)

        return await retrying_deadlocks(attempt)

    # -- the database itself --------------------------------------------------------------------------------
    async def ensure_schema(self) -> None:
        """Create constraints and indexes (idempotent) and wait until they are online.

        The full-text index is replaced when the database holds one built otherwise (other fields or another
        analyzer), and nodes written before the search fields changed get them rewritten: both at every start,
        both no-ops once done.
        """
        async with self._session(write=True) as session:
            for statement in _cypher.SCHEMA:
                await (await session.run(statement)).consume()
            record = await (await session.run(_cypher.FULLTEXT_SHAPE, name=_cypher.FULLTEXT_INDEX)).single()
            if record is not None and not _same_fulltext(record.data()):
                await (await session.run(_cypher.DROP_FULLTEXT)).consume()
            await (await session.run(_cypher.CREATE_FULLTEXT)).consume()
            result = await session.run(_cypher.STALE_SEARCH_MAPS, revision=SEARCH_REVISION)
            stale = [row["map_id"] async for row in result]
        for map_id in stale:
            graph = await self.read_map(map_id)
            async with self._session(write=True) as session:
                await session.execute_write(_set_search_fields, map_id, _codec.search_rows(graph.document))
        await self._keep_unkept_versions()
        async with self._session(write=True) as session:
            await (await session.run(_cypher.AWAIT_INDEXES)).consume()
        await self._plan_reads()

    async def _keep_unkept_versions(self) -> None:
        """Keep the current version of every map stored before versions were kept (a no-op once done).

        What it changed and who wrote it were not recorded then: its changes count nothing, its author is
        ``unknown``.
        """
        async with self._session() as session:
            unkept = [row["map_id"] async for row in await session.run(_cypher.UNKEPT_CURRENT_VERSIONS)]
        for map_id in unkept:
            graph = await self.read_map(map_id)
            async with self._session(write=True) as session:
                await session.execute_write(
                    keep_version_tx,
                    graph.document,
                    graph.version,
                    graph.node_versions,
                    {},
                    UNKNOWN_AUTHOR,
                    {},
                )

    async def _plan_reads(self) -> None:
        """Run the statements of every read once, reading one stored map whole if there is one.

        Neo4j then has them planned and compiled before the first request: the first whole-map read after it
        starts takes it most of a second, and running the statement on a map that does not exist is not
        enough (the operators after the first match are compiled when rows first reach them).
        """
        async with self._session() as session:
            record = await (await session.run(_cypher.ANY_MAP)).single()
            some_map = record["id"] if record is not None else ""
            for statement, parameters in _cypher.PLANNED_READS:
                chosen = {**parameters, "map_id": some_map} if "$map_id" in statement else parameters
                await (await session.run(statement, chosen)).consume()

    async def server_info(self) -> tuple[str, str]:
        """The Neo4j version and edition, proving the database answers a query now (no retries)."""
        async with self._session() as session:
            records = [record async for record in await session.run(_cypher.SERVER_INFO)]
        kernel = next((record for record in records if record["name"] == "Neo4j Kernel"), records[0])
        return str(kernel["version"]), str(kernel["edition"])

    async def count_graph(self, *, versions: bool = True) -> tuple[int, int]:
        """How many nodes and relationships the database holds (``versions=False``: kept versions aside)."""
        async with self._session() as session:
            record = await (await session.run(_cypher.COUNT_ALL, versions=versions)).single(strict=True)
        return int(record["nodes"]), int(record["relationships"])

    async def clear(self) -> None:
        """Delete every node and relationship (tests and benchmarks only; the schema stays)."""
        async with self._session(write=True) as session:
            await (await session.run(_cypher.CLEAR_DATABASE)).consume()

    # -- reads ----------------------------------------------------------------------------------------------
    async def list_maps(self, *, after: str | None = None, limit: int | None = None) -> list[MapSummary]:
        """The listing entries of the maps whose ids follow ``after``, at most ``limit`` of them, by id.

        One query that never decodes a map's content, and counts the nodes of the page's maps only.
        """
        limit = ALL_MAPS if limit is None else limit
        async with self._session() as session:
            result = await session.run(_cypher.LIST_MAPS, after=after, limit=limit)
            rows = [record.data() async for record in result]
        return [_summary(row) for row in rows]

    async def map_version(self, map_id: str) -> int:
        """The current version of a map (one round trip: it runs before every cached read).

        Raises:
            NotFound: there is no such map.
        """
        async with self._session() as session:
            record = await (await session.run(_cypher.MAP_HEADER, map_id=map_id)).single()
        if record is None:
            raise NotFound(f"there is no map {map_id!r}")
        return int(record["version"])

    async def map_versions(self) -> dict[str, int]:
        """The current version of every map (one round trip: a search's kept answers are keyed by it)."""
        async with self._session() as session:
            result = await session.run(_cypher.MAP_VERSIONS)
            return {record["id"]: int(record["version"]) async for record in result}

    async def map_accesses(self) -> dict[str, MapAccess]:
        """Every map's owner, group and visibility (one round trip: listings and searches filter by them)."""
        async with self._session() as session:
            result = await session.run(_cypher.MAP_ACCESSES)
            return {record["id"]: access_from_row(record.data()) async for record in result}

    async def read_map(self, map_id: str) -> MapGraph:
        """The whole map, read in one query.

        Raises:
            NotFound: there is no such map.
        """
        async with self._session() as session:
            return await session.execute_read(read_map_tx, map_id)

    async def list_versions(self, map_id: str, *, before: int | None, limit: int) -> MapVersionList:
        """A map's kept versions, newest first: ``limit`` of them older than ``before`` (None: the newest).

        Raises:
            NotFound: there is no such map.
        """
        async with self._session() as session:
            record = await (
                await session.run(_cypher.LIST_VERSIONS, map_id=map_id, before=before, limit=limit + 1)
            ).single()
        if record is None:
            raise NotFound(f"there is no map {map_id!r}")
        rows = record["versions"]
        entries = [_codec.version_entry(row) for row in rows[:limit]]
        more = len(rows) > limit and entries
        return MapVersionList(
            map_id=map_id,
            current=int(record["current"]),
            versions=entries,
            next_before=entries[-1].version if more else None,
        )

    async def read_version(self, map_id: str, version: int) -> MapGraph:
        """Version ``version`` of a map, as it was written.

        Raises:
            NotFound: there is no such map, or no such version of it (the message gives the kept range).
        """
        async with self._session() as session:
            record = await (await session.run(_cypher.READ_VERSION, map_id=map_id, number=version)).single()
            if record is None:
                await self._missing_version(session, map_id, version)
        assert record is not None  # noqa: S101 - _missing_version always raises
        return _codec.graph_from_snapshot(version, record["document"], record["node_versions"])

    async def read_versions(self, map_id: str, first: int, last: int) -> list[tuple[MapGraph, str]]:
        """Every kept version of a map from ``first`` to ``last``, oldest first, each with its time."""
        async with self._session() as session:
            result = await session.run(_cypher.READ_VERSIONS, map_id=map_id, first=first, last=last)
            rows = [record.data() async for record in result]
        return [
            (_codec.graph_from_snapshot(row["number"], row["document"], row["node_versions"]), row["created"])
            for row in rows
        ]

    async def version_bytes(self, map_id: str) -> float:
        """The mean size of a map's kept snapshots in bytes (the benchmarks report it; 0 when none)."""
        async with self._session() as session:
            record = await (await session.run(_cypher.VERSION_BYTES, map_id=map_id)).single(strict=True)
        return float(record["bytes"] or 0.0)

    async def _missing_version(self, session: AsyncSession, map_id: str, version: int) -> None:
        record = await (await session.run(_cypher.VERSION_RANGE, map_id=map_id)).single(strict=True)
        if record["current"] is None:
            raise NotFound(f"there is no map {map_id!r}")
        kept = f"versions {record['first']} to {record['last']}" if record["first"] is not None else "none"
        raise NotFound(f"map {map_id!r} has no version {version}: kept are {kept}")

    async def source(self, source_id: str) -> tuple[Source, list[str]]:
        """A source and the ids of the maps that cite it.

        Raises:
            NotFound: there is no such source.
        """
        async with self._session() as session:
            record = await (await session.run(_cypher.GET_SOURCE, source_id=source_id)).single()
        if record is None:
            raise NotFound(f"there is no source {source_id!r}")
        return _codec.source_from_row(record["source"]), sorted(record["maps"])

    async def search(self, query: str | None, filters: SearchFilters) -> list[SearchHit]:
        """Every node matching a Lucene ``query`` (all nodes when None) and the filters, up to the limit.

        Raises:
            InvalidQuery: the full-text engine cannot parse ``query``.
        """
        params: dict[str, Any] = {
            "kind": filters.kind,
            "speaker": filters.speaker,
            "reported_by": filters.reported_by,
            "tag": filters.tag,
            "map": filters.map_id,
            "maps": None if filters.maps is None else list(filters.maps),
            "min_strength": filters.min_strength,
            "limit": filters.limit,
        }
        statement = _cypher.LIST_NODES
        if query is not None:
            statement = _cypher.SEARCH
            params |= {"index": _cypher.FULLTEXT_INDEX, "query": query}
        try:
            async with self._session() as session:
                result = await session.run(statement, params)
                rows = [record async for record in result]
        except ClientError as error:
            if query is None or "fulltext" not in (error.message or "").lower():
                raise
            raise InvalidQuery(f"the search words could not be parsed: {query!r}") from error
        return [
            SearchHit(
                map_id=row["map"],
                node_id=row["id"],
                kind=NodeKind(row["kind"]),
                speaker=row["speaker"],
                tags=tuple(row["tags"] or ()),
                strength=row["strength"],
                score=float(row["score"]),
            )
            for row in rows
        ]

    # -- writes ---------------------------------------------------------------------------------------------
    async def save_map(
        self,
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
        """Create or replace a map in one transaction, under its lock; a change keeps a new version.

        A map created is ``owner``'s, in ``group``; a replaced one keeps its owner and group. Only what
        differs from the stored map is written: from ``base`` (the version the writer holds) when it is
        still current, else from what is stored.

        Raises:
            NotFound: ``must_exist`` and the map is absent.
            Conflict: ``must_not_exist`` and the map exists, or a shared source has other content.
            StaleVersion: ``expected_version`` is not the map's current version.
        """
        return await self._write(
            write_map_tx,
            document,
            strengths,
            expected_version=expected_version,
            must_exist=must_exist,
            must_not_exist=must_not_exist,
            progress=progress,
            author=author,
            owner=owner,
            group=group,
            base=base,
        )

    async def update_map(
        self,
        map_id: str,
        mutate: Mutation,
        *,
        expected_version: Expected = None,
        author: str = UNKNOWN_AUTHOR,
        base: MapGraph | None = None,
    ) -> tuple[WriteResult, MapDocument]:
        """Lock, read, change with ``mutate`` and write what changed, all in one transaction.

        ``base``: the map version the caller holds; while it is current, the map is not read again.

        Raises:
            NotFound: the map is absent.
            StaleVersion: ``expected_version`` is not current.
        """
        return await self._write(
            update_map_tx, map_id, mutate, expected_version=expected_version, author=author, base=base
        )

    async def delete_map(self, map_id: str, *, expected_version: Expected) -> None:
        """Delete a map and everything only it holds, in one transaction.

        Raises:
            NotFound: the map is absent.
            StaleVersion: ``expected_version`` is not current.
        """
        await self._write(delete_map_tx, map_id, expected_version=expected_version)


def _summary(row: dict[str, Any]) -> MapSummary:
    counts = {kind.value: 0 for kind in NodeKind}
    counts |= {item["kind"]: int(item["n"]) for item in row["counts"]}
    return MapSummary(
        id=row["id"],
        title=row["title"],
        version=int(row["version"]),
        # As MapGraph.root: the document's root, else its first thesis, else its first node.
        root=row["root"] or next(iter(row["thesis_ids"]), None) or row["first_node"] or "",
        thesis_ids=list(row["thesis_ids"]),
        counts=counts,
        sources=[SourceRef(id=s["id"], title=s["title"], outlet=s["outlet"]) for s in row["sources"]],
        summary=row["summary"],
        visibility=Visibility(row.get("visibility") or Visibility.PUBLIC),
        owner=row.get("owner"),
        group=row.get("group"),
    )


def _same_fulltext(shape: dict[str, Any]) -> bool:
    config = shape.get("config") or {}
    return (
        list(shape.get("labels") or []) == ["Node"]
        and list(shape.get("properties") or []) == list(_cypher.FULLTEXT_PROPERTIES)
        and all(config.get(key) == value for key, value in _cypher.FULLTEXT_CONFIG.items())
    )


async def _set_search_fields(tx: AsyncManagedTransaction, map_id: str, rows: list[dict[str, Any]]) -> None:
    await (await tx.run(_cypher.SET_SEARCH_FIELDS, map_id=map_id, nodes=rows)).consume()
