"""The map repository against the real Neo4j: load, reload, replace, delete, versions, sources, search."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest
from neo4j import AsyncDriver
from support.maps import small_map
from support.neo4j import clear_database, count_graph

from graph.document import load_document_file
from graph.errors import Conflict, NotFound, StaleVersion
from graph.search import lucene_query, parse_query
from graph.store import Neo4jStore, SearchFilters
from schemas import MapDocument, Node, NodeKind, NodeRef, Speaker

pytestmark = pytest.mark.neo4j
ESSAY = Path(__file__).resolve().parents[2] / "maps" / "import-ai-455.yaml"


def with_nodes(document: MapDocument, nodes: list[Node]) -> MapDocument:
    return msgspec.structs.replace(document, nodes=nodes)


class TestSaveAndRead:
    async def test_round_trip_is_exact(self, clean_driver: AsyncDriver) -> None:
        document = small_map()
        repository = Neo4jStore(clean_driver)
        result = await repository.save_map(document, {"thesis": 0.6})
        graph = await repository.read_map("pets")
        assert (result.created, result.changed, result.version) == (True, True, 1)
        assert graph.document == document
        assert graph.version == 1
        assert dict(graph.node_versions) == {"thesis": 1, "sleep-good": 1, "dogs-bark": 1}

    async def test_the_essay_round_trips_exactly(self, clean_driver: AsyncDriver) -> None:
        essay = load_document_file(ESSAY)
        repository = Neo4jStore(clean_driver)
        await repository.save_map(essay, {})
        graph = await repository.read_map(essay.id)
        expected = msgspec.structs.replace(
            essay, sources=[msgspec.structs.replace(source, text_file=None) for source in essay.sources]
        )
        assert graph.document == expected
        again = await Neo4jStore(clean_driver).save_map(graph.document, {})
        assert again.changed is False, "the document read back is the same map"

    async def test_loading_twice_changes_nothing(self, clean_driver: AsyncDriver) -> None:
        repository = Neo4jStore(clean_driver)
        await repository.save_map(small_map(), {})
        before = await count_graph(clean_driver)
        again = await repository.save_map(small_map(), {})
        after = await count_graph(clean_driver)
        assert (again.created, again.changed, again.version) == (False, False, 1)
        assert before == after

    async def test_replace_swaps_content_exactly_and_bumps_versions_of_changed_nodes(
        self, clean_driver: AsyncDriver
    ) -> None:
        original = small_map()
        changed = with_nodes(
            original,
            [
                msgspec.structs.replace(original.nodes[0], text="Cats rest well."),
                original.nodes[1],
                original.nodes[2],
            ],
        )
        repository = Neo4jStore(clean_driver)
        await repository.save_map(original, {})
        result = await repository.save_map(changed, {})
        graph = await repository.read_map("pets")
        assert (result.created, result.changed, result.version) == (False, True, 2)
        assert graph.document == changed
        assert dict(graph.node_versions) == {"thesis": 2, "sleep-good": 1, "dogs-bark": 1}
        nodes, relationships = await count_graph(clean_driver, versions=False)
        fresh_nodes, fresh_relationships = await self._fresh_counts(clean_driver, changed)
        assert (nodes, relationships) == (fresh_nodes, fresh_relationships)

    async def _fresh_counts(self, driver: AsyncDriver, document: MapDocument) -> tuple[int, int]:
        repository = Neo4jStore(driver)
        await repository.delete_map(document.id, expected_version=None)
        await repository.save_map(document, {})
        return await count_graph(driver, versions=False)

    async def test_removed_node_disappears(self, clean_driver: AsyncDriver) -> None:
        original = small_map()
        smaller = msgspec.structs.replace(
            original, nodes=original.nodes[:2], relations=original.relations[:1]
        )
        repository = Neo4jStore(clean_driver)
        await repository.save_map(original, {})
        await repository.save_map(smaller, {})
        graph = await repository.read_map("pets")
        assert [node.id for node in graph.document.nodes] == ["thesis", "sleep-good"]
        assert len(graph.document.relations) == 1


def reweighted(document: MapDocument) -> MapDocument:
    relations = [msgspec.structs.replace(document.relations[0], weight=0.25), *document.relations[1:]]
    return msgspec.structs.replace(document, relations=relations)


def reordered(document: MapDocument) -> MapDocument:
    return msgspec.structs.replace(
        document, nodes=list(reversed(document.nodes)), relations=list(reversed(document.relations))
    )


def rekinded(document: MapDocument) -> MapDocument:
    nodes = [
        document.nodes[0],
        msgspec.structs.replace(document.nodes[1], kind=NodeKind.EVIDENCE),
        document.nodes[2],
    ]
    return msgspec.structs.replace(document, nodes=nodes)


def unlinked(document: MapDocument) -> MapDocument:
    return msgspec.structs.replace(document, relations=document.relations[:1])


def respoken(document: MapDocument) -> MapDocument:
    speakers = [*document.speakers, Speaker(id="critic", name="A Critic")]
    nodes = [*document.nodes[:2], msgspec.structs.replace(document.nodes[2], speaker="critic")]
    return msgspec.structs.replace(document, speakers=speakers, nodes=nodes)


class TestReplaceIsExact:
    @pytest.mark.parametrize(
        ("change", "changed_nodes"),
        [
            (reweighted, set()),
            (reordered, set()),
            (rekinded, {"sleep-good"}),
            (unlinked, set()),
            (respoken, {"dogs-bark"}),
        ],
    )
    async def test_replace_equals_a_fresh_load(
        self, clean_driver: AsyncDriver, change: Callable[[MapDocument], MapDocument], changed_nodes: set[str]
    ) -> None:
        original = small_map()
        updated = change(original)
        repository = Neo4jStore(clean_driver)
        await repository.save_map(original, {})
        result = await repository.save_map(updated, {})
        graph = await repository.read_map("pets")
        assert (result.changed, result.version) == (True, 2)
        assert graph.document == updated
        assert {node_id for node_id, version in graph.node_versions.items() if version == 2} == changed_nodes
        replaced = await count_graph(clean_driver, versions=False)
        await clear_database(clean_driver)
        await Neo4jStore(clean_driver).save_map(updated, {})
        fresh = await count_graph(clean_driver, versions=False)
        assert replaced == fresh, "same nodes and relationships as loading it fresh"


LINKED_TO_PETS = """
MATCH (:Node {map: 'pets-two', id: 'sleep-good'})-[:SAME_AS]->(b:Node {map: 'pets'})
RETURN b.id AS id
"""


class TestSameAs:
    async def test_same_claim_in_two_maps_is_linked_whichever_loads_first(
        self, clean_driver: AsyncDriver
    ) -> None:
        first = small_map("pets")
        second = small_map("pets-two")
        linked = msgspec.structs.replace(second.nodes[1], same_as=[NodeRef(map="pets", id="sleep-good")])
        second = msgspec.structs.replace(second, nodes=[second.nodes[0], linked, second.nodes[2]])
        for order in ((first, second), (second, first)):
            await clear_database(clean_driver)
            repository = Neo4jStore(clean_driver)
            for document in order:
                await repository.save_map(document, {})
            records, _, _ = await clean_driver.execute_query(LINKED_TO_PETS)
            assert [record["id"] for record in records] == ["sleep-good"]


class TestVersionsAndConflicts:
    async def test_stale_version_is_refused_and_nothing_changes(self, clean_driver: AsyncDriver) -> None:
        repository = Neo4jStore(clean_driver)
        await repository.save_map(small_map(), {})
        before = await count_graph(clean_driver)
        with pytest.raises(StaleVersion):
            await repository.save_map(small_map(thesis_text="Other."), {}, expected_version=7)
        assert await count_graph(clean_driver) == before
        assert (await repository.read_map("pets")).document == small_map()

    async def test_create_only_refuses_existing(self, clean_driver: AsyncDriver) -> None:
        repository = Neo4jStore(clean_driver)
        await repository.save_map(small_map(), {})
        with pytest.raises(Conflict):
            await repository.save_map(small_map(), {}, must_not_exist=True)

    async def test_shared_source_with_different_text_conflicts(self, clean_driver: AsyncDriver) -> None:
        other = small_map("other-pets")
        other = msgspec.structs.replace(
            other, sources=[msgspec.structs.replace(other.sources[0], text=f"{other.sources[0].text} More.")]
        )
        repository = Neo4jStore(clean_driver)
        await repository.save_map(small_map(), {})
        with pytest.raises(Conflict, match="already cited by map 'pets'"):
            await repository.save_map(other, {})

    async def test_the_versions_of_every_map_follow_writes_and_deletes(
        self, clean_driver: AsyncDriver
    ) -> None:
        repository = Neo4jStore(clean_driver)
        assert await repository.map_versions() == {}
        await repository.save_map(small_map(), {})
        await repository.save_map(small_map("pets-two", source_id="pets-note"), {})
        await repository.save_map(small_map(thesis_text="Other."), {}, expected_version=1)
        assert await repository.map_versions() == {"pets": 2, "pets-two": 1}
        await repository.delete_map("pets-two", expected_version=1)
        assert await repository.map_versions() == {"pets": 2}

    async def test_delete_removes_everything_and_orphan_sources(self, clean_driver: AsyncDriver) -> None:
        repository = Neo4jStore(clean_driver)
        await repository.save_map(small_map(), {})
        await repository.delete_map("pets", expected_version=1)
        with pytest.raises(NotFound):
            await repository.read_map("pets")
        with pytest.raises(NotFound):
            await repository.source("pets-note")
        # Only the map's lock stays, holding its last version, so the id never reuses a version.
        assert await count_graph(clean_driver) == (1, 0)


class TestSearch:
    async def test_full_text_with_filters(self, clean_driver: AsyncDriver) -> None:
        repository = Neo4jStore(clean_driver)
        await repository.save_map(small_map(), {"thesis": 0.6, "sleep-good": 0.8, "dogs-bark": 0.4})
        await repository.save_map(small_map("pets-two", source_id="pets-note"), {"thesis": 0.7})
        hits = await repository.search(lucene_query(parse_query("cats")), SearchFilters(limit=10))
        keys = {(hit.map_id, hit.node_id) for hit in hits}
        assert ("pets", "thesis") in keys
        assert ("pets-two", "thesis") in keys
        assert len(await repository.search(lucene_query(parse_query("cats")), SearchFilters(limit=1))) == 1
        strong = await repository.search(
            None, SearchFilters(kind=NodeKind.CLAIM.value, map_id="pets", min_strength=0.5, limit=10)
        )
        assert [hit.node_id for hit in strong] == ["sleep-good"]
        assert strong[0].strength == 0.8
