"""What running on a Neo4j cluster needs of the store, proved on the tests' single server.

A cluster is reached with a routing URI (``neo4j://``): the driver asks the server for its routing table and
sends read sessions to secondaries and read replicas, write sessions to the leader. A single server answers
that table with itself, so everything below runs here exactly as it would against a cluster, except that
there is no replica to lag behind: what is proved is that the sessions carry the bookmarks a replica would
wait for, not the wait itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncNeo4jDriver
from neo4j.api import AsyncBookmarkManager
from support.app import AUTH
from support.maps import small_map
from support.neo4j import Neo4jTarget
from support.workers import workers

from graph.store import Neo4jStore, open_driver

pytestmark = pytest.mark.neo4j
STRENGTHS = {"thesis": 0.6, "sleep-good": 0.8, "dogs-bark": 0.4}
ESSAY = "import-ai-455"


class RecordingBookmarks(AsyncBookmarkManager):
    """The driver's own bookmark manager, with a record of what each session started from and left."""

    def __init__(self) -> None:
        self._inner = AsyncGraphDatabase.bookmark_manager()
        self.given: list[frozenset[str]] = []
        """The bookmarks handed to each session (or routing request) that asked, in order."""
        self.left: list[frozenset[str]] = []
        """The bookmarks each finished transaction left, in order."""

    async def get_bookmarks(self) -> Collection[str]:
        bookmarks = frozenset(await self._inner.get_bookmarks())
        self.given.append(bookmarks)
        return bookmarks

    async def update_bookmarks(
        self, previous_bookmarks: Collection[str], new_bookmarks: Collection[str]
    ) -> None:
        self.left.append(frozenset(new_bookmarks))
        await self._inner.update_bookmarks(previous_bookmarks, new_bookmarks)


def routing_uri(uri: str) -> str:
    """``uri`` with its scheme made the routing one: ``bolt://h:p`` is ``neo4j://h:p``, TLS kept."""
    parts = urlsplit(uri)
    return urlunsplit(parts._replace(scheme=parts.scheme.replace("bolt", "neo4j", 1)))


class TestReadYourWrites:
    async def test_a_store_starts_without_bookmarks_and_keeps_the_one_its_write_left(
        self, driver: AsyncDriver, neo4j_target: Neo4jTarget
    ) -> None:
        store = Neo4jStore(driver, neo4j_target.database)
        map_id = f"bookmarks-{uuid.uuid4().hex[:8]}"
        assert list(await store.bookmarks.get_bookmarks()) == []
        try:
            await store.save_map(small_map(map_id, source_id=f"{map_id}-note"), STRENGTHS)
            after_write = set(await store.bookmarks.get_bookmarks())
            assert len(after_write) == 1, after_write
        finally:
            await store.delete_map(map_id, expected_version=None)
        after_delete = set(await store.bookmarks.get_bookmarks())
        assert len(after_delete) == 1
        assert after_delete != after_write, "the delete's bookmark replaced the save's"

    async def test_every_read_after_a_write_starts_from_the_write_s_bookmark(
        self, driver: AsyncDriver, neo4j_target: Neo4jTarget
    ) -> None:
        recording = RecordingBookmarks()
        store = Neo4jStore(driver, neo4j_target.database, bookmarks=recording)
        map_id = f"bookmarks-{uuid.uuid4().hex[:8]}"
        try:
            await store.save_map(small_map(map_id, source_id=f"{map_id}-note"), STRENGTHS)
            (written,) = recording.left
            before_reads = len(recording.given)
            # The reads a cached view makes after a write: the version (auto-commit statement), the whole map
            # (read transaction), the corpus of a search and a listing.
            assert await store.map_version(map_id) == 1
            assert (await store.read_map(map_id)).version == 1
            assert (await store.map_versions())[map_id] == 1
            assert map_id in [entry.id for entry in await store.list_maps()]
            reads = recording.given[before_reads:]
            assert len(reads) >= 4, "each read session asked the manager for its bookmarks"
            assert all(written <= given for given in reads), "a read that could miss the write on a replica"
        finally:
            await store.delete_map(map_id, expected_version=None)

    async def test_two_stores_keep_their_own_bookmarks(
        self, driver: AsyncDriver, neo4j_target: Neo4jTarget
    ) -> None:
        # One store per worker process: a worker waits for its own writes only, never for another's.
        writer = Neo4jStore(driver, neo4j_target.database)
        reader = Neo4jStore(driver, neo4j_target.database)
        map_id = f"bookmarks-{uuid.uuid4().hex[:8]}"
        try:
            await writer.save_map(small_map(map_id, source_id=f"{map_id}-note"), STRENGTHS)
            assert list(await reader.bookmarks.get_bookmarks()) == []
            assert await reader.map_version(map_id) == 1
        finally:
            await writer.delete_map(map_id, expected_version=None)


class TestRoutingUri:
    def test_the_routing_scheme_replaces_the_direct_one_and_keeps_tls(self) -> None:
        assert routing_uri("bolt://127.0.0.1:7741") == "neo4j://127.0.0.1:7741"
        assert routing_uri("bolt+s://db.example.org:7687") == "neo4j+s://db.example.org:7687"
        assert routing_uri("neo4j+ssc://db.example.org") == "neo4j+ssc://db.example.org"

    async def test_a_store_over_neo4j_scheme_reads_and_writes_a_single_server(
        self, driver: AsyncDriver, neo4j_target: Neo4jTarget
    ) -> None:
        routed = open_driver(routing_uri(neo4j_target.uri), neo4j_target.auth)
        assert isinstance(routed, AsyncNeo4jDriver), "a neo4j:// URI gives the routing driver"
        store = Neo4jStore(routed, neo4j_target.database)
        map_id = f"routed-{uuid.uuid4().hex[:8]}"
        try:
            version, _edition = await store.server_info()
            assert version.startswith("5.")
            await store.save_map(small_map(map_id, source_id=f"{map_id}-note"), STRENGTHS)
            graph = await store.read_map(map_id)
            assert (graph.id, graph.version) == (map_id, 1)
            assert map_id in [entry.id for entry in await store.list_maps()]
            await store.delete_map(map_id, expected_version=1)
            assert map_id not in await store.map_versions()
        finally:
            await store.close()

    @pytest.mark.slow
    def test_a_worker_over_neo4j_scheme_answers_and_reads_its_own_write_at_once(
        self, loaded: AsyncDriver, neo4j_target: Neo4jTarget
    ) -> None:
        target = Neo4jTarget(routing_uri(neo4j_target.uri), neo4j_target.auth, neo4j_target.database)
        with workers(target, count=1) as (url,), httpx.Client(base_url=url, timeout=30) as http:
            assert http.get("/health").status_code == 200
            read = http.get(f"/maps/{ESSAY}")
            assert read.status_code == 200, read.text
            version = read.json()["version"]
            node = http.get(f"/maps/{ESSAY}/document").json()["nodes"][1]
            score = 0.15 if node["base_score"] != 0.15 else 0.25
            claim = http.get(f"/claims/{ESSAY}/{node['id']}")
            written = http.patch(
                f"/claims/{ESSAY}/{node['id']}",
                json={"base_score": score},
                headers={**AUTH, "If-Match": claim.headers["etag"]},
            )
            assert written.status_code == 200, written.text
            # No pause: the worker forgot the map when it wrote it, and its reads carry the write's bookmark.
            again = http.get(f"/claims/{ESSAY}/{node['id']}")
            assert again.json()["base_score"] == score
            assert again.headers["etag"] == written.headers["etag"]
            assert http.get(f"/maps/{ESSAY}").json()["version"] == version + 1
