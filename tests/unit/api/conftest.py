"""The real app over an in-memory store: HTTP behaviour checked in seconds, without starting Java."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient
from support.app import TOKEN, Client
from support.maps import small_map
from support.memory_store import MemoryStore

from api.app import create_app
from api.settings import Settings
from graph.compute import ComputePool
from graph.mapgraph import node_strengths
from graph.service import MapService


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
        create_app(Settings(api_token=TOKEN, rate_limit_per_minute=0), service)
    ) as test_client:
        yield test_client
