"""Fixtures for end-to-end tests: the real app over the real Neo4j, with the essay loaded.

``client`` is one app shared by the tests while the database holds the essay alone (``support.essay_db``): a
test may write through it, and what it wrote is deleted (or the database rebuilt) before the next test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from neo4j import AsyncDriver
from support import essay_db
from support.app import Client
from support.neo4j import Neo4jTarget, spare_config
from support.workers import workers

from graph.server import LocalNeo4j
from schemas import MapDocument


@pytest.fixture
async def client(driver: AsyncDriver, essay: MapDocument, neo4j_target: Neo4jTarget) -> AsyncIterator[Client]:
    """A client of the real app over the essay alone, writes enabled with ``TOKEN`` (shared, see above)."""
    async for shared in essay_db.essay_client(driver, neo4j_target, essay):
        yield shared


@pytest.fixture(scope="module")
async def essay_only(driver: AsyncDriver, essay: MapDocument, neo4j_target: Neo4jTarget) -> None:
    """The tests' Neo4j holding only the essay (for a module's pages and live servers)."""
    await essay_db.restore(driver, neo4j_target, essay)


@pytest.fixture(scope="module")
def live_url(essay_only: None, neo4j_target: Neo4jTarget) -> Iterator[str]:
    """``argmap serve`` on a free loopback port over the tests' Neo4j holding only the essay."""
    with workers(neo4j_target, count=1) as (url,):
        yield url


@pytest.fixture(scope="session")
def spare_neo4j() -> Iterator[LocalNeo4j]:
    """The one extra Neo4j of a run (port ``ARGMAP_TEST_NEO4J_PORT`` + 100): the lifecycle and fault tests
    stop and start it under running apps, so the session's server is never touched. Started on demand."""
    server = LocalNeo4j(spare_config())
    yield server
    server.stop()
