"""Shared fixtures and run plumbing: the real Neo4j the graph-layer tests run against, hypothesis profiles.

With ``NEO4J_URI`` set, tests use that server (and wipe its database: point it at a scratch one). Otherwise
the run starts the local Neo4j on a port and data folder of its own (``support.neo4j``), so it never touches
the ``make run`` data: once per run, in the background as soon as collection shows a test needs it, shared by
every xdist worker, and stopped at the end. A Neo4j that cannot start fails the run; it is never a skip.

Under xdist (``make test`` runs ``-n 2 --dist loadgroup``) every test over the session's Neo4j is in the
group ``neo4j`` and so runs in one worker, in order, as without xdist; the lifecycle and fault tests, which
stop and start a spare server, are the group ``spare-neo4j``; the pure tests go wherever a worker is free.

Hypothesis runs the ``dev`` profile unless ``CI`` is set (``ci``, the full one), or ``HYPOTHESIS_PROFILE``
names one. Tests that set their own example counts keep them under both.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import AsyncIterator, Iterator

import pytest
from hypothesis import HealthCheck, settings
from neo4j import AsyncDriver
from support import essay_db
from support.counting import CASES_RUN
from support.neo4j import Neo4jTarget, SessionServer, server_config_for_tests

from graph.store import Neo4jStore, open_driver
from schemas import MapDocument

settings.register_profile("ci", print_blob=True)
settings.register_profile(
    "dev", max_examples=25, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)

EXTERNAL = os.environ.get("NEO4J_URI", "").strip()
SESSION = SessionServer(server_config_for_tests())
DATABASE_FIXTURE = "neo4j_target"
"""Every test that needs the session's Neo4j asks for this fixture, directly or through another."""
SPARE_FIXTURE = "spare_neo4j"
_OWNS_SERVER = pytest.StashKey[bool]()
_BOOTED = pytest.StashKey[bool]()


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    ci = os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if ci else "dev"))
    config.stash[_BOOTED] = False
    if not _is_worker(config):
        # The run stops the session's server at the end only if it was not running before the run began.
        config.stash[_OWNS_SERVER] = not EXTERNAL and not SESSION.running()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Group the tests by the server they need (xdist's ``loadgroup`` reads the groups after this hook)."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if DATABASE_FIXTURE in names:
            item.add_marker(pytest.mark.xdist_group("neo4j"))
        elif SPARE_FIXTURE in names:
            item.add_marker(pytest.mark.xdist_group("spare-neo4j"))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the session's Neo4j in the background when a selected test needs it: pure tests run meanwhile."""
    if EXTERNAL or session.config.option.collectonly:
        return
    if any(DATABASE_FIXTURE in getattr(item, "fixturenames", ()) for item in session.items):
        SESSION.boot()
        session.config.stash[_BOOTED] = True


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A worker tells the main process whether it started the server and how many requests it generated."""
    if _is_worker(session.config):
        output = session.config.workeroutput  # type: ignore[attr-defined]
        output["argmap_booted"] = session.config.stash[_BOOTED]
        output["argmap_cases"] = dict(CASES_RUN)


def pytest_testnodedown(node: object, error: object) -> None:
    """In the xdist controller: gather what each worker reported at its end."""
    output = getattr(node, "workeroutput", None) or {}
    config: pytest.Config = node.config  # type: ignore[attr-defined]
    if output.get("argmap_booted"):
        config.stash[_BOOTED] = True
    CASES_RUN.update(Counter(output.get("argmap_cases", {})))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many generated requests the contract test sent, so the figure can be quoted."""
    if CASES_RUN:
        terminalreporter.write_line(
            f"schemathesis: {sum(CASES_RUN.values())} generated requests over {len(CASES_RUN)} operations"
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    """The run's main process stops the session's server if this run started it."""
    if _is_worker(config) or not config.stash.get(_OWNS_SERVER, False):
        return
    if config.stash.get(_BOOTED, False):
        SESSION.stop_soon()


@pytest.fixture(scope="session")
def neo4j_target() -> Neo4jTarget:
    """The Neo4j under test: external when NEO4J_URI is set, else the run's local one."""
    if EXTERNAL:
        auth = (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
        return Neo4jTarget(uri=EXTERNAL, auth=auth, database=os.environ.get("NEO4J_DATABASE") or None)
    return SESSION.wait()


@pytest.fixture(scope="session")
async def driver(neo4j_target: Neo4jTarget) -> AsyncIterator[AsyncDriver]:
    """One async driver for the whole session, with the schema in place."""
    async_driver = open_driver(neo4j_target.uri, neo4j_target.auth)
    await Neo4jStore(async_driver, neo4j_target.database).ensure_schema()
    try:
        yield async_driver
    finally:
        await essay_db.close_apps()
        await async_driver.close()


@pytest.fixture(scope="module", autouse=True)
def _database_checked() -> Iterator[None]:
    """After each module: the next test that reads the essay first checks that the database holds it alone."""
    yield
    essay_db.module_ended()


@pytest.fixture
async def clean_driver(driver: AsyncDriver, neo4j_target: Neo4jTarget) -> AsyncIterator[AsyncDriver]:
    """The session driver over an empty database."""
    await Neo4jStore(driver, neo4j_target.database).clear()
    essay_db.mark_rebuild()
    yield driver
    essay_db.mark_rebuild()


@pytest.fixture(scope="session")
def essay() -> MapDocument:
    """The essay's map document, validated."""
    return essay_db.load_essay()


@pytest.fixture
async def loaded(
    driver: AsyncDriver, essay: MapDocument, neo4j_target: Neo4jTarget
) -> AsyncIterator[AsyncDriver]:
    """A database with only the essay loaded; the test may change anything, so it is rebuilt afterwards."""
    await essay_db.restore(driver, neo4j_target, essay)
    yield driver
    essay_db.mark_rebuild()
