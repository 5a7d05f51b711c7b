"""The tests' database in its usual state, the essay alone at version 1, and one app shared while it stays so.

Most end-to-end tests only read the essay. Loading it afresh and starting an app for each of them cost about
half a second a test, so they share one loaded database and one app (``client``), and the state is checked
rather than assumed:

* before a test that asks for the essay, the database is put back to the essay alone if anything may have
  changed it (``restore``): maps that other tests created through the shared app are deleted through it, which
  keeps its caches honest; anything else (a cleared database, an essay at another version, a write behind the
  app's back) empties the database, loads the essay again and gives the next test a new app;
* after each test of the shared app, the maps' versions are compared with the essay alone at version 1, so a
  test that writes is noticed without being declared; after each module, the next test that reads checks
  the same first (``module_ended``), which catches writes by live servers and other apps.

Tests that take the driver itself (``loaded``, ``clean_driver``) or clear the database (``clear_database``)
may change anything, so the database is rebuilt after them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path

from litestar.testing import AsyncTestClient
from neo4j import AsyncDriver

from api.app import create_app
from graph.document import load_document_file
from graph.mapgraph import node_strengths
from graph.store import Neo4jStore
from schemas import MapDocument
from support.app import AUTH, Client, settings_for
from support.neo4j import Neo4jTarget

REPO = Path(__file__).resolve().parents[2]
ESSAY_FILE = REPO / "maps" / "import-ai-455.yaml"
ESSAY_ID = "import-ai-455"
PRISTINE = {ESSAY_ID: 1}
"""Every map's version when the database holds the essay alone, as loaded."""


@dataclass(slots=True)
class _State:
    """What this process knows about the tests' database and the app shared over it."""

    rebuild: bool = True
    """The database must be emptied and the essay loaded again (it is unknown at the start)."""
    verify: bool = False
    """The database is to be checked before the next test that reads (a module ended since the last one)."""
    shared: Client | None = None
    apps: AsyncExitStack = field(default_factory=AsyncExitStack)
    """Every app started for sharing, closed when the session ends (one replaced mid-run is only parked)."""


STATE = _State()


def mark_rebuild() -> None:
    """Something changed the database behind the shared app: rebuild it before the next test that reads."""
    STATE.rebuild = True
    STATE.shared = None


async def restore(driver: AsyncDriver, target: Neo4jTarget, essay: MapDocument) -> None:
    """Bring the database back to the essay alone at version 1, as cheaply as what happened allows."""
    store = Neo4jStore(driver, target.database)
    if STATE.verify and not STATE.rebuild and await store.map_versions() != PRISTINE:
        mark_rebuild()
    STATE.verify = False
    if not STATE.rebuild:
        return
    STATE.shared = None
    await store.clear()
    await store.save_map(essay, node_strengths(essay))
    STATE.rebuild = False


async def shared_client(target: Neo4jTarget) -> Client:
    """The app shared by the tests that read, started on first use and after any rebuild."""
    if STATE.shared is None:
        STATE.shared = await STATE.apps.enter_async_context(AsyncTestClient(create_app(settings_for(target))))
    return STATE.shared


async def settle(client: Client, driver: AsyncDriver, target: Neo4jTarget) -> None:
    """After a test of the shared app: delete the maps it created through it, or have the database rebuilt."""
    store = Neo4jStore(driver, target.database)
    versions = await store.map_versions()
    if versions == PRISTINE:
        return
    if versions.get(ESSAY_ID) != 1:
        mark_rebuild()
        return
    for map_id, version in versions.items():
        if map_id == ESSAY_ID:
            continue
        response = await client.delete(
            f"/maps/{map_id}", headers={**AUTH, "If-Match": f'"{map_id}-v{version}"'}
        )
        if response.status_code != 204:
            mark_rebuild()
            return
    if await store.map_versions() != PRISTINE:
        mark_rebuild()


async def essay_client(driver: AsyncDriver, target: Neo4jTarget, essay: MapDocument) -> AsyncIterator[Client]:
    """The body of the ``client`` fixture: the shared app over the essay alone, settled after the test."""
    await restore(driver, target, essay)
    client = await shared_client(target)
    yield client
    await settle(client, driver, target)


def module_ended() -> None:
    """A module ended: what its live servers or other apps wrote is looked for before the next reader."""
    STATE.verify = True


async def close_apps() -> None:
    """Stop every app started for sharing (at the end of the session)."""
    STATE.shared = None
    await STATE.apps.aclose()
    STATE.apps = AsyncExitStack()


def load_essay() -> MapDocument:
    """The essay's map document, validated."""
    return load_document_file(ESSAY_FILE)
