"""The database goes away and comes back: the API answers 503 promptly meanwhile and recovers by itself."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from support.app import AUTH, TOKEN
from support.maps import small_map
from support.neo4j import TEST_PORT
from support.problems import assert_problem

from api.app import create_app
from api.settings import Settings
from graph.server import LocalNeo4j, LocalNeo4jConfig

pytestmark = pytest.mark.neo4j
REPO = Path(__file__).resolve().parents[2]
FAULT_PORT = TEST_PORT + 200  # a server of its own: this test stops it
PROMPT_S = 2.0
RECOVERY_S = 10.0
READS = [
    "/maps",
    "/maps/pets",
    "/maps/pets/tree",
    "/claims/pets/thesis",
    "/claims?q=cats",
    "/sources/pets-note",
]


@pytest.fixture(scope="module")
def server() -> Iterator[LocalNeo4j]:
    local = LocalNeo4j(
        LocalNeo4jConfig(
            data_dir=REPO / "var" / f"neo4j-faults-{FAULT_PORT}",
            lib_dir=REPO / "var" / "neo4j-lib",
            port=FAULT_PORT,
        )
    )
    local.stop()
    local.start()
    yield local
    local.stop()


async def timed_get(client: AsyncTestClient, path: str) -> tuple[int, float]:  # type: ignore[type-arg]
    started = time.monotonic()
    response = await client.get(path)
    elapsed = time.monotonic() - started
    if response.status_code == 503:
        assert_problem(response, 503)
        assert response.headers["retry-after"]
    return response.status_code, elapsed


async def test_a_stopped_database_is_a_prompt_503_and_the_api_recovers(server: LocalNeo4j) -> None:
    # The version TTL is off so every read asks the database, as a worker that has not seen the map would.
    settings = Settings(
        neo4j_uri=server.config.uri,
        neo4j_password=server.config.password(),
        api_token=TOKEN,
        version_ttl_ms=0,
        rate_limit_per_minute=0,
    )
    async with AsyncTestClient(create_app(settings)) as client:
        created = await client.post("/maps", content=msgspec.json.encode(small_map()), headers=AUTH)
        assert created.status_code in {201, 409}, created.text
        for path in READS:
            assert (await client.get(path)).status_code == 200, path

        server.stop()
        for path in [*READS, "/health"]:
            status, elapsed = await timed_get(client, path)
            assert status == 503, path
            assert elapsed < PROMPT_S, f"{path} took {elapsed:.1f} s to say the database is down"
        tag = '"pets-v1"'
        write = await client.put(
            "/maps/pets", content=msgspec.json.encode(small_map()), headers={**AUTH, "If-Match": tag}
        )
        assert_problem(write, 503)

        server.start()
        back = time.monotonic()
        while (await client.get("/health")).status_code != 200:
            assert time.monotonic() - back < RECOVERY_S, "the API did not reconnect by itself"
            time.sleep(0.2)
        for path in READS:
            assert (await client.get(path)).status_code == 200, path
        document = (await client.get("/maps/pets/document")).json()
        assert document == msgspec.to_builtins(small_map()), "the refused write left nothing behind"
