"""What the use cases need from a store: the interface ``Neo4jStore`` implements (and test doubles too)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from graph.accounts import AccountStore, MapAccess
from graph.classroom import ClassroomStore
from graph.mapgraph import MapGraph
from graph.sources import StoredSource
from graph.store._transactions import Mutation, Progress, Strengths, WriteResult
from graph.versions import Expected
from schemas import MapDocument, MapSummary, MapVersionList, NodeKind, Source, Visibility


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Which nodes a search or listing may return, and at most how many (the service pages and counts).

    ``speaker`` is a speaker's id or their name in any case (``Jack Clark``). ``reported_by`` matches the
    nodes that reach the source through that speaker: those the speaker relays for someone else, and those
    the speaker states with no one in between.
    """

    kind: str | None = None
    speaker: str | None = None
    reported_by: str | None = None
    tag: str | None = None
    map_id: str | None = None
    min_strength: float | None = None
    maps: tuple[str, ...] | None = None
    """Only nodes of these maps (those the caller may read); None: every map."""
    limit: int = 1_000


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One node a search matched: where it is, what facets it counts in, and how well it matched."""

    map_id: str
    node_id: str
    kind: NodeKind
    speaker: str
    tags: tuple[str, ...]
    strength: float | None
    score: float


class MapStore(AccountStore, ClassroomStore, Protocol):
    """Persistence of maps (whole-map reads and writes, versions, sources, search), accounts and classes."""

    async def server_info(self) -> tuple[str, str]:
        """The database's version and edition; raises ``DatabaseUnavailable`` when it does not answer."""
        ...

    async def list_maps(self, *, after: str | None = None, limit: int | None = None) -> list[MapSummary]:
        """The listing entries of the maps whose ids come after ``after``, ordered by id, at most ``limit``.

        None for either means no bound: from the first map, or every map.
        """
        ...

    async def map_version(self, map_id: str) -> int:
        """The current version of a map; raises ``NotFound``."""
        ...

    async def map_versions(self) -> dict[str, int]:
        """The current version of every map, in one round trip."""
        ...

    async def map_accesses(self) -> dict[str, MapAccess]:
        """Every map's owner, group and visibility, in one round trip."""
        ...

    async def read_map(self, map_id: str) -> MapGraph:
        """The whole current version of a map; raises ``NotFound``."""
        ...

    async def list_versions(self, map_id: str, *, before: int | None, limit: int) -> MapVersionList:
        """A map's kept versions, newest first, older than ``before``; raises ``NotFound``."""
        ...

    async def read_version(self, map_id: str, version: int) -> MapGraph:
        """One kept version of a map; raises ``NotFound`` naming the kept range."""
        ...

    async def read_versions(self, map_id: str, first: int, last: int) -> list[tuple[MapGraph, str]]:
        """The kept versions from ``first`` to ``last``, oldest first, each with its time (ISO 8601)."""
        ...

    async def source(self, source_id: str) -> tuple[Source, list[str]]:
        """A source and the maps that cite it; raises ``NotFound``."""
        ...

    async def stored_source(self, source_id: str) -> StoredSource:
        """A source with every revision of its text and the maps citing it; raises ``NotFound``."""
        ...

    async def add_source(
        self,
        source: Source,
        *,
        owner: str | None,
        group: str | None,
        visibility: Visibility,
        stored_by: str,
        when: str,
    ) -> tuple[StoredSource, int, bool]:
        """Store a source on its own: it as stored, the revision ``source`` is, if new (or ``Conflict``)."""
        ...

    async def add_source_revision(
        self, source_id: str, text: str, *, author: str, when: str, change: str | None
    ) -> tuple[StoredSource, bool]:
        """Keep ``text`` as the next revision (none if it is the latest's); raises ``NotFound``."""
        ...

    async def search(self, query: str | None, filters: SearchFilters) -> list[SearchHit]:
        """Every node matching a Lucene query (all when None) and the filters; raises ``InvalidQuery``."""
        ...

    async def save_map(
        self,
        document: MapDocument,
        strengths: Strengths,
        *,
        expected_version: Expected = None,
        must_exist: bool = False,
        must_not_exist: bool = False,
        progress: Progress | None = None,
        author: str = "unknown",
        owner: str | None = None,
        group: str | None = None,
        base: MapGraph | None = None,
    ) -> WriteResult:
        """Create or replace a map atomically, keeping the new version; raises ``NotFound`` and others.

        A map created is ``owner``'s, in ``group``; a replaced one keeps its owner and group. ``base`` is the
        version the writer holds (a hint: the write is compared with it while it is current).

        The others: ``Conflict``, ``StaleVersion``.
        """
        ...

    async def update_map(
        self,
        map_id: str,
        mutate: Mutation,
        *,
        expected_version: Expected = None,
        author: str = "unknown",
        base: MapGraph | None = None,
    ) -> tuple[WriteResult, MapDocument]:
        """Read (unless ``base`` is current), change and write a map atomically; raises ``StaleVersion``."""
        ...

    async def delete_map(self, map_id: str, *, expected_version: Expected) -> None:
        """Delete a map and its kept versions atomically; raises ``NotFound``, ``StaleVersion``."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...
