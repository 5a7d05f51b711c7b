"""The real app over an in-memory store: HTTP behaviour checked in seconds, without starting Java."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient
from support.app import PUBLIC_URL, TOKEN, Client
from support.maps import small_map
from support.memory_store import MemoryStore

from api.app import create_app
from api.settings import Settings
from graph.compute import ComputePool
from graph.document import load_document_file
from graph.mapgraph import node_strengths
from graph.service import MapService

ESSAY = Path(__file__).resolve().parents[3] / "maps" / "import-ai-455.yaml"


@pytest.fixture
async def essay_client() -> AsyncIterator[Client]:
    """The real app over a memory store holding the essay."""
    memory = MemoryStore()
    document = load_document_file(ESSAY)
    memory._write(document, node_strengths(document), None, False, False)
    service = MapService(memory, pool=ComputePool(workers=2, queue=8, deadline_s=30.0))
    settings = Settings(api_token=TOKEN, rate_limit_per_minute=0, public_url=PUBLIC_URL)
    async with AsyncTestClient(create_app(settings, service)) as client:
        yield client


@pytest.fixture
def store() -> MemoryStore:
    """A memory store holding the small ``pets`` map."""
    memory = MemoryStore()
    document = small_map()
    memory._write(document, node_strengths(document), None, False, False)
    return memory


@pytest.fixture
async def client(store: MemoryStore) -> AsyncIterator[Client]:
    """A client of the real app over ``store``, writes enabled with ``TOKEN``."""
    service = MapService(store, pool=ComputePool(workers=2, queue=4, deadline_s=10.0))
    async with AsyncTestClient(
        create_app(Settings(api_token=TOKEN, rate_limit_per_minute=0, public_url=PUBLIC_URL), service)
    ) as test_client:
        yield test_client
