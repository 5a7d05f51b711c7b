"""MapService over the in-memory store: the use cases, tags and preconditions, without a database."""

from __future__ import annotations

import msgspec
import pytest
from support.maps import small_map
from support.memory_store import MemoryStore

from graph.errors import Conflict, InvalidArgumentMap, InvalidQuery, NotFound, StaleVersion
from graph.mapgraph import node_strengths
from graph.render import RenderError
from graph.service import CLI, MapCache, MapService, SearchRequest, tag_version, version_tag
from schemas import (
    ClaimDetail,
    ClaimPatch,
    DiagramOptions,
    MapDetail,
    NodeKind,
    SourceSpan,
    WhatIf,
)


@pytest.fixture
async def service() -> MapService:
    maps = MapService(MemoryStore())
    await maps.save(small_map(), actor=CLI)
    return maps


class TestReads:
    async def test_list_describes_every_map_without_reading_it_whole(self, service: MapService) -> None:
        await service.save(small_map("pets-two", source_id="pets-note"), actor=CLI)
        listed = await service.list_maps(CLI)
        assert [entry.id for entry in listed.maps] == ["pets", "pets-two"]
        assert listed.maps[0].counts == {
            "thesis": 1,
            "claim": 1,
            "evidence": 0,
            "caveat": 0,
            "counterpoint": 1,
        }

    async def test_a_map_with_one_node_and_no_relations_reads_and_lists(self, service: MapService) -> None:
        lone = msgspec.structs.replace(small_map("lone"), nodes=small_map().nodes[:1], relations=[])
        await service.save(lone, actor=CLI)
        detail = msgspec.json.decode((await service.detail("lone")).body, type=MapDetail)
        assert detail.relations == {"supports": 0, "attacks": 0, "qualifies": 0}
        assert [entry.id for entry in (await service.list_maps(CLI)).maps] == ["lone", "pets"]

    async def test_views_carry_the_map_version_tag(self, service: MapService) -> None:
        tree = await service.tree("pets", root=None, depth=5, semantics="QE", contribution="shapley")
        assert tree.tag == version_tag("pets", 1)
        assert tag_version(tree.tag, "pets") == 1

    async def test_unknown_map_and_node(self, service: MapService) -> None:
        with pytest.raises(NotFound):
            await service.detail("nope")
        with pytest.raises(NotFound):
            await service.claim("pets", "nope")

    async def test_the_same_view_is_encoded_once_per_version(self, service: MapService) -> None:
        first = await service.scores("pets", root=None, semantics="QE", contribution="shapley")
        again = await service.scores("pets", root=None, semantics="QE", contribution="shapley")
        assert again.body is first.body


class TestClaimTags:
    async def test_a_claims_tag_changes_when_another_node_changes(self, service: MapService) -> None:
        before = await service.claim("pets", "thesis")
        patch = ClaimPatch(base_score=0.1)
        await service.patch_node(
            "pets", "sleep-good", patch, actor=CLI, expected_version=tag_version(before.tag, "pets/thesis")
        )
        after = await service.claim("pets", "thesis")
        assert after.tag != before.tag
        old = msgspec.json.decode(before.body, type=ClaimDetail)
        new = msgspec.json.decode(after.body, type=ClaimDetail)
        assert new.strength != old.strength, "the thesis lost a supporter's strength: its body changed"

    async def test_a_patch_on_a_stale_version_is_refused(self, service: MapService) -> None:
        await service.patch_node(
            "pets", "thesis", ClaimPatch(text="Cats rest."), actor=CLI, expected_version=1
        )
        with pytest.raises(StaleVersion):
            await service.patch_node(
                "pets", "thesis", ClaimPatch(text="Cats nap."), actor=CLI, expected_version=1
            )

    async def test_a_patch_that_breaks_the_rules_writes_nothing(self, service: MapService) -> None:
        with pytest.raises(InvalidArgumentMap):
            await service.patch_node("pets", "thesis", ClaimPatch(text=""), actor=CLI, expected_version=1)
        assert (await service.graph("pets")).version == 1


class TestWrites:
    async def test_create_twice_conflicts(self, service: MapService) -> None:
        with pytest.raises(Conflict):
            await service.save(small_map(), must_not_exist=True, actor=CLI)

    async def test_an_unchanged_document_keeps_its_version(self, service: MapService) -> None:
        result = await service.save(small_map(), expected_version=1, must_exist=True, actor=CLI)
        assert (result.changed, result.version) == (False, 1)

    async def test_decode_reports_every_problem(self, service: MapService) -> None:
        with pytest.raises(InvalidArgumentMap) as raised:
            await service.decode(b"id: Bad Id\ntitle: x\nsources: []\nspeakers: []\nnodes: []\n", "yaml")
        assert any(problem.path == "id" for problem in raised.value.problems)


class TestSearchAndSources:
    async def test_listing_by_kind(self, service: MapService) -> None:
        page = await service.search(SearchRequest(kind=NodeKind.CLAIM))
        assert [hit.id for hit in page.hits] == ["sleep-good"]
        assert page.hits[0].href == "/claims/pets/sleep-good"

    async def test_a_forged_cursor_is_refused(self, service: MapService) -> None:
        with pytest.raises(InvalidQuery):
            await service.search(SearchRequest(q="cats", cursor="not-a-cursor"))

    async def test_pages_follow_each_other(self, service: MapService) -> None:
        first = await service.search(SearchRequest(limit=2))
        assert first.next_cursor is not None
        rest = await service.search(SearchRequest(limit=2, cursor=first.next_cursor))
        assert [hit.id for hit in first.hits + rest.hits] == ["dogs-bark", "sleep-good", "thesis"]

    async def test_a_cursor_belongs_to_its_search(self, service: MapService) -> None:
        first = await service.search(SearchRequest(limit=2))
        assert first.next_cursor is not None
        with pytest.raises(InvalidQuery, match="other words or filters"):
            await service.search(SearchRequest(limit=2, kind=NodeKind.CLAIM, cursor=first.next_cursor))
        # The page size is not part of the search: a client may ask for bigger pages as it goes.
        rest = await service.search(SearchRequest(limit=5, cursor=first.next_cursor))
        assert [hit.id for hit in rest.hits] == ["thesis"]

    async def test_a_kept_search_page_is_dropped_by_a_write(self) -> None:
        maps = MapService(MemoryStore(), MapCache(version_ttl_s=60.0))
        await maps.save(small_map(), actor=CLI)
        first = await maps.search(SearchRequest(q="rested"))
        assert await maps.search(SearchRequest(q="rested")) is first  # kept within the TTL
        await maps.save(small_map(thesis_text="Dogs are happy."), actor=CLI)
        after = await maps.search(SearchRequest(q="rested"))
        assert "thesis" not in [hit.id for hit in after.hits]
        assert "thesis" in [hit.id for hit in first.hits]

    async def test_a_search_is_answered_again_only_when_some_map_changed(self) -> None:
        store = MemoryStore()
        maps = MapService(store)  # no TTL: every search asks the store for the versions of every map
        await maps.save(small_map(), actor=CLI)
        first = await maps.search_encoded(SearchRequest(q="rested"), caller=CLI)
        again = await maps.search_encoded(SearchRequest(q="rested"), caller=CLI)
        assert again is first
        assert store.searches == 1
        # Another process writes: the versions change, so the kept answer is not served.
        changed = small_map(thesis_text="Dogs are happy.")
        await store.save_map(changed, node_strengths(changed), expected_version=None)
        after = await maps.search_encoded(SearchRequest(q="rested"), caller=CLI)
        assert store.searches == 2
        assert after.tag != first.tag
        assert b'"thesis"' in first.body
        assert b'"thesis"' not in after.body

    async def test_another_process_write_shows_in_search_within_the_ttl(self) -> None:
        now = [0.0]
        store = MemoryStore()
        maps = MapService(store, MapCache(version_ttl_s=1.0, clock=lambda: now[0]))
        await maps.save(small_map(), actor=CLI)
        first = await maps.search(SearchRequest(q="rested"))
        changed = small_map(thesis_text="Dogs are happy.")
        await store.save_map(changed, node_strengths(changed), expected_version=None)
        assert await maps.search(SearchRequest(q="rested")) is first  # within the TTL
        now[0] = 1.0
        after = await maps.search(SearchRequest(q="rested"))
        assert "thesis" not in [hit.id for hit in after.hits]

    async def test_facets_count_every_match_not_just_the_page(self, service: MapService) -> None:
        page = await service.search(SearchRequest(limit=1))
        assert page.facets is not None
        assert page.facets.total == 3
        assert sum(page.facets.kind.values()) == 3
        assert len(page.hits) == 1

    async def test_a_span_comes_with_its_context(self, service: MapService) -> None:
        span = await service.source("pets-note", start=38, end=61)
        assert isinstance(span, SourceSpan)
        assert span.text == "Sleep is good for cats."
        assert span.before.endswith("night. ")

    @pytest.mark.parametrize(("start", "end"), [(5, None), (10, 5), (0, 10**7)])
    async def test_a_bad_span_is_refused(self, service: MapService, start: int, end: int | None) -> None:
        with pytest.raises(InvalidQuery):
            await service.source("pets-note", start=start, end=end)


class TestWhatIf:
    async def test_removing_the_supporter_lowers_the_thesis(self, service: MapService) -> None:
        outcome = await service.what_if("pets", WhatIf(remove_nodes=["sleep-good"]))
        assert outcome.root_strength_after < outcome.root_strength_before

    async def test_unknown_nodes_are_named(self, service: MapService) -> None:
        with pytest.raises(InvalidArgumentMap) as raised:
            await service.what_if("pets", WhatIf(base_scores={"ghost": 0.5}))
        assert raised.value.problems[0].path == "base_scores.ghost"

    async def test_what_if_writes_nothing(self, service: MapService) -> None:
        await service.what_if("pets", WhatIf(base_scores={"thesis": 0.9}))
        assert (await service.graph("pets")).document == small_map()


def test_memory_store_strengths_match_the_engine() -> None:
    store = MemoryStore()
    document = small_map()
    store._write(document, node_strengths(document), None, False, False)
    assert store.strengths["pets"] == node_strengths(document)


class TestFailedDrawings:
    async def test_a_failed_drawing_is_remembered_for_its_version(
        self, service: MapService, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        calls: list[str] = []

        def failing_draw(*args: object) -> bytes:
            calls.append("draw")
            raise RenderError("Graphviz 'dot' took longer than 8 s to draw the diagram")

        monkeypatch.setattr("graph.service._service.draw", failing_draw)
        options = DiagramOptions(format="svg")
        for _ in range(3):
            with pytest.raises(RenderError, match="took longer"):
                await service.diagram("pets", options)
        assert calls == ["draw"], "the same drawing of the same version is not attempted again"
        await service.patch_node(
            "pets", "thesis", ClaimPatch(text="Cats rest."), actor=CLI, expected_version=1
        )
        with pytest.raises(RenderError):
            await service.diagram("pets", options)
        assert calls == ["draw", "draw"], "a new version is drawn anew"


async def test_kept_search_answers_stay_within_their_byte_budget() -> None:
    memory = MemoryStore()
    document = small_map()
    memory._write(document, node_strengths(document), None, False, False)
    budget = 4_000
    service = MapService(memory, MapCache(search_bytes=budget, version_ttl_s=60.0))
    for number in range(40):  # a client asking for ever new filters, as a cache-filling probe does
        page = await service.search(SearchRequest(min_strength=number / 1e6, limit=100))
        assert page.hits
    assert 0 < service.cache.search_bytes <= budget
