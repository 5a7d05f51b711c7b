"""The Neo4j the benchmarks write to: an external one named by ``NEO4J_URI``, or the project's local server.

The local server runs on its own port and data directory (``var/neo4j-bench``) so a benchmark never touches
the development or test databases; it is stopped afterwards only when this module started it.
``BENCH_NEO4J_PORT`` gives it another port (and the data directory ``var/neo4j-bench-<port>``), so two
benchmarks on one machine never share a database.

Example:
    >>> with neo4j_target() as target:  # doctest: +SKIP
    ...     print(target.describe())
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from graph.server import LocalNeo4j, LocalNeo4jConfig
from graph.store import Neo4jStore, probe

DEFAULT_PORT = 7690
BENCH_PORT = int(os.environ.get("BENCH_NEO4J_PORT") or DEFAULT_PORT)
ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "var" / ("neo4j-bench" if BENCH_PORT == DEFAULT_PORT else f"neo4j-bench-{BENCH_PORT}")
LIB_DIR = ROOT / "var" / "neo4j-lib"

Connection = tuple[str, tuple[str, str] | None, str | None]


@dataclass(frozen=True, slots=True)
class Target:
    """Where the benchmark database is and how a server subprocess reaches it."""

    uri: str
    auth: tuple[str, str] | None
    database: str | None
    external: bool
    version: str
    server_env: Mapping[str, str] = field(default_factory=dict)
    """Environment variables that point ``argmap serve`` at this database."""
    pid: int | None = None
    """The local server's JVM, for CPU accounting; None for an external database."""

    @property
    def connection(self) -> Connection:
        """The (uri, auth, database) triple ``graph.service.load_files`` takes."""
        return self.uri, self.auth, self.database

    def describe(self) -> str:
        """One line: which Neo4j, where, and whether it is ours."""
        where = "external (NEO4J_URI)" if self.external else f"local, data in {DATA_DIR.relative_to(ROOT)}"
        return f"Neo4j {self.version} at {self.uri} [{where}], database {self.database or 'default'}"

    def wipe(self) -> None:
        """Delete every node and relationship of the benchmark database (the schema stays).

        Must not be called from inside a running event loop.
        """
        if self.external:
            # An external database may hold someone's data: make the deletion impossible to miss.
            print(f"!!! WIPING external Neo4j database {self.database or '(default)'} at {self.uri} !!!")
        asyncio.run(_wipe(self.connection))


@contextmanager
def neo4j_target() -> Iterator[Target]:
    """Yield a wiped benchmark database, starting (and afterwards stopping) the local server when needed.

    ``NEO4J_URI`` (with ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) selects an external server;
    otherwise the project's local Neo4j runs on port 7690 (or ``BENCH_NEO4J_PORT``) with data in
    ``var/neo4j-bench``.

    Yields:
        The target, already wiped and with the argmap schema in place.

    Raises:
        graph.server.LocalNeo4jError: The local server could not be fetched or started.
    """
    uri = os.environ.get("NEO4J_URI", "").strip()
    if uri:
        auth = (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
        database = os.environ.get("NEO4J_DATABASE") or None
        env = {"NEO4J_URI": uri, "NEO4J_USER": auth[0], "NEO4J_PASSWORD": auth[1]}
        if database:
            env["NEO4J_DATABASE"] = database
        target = Target(uri, auth, database, True, probe(uri, auth, database), env)
        target.wipe()
        yield target
        return
    server = LocalNeo4j(LocalNeo4jConfig(data_dir=DATA_DIR, lib_dir=LIB_DIR, port=BENCH_PORT))
    started = server.start()
    print(("started" if started else "reusing already running") + f" local Neo4j on port {BENCH_PORT}")
    try:
        version = probe(server.config.uri, server.config.auth)
        user, password = server.config.auth
        env = {"NEO4J_URI": server.config.uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}
        auth = server.config.auth
        target = Target(server.config.uri, auth, None, False, version, env, server.running_pid())
        target.wipe()
        yield target
    finally:
        if started:
            server.stop()
            print(f"stopped local Neo4j on port {BENCH_PORT}")


def graph_counts(target: Target) -> tuple[int, int]:
    """(nodes, relationships) in the whole benchmark database."""
    return asyncio.run(_count(target.connection))


async def _wipe(connection: Connection) -> None:
    uri, auth, database = connection
    store = Neo4jStore.connect(uri, auth, database)
    try:
        await store.ensure_schema()
        await store.clear()
    finally:
        await store.close()


async def _count(connection: Connection) -> tuple[int, int]:
    uri, auth, database = connection
    store = Neo4jStore.connect(uri, auth, database)
    try:
        return await store.count_graph()
    finally:
        await store.close()
