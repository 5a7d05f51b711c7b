"""Where the tests' Neo4j runs: shared by the fixtures of every suite."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from neo4j import AsyncDriver

from graph.server import LocalNeo4jConfig
from graph.store import Neo4jStore

REPO = Path(__file__).resolve().parents[2]
TEST_PORT = int(os.environ.get("ARGMAP_TEST_NEO4J_PORT", "7688"))


@dataclass(frozen=True, slots=True)
class Neo4jTarget:
    """Where the tests' Neo4j answers."""

    uri: str
    auth: tuple[str, str] | None
    database: str | None


def server_config_for_tests(name: str = "neo4j-test", port: int = TEST_PORT) -> LocalNeo4jConfig:
    """Configuration of a project-local Neo4j used only by tests.

    The data folder is named after the port, so test runs given different ``ARGMAP_TEST_NEO4J_PORT`` values
    each get a database of their own and can run side by side.
    """
    var = REPO / "var"
    return LocalNeo4jConfig(data_dir=var / f"{name}-{port}", lib_dir=var / "neo4j-lib", port=port)


async def count_graph(driver: AsyncDriver, database: str | None = None) -> tuple[int, int]:
    """How many nodes and relationships the whole database holds (tests compare before and after)."""
    return await Neo4jStore(driver, database).count_graph()


async def clear_database(driver: AsyncDriver, database: str | None = None) -> None:
    """Empty the database (the schema stays)."""
    await Neo4jStore(driver, database).clear()


def environment_for(target: Neo4jTarget) -> dict[str, str]:
    """The NEO4J_* variables that point an argmap process (CLI or server) at ``target``."""
    env = {"NEO4J_URI": target.uri}
    if target.auth is not None:
        env |= {"NEO4J_USER": target.auth[0], "NEO4J_PASSWORD": target.auth[1]}
    if target.database:
        env["NEO4J_DATABASE"] = target.database
    return env
