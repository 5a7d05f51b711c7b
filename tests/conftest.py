"""Shared fixtures: the real Neo4j the graph-layer tests run against.

With ``NEO4J_URI`` set, tests use that server (and wipe its database: point it at a scratch one).
Otherwise the session starts the local Neo4j on a port and data folder of its own, so it never
touches the ``make run`` data, and stops it at the end. A Neo4j that cannot start fails the run;
it is never a skip.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest
from neo4j import AsyncDriver
from support.neo4j import Neo4jTarget, server_config_for_tests

from graph.server import LocalNeo4j
from graph.store import Neo4jStore, open_driver


@pytest.fixture(scope="session")
def neo4j_target() -> Iterator[Neo4jTarget]:
    """The Neo4j under test: external when NEO4J_URI is set, else a local one started for this session."""
    uri = os.environ.get("NEO4J_URI", "").strip()
    if uri:
        auth = (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
        yield Neo4jTarget(uri=uri, auth=auth, database=os.environ.get("NEO4J_DATABASE") or None)
        return
    server = LocalNeo4j(server_config_for_tests())
    started = server.start()
    try:
        yield Neo4jTarget(uri=server.config.uri, auth=server.config.auth, database=None)
    finally:
        if started:
            server.stop()


@pytest.fixture(scope="session")
async def driver(neo4j_target: Neo4jTarget) -> AsyncIterator[AsyncDriver]:
    """One async driver for the whole session, with the schema in place."""
    async_driver = open_driver(neo4j_target.uri, neo4j_target.auth)
    await Neo4jStore(async_driver, neo4j_target.database).ensure_schema()
    try:
        yield async_driver
    finally:
        await async_driver.close()


@pytest.fixture
async def clean_driver(driver: AsyncDriver, neo4j_target: Neo4jTarget) -> AsyncDriver:
    """The session driver over an empty database."""
    await Neo4jStore(driver, neo4j_target.database).clear()
    return driver
