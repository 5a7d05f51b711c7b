"""An in-memory ``MapStore`` for fast tests of the layers above the store (service, views, HTTP).

It keeps the store's contract (versions, preconditions, shared sources, atomic updates) but not its engine:
search finds words as the service's explanations do (light stems), not through Lucene. The store itself is
tested against the real Neo4j.
"""

from __future__ import annotations

import asyncio
import re

import msgspec

from graph.errors import Conflict, DatabaseUnavailable, NotFound
from graph.mapgraph import MapGraph, map_summary
from graph.search import explain
from graph.store import Mutation, Progress, SearchFilters, SearchHit, Strengths, WriteResult
from graph.versions import Expected, require_version
from schemas import MapDocument, MapSummary, Source

_CLAUSE = re.compile(r'\+\(s_text:("[^"]*"|[^\s^]+)')


class MemoryStore:
    """Maps kept as ``MapGraph`` versions in a dict; one lock makes every write atomic."""

    def __init__(self) -> None:
        self.maps: dict[str, MapGraph] = {}
        self.strengths: dict[str, Strengths] = {}
        self.last_versions: dict[str, int] = {}
        """The last version of each deleted map: one created again under its id continues after it."""
        self.down = False
        self.writes = 0
        self.searches = 0
        self._lock = asyncio.Lock()

    def _up(self) -> None:
        if self.down:
            raise DatabaseUnavailable("Neo4j is not reachable (ServiceUnavailable)")

    async def server_info(self) -> tuple[str, str]:
        self._up()
        return "5.26.0", "community"

    async def list_maps(self) -> list[MapSummary]:
        self._up()
        return [map_summary(self.maps[map_id]) for map_id in sorted(self.maps)]

    async def map_version(self, map_id: str) -> int:
        return (await self.read_map(map_id)).version

    async def map_versions(self) -> dict[str, int]:
        self._up()
        return {map_id: graph.version for map_id, graph in self.maps.items()}

    async def read_map(self, map_id: str) -> MapGraph:
        self._up()
        if map_id not in self.maps:
            raise NotFound(f"there is no map {map_id!r}")
        return self.maps[map_id]

    async def source(self, source_id: str) -> tuple[Source, list[str]]:
        self._up()
        citing = sorted(m for m, g in self.maps.items() if source_id in g.sources)
        if not citing:
            raise NotFound(f"there is no source {source_id!r}")
        return self.maps[citing[0]].sources[source_id], citing

    async def search(self, query: str | None, filters: SearchFilters) -> list[SearchHit]:
        self._up()
        self.searches += 1
        # The words of each required clause, read back from the query the service built; a node matches
        # when every clause is found in one of its fields, as the service's explanations find them.
        clauses = [tuple(term.strip('"').split()) for term in _CLAUSE.findall(query or "")]
        hits = []
        for map_id in sorted(self.maps):
            graph = self.maps[map_id]
            for node in sorted(graph.document.nodes, key=lambda node: node.id):
                strength = self.strengths[map_id].get(node.id)
                reporter = node.reported_by or node.speaker
                if (
                    all(explain(node, graph.speakers, [clause]).highlights for clause in clauses)
                    and (filters.kind is None or node.kind.value == filters.kind)
                    and (filters.speaker is None or node.speaker == filters.speaker)
                    and (filters.reported_by is None or reporter == filters.reported_by)
                    and (filters.tag is None or filters.tag in node.tags)
                    and (filters.map_id is None or map_id == filters.map_id)
                    and (filters.min_strength is None or (strength or 0.0) >= filters.min_strength)
                ):
                    hits.append(
                        SearchHit(
                            map_id=map_id,
                            node_id=node.id,
                            kind=node.kind,
                            speaker=node.speaker,
                            tags=tuple(node.tags),
                            strength=strength,
                            score=1.0,
                        )
                    )
        return hits[: filters.limit]

    async def save_map(
        self,
        document: MapDocument,
        strengths: Strengths,
        *,
        expected_version: Expected = None,
        must_exist: bool = False,
        must_not_exist: bool = False,
        progress: Progress | None = None,
    ) -> WriteResult:
        self._up()
        async with self._lock:
            return self._write(document, strengths, expected_version, must_exist, must_not_exist)

    async def update_map(
        self, map_id: str, mutate: Mutation, *, expected_version: Expected = None
    ) -> tuple[WriteResult, MapDocument]:
        self._up()
        async with self._lock:
            current = await self.read_map(map_id)
            require_version(map_id, current.version, expected_version)
            document, strengths = await mutate(current)
            return self._write(document, strengths, current.version, True, False), document

    async def delete_map(self, map_id: str, *, expected_version: Expected) -> None:
        self._up()
        async with self._lock:
            current = await self.read_map(map_id)
            require_version(map_id, current.version, expected_version)
            del self.maps[map_id]
            self.last_versions[map_id] = current.version

    async def close(self) -> None:
        return None

    def _write(
        self,
        document: MapDocument,
        strengths: Strengths,
        expected_version: Expected,
        must_exist: bool,
        must_not_exist: bool,
    ) -> WriteResult:
        old = self.maps.get(document.id)
        if old is None and must_exist:
            raise NotFound(f"there is no map {document.id!r}")
        if old is not None and must_not_exist:
            raise Conflict(f"a map with id {document.id!r} already exists")
        if old is not None:
            require_version(document.id, old.version, expected_version)
        for source in document.sources:
            for other_id, other in self.maps.items():
                if other_id != document.id and other.sources.get(source.id, source) != source:
                    raise Conflict(f"source {source.id!r} is already cited by map {other_id!r}")
        if old is not None and old.document == document:
            return WriteResult(map_id=document.id, version=old.version, created=False, changed=False)
        version = self.last_versions.get(document.id, 0) + 1 if old is None else old.version + 1
        before = {node.id: node for node in old.document.nodes} if old else {}
        node_versions = {
            node.id: old.node_versions[node.id] if old and before.get(node.id) == node else version
            for node in document.nodes
        }
        self.maps[document.id] = MapGraph(
            document=msgspec.structs.replace(document), version=version, node_versions=node_versions
        )
        self.strengths[document.id] = dict(strengths)
        self.writes += 1
        return WriteResult(map_id=document.id, version=version, created=old is None, changed=True)
