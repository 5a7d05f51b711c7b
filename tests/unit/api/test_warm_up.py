"""Start-up warming: the first maps are read and scored before the server answers, and only as many as set."""

from __future__ import annotations

import msgspec
from litestar.testing import AsyncTestClient
from support.app import TOKEN
from support.maps import small_map
from support.memory_store import MemoryStore

from api.app import create_app
from api.settings import Settings, load_settings
from graph.errors import NotFound
from graph.mapgraph import MapGraph, node_strengths
from graph.service import MapService


class CountingStore(MemoryStore):
    """The in-memory store, counting whole-map reads."""

    def __init__(self) -> None:
        super().__init__()
        self.reads: list[str] = []

    async def read_map(self, map_id: str) -> MapGraph:
        self.reads.append(map_id)
        return await super().read_map(map_id)

    async def map_version(self, map_id: str) -> int:
        """The version alone, as Neo4j's store reads it (the memory store's own reads the whole map)."""
        if map_id not in self.maps:
            raise NotFound(f"there is no map {map_id!r}")
        return self.maps[map_id].version


def _store(*map_ids: str) -> CountingStore:
    store = CountingStore()
    for map_id in map_ids:
        document = small_map(map_id, source_id=f"{map_id}-note")
        store._write(document, node_strengths(document), None, False, False)
    return store


async def test_the_first_maps_are_read_and_scored_before_the_first_request() -> None:
    store = _store("alpha", "beta", "gamma")
    service = MapService(store)
    settings = msgspec.structs.replace(Settings(api_token=TOKEN), warm_maps=2)
    async with AsyncTestClient(create_app(settings, service)) as client:
        assert store.reads == ["alpha", "beta"]  # before any request: the first two by id
        assert (await client.get("/maps/alpha/tree")).status_code == 200
        assert (await client.get("/maps/gamma/tree")).status_code == 200
        assert store.reads == ["alpha", "beta", "gamma"]  # alpha came from the cache; gamma was read now


async def test_no_map_is_read_at_start_when_warming_is_off() -> None:
    store = _store("alpha")
    settings = msgspec.structs.replace(Settings(api_token=TOKEN), warm_maps=0)
    async with AsyncTestClient(create_app(settings, MapService(store))):
        assert store.reads == []


def test_the_count_is_a_setting() -> None:
    assert load_settings({"ARGMAP_WARM_MAPS": "0"}).warm_maps == 0
    assert load_settings({}).warm_maps == 20
