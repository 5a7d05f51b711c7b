"""Who may read and write which map, asked of the maps themselves: the one place the service decides access.

A map's owner and group are set when it is created; its visibility is a field of its document, so it has a
version like the rest of it. A map the caller may not read is answered exactly as a map that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from graph.accounts import (
    BOOTSTRAP,
    Event,
    MapAccess,
    Principal,
    Via,
    access_of,
    audit,
    default_visibility,
    may_read,
    may_write,
)
from graph.errors import Forbidden, NotFound
from graph.service._cache import Corpus
from graph.service._reads import MapReads
from graph.sources import StoredSource
from schemas import MapDocument, MapSummary, Role, Visibility

CLI = Principal(id=None, name="cli", role=Role.ADMIN, group=None, via=Via.LOCAL)
"""The command line on the server's own machine: an administrator, recorded as ``cli``."""
API_TOKEN = BOOTSTRAP
"""The server's ``ARGMAP_API_TOKEN``: the first administrator, recorded as ``api-token``."""


class MapAccessRules(MapReads):
    """Access checks of single maps, and the set of maps a caller may read (for listings and searches)."""

    _accesses: tuple[Corpus, dict[str, MapAccess]] | None = None

    async def access(self, map_id: str) -> MapAccess:
        """A map's owner, group and visibility (from its current version, cached like it).

        Raises:
            NotFound: there is no such map.
        """
        graph = await self.graph(map_id)
        return access_of(graph.owner, graph.group, graph.document.visibility)

    async def authorize(self, caller: Principal, map_id: str, *, write: bool) -> None:
        """Refuse a caller a map they may not read (as if it did not exist) or not write (forbidden).

        A map that does not exist passes: the operation itself answers that (or creates it).

        Raises:
            NotFound: the caller may not read the map.
            Forbidden: the caller may read the map but not write it.
        """
        if caller.role is Role.ADMIN:
            return
        try:
            access = await self.access(map_id)
        except NotFound:
            return
        if not may_read(caller, access):
            raise NotFound(f"there is no map {map_id!r}")
        if write and not may_write(caller, access):
            audit(Event.FORBIDDEN, actor=caller.id, map=map_id, action="write")
            raise Forbidden(
                f"you may read map {map_id!r} but not change it: its owner, its group's editors and admins do"
            )

    async def writable(self, caller: Principal, map_id: str) -> bool:
        """Whether ``caller`` may change the map: pages ask, to offer editing (nothing is refused or logged).

        Raises:
            NotFound: there is no such map.
        """
        return caller.role is Role.ADMIN or may_write(caller, await self.access(map_id))

    async def readable(self, caller: Principal) -> tuple[str, ...] | None:
        """The ids of the maps ``caller`` may read, sorted; None when they may read every map (admins)."""
        if caller.role is Role.ADMIN:
            return None
        corpus = await self.corpus()
        if self._accesses is None or self._accesses[0] != corpus:
            self._accesses = (corpus, await self.store.map_accesses())
        accesses = self._accesses[1]
        return tuple(sorted(map_id for map_id, access in accesses.items() if may_read(caller, access)))

    async def may_read_source(self, caller: Principal, stored: StoredSource) -> bool:
        """Whether ``caller`` may read the source: as a resource of its own, or through a map citing it."""
        if caller.role is Role.ADMIN:
            return True
        access = stored.access
        if access is not None and may_read(caller, access):
            return True
        readable = await self.readable(caller)
        return readable is None or any(m in set(readable) for m, _revision in stored.citations)

    async def stored_citations(
        self, source_ids: Iterable[str], caller: Principal | None
    ) -> dict[str, str | Mapping[str, Any]]:
        """Every field of the latest revision of each stored source named, as a citing document takes it.

        With ``caller``, only the sources they may read: another's private text is not theirs to quote. Ids
        the server does not store (or the caller may not read) are left out, for decoding to report.
        """
        found: dict[str, str | Mapping[str, Any]] = {}
        for source_id in source_ids:
            try:
                stored = await self.store.stored_source(source_id)
            except NotFound:
                continue
            if caller is not None and not await self.may_read_source(caller, stored):
                continue
            source = stored.source
            found[source_id] = {
                "title": source.title,
                "outlet": source.outlet,
                "author": source.author,
                "published": source.published,
                "url": source.url,
                "note": source.note,
                "text": stored.latest.text,
            }
        return found

    async def as_written_by(self, caller: Principal, document: MapDocument) -> MapDocument:
        """The document with its visibility made explicit: as given, else the map's own, else the default.

        A replacement that leaves visibility out keeps the map's; a new map takes its creator's default.
        """
        if document.visibility is not None:
            return document
        try:
            kept = (await self.graph(document.id)).document.visibility
        except NotFound:
            # No visibility reads as public, so an administrator's new map is stored as it was sent.
            visibility = default_visibility(caller)
            return document if visibility is Visibility.PUBLIC else _with_visibility(document, visibility)
        # A map stored before visibilities were recorded names none (it is public): writing it again as it
        # was must stay the same map, not become a new version that differs only there.
        return document if kept is None else _with_visibility(document, kept)


def access_of_summary(entry: MapSummary) -> MapAccess:
    """A map's access as its listing entry shows it."""
    return MapAccess(owner=entry.owner, group=entry.group, visibility=entry.visibility)


def owner_of(caller: Principal) -> tuple[str | None, str | None]:
    """The owner and group a map created by ``caller`` records: none for the server's own administrators."""
    if caller.via in (Via.TOKEN, Via.SESSION):
        return caller.id, caller.group
    return None, None


def _with_visibility(document: MapDocument, visibility: Visibility) -> MapDocument:
    return msgspec.structs.replace(document, visibility=visibility)
