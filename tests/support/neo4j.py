"""Where the tests' Neo4j runs: shared by the fixtures of every suite.

A run uses at most two servers of its own: the session's, on ``ARGMAP_TEST_NEO4J_PORT`` (7688 unless set),
which every suite and every xdist worker of the run shares, and a spare one on that port plus 100, which only
the lifecycle and fault tests start and stop. Both keep their data under ``var/`` in folders named after their
ports, so runs given different ports can run side by side.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from neo4j import AsyncDriver

from graph.server import LocalNeo4j, LocalNeo4jConfig
from graph.store import Neo4jStore

REPO = Path(__file__).resolve().parents[2]
TEST_PORT = int(os.environ.get("ARGMAP_TEST_NEO4J_PORT", "7688"))
SPARE_PORT = TEST_PORT + 100
"""The spare server's port: the lifecycle and fault tests stop and start it, never the session's."""


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


def spare_config() -> LocalNeo4jConfig:
    """The spare server, which the lifecycle and fault tests stop and start under a running app."""
    return server_config_for_tests("neo4j-spare", SPARE_PORT)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (so two processes of one run never start a server twice)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class SessionServer:
    """The session's Neo4j, started at most once per run however many processes the run has.

    Any process of the run may ``boot`` it (in a background thread, so the tests that need no database run
    meanwhile) and ``wait`` for it; a file lock makes the first one start it and the others find it running.
    The run's main process (the xdist controller, or the only process) stops it at the end when this run
    started it: it sends the stop and does not wait for the JVM's graceful shutdown, which the next run's
    start waits for instead (a ``stopping`` file in the data folder says one is under way).
    """

    def __init__(self, config: LocalNeo4jConfig) -> None:
        self.server = LocalNeo4j(config)
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    @property
    def _stopping(self) -> Path:
        return self.server.config.data_dir / "stopping"

    def running(self) -> bool:
        """Whether a server of a previous run or another process is up (and not on its way down)."""
        return self.server.running_pid() is not None and not self._stopping.exists()

    def boot(self) -> None:
        """Start the server in the background unless this process already did."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._start, name="argmap-neo4j-boot", daemon=True)
            self._thread.start()

    def _start(self) -> None:
        config = self.server.config
        try:
            with _locked(config.data_dir.with_name(config.data_dir.name + ".lock")):
                if self._stopping.exists():
                    self.server.stop()  # the previous run's server, still shutting down: let it finish
                    self._stopping.unlink(missing_ok=True)
                self.server.start()
        except BaseException as error:  # handed to the test that waits for the server
            self._error = error

    def wait(self) -> Neo4jTarget:
        """The running server (started now if need be); raises what made its start fail."""
        self.boot()
        assert self._thread is not None
        self._thread.join()
        if self._error is not None:
            raise self._error
        return Neo4jTarget(uri=self.server.config.uri, auth=self.server.config.auth, database=None)

    def stop_soon(self) -> None:
        """Send the server its stop (SIGTERM: a clean shutdown) without waiting for the JVM to exit."""
        pid = self.server.running_pid()
        if pid is None:
            return
        self._stopping.touch()
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)


async def count_graph(
    driver: AsyncDriver, database: str | None = None, *, versions: bool = True
) -> tuple[int, int]:
    """How many nodes and relationships the whole database holds (tests compare before and after).

    ``versions=False`` leaves the kept versions out: what a map's content takes, which a replace and a fresh
    load must make the same.
    """
    return await Neo4jStore(driver, database).count_graph(versions=versions)


async def clear_database(driver: AsyncDriver, database: str | None = None) -> None:
    """Empty the database (the schema stays); the next test that reads the essay has it loaded again."""
    from support.essay_db import mark_rebuild

    await Neo4jStore(driver, database).clear()
    mark_rebuild()


def environment_for(target: Neo4jTarget) -> dict[str, str]:
    """The NEO4J_* variables that point an argmap process (CLI or server) at ``target``."""
    env = {"NEO4J_URI": target.uri}
    if target.auth is not None:
        env |= {"NEO4J_USER": target.auth[0], "NEO4J_PASSWORD": target.auth[1]}
    if target.database:
        env["NEO4J_DATABASE"] = target.database
    return env
