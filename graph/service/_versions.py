"""Kept versions of a map: their list, two compared, a claim's history, why the verdict moved, restore."""

from __future__ import annotations

import msgspec

from graph.accounts import Principal
from graph.errors import InvalidQuery, NotFound
from graph.history import claim_history, diff_html, diff_markdown, map_diff, verdict_change
from graph.mapgraph import MapGraph
from graph.service._access import MapAccessRules
from graph.service._checks import validated_strengths
from graph.service._printed import PRINTED_MEDIA, PrintedFormat
from graph.service._reads import Representation
from graph.service._tags import version_tag
from graph.store import WriteResult
from graph.versions import Expected
from schemas import DEFAULT_SEMANTICS, ClaimHistory, MapDiff, MapDocument, MapVersionList, VerdictChange

MAX_HISTORY_VERSIONS = 200
"""A claim's history reads at most this many of the newest versions (each is scored)."""


class MapVersions(MapAccessRules):
    """What the kept versions of a map tell: their list, differences, a claim's history, the verdict."""

    async def versions(self, map_id: str, *, before: int | None = None, limit: int = 20) -> MapVersionList:
        """A page of the map's kept versions, newest first (``before``: only older than that version).

        Raises:
            NotFound: there is no such map.
        """
        return await self.store.list_versions(map_id, before=before, limit=limit)

    async def _pair(self, map_id: str, first: int | None, last: int | None) -> tuple[MapGraph, MapGraph]:
        newer = await self.graph(map_id, last)
        older_version = newer.version - 1 if first is None else first
        if older_version >= newer.version:
            raise InvalidQuery(f"from ({older_version}) must be an earlier version than to ({newer.version})")
        if older_version < 1:
            raise NotFound(f"map {map_id!r} has no version before {newer.version}")
        return await self.graph(map_id, older_version), newer

    async def diff(self, map_id: str, *, first: int | None = None, last: int | None = None) -> MapDiff:
        """Every difference from version ``first`` to ``last``.

        Defaults: ``last`` the current version, ``first`` the one before it.

        Raises:
            NotFound: no such map or version.
            InvalidQuery: ``first`` is not earlier than ``last``.
        """
        older, newer = await self._pair(map_id, first, last)
        return await self.pool.run(map_diff, older, newer)

    async def diff_printed(
        self,
        map_id: str,
        *,
        first: int | None = None,
        last: int | None = None,
        format: PrintedFormat = "json",
    ) -> Representation:
        """``diff`` as JSON, Markdown or a standalone HTML page, tagged by the two versions it compares."""
        older, newer = await self._pair(map_id, first, last)
        body = await self.computed(
            newer, ("diff", older.version, format), lambda: self.pool.run(_printed_diff, older, newer, format)
        )
        tag = version_tag(map_id, newer.version, f"diff-{older.version}", format)
        return Representation(tag=tag, body=body, media_type=PRINTED_MEDIA[format])

    async def verdict_change(
        self,
        map_id: str,
        *,
        first: int | None = None,
        last: int | None = None,
        root: str | None = None,
        semantics: str = DEFAULT_SEMANTICS,
    ) -> VerdictChange:
        """The root's strength at two versions and each edit's share of the change (Shapley values).

        Raises:
            NotFound: no such map or version.
            InvalidQuery: ``first`` is not earlier than ``last``.
            InvalidArgumentMap: the root is not a node of both versions.
            OverBudget, DeadlineExceeded: too many edits to attribute in time.
        """
        older, newer = await self._pair(map_id, first, last)
        return await self.pool.run(_verdict, older, newer, root, semantics)

    async def claim_history(self, map_id: str, claim_id: str) -> ClaimHistory:
        """The versions at which a claim changed (of the newest ``MAX_HISTORY_VERSIONS``), oldest first.

        Raises:
            NotFound: no such map, or the claim is in none of those versions.
        """
        current = await self.graph(map_id)
        first = max(1, current.version - MAX_HISTORY_VERSIONS + 1)
        kept = await self.store.read_versions(map_id, first, current.version)
        history = await self.pool.run(claim_history, map_id, claim_id, kept)
        if not history.versions:
            raise NotFound(
                f"map {map_id!r} has no node {claim_id!r} in versions {first} to {current.version}"
            )
        return history

    async def restore(
        self, map_id: str, version: int, *, actor: Principal, expected_version: Expected
    ) -> tuple[WriteResult, MapDocument]:
        """Write a new version of the map equal to ``version`` (under the lock, checked against ``expected``).

        Raises:
            NotFound: no such map or version.
            StaleVersion: the map is not at ``expected_version``.
        """
        await self.authorize(actor, map_id, write=True)
        await self.precheck(map_id, expected_version)
        old = await self.graph(map_id, version)
        current = await self.graph(map_id)
        # Who may read the map is today's choice: restoring its words does not restore an older visibility.
        document = msgspec.structs.replace(old.document, visibility=current.document.visibility)
        strengths = await self.pool.run(validated_strengths, document)
        try:
            written = await self.store.save_map(
                document,
                strengths,
                expected_version=expected_version,
                must_exist=True,
                author=actor.author_name,
            )
            return written, document
        finally:
            self.cache.forget(map_id)


def _printed_diff(older: MapGraph, newer: MapGraph, format: PrintedFormat) -> bytes:
    diff = map_diff(older, newer)
    if format == "markdown":
        return diff_markdown(diff).encode()
    if format == "html":
        return diff_html(diff).encode()
    return msgspec.json.encode(diff)


def _verdict(older: MapGraph, newer: MapGraph, root: str | None, semantics: str) -> VerdictChange:
    return verdict_change(older, newer, root=root, semantics=semantics)
