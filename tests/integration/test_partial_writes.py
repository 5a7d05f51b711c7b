"""Writes that send only what changed leave the database exactly as a full rewrite of the same document would.

A one-node edit (the path of ``PATCH /claims/...``: the writer's map version as the base, no read back) and
a replace compared with what is stored (``PUT``) are each checked against the same document written afresh:
every node of the map with its labels and properties (node versions aside, which a fresh write resets),
every relationship, the search index and the kept version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest
from neo4j import AsyncDriver
from support.maps import small_map

from graph.document import load_document_file
from graph.mapgraph import MapGraph, node_strengths
from graph.search import lucene_query, parse_query
from graph.store import Neo4jStore, SearchFilters
from schemas import MapDocument, Node, NodeKind, NodeRef

pytestmark = pytest.mark.neo4j
ESSAY = Path(__file__).resolve().parents[2] / "maps" / "import-ai-455.yaml"


async def content(driver: AsyncDriver, map_id: str) -> dict[str, Any]:
    """The map's nodes, relationships, quotes and speakers, sorted, node versions left out."""
    nodes, _, _ = await driver.execute_query(
        "MATCH (:Map {id: $map_id})-[:CONTAINS]->(n:Node) RETURN n.id AS id, labels(n) AS labels, "
        "properties(n) AS props ORDER BY id",
        map_id=map_id,
    )
    links, _, _ = await driver.execute_query(
        "MATCH (:Map {id: $map_id})-[:CONTAINS]->(n:Node)-[r]->(other) WHERE type(r) <> 'QUOTES' "
        "RETURN n.id AS node, type(r) AS type, properties(r) AS props, labels(other) AS labels, "
        "coalesce(other.id, other.name) AS other ORDER BY node, type, other",
        map_id=map_id,
    )
    quotes, _, _ = await driver.execute_query(
        "MATCH (:Map {id: $map_id})-[:CONTAINS]->(n:Node)-[:QUOTES]->(q:Quote)-[:IN]->(s:Source) "
        "RETURN n.id AS node, properties(q) AS props, s.id AS source ORDER BY node, q.ord",
        map_id=map_id,
    )
    speakers, _, _ = await driver.execute_query(
        "MATCH (s:Speaker {map: $map_id}) OPTIONAL MATCH (n:Node)-[:SAID_BY]->(s) "
        "RETURN s.id AS id, properties(s) AS props, count(n) AS said ORDER BY id",
        map_id=map_id,
    )
    cited, _, _ = await driver.execute_query(
        "MATCH (:Map {id: $map_id})-[c:CITES]->(s:Source) RETURN s.id AS id, c.ord AS ord ORDER BY id",
        map_id=map_id,
    )
    return {
        "nodes": [
            {"id": row["id"], "labels": sorted(row["labels"]), "props": _without_version(row["props"])}
            for row in nodes
        ],
        "links": [dict(row) for row in links],
        "quotes": [dict(row) for row in quotes],
        "speakers": [dict(row) for row in speakers],
        "cited": [dict(row) for row in cited],
    }


def _without_version(props: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in props.items() if key != "version"}


async def fresh_content(
    driver: AsyncDriver, document: MapDocument, strengths: dict[str, float] | None = None
) -> dict[str, Any]:
    """What writing ``document`` whole into a database without the map leaves."""
    store = Neo4jStore(driver)
    await store.delete_map(document.id, expected_version=None)
    await store.save_map(document, node_strengths(document) if strengths is None else strengths)
    return await content(driver, document.id)


def edited(document: MapDocument, node_id: str, **changes: Any) -> MapDocument:
    nodes = [
        msgspec.structs.replace(node, **changes) if node.id == node_id else node for node in document.nodes
    ]
    return msgspec.structs.replace(document, nodes=nodes)


def quoted_node(document: MapDocument) -> Node:
    """A node with quotes, relations in and out and a speaker: the most an edit of one node touches."""
    targets = {relation.target for relation in document.relations}
    sources = {relation.source for relation in document.relations}
    return next(node for node in document.nodes if node.quotes and node.id in targets and node.id in sources)


async def load_essay(driver: AsyncDriver) -> tuple[Neo4jStore, MapGraph]:
    store = Neo4jStore(driver)
    essay = load_document_file(ESSAY)
    await store.save_map(essay, node_strengths(essay))
    return store, await store.read_map(essay.id)


async def edit_through_update(
    store: Neo4jStore, base: MapGraph, node_id: str, **changes: Any
) -> tuple[MapDocument, MapGraph]:
    """Edit one node as ``PATCH`` does: the writer's version is the base, which the mutation receives."""
    seen: list[MapGraph] = []

    async def mutate(current: MapGraph) -> tuple[MapDocument, dict[str, float]]:
        seen.append(current)
        document = edited(current.document, node_id, **changes)
        return document, node_strengths(document)

    result, document = await store.update_map(base.id, mutate, expected_version=base.version, base=base)
    assert result.changed
    assert result.version == base.version + 1
    return document, seen[0]


class TestOneNodeEdit:
    async def test_it_leaves_what_a_full_rewrite_leaves(self, clean_driver: AsyncDriver) -> None:
        store, base = await load_essay(clean_driver)
        node = quoted_node(base.document)
        document, given = await edit_through_update(
            store, base, node.id, text="A wholly reworded claim about zyxwvut.", base_score=0.11
        )
        assert given is base, "the version the writer holds is what the edit changes: nothing read back"
        written = await content(clean_driver, base.id)
        graph = await store.read_map(base.id)
        assert graph.document == document
        changed = {node_id for node_id, version in graph.node_versions.items() if version == 2}
        assert changed == {node.id}, "only the edited node takes the new version"
        assert written == await fresh_content(clean_driver, document)

    async def test_search_finds_the_new_words_and_not_the_old(self, clean_driver: AsyncDriver) -> None:
        store, base = await load_essay(clean_driver)
        node = quoted_node(base.document)
        before = await store.search(lucene_query(parse_query("qwertyold")), SearchFilters(limit=10))
        assert before == []
        await edit_through_update(store, base, node.id, text="The qwertyold claim.")
        second = await store.read_map(base.id)
        await edit_through_update(store, second, node.id, text="The qwertynew claim.")
        found = await store.search(lucene_query(parse_query("qwertynew")), SearchFilters(limit=10))
        assert [(hit.map_id, hit.node_id) for hit in found] == [(base.id, node.id)]
        assert await store.search(lucene_query(parse_query("qwertyold")), SearchFilters(limit=10)) == []

    async def test_every_edit_keeps_its_version_whole(self, clean_driver: AsyncDriver) -> None:
        store, base = await load_essay(clean_driver)
        node = quoted_node(base.document)
        document, _ = await edit_through_update(store, base, node.id, base_score=0.2)
        versions = await store.list_versions(base.id, before=None, limit=10)
        assert [entry.version for entry in versions.versions] == [2, 1]
        assert versions.versions[0].changes.nodes_changed == 1
        kept = await store.read_version(base.id, 2)
        assert kept.document == document
        assert kept.node_versions == (await store.read_map(base.id)).node_versions

    async def test_a_base_that_is_no_longer_current_is_not_trusted(self, clean_driver: AsyncDriver) -> None:
        store, base = await load_essay(clean_driver)
        node = quoted_node(base.document)
        await edit_through_update(store, base, node.id, base_score=0.3)
        other = next(n for n in base.document.nodes if n.id not in (node.id, base.document.root))
        current = await store.read_map(base.id)
        stale_base = base  # version 1: the store must read version 2 and change that

        seen: list[MapGraph] = []

        async def mutate(graph: MapGraph) -> tuple[MapDocument, dict[str, float]]:
            seen.append(graph)
            document = edited(graph.document, other.id, base_score=0.7)
            return document, node_strengths(document)

        await store.update_map(base.id, mutate, expected_version=None, base=stale_base)
        assert seen[0] is not stale_base
        assert seen[0].version == current.version == 2
        graph = await store.read_map(base.id)
        assert graph.nodes[node.id].base_score == 0.3
        assert graph.nodes[other.id].base_score == 0.7
        assert await content(clean_driver, base.id) == await fresh_content(clean_driver, graph.document)


class TestReplaceComparedWithWhatIsStored:
    async def test_a_renamed_speaker_reaches_the_search_fields_of_unchanged_nodes(
        self, clean_driver: AsyncDriver
    ) -> None:
        store, base = await load_essay(clean_driver)
        speaker = base.document.speakers[0]
        renamed = msgspec.structs.replace(
            base.document,
            speakers=[msgspec.structs.replace(speaker, name="Zorblax Quint"), *base.document.speakers[1:]],
        )
        result = await store.save_map(renamed, node_strengths(renamed), expected_version=1)
        assert result.changed
        graph = await store.read_map(base.id)
        assert graph.document == renamed
        assert set(graph.node_versions.values()) == {1}, "no node changed: the speaker's name is not theirs"
        said = {node.id for node in renamed.nodes if node.speaker == speaker.id}
        found = await store.search(lucene_query(parse_query("Zorblax")), SearchFilters(limit=200))
        assert said
        assert said <= {hit.node_id for hit in found}
        assert await content(clean_driver, base.id) == await fresh_content(clean_driver, renamed)

    async def test_a_node_of_another_kind_is_created_again_under_its_new_label(
        self, clean_driver: AsyncDriver
    ) -> None:
        store, base = await load_essay(clean_driver)
        node = quoted_node(base.document)
        kind = NodeKind.CAVEAT if node.kind is not NodeKind.CAVEAT else NodeKind.CLAIM
        changed = edited(base.document, node.id, kind=kind)
        await store.save_map(changed, {}, expected_version=1)
        written = await content(clean_driver, base.id)
        labels = next(row["labels"] for row in written["nodes"] if row["id"] == node.id)
        assert labels == sorted(["Node", kind.value.capitalize()])
        assert (await store.read_map(base.id)).document == changed
        assert written == await fresh_content(clean_driver, changed, {})

    async def test_unchanged_sources_and_an_edit_through_the_stored_state(
        self, clean_driver: AsyncDriver
    ) -> None:
        store, base = await load_essay(clean_driver)
        node = quoted_node(base.document)
        changed = edited(base.document, node.id, text="Edited through a replace.", tags=["edited"])
        await store.save_map(changed, node_strengths(changed), expected_version=1)
        graph = await store.read_map(base.id)
        assert graph.document == changed
        assert graph.document.sources == base.document.sources
        assert await content(clean_driver, base.id) == await fresh_content(clean_driver, changed)


LINKS_BETWEEN = """
MATCH (a:Node {map: $from_map})-[:SAME_AS]->(b:Node {map: $to_map})
RETURN a.id AS source, b.id AS target ORDER BY source, target
"""


async def same_as_links(driver: AsyncDriver, from_map: str, to_map: str) -> list[tuple[str, str]]:
    records, _, _ = await driver.execute_query(LINKS_BETWEEN, from_map=from_map, to_map=to_map)
    return [(record["source"], record["target"]) for record in records]


class TestLinksBetweenMaps:
    async def test_an_edited_node_keeps_the_links_to_it_and_its_own_follow_its_same_as(
        self, clean_driver: AsyncDriver
    ) -> None:
        store = Neo4jStore(clean_driver)
        pets = small_map("pets")
        linked = msgspec.structs.replace(
            small_map("pets-two").nodes[1], same_as=[NodeRef(map="pets", id="sleep-good")]
        )
        two = small_map("pets-two")
        two = msgspec.structs.replace(two, nodes=[two.nodes[0], linked, two.nodes[2]])
        for document in (pets, two):
            await store.save_map(document, node_strengths(document))
        assert await same_as_links(clean_driver, "pets-two", "pets") == [("sleep-good", "sleep-good")]

        # The linked-to node is edited in place: the link from the other map stays.
        await edit_through_update(store, await store.read_map("pets"), "sleep-good", text="Cats need sleep.")
        assert await same_as_links(clean_driver, "pets-two", "pets") == [("sleep-good", "sleep-good")]

        # The linking node names another node now: its old link goes, the new one is made.
        await edit_through_update(
            store, await store.read_map("pets-two"), "sleep-good", same_as=[NodeRef(map="pets", id="thesis")]
        )
        assert await same_as_links(clean_driver, "pets-two", "pets") == [("sleep-good", "thesis")]
        graph = await store.read_map("pets-two")
        assert await content(clean_driver, "pets-two") == await fresh_content(clean_driver, graph.document)
        assert await same_as_links(clean_driver, "pets-two", "pets") == [("sleep-good", "thesis")]
