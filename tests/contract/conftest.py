"""The app for the contract test: the real app over the real Neo4j, essay loaded, called in process (ASGI).

Schemathesis sends its requests straight to the app's ASGI interface, through the whole Litestar stack
(middleware, the edge, compression, problem details) and the real store: everything the contract covers
except uvicorn's socket, which the end-to-end suites over ``argmap serve`` cover (``support.workers``).

The generated requests write maps of their own; the module's end has the database rebuilt for the tests
after it (``support.essay_db``). The count of generated requests is printed at the end of the run (the
root ``conftest.py``, which also gathers it from xdist workers).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from neo4j import AsyncDriver
from schemathesis.python import asgi
from schemathesis.schemas import BaseSchema
from support import essay_db
from support.app import settings_for
from support.neo4j import Neo4jTarget

from api.app import create_app


@pytest.fixture(scope="module")
async def essay_loaded(driver: AsyncDriver, neo4j_target: Neo4jTarget) -> AsyncDriver:
    await essay_db.restore(driver, neo4j_target, essay_db.load_essay())
    return driver


@pytest.fixture(scope="module")
def api_schema(essay_loaded: AsyncDriver, neo4j_target: Neo4jTarget) -> Iterator[BaseSchema]:
    """The app's OpenAPI schema as schemathesis reads it, calls going to the app in process."""
    app = create_app(settings_for(neo4j_target))
    try:
        yield schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    finally:
        asgi.shutdown_lifespans()  # the app's shutdown: its driver and pools closed before the module ends
