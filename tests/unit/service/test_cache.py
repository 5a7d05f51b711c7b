"""The per-worker cache: versions trusted for a bounded time, entries dropped by writes."""

from __future__ import annotations

import gc

import pytest
from support.maps import small_map

from graph.mapgraph import MapGraph, evaluate
from graph.service import MapCache
from graph.service._cache import evaluation_size, graph_size


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def graph(version: int) -> MapGraph:
    document = small_map()
    return MapGraph(
        document=document, version=version, node_versions={node.id: version for node in document.nodes}
    )


class TestVersionTTL:
    def test_a_seen_version_is_trusted_until_the_ttl_passes(self) -> None:
        clock = FakeClock()
        cache = MapCache(version_ttl_s=1.0, clock=clock)
        assert cache.known_version("pets") is None
        cache.saw_version("pets", 3)
        clock.now += 0.5
        assert cache.known_version("pets") == 3
        clock.now += 0.5
        assert cache.known_version("pets") is None

    def test_zero_ttl_always_asks(self) -> None:
        cache = MapCache(version_ttl_s=0.0, clock=FakeClock())
        cache.saw_version("pets", 3)
        assert cache.known_version("pets") is None

    def test_forget_drops_version_graph_and_bodies(self) -> None:
        cache = MapCache(version_ttl_s=10.0, clock=FakeClock())
        g = graph(2)
        cache.saw_version("pets", 2)
        cache.keep_graph(g)
        cache.keep_rendered(g, ("tree",), b"{}")
        cache.forget("pets")
        assert cache.known_version("pets") is None
        assert cache.graph("pets", 2) is None
        assert cache.rendered(g, ("tree",)) is None


class TestLRU:
    @pytest.mark.parametrize("capacity", [1, 3])
    def test_oldest_bodies_age_out(self, capacity: int) -> None:
        cache = MapCache(renders=capacity)
        graphs = [graph(version) for version in range(1, capacity + 2)]
        for g in graphs:
            cache.keep_rendered(g, ("tree",), str(g.version).encode())
        assert cache.rendered(graphs[0], ("tree",)) is None
        assert cache.rendered(graphs[-1], ("tree",)) == str(graphs[-1].version).encode()


class TestMemoryBounds:
    def test_bodies_are_bounded_by_their_total_size(self) -> None:
        cache = MapCache(renders=100, render_bytes=1000)
        graphs = [graph(version) for version in range(1, 6)]
        for g in graphs:
            cache.keep_rendered(g, ("diagram",), b"x" * 400)
        kept = [g.version for g in graphs if cache.rendered(g, ("diagram",)) is not None]
        assert kept == [4, 5], "only the newest bodies that fit in 1000 bytes are kept"

    def test_evaluations_are_bounded_by_their_estimated_size(self) -> None:
        # Any client may ask for an evaluation per root, semantics and contribution function: a count of 512
        # once let evaluations of a large map take gigabytes.
        g = graph(1)
        one = evaluate(g, root=g.document.root)
        budget = 3 * evaluation_size(one)
        cache = MapCache(evaluations=512, evaluation_bytes=budget)
        keys = [
            (semantics, node.id, "removal") for semantics in ("QE", "DFQuAD") for node in g.document.nodes
        ]
        for semantics, root, contribution in keys:
            cache.keep_evaluation(
                g, (semantics, root, contribution), evaluate(g, semantics=semantics, root=root)
            )
        kept = [key for key in keys if cache.evaluation(g, key) is not None]
        assert kept == keys[-3:], "the newest three fit the budget; the older ones are forgotten"

    def test_graphs_are_bounded_by_their_estimated_size(self) -> None:
        graphs = [graph(version) for version in range(1, 6)]
        cache = MapCache(graphs=64, graph_bytes=2 * graph_size(graphs[0]))
        for g in graphs:
            cache.keep_graph(g)
        assert [g.version for g in graphs if cache.graph(g.id, g.version) is not None] == [4, 5]

    def test_replacing_a_body_does_not_count_it_twice(self) -> None:
        cache = MapCache(render_bytes=1000)
        g = graph(1)
        for _ in range(10):
            cache.keep_rendered(g, ("tree",), b"y" * 600)
        assert cache.rendered(g, ("tree",)) == b"y" * 600

    def test_nothing_is_frozen_out_of_the_collector(self) -> None:
        # Frozen objects are never collected; caching must not freeze anything (it leaked every version).
        before = gc.get_freeze_count()
        cache = MapCache()
        for version in range(1, 20):
            cache.keep_graph(graph(version))
        assert gc.get_freeze_count() == before


class TestSearchAnswers:
    def test_answers_are_served_only_for_the_corpus_they_were_computed_from(self) -> None:
        cache = MapCache()
        first = cache.saw_corpus({"pets": 1, "essay": 4})
        cache.keep_searched("cats", first, "page", 4)
        assert cache.searched("cats", first) == "page"
        assert cache.searched("cats", cache.saw_corpus({"essay": 4, "pets": 1})) == "page"  # same versions
        moved = cache.saw_corpus({"pets": 2, "essay": 4})
        assert cache.searched("cats", moved) is None

    def test_a_new_corpus_drops_older_answers_and_refuses_late_ones(self) -> None:
        cache = MapCache()
        old = cache.saw_corpus({"pets": 1})
        cache.keep_searched("cats", old, "page", 4)
        cache.saw_corpus({"pets": 2})
        # Asked with the old corpus itself, nothing is left: the answers no longer take room.
        assert cache.searched("cats", old) is None
        # An answer finished after the corpus moved on is not kept.
        cache.keep_searched("dogs", old, "late page", 9)
        assert cache.searched("dogs", old) is None


def test_search_answers_are_bounded_by_bytes_as_well_as_by_count() -> None:
    cache = MapCache(searches=1000, search_bytes=1000, version_ttl_s=60.0)
    corpus = cache.saw_corpus({"m": 1})
    for number in range(50):
        cache.keep_searched(("q", number), corpus, f"answer {number}", 100)
    assert cache.search_bytes == 1000
    assert cache.searched(("q", 49), corpus) == "answer 49"
    assert cache.searched(("q", 0), corpus) is None  # the oldest went to make room
