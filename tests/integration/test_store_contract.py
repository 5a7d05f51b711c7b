"""One contract, two stores: the in-memory store the fast tests use behaves as Neo4j does.

Every test runs against both ``MemoryStore`` (tests/support) and ``Neo4jStore`` over the suite's real Neo4j.
Each works on maps and sources of its own ids, so it needs no empty database.
"""

from __future__ import annotations

import uuid

import msgspec
import pytest
from neo4j import AsyncDriver
from support.maps import small_map
from support.memory_store import MemoryStore
from support.neo4j import Neo4jTarget

from graph.errors import Conflict, NotFound, StaleVersion
from graph.mapgraph import MapGraph
from graph.search import lucene_query, parse_query
from graph.store import MapStore, Neo4jStore, SearchFilters
from schemas import MapDocument, NodeKind

STRENGTHS = {"thesis": 0.6, "sleep-good": 0.8, "dogs-bark": 0.4}


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, driver: AsyncDriver, neo4j_target: Neo4jTarget) -> MapStore:
    """Each store of the contract: the in-memory one, and Neo4j through the suite's session driver."""
    return MemoryStore() if request.param == "memory" else Neo4jStore(driver, neo4j_target.database)


@pytest.fixture
def document() -> MapDocument:
    """The small map under ids no other test uses (map and source)."""
    unique = uuid.uuid4().hex[:12]
    return small_map(f"contract-{unique}", source_id=f"contract-note-{unique}")


async def test_a_saved_map_reads_back_exactly_at_version_one(store: MapStore, document: MapDocument) -> None:
    written = await store.save_map(document, STRENGTHS)
    graph = await store.read_map(document.id)
    assert (written.map_id, written.version, written.created, written.changed) == (document.id, 1, True, True)
    assert graph.document == document
    assert graph.version == 1
    assert dict(graph.node_versions) == {node.id: 1 for node in document.nodes}
    assert await store.map_version(document.id) == 1
    assert (await store.map_versions())[document.id] == 1


async def test_saving_the_same_map_again_changes_nothing(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)
    again = await store.save_map(document, STRENGTHS)
    assert (again.version, again.created, again.changed) == (1, False, False)


async def test_a_replacement_bumps_the_map_and_only_the_changed_nodes(
    store: MapStore, document: MapDocument
) -> None:
    await store.save_map(document, STRENGTHS)
    nodes = [
        msgspec.structs.replace(node, text="Cats rest well.") if node.id == "thesis" else node
        for node in document.nodes
    ]
    changed = msgspec.structs.replace(document, nodes=nodes)
    written = await store.save_map(changed, STRENGTHS, expected_version=1, must_exist=True)
    graph = await store.read_map(document.id)
    assert (written.version, written.changed) == (2, True)
    assert graph.nodes["thesis"].text == "Cats rest well."
    assert dict(graph.node_versions) == {"thesis": 2, "sleep-good": 1, "dogs-bark": 1}


async def test_preconditions_are_kept(store: MapStore, document: MapDocument) -> None:
    with pytest.raises(NotFound):
        await store.save_map(document, STRENGTHS, must_exist=True)
    await store.save_map(document, STRENGTHS)
    with pytest.raises(Conflict):
        await store.save_map(document, STRENGTHS, must_not_exist=True)
    with pytest.raises(StaleVersion):
        await store.save_map(document, STRENGTHS, expected_version=7)
    assert await store.map_version(document.id) == 1


async def test_an_update_reads_changes_and_writes_one_version(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)

    async def retitle(graph: MapGraph) -> tuple[MapDocument, dict[str, float]]:
        return msgspec.structs.replace(graph.document, title="Pets, again"), STRENGTHS

    written, updated = await store.update_map(document.id, retitle, expected_version=1)
    assert (written.version, updated.title) == (2, "Pets, again")
    assert (await store.read_map(document.id)).document.title == "Pets, again"
    with pytest.raises(StaleVersion):
        await store.update_map(document.id, retitle, expected_version=1)
    with pytest.raises(NotFound):
        await store.update_map(f"{document.id}-missing", retitle, expected_version=None)


async def test_a_deleted_map_is_gone_everywhere(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)
    with pytest.raises(StaleVersion):
        await store.delete_map(document.id, expected_version=5)
    await store.delete_map(document.id, expected_version=1)
    with pytest.raises(NotFound):
        await store.read_map(document.id)
    with pytest.raises(NotFound):
        await store.map_version(document.id)
    with pytest.raises(NotFound):
        await store.delete_map(document.id, expected_version=None)
    assert document.id not in await store.map_versions()
    assert document.id not in {summary.id for summary in await store.list_maps()}


async def test_a_map_is_listed_with_its_counts(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)
    listed = {summary.id: summary for summary in await store.list_maps()}
    summary = listed[document.id]
    assert (summary.title, summary.version, summary.root) == ("Pets", 1, "thesis")
    assert summary.counts[NodeKind.CLAIM.value] == 1
    assert summary.counts[NodeKind.COUNTERPOINT.value] == 1


async def test_a_source_names_the_maps_that_cite_it(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)
    source, maps = await store.source(document.sources[0].id)
    assert source.id == document.sources[0].id
    assert maps == [document.id]
    with pytest.raises(NotFound):
        await store.source(f"{document.sources[0].id}-missing")


async def test_search_filters_by_map_kind_tag_and_strength(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)
    everything = await store.search(None, SearchFilters(map_id=document.id))
    assert sorted(hit.node_id for hit in everything) == ["dogs-bark", "sleep-good", "thesis"]
    claims = await store.search(None, SearchFilters(map_id=document.id, kind=NodeKind.CLAIM.value))
    assert [hit.node_id for hit in claims] == ["sleep-good"]
    tagged = await store.search(None, SearchFilters(map_id=document.id, tag="health"))
    assert [hit.node_id for hit in tagged] == ["sleep-good"]
    strong = await store.search(None, SearchFilters(map_id=document.id, min_strength=0.7))
    assert [hit.node_id for hit in strong] == ["sleep-good"]
    worded = await store.search(lucene_query(parse_query("barking")), SearchFilters(map_id=document.id))
    assert [hit.node_id for hit in worded] == ["dogs-bark"]


async def test_a_map_created_again_continues_after_the_deleted_ones_last_version(
    store: MapStore, document: MapDocument
) -> None:
    await store.save_map(document, STRENGTHS)
    retitled = msgspec.structs.replace(document, title="Pets, edited")
    await store.save_map(retitled, STRENGTHS, expected_version=1)
    await store.delete_map(document.id, expected_version=2)
    again = await store.save_map(document, STRENGTHS, must_not_exist=True)
    assert (again.version, again.created) == (3, True)  # never 1 or 2 again: no ETag names two contents
    graph = await store.read_map(document.id)
    assert graph.version == 3
    assert set(graph.node_versions.values()) == {3}


async def test_every_write_keeps_its_version_whole(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS, author="desk")
    nodes = [
        msgspec.structs.replace(node, text="Cats rest well.") if node.id == "thesis" else node
        for node in document.nodes
        if node.id != "dogs-bark"
    ]
    relations = [r for r in document.relations if "dogs-bark" not in (r.source, r.target)]
    second = msgspec.structs.replace(document, nodes=nodes, relations=relations)
    await store.save_map(second, {**STRENGTHS, "thesis": 0.7}, expected_version=1, author="editor")
    await store.save_map(second, STRENGTHS)  # unchanged: no version kept

    first = await store.read_version(document.id, 1)
    assert first.document == document
    assert dict(first.node_versions) == {node.id: 1 for node in document.nodes}
    assert (await store.read_version(document.id, 2)).document == second

    listing = await store.list_versions(document.id, before=None, limit=10)
    assert (listing.current, [entry.version for entry in listing.versions]) == (2, [2, 1])
    newest, oldest = listing.versions
    assert (newest.author, oldest.author) == ("editor", "desk")
    assert newest.root_strength == pytest.approx(0.7)
    assert (newest.changes.nodes_removed, newest.changes.nodes_changed, newest.changes.nodes_added) == (
        1,
        1,
        0,
    )
    assert newest.changes.relations_removed == len(document.relations) - len(relations)
    assert oldest.changes.nodes_added == len(document.nodes)
    assert newest.created >= oldest.created

    page = await store.list_versions(document.id, before=None, limit=1)
    assert ([entry.version for entry in page.versions], page.next_before) == ([2], 2)
    rest = await store.list_versions(document.id, before=2, limit=1)
    assert ([entry.version for entry in rest.versions], rest.next_before) == ([1], None)
    assert [graph.version for graph, _ in await store.read_versions(document.id, 1, 2)] == [1, 2]


async def test_a_version_never_kept_is_not_found_naming_the_range(
    store: MapStore, document: MapDocument
) -> None:
    await store.save_map(document, STRENGTHS)
    with pytest.raises(NotFound, match="kept are versions 1 to 1"):
        await store.read_version(document.id, 5)
    with pytest.raises(NotFound, match="no map"):
        await store.read_version(f"{document.id}-missing", 1)
    with pytest.raises(NotFound):
        await store.list_versions(f"{document.id}-missing", before=None, limit=5)


async def test_deleting_a_map_deletes_its_versions(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)
    await store.delete_map(document.id, expected_version=1)
    await store.save_map(document, STRENGTHS)
    listing = await store.list_versions(document.id, before=None, limit=10)
    assert [entry.version for entry in listing.versions] == [2], "version 1 went with the deleted map"
    with pytest.raises(NotFound):
        await store.read_version(document.id, 1)
