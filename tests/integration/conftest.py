"""Fixtures for end-to-end tests: the real app over the real Neo4j, with the essay loaded."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient
from neo4j import AsyncDriver
from support.app import Client, settings_for
from support.neo4j import Neo4jTarget, clear_database
from support.workers import workers

from api.app import create_app
from graph.document import load_document_file
from graph.mapgraph import node_strengths
from graph.store import Neo4jStore
from schemas import MapDocument

REPO = Path(__file__).resolve().parents[2]
ESSAY = REPO / "maps" / "import-ai-455.yaml"


@pytest.fixture(scope="session")
def essay() -> MapDocument:
    """The essay's map document, validated."""
    return load_document_file(ESSAY)


@pytest.fixture
async def loaded(clean_driver: AsyncDriver, essay: MapDocument, neo4j_target: Neo4jTarget) -> AsyncDriver:
    """An empty database with only the essay loaded."""
    await Neo4jStore(clean_driver, neo4j_target.database).save_map(essay, node_strengths(essay))
    return clean_driver


@pytest.fixture
async def client(loaded: AsyncDriver, neo4j_target: Neo4jTarget) -> AsyncIterator[Client]:
    """A client of the real app, writes enabled with ``TOKEN``."""
    async with AsyncTestClient(create_app(settings_for(neo4j_target))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
async def essay_only(driver: AsyncDriver, neo4j_target: Neo4jTarget) -> None:
    """The tests' Neo4j holding only the essay (for a module's pages and live servers)."""
    await clear_database(driver, neo4j_target.database)
    document = load_document_file(ESSAY)
    await Neo4jStore(driver, neo4j_target.database).save_map(document, node_strengths(document))


@pytest.fixture(scope="module")
def live_url(essay_only: None, neo4j_target: Neo4jTarget) -> Iterator[str]:
    """``argmap serve`` on a free loopback port over the tests' Neo4j holding only the essay."""
    with workers(neo4j_target, count=1) as (url,):
        yield url
