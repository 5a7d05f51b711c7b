"""The live app for the contract test: ``argmap serve`` in a subprocess, over the real Neo4j, essay loaded."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from neo4j import AsyncDriver
from schemathesis.schemas import BaseSchema
from support.app import TOKEN
from support.counting import CASES_RUN
from support.neo4j import Neo4jTarget, clear_database, environment_for

from graph.document import load_document_file
from graph.mapgraph import node_strengths
from graph.store import Neo4jStore

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
async def essay_loaded(driver: AsyncDriver, neo4j_target: Neo4jTarget) -> AsyncDriver:
    await clear_database(driver, neo4j_target.database)
    essay = load_document_file(REPO / "maps" / "import-ai-455.yaml")
    await Neo4jStore(driver, neo4j_target.database).save_map(essay, node_strengths(essay))
    return driver


@pytest.fixture(scope="session")
def live_url(essay_loaded: AsyncDriver, neo4j_target: Neo4jTarget) -> Iterator[str]:
    """Serve the real app with uvicorn on a free loopback port until the session ends."""
    port = free_port()
    env = {**os.environ, "ARGMAP_API_TOKEN": TOKEN, "ARGMAP_PORT": str(port), "ARGMAP_LOG_LEVEL": "warning"}
    env["ARGMAP_RATE_LIMIT_PER_MINUTE"] = "0"  # schemathesis sends many what-ifs from one address
    env |= environment_for(neo4j_target)
    server = subprocess.Popen([sys.executable, "-m", "api.cli", "serve"], cwd=REPO, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"argmap serve did not become healthy at {url}")
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


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
