"""Shared fixtures: the real Neo4j the graph-layer tests run against.

With ``NEO4J_URI`` set, tests use that server (and wipe its database: point it at a scratch one). Otherwise the
session starts the project's local Neo4j on a port and data folder of its own, so it never touches the
``make run`` data, and stops it at the end. A Neo4j that cannot start fails the run; it is never a skip.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from neo4j import AsyncDriver

from graph.server import LocalNeo4j, LocalNeo4jConfig
from graph.store import clear_database, ensure_schema, open_driver

REPO = Path(__file__).resolve().parents[1]
TEST_PORT = int(os.environ.get("ARGMAP_TEST_NEO4J_PORT", "7688"))


@dataclass(frozen=True, slots=True)
class Neo4jTarget:
    """Where the tests' Neo4j answers."""

    uri: str
    auth: tuple[str, str] | None
    database: str | None


def test_server_config(name: str = "neo4j-test", port: int = TEST_PORT) -> LocalNeo4jConfig:
    """Configuration of a project-local Neo4j used only by tests."""
    var = REPO / "var"
    return LocalNeo4jConfig(data_dir=var / name, lib_dir=var / "neo4j-lib", port=port)


@pytest.fixture(scope="session")
def neo4j_target() -> Iterator[Neo4jTarget]:
    """The Neo4j under test: external when NEO4J_URI is set, else a local one started for this session."""
    uri = os.environ.get("NEO4J_URI", "").strip()
    if uri:
        auth = (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
        yield Neo4jTarget(uri=uri, auth=auth, database=os.environ.get("NEO4J_DATABASE") or None)
        return
    server = LocalNeo4j(test_server_config())
    started = server.start()
    try:
        yield Neo4jTarget(uri=server.config.uri, auth=None, database=None)
    finally:
        if started:
            server.stop()


@pytest.fixture(scope="session")
async def driver(neo4j_target: Neo4jTarget) -> AsyncIterator[AsyncDriver]:
    """One async driver for the whole session, with the schema in place."""
    async_driver = open_driver(neo4j_target.uri, neo4j_target.auth)
    await ensure_schema(async_driver, neo4j_target.database)
    try:
        yield async_driver
    finally:
        await async_driver.close()


@pytest.fixture
async def clean_driver(driver: AsyncDriver, neo4j_target: Neo4jTarget) -> AsyncDriver:
    """The session driver over an empty database."""
    await clear_database(driver, neo4j_target.database)
    return driver
