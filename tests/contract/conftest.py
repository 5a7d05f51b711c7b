"""The live app for the contract test: ``argmap serve`` in a subprocess, over the real Neo4j, essay loaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from neo4j import AsyncDriver
from schemathesis.schemas import BaseSchema
from support.counting import CASES_RUN
from support.neo4j import Neo4jTarget, clear_database
from support.workers import workers

from graph.document import load_document_file
from graph.mapgraph import node_strengths
from graph.store import Neo4jStore

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
async def essay_loaded(driver: AsyncDriver, neo4j_target: Neo4jTarget) -> AsyncDriver:
    await clear_database(driver, neo4j_target.database)
    essay = load_document_file(REPO / "maps" / "import-ai-455.yaml")
    await Neo4jStore(driver, neo4j_target.database).save_map(essay, node_strengths(essay))
    return driver


@pytest.fixture(scope="session")
def live_url(essay_loaded: AsyncDriver, neo4j_target: Neo4jTarget) -> Iterator[str]:
    """Serve the real app with uvicorn on a free loopback port until the session ends."""
    with workers(neo4j_target, count=1) as (url,):
        yield url


@pytest.fixture(scope="session")
def api_schema(live_url: str) -> BaseSchema:
    """The live app's OpenAPI schema, as schemathesis reads it."""
    return schemathesis.openapi.from_url(f"{live_url}/schema/openapi.json")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many generated requests the contract test sent, so the figure can be quoted."""
    if CASES_RUN:
        terminalreporter.write_line(
            f"schemathesis: {sum(CASES_RUN.values())} generated requests over {len(CASES_RUN)} operations"
        )
