"""A small per-process cache of map versions and their evaluations.

Keys carry the map version, so a write (which bumps the version) makes older entries unreachable; they age
out of the LRU. Each worker process keeps its own cache: nothing here needs to be shared.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Mapping
from typing import TypeVar

from graph.errors import GraphError
from graph.lru import LRU
from graph.mapgraph import Evaluation, MapGraph

V = TypeVar("V")


class Corpus:
    """Every map's version at one moment: what a search answer is computed from.

    Example:
        >>> Corpus({"b": 2, "a": 1}) == Corpus({"a": 1, "b": 2}) != Corpus({"a": 1, "b": 3})
        True
    """

    __slots__ = ("_hash", "versions")

    def __init__(self, versions: Mapping[str, int]) -> None:
        self.versions = tuple(sorted(versions.items()))
        self._hash = hash(self.versions)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Corpus) and self._hash == other._hash and self.versions == other.versions

    def __hash__(self) -> int:
        return self._hash


class MapCache:
    """What one worker remembers about map versions.

    Map graphs by (map, version), evaluations by (map, version, semantics, root, contribution), and the
    encoded bodies of views and diagrams by (map, version, parameters).

    ``version_ttl_s`` lets a process trust the last version it saw of a map for that long before asking
    Neo4j again: writes made through this process are seen at once (they clear the entry); writes made
    through other processes are seen within the TTL. Zero asks on every read.
    """

    def __init__(
        self,
        graphs: int = 64,
        evaluations: int = 512,
        renders: int = 1024,
        render_bytes: int = 64 * 1024 * 1024,
        searches: int = 4096,
        search_bytes: int = 32 * 1024 * 1024,
        *,
        graph_bytes: int = 256 * 1024 * 1024,
        evaluation_bytes: int = 128 * 1024 * 1024,
        version_ttl_s: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        # Graphs and evaluations grow with their map: an evaluation of a 1,500-node map is megabytes, and any
        # client may ask for one per root, semantics and contribution function, so counts alone would not
        # bound a worker. Their sizes are estimates from measured costs per node (``graph_size``,
        # ``evaluation_size``).
        self._graphs: LRU[MapGraph] = LRU(graphs, graph_size, graph_bytes)
        self._evaluations: LRU[Evaluation] = LRU(evaluations, evaluation_size, evaluation_bytes)
        self._renders: LRU[bytes] = LRU(renders, len, render_bytes)
        self._failures: LRU[GraphError] = LRU(renders)
        self._versions: dict[str, tuple[int, float]] = {}
        self._ttl = version_ttl_s
        self._clock = clock
        # Search pages span every map: each is kept with the versions of every map it was computed from (the
        # corpus), and served only while the corpus is still at those versions. A write through this process
        # forgets the corpus at once; other processes' writes show within the TTL, as map versions do.
        # Bounded by bytes too: a page of long texts is hundreds of kilobytes, and any client can ask for new
        # filters, so a count alone would let one client grow a worker by gigabytes.
        self._searches: LRU[tuple[Corpus, object, int]] = LRU(searches, _kept_size, search_bytes)
        self._corpus: tuple[Corpus, float] | None = None

    def known_version(self, map_id: str) -> int | None:
        """The version of ``map_id`` seen less than the TTL ago, if any."""
        seen = self._versions.get(map_id)
        if seen is None or self._clock() - seen[1] >= self._ttl:
            return None
        return seen[0]

    def saw_version(self, map_id: str, version: int) -> None:
        """Remember that the database just said ``map_id`` is at ``version``."""
        self._versions[map_id] = (version, self._clock())

    def graph(self, map_id: str, version: int) -> MapGraph | None:
        """The cached graph of this map version, if any."""
        return self._graphs.get((map_id, version))

    def keep_graph(self, graph: MapGraph) -> None:
        """Remember a graph read from the store."""
        self._graphs.put((graph.id, graph.version), graph)

    def evaluation(self, graph: MapGraph, key: tuple[str, ...]) -> Evaluation | None:
        """The evaluation of ``graph`` under (semantics, root, contribution, perspective) computed earlier."""
        return self._evaluations.get((graph.id, graph.version, *key))

    def keep_evaluation(self, graph: MapGraph, key: tuple[str, ...], evaluation: Evaluation) -> None:
        """Remember an evaluation of this map version."""
        self._evaluations.put((graph.id, graph.version, *key), evaluation)

    def perspective_graph(self, map_id: str, version: int, name: str) -> MapGraph | None:
        """This map version as its stored perspective ``name`` reads it, if built earlier."""
        return self._graphs.get((map_id, version, name))

    def keep_perspective_graph(self, graph: MapGraph, name: str) -> None:
        """Remember a map version as one of its perspectives reads it (bounded with the map versions)."""
        self._graphs.put((graph.id, graph.version, name), graph)

    def rendered(self, graph: MapGraph, key: tuple[object, ...]) -> bytes | None:
        """A body (view or diagram) of this map version made earlier with the same parameters, if any."""
        return self._renders.get((graph.id, graph.version, *key))

    def keep_rendered(self, graph: MapGraph, key: tuple[object, ...], data: bytes) -> None:
        """Remember an encoded body: building and encoding a view costs far more than serving bytes."""
        self._renders.put((graph.id, graph.version, *key), data)

    def failure(self, graph: MapGraph, key: tuple[object, ...]) -> GraphError | None:
        """The error a body of this map version failed with earlier (a drawing too big to make in time)."""
        return self._failures.get((graph.id, graph.version, *key))

    def keep_failure(self, graph: MapGraph, key: tuple[object, ...], error: GraphError) -> None:
        """Remember that making a body of this version failed, so a retry is answered at once."""
        self._failures.put((graph.id, graph.version, *key), error.with_traceback(None))

    def known_corpus(self) -> Corpus | None:
        """The version of every map, as seen less than the TTL ago, if it was."""
        if self._corpus is None or self._clock() - self._corpus[1] >= self._ttl:
            return None
        return self._corpus[0]

    def saw_corpus(self, versions: Mapping[str, int]) -> Corpus:
        """Remember the version of every map the database just answered (each map's version too)."""
        corpus = Corpus(versions)
        now = self._clock()
        if self._corpus is not None and self._corpus[0] != corpus:
            # Only answers of the current corpus can be served again: the others would only take room.
            self._searches.drop(lambda key: True)
        self._corpus = (corpus, now)
        for map_id, version in corpus.versions:
            self._versions[map_id] = (version, now)
        return corpus

    def searched(self, key: Hashable, corpus: Corpus) -> object | None:
        """A search answer kept under ``key`` from this very corpus, if any."""
        found = self._searches.get(key)
        if found is None or found[0] != corpus:
            return None
        return found[1]

    @property
    def search_bytes(self) -> int:
        """What the kept search answers take, as their sizes were given."""
        return self._searches.total_size

    def keep_searched(self, key: Hashable, corpus: Corpus, answer: object, size: int) -> None:
        """Keep an answer of ``size`` bytes while the corpus stays at these versions (not if it moved on)."""
        if self._corpus is None or self._corpus[0] == corpus:
            self._searches.put(key, (corpus, answer, size))

    def forget(self, map_id: str) -> None:
        """Drop every entry of a map (after this process wrote it)."""
        for lru in (self._graphs, self._evaluations, self._renders, self._failures):
            lru.drop(lambda key: isinstance(key, tuple) and key[0] == map_id)
        self._versions.pop(map_id, None)
        self._corpus = None
        self._searches.drop(lambda key: True)


def _kept_size(entry: tuple[Corpus, object, int]) -> int:
    return entry[2]


GRAPH_BYTES_PER_NODE = 4096
"""A map version's memory per node, texts aside: 2.5 KB measured on the essay (tracemalloc), rounded up."""
EVALUATION_BYTES_PER_NODE = 3072
"""An evaluation's memory per node: 2.7 KB measured on the essay over four semantics and contribution
functions (tracemalloc), rounded up."""


def graph_size(graph: MapGraph) -> int:
    """An estimate of the memory ``graph`` holds: its nodes, and its sources' texts at 4 bytes a character."""
    texts = sum(len(source.text or "") for source in graph.document.sources)
    return GRAPH_BYTES_PER_NODE * len(graph.document.nodes) + 4 * texts


def evaluation_size(evaluation: Evaluation) -> int:
    """An estimate of the memory ``evaluation`` holds, from its number of nodes."""
    return EVALUATION_BYTES_PER_NODE * len(evaluation.strengths.strengths)
