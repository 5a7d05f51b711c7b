"""The maps' listing a page at a time, the same from both stores: ids after the cursor, in order, at most the
limit, counting only the page's maps."""

from __future__ import annotations

import uuid

import pytest
from neo4j import AsyncDriver
from support.maps import small_map
from support.memory_store import MemoryStore
from support.neo4j import Neo4jTarget

from graph.store import MapStore, Neo4jStore

STRENGTHS = {"thesis": 0.6, "sleep-good": 0.8, "dogs-bark": 0.4}


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, driver: AsyncDriver, neo4j_target: Neo4jTarget) -> MapStore:
    """Each store: the in-memory one, and Neo4j through the suite's session driver."""
    return MemoryStore() if request.param == "memory" else Neo4jStore(driver, neo4j_target.database)


async def test_a_page_is_the_maps_after_the_cursor_in_id_order(store: MapStore) -> None:
    prefix = f"listing-{uuid.uuid4().hex[:8]}"
    ids = [f"{prefix}-{index}" for index in range(5)]
    try:
        for map_id in reversed(ids):
            await store.save_map(small_map(map_id, source_id=f"{map_id}-note"), STRENGTHS)
        first = await store.list_maps(after=f"{prefix}-", limit=2)
        assert [entry.id for entry in first] == ids[:2]
        assert first[0].counts["thesis"] == 1  # the page's entries are whole
        rest = await store.list_maps(after=first[-1].id, limit=10)
        assert [entry.id for entry in rest if entry.id.startswith(prefix)] == ids[2:]
        assert all(entry.id > ids[1] for entry in rest)
        everything = [entry.id for entry in await store.list_maps()]
        assert everything == sorted(everything)
        assert set(ids) <= set(everything)
    finally:
        for map_id in ids:
            await store.delete_map(map_id, expected_version=None)
