"""Reads of one map version: cached per version, computed in the worker pool, answered as encoded bodies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any

import msgspec

from graph.compute import ComputePool
from graph.debate import perspective_graph, stored_perspective, thesis_spread
from graph.errors import GraphError
from graph.mapgraph import (
    Evaluation,
    MapGraph,
    evaluate,
)
from graph.service._cache import Corpus, MapCache
from graph.service._once import SingleFlight
from graph.service._tags import version_tag
from graph.store import MapStore
from graph.versions import Expected, require_version
from schemas import DEFAULT_CONTRIBUTION, DEFAULT_SEMANTICS, Spread

JSON = "application/json"


@dataclass(frozen=True, slots=True)
class Representation:
    """One encoded body of one resource version, and the entity tag that names exactly that body."""

    tag: str
    body: bytes
    media_type: str = JSON


class MapReads:
    """Map versions, their evaluations and encoded views, each computed once per version and parameters.

    The version check is one round trip (or none within ``MapCache``'s TTL); a miss reads the whole map once
    and computes in the worker pool, never on the event loop. Concurrent misses share one computation.
    """

    def __init__(self, store: MapStore, cache: MapCache, pool: ComputePool) -> None:
        self.store = store
        self.cache = cache
        self.pool = pool
        self._flights = SingleFlight()

    async def graph(self, map_id: str, version: int | None = None) -> MapGraph:
        """A version of a map (the current one by default), read whole only when this process has not seen it.

        A kept version never changes, so once read it is served from the cache like the current one.

        Raises:
            NotFound: there is no such map, or no such version of it (the message gives the kept range).
        """
        if version is not None:
            return await self._kept(map_id, version)
        version = self.cache.known_version(map_id)
        if version is None:
            version = await self._flights.run(("version", map_id), lambda: self.store.map_version(map_id))
            self.cache.saw_version(map_id, version)
        cached = self.cache.graph(map_id, version)
        if cached is not None:
            return cached
        graph = await self._flights.run(("graph", map_id, version), lambda: self.store.read_map(map_id))
        self.cache.keep_graph(graph)
        self.cache.saw_version(map_id, graph.version)
        return graph

    async def _kept(self, map_id: str, version: int) -> MapGraph:
        cached = self.cache.graph(map_id, version)
        if cached is not None:
            return cached
        current = await self.graph(map_id)
        if version == current.version:
            return current
        if version > current.version:
            # This worker trusts the version it last saw for a while; the one asked for may have been written
            # moments ago through another worker, so the store is asked before the version is refused.
            self.cache.saw_version(map_id, await self.store.map_version(map_id))
        graph = await self._flights.run(
            ("graph", map_id, version), lambda: self.store.read_version(map_id, version)
        )
        self.cache.keep_graph(graph)
        return graph

    async def corpus(self) -> Corpus:
        """Every map's version: asked of the store at most once per TTL, by one request for all waiting."""
        corpus = self.cache.known_corpus()
        if corpus is None:
            versions = await self._flights.run(("corpus",), self.store.map_versions)
            corpus = self.cache.saw_corpus(versions)
        return corpus

    async def evaluation(
        self,
        map_id: str,
        *,
        semantics: str = DEFAULT_SEMANTICS,
        root: str | None = None,
        contribution: str = DEFAULT_CONTRIBUTION,
        version: int | None = None,
        perspective: str | None = None,
    ) -> tuple[MapGraph, Evaluation]:
        """The map (at ``version``, else its current one) and its evaluation, computed once per key.

        The key is (version, semantics, root, contribution, perspective). With ``perspective``, the map is the
        one that stored perspective reads (its base scores and weights), and so is its evaluation.

        Raises:
            NotFound: no such map, ``root`` is not one of its nodes, or the map keeps no such perspective.
            InvalidArgumentMap: unknown semantics or contribution function.
            OverBudget, DeadlineExceeded, Busy: the computation does not fit this server's budget now.
        """
        graph = await self.read_as(map_id, version, perspective)
        key = (semantics.lower(), root or graph.root, contribution.lower(), perspective or "")
        found = self.cache.evaluation(graph, key)
        if found is None:

            async def compute() -> Evaluation:
                return await self.pool.run(_evaluate, graph, semantics, root, contribution)

            found = await self._flights.run(("evaluation", graph.id, graph.version, key), compute)
            self.cache.keep_evaluation(graph, key, found)
        return graph, found

    async def spread(self, graph: MapGraph, evaluation: Evaluation, perspective: str | None = None) -> Spread:
        """The evaluation root's strength under each published semantics and its robustness band.

        Computed once per (map version, root, semantics, perspective) in the pool and kept with the views, so
        the scores, the tree, the brief, the drawings and the exports of one version all show the same spread.
        """
        key = ("spread", evaluation.root, evaluation.semantics, perspective or "")
        body = await self.computed(
            graph, key, lambda: self.pool.run(_spread_bytes, graph, evaluation.root, evaluation.semantics)
        )
        return _SPREAD.decode(body)

    async def read_as(self, map_id: str, version: int | None, perspective: str | None) -> MapGraph:
        """A version of a map, as mapped or (with ``perspective``) as that stored perspective reads it.

        Raises:
            NotFound: no such map or version, or the map keeps no such perspective (its perspectives named).
        """
        graph = await self.graph(map_id, version)
        if perspective is None:
            return graph
        found = self.cache.perspective_graph(graph.id, graph.version, perspective)
        if found is None:
            found = await self.pool.run(perspective_graph, graph, stored_perspective(graph, perspective))
            self.cache.keep_perspective_graph(found, perspective)
        return found

    async def precheck(self, map_id: str, expected: Expected) -> None:
        """Refuse a write on a stale version before it queues for the map's lock.

        A cheap read of the current version; the write checks again under the lock, which is what makes it
        correct. This only spares a losing writer the wait behind the winner.

        Raises:
            NotFound: there is no such map (only when a version is expected).
            StaleVersion: the map is already at another version.
        """
        if expected is not None:
            require_version(map_id, await self.store.map_version(map_id), expected)

    async def encoded(
        self, graph: MapGraph, key: tuple[Hashable, ...], make: Callable[[], Any], tag: str | None = None
    ) -> Representation:
        """``make()`` encoded as JSON, built in the pool once per (map version, ``key``).

        ``tag`` defaults to the map version's tag: every view computed from the whole map changes with it.
        """
        body = await self.computed(graph, key, lambda: self.pool.run(_encode, make))
        return Representation(tag=tag or version_tag(graph.id, graph.version), body=body)

    async def computed(
        self,
        graph: MapGraph,
        key: tuple[Hashable, ...],
        build: Callable[[], Awaitable[bytes]],
        *,
        remember: tuple[type[GraphError], ...] = (),
    ) -> bytes:
        """A body of this map version (view, diagram, export, brief), built once per (version, ``key``).

        The one way every computed body is made: kept in the cache's byte-bounded LRU, and built by one
        request while the others that want it wait for the same result (sixteen clients after a write cost
        one computation, not sixteen). A failure of a kind in ``remember`` (a drawing too big to make in
        time) is kept too, so asking again is answered at once.
        """
        body = self.cache.rendered(graph, key)
        if body is not None:
            return body
        failed = self.cache.failure(graph, key)
        if failed is not None:
            raise failed

        async def build_and_keep() -> bytes:
            try:
                made = await build()
            except remember as error:
                self.cache.keep_failure(graph, key, error)
                raise
            self.cache.keep_rendered(graph, key, made)
            return made

        return await self._flights.run(("body", graph.id, graph.version, key), build_and_keep)


def _evaluate(graph: MapGraph, semantics: str, root: str | None, contribution: str) -> Evaluation:
    return evaluate(graph, semantics=semantics, root=root, contribution=contribution)


_SPREAD = msgspec.json.Decoder(Spread)


def _spread_bytes(graph: MapGraph, root: str, semantics: str) -> bytes:
    return msgspec.json.encode(thesis_spread(graph, root=root, semantics=semantics))


def _encode(make: Callable[[], Any]) -> bytes:
    return msgspec.json.encode(make())
