"""``GET /maps/{id}/diagram?version=N``: a drawing of a kept version is cached for a year, and answers the
same after later writes; a version never written is 404."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient
from support.app import TOKEN, Client
from support.maps import small_map
from support.memory_store import MemoryStore
from support.problems import assert_problem

from api.app import create_app
from api.settings import Settings
from graph.compute import ComputePool
from graph.mapgraph import node_strengths
from graph.service import MapCache, MapService

DIAGRAM = "/maps/pets/diagram"
IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture
async def trusting_client(store: MemoryStore) -> AsyncIterator[Client]:
    """The app over ``store`` with a service that trusts the last version it saw for a minute."""
    service = MapService(store, MapCache(version_ttl_s=60), ComputePool(workers=2, queue=4, deadline_s=10.0))
    async with AsyncTestClient(
        create_app(Settings(api_token=TOKEN, rate_limit_per_minute=0), service)
    ) as test_client:
        yield test_client


async def write_elsewhere(store: MemoryStore) -> int:
    """A new version of ``pets`` written straight to the store, as another worker would; its version."""
    document = small_map(thesis_text="Cats are very well rested.")
    result = await store.save_map(document, node_strengths(document), must_exist=True)
    return result.version


class TestCurrentVersion:
    async def test_is_drawn_with_a_year_long_immutable_cache_control(self, client: Client) -> None:
        current = await client.get(DIAGRAM)
        fixed = await client.get(DIAGRAM, params={"version": "1"})
        assert fixed.status_code == 200
        assert fixed.headers["cache-control"] == IMMUTABLE
        assert fixed.headers["etag"] == current.headers["etag"] == '"pets-v1"'
        assert fixed.headers["content-type"].startswith("image/svg+xml")
        # The same drawing, but its links open the viewer of the version it shows.
        assert b"/view?version=1#node-" in fixed.content
        assert b"/view?version=1#node-" not in current.content
        assert fixed.content.replace(b"/view?version=1#", b"/view#") == current.content

    async def test_other_formats_are_cached_alike(self, client: Client) -> None:
        fixed = await client.get(DIAGRAM, params={"version": "1", "format": "dot"})
        assert fixed.status_code == 200
        assert fixed.headers["cache-control"] == IMMUTABLE
        assert fixed.text.lstrip().startswith("digraph")

    async def test_a_revalidation_answers_304_with_the_long_cache_control(self, client: Client) -> None:
        fixed = await client.get(DIAGRAM, params={"version": "1"})
        again = await client.get(
            DIAGRAM, params={"version": "1"}, headers={"If-None-Match": fixed.headers["etag"]}
        )
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == fixed.headers["etag"]
        assert again.headers["cache-control"] == IMMUTABLE

    async def test_head_answers_the_same_headers(self, client: Client) -> None:
        head = await client.head(DIAGRAM, params={"version": "1"})
        assert head.status_code == 200
        assert head.content == b""
        assert head.headers["cache-control"] == IMMUTABLE


class TestWithoutVersion:
    async def test_revalidates_as_every_read(self, client: Client) -> None:
        drawn = await client.get(DIAGRAM)
        assert drawn.status_code == 200
        assert drawn.headers["cache-control"] == "no-cache"
        again = await client.get(DIAGRAM, headers={"If-None-Match": drawn.headers["etag"]})
        assert again.status_code == 304
        assert again.headers["cache-control"] == "no-cache"


class TestOtherVersions:
    @pytest.mark.parametrize("version", ["2", "999"])
    async def test_never_written_are_404_naming_the_kept_range(self, client: Client, version: str) -> None:
        refused = await client.get(DIAGRAM, params={"version": version})
        body = assert_problem(refused, 404)
        assert "kept are versions 1 to 1" in body["detail"]
        assert "immutable" not in refused.headers.get("cache-control", "")

    async def test_an_old_version_is_still_drawn_after_a_write(
        self, client: Client, store: MemoryStore
    ) -> None:
        old = await client.get(DIAGRAM, params={"version": "1"})
        assert await write_elsewhere(store) == 2
        again = await client.get(DIAGRAM, params={"version": "1"})
        assert again.status_code == 200
        assert again.content == old.content
        assert b"very well rested" not in again.content
        drawn = await client.get(DIAGRAM, params={"version": "2"})
        assert drawn.status_code == 200
        assert drawn.headers["etag"] == '"pets-v2"'
        assert b"very well rested" in drawn.content

    async def test_a_missing_map_is_404(self, client: Client) -> None:
        assert_problem(await client.get("/maps/ghost/diagram", params={"version": "1"}), 404)

    @pytest.mark.parametrize("version", ["0", "-1", "abc", "1.5", ""])
    async def test_a_version_that_is_not_a_positive_integer_is_400(
        self, client: Client, version: str
    ) -> None:
        assert_problem(await client.get(DIAGRAM, params={"version": version}), 400)


class TestVersionWrittenByAnotherWorker:
    async def test_is_drawn_though_this_worker_still_trusts_the_older_one(
        self, trusting_client: Client, store: MemoryStore
    ) -> None:
        assert (await trusting_client.get(DIAGRAM)).headers["etag"] == '"pets-v1"'
        version = await write_elsewhere(store)
        # Within the TTL this worker still trusts version 1 for requests that name no version.
        assert (await trusting_client.get(DIAGRAM)).headers["etag"] == '"pets-v1"'
        drawn = await trusting_client.get(DIAGRAM, params={"version": str(version)})
        assert drawn.status_code == 200
        assert drawn.headers["etag"] == f'"pets-v{version}"'
        assert drawn.headers["cache-control"] == IMMUTABLE
        assert b"very well rested" in drawn.content
        # The version the store named is now the one this worker trusts.
        assert (await trusting_client.get(DIAGRAM)).headers["etag"] == f'"pets-v{version}"'

    async def test_a_version_not_written_anywhere_is_still_refused(
        self, trusting_client: Client, store: MemoryStore
    ) -> None:
        await trusting_client.get(DIAGRAM)
        version = await write_elsewhere(store)
        body = assert_problem(await trusting_client.get(DIAGRAM, params={"version": "7"}), 404)
        assert f"kept are versions 1 to {version}" in body["detail"]
