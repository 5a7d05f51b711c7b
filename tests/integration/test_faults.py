"""The database goes away and comes back: the API answers 503 meanwhile and recovers by itself.

How fast a 503 comes is a figure for the benchmarks, not a test: a timing assertion fails on a busy machine
without the code being wrong.
"""

from __future__ import annotations

import time

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from support.app import AUTH, TOKEN
from support.maps import small_map
from support.problems import assert_problem

from api.app import create_app
from api.settings import Settings
from graph.server import LocalNeo4j

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
RECOVERY_S = 60.0
"""How long the API is waited for to reconnect by itself once the database is back (a bound, not a figure)."""
READS = [
    "/maps",
    "/maps/pets",
    "/maps/pets/tree",
    "/claims/pets/thesis",
    "/claims?q=cats",
    "/sources/pets-note",
]


@pytest.fixture(scope="module")
def server(spare_neo4j: LocalNeo4j) -> LocalNeo4j:
    """The run's spare Neo4j, running: this test stops it and starts it again."""
    spare_neo4j.start()
    return spare_neo4j


async def get_status(client: AsyncTestClient, path: str) -> int:  # type: ignore[type-arg]
    response = await client.get(path)
    if response.status_code == 503:
        assert_problem(response, 503)
        assert response.headers["retry-after"]
    return int(response.status_code)


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
            assert await get_status(client, path) == 503, path
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
