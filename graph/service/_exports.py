"""Exports: a map version in another format, built once per (version, format, base URL, publisher).

AIF stamps its nodes with the moment of the export, so an AIF export is built once per day as well; every
other format depends on the map version alone (a ClaimReview is dated by the version it reviews), so its body
and its tag stay the same from one day to the next.
"""

from __future__ import annotations

import datetime as dt
import functools

from graph.errors import NotFound
from graph.export import MEDIA_TYPES, ExportFormat, ReviewPublisher, export_filename, export_map
from graph.mapgraph import Evaluation, MapGraph
from graph.service._reads import MapReads, Representation
from graph.service._tags import version_tag
from schemas import Spread

_DAY_BOUND = frozenset({ExportFormat.AIF})
"""Formats whose bytes carry the export's own time."""


class MapExports(MapReads):
    """Map versions exported to JSON, AIF, Argdown, ClaimReview and CSV, built in the worker pool."""

    async def export(
        self,
        map_id: str,
        format: ExportFormat | str,
        *,
        base_url: str,
        publisher: ReviewPublisher | None = None,
        today: dt.date | None = None,
        version: int | None = None,
    ) -> tuple[Representation, str]:
        """The map in ``format`` under the default evaluation, and a file name to save it as.

        ``publisher`` signs a ClaimReview (the service's own address when None). The CSV and the
        ClaimReview carry the root's spread; the ClaimReview is dated by the map version's date.

        Raises:
            NotFound: there is no such map.
            ValueError: ``format`` is not an export format.
        """
        chosen = ExportFormat(format)
        day = today or dt.datetime.now(dt.UTC).date()
        graph, evaluation = await self.evaluation(map_id, version=version)
        spread = await self.spread(graph, evaluation)
        published = await self.version_date(graph) if chosen is ExportFormat.CLAIMREVIEW else None
        signer = publisher or ReviewPublisher.serving(base_url)
        dated = (day.isoformat(),) if chosen in _DAY_BOUND else ()
        key = ("export", chosen.value, *dated, base_url, signer)
        now = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        build = functools.partial(
            _exported_bytes,
            base_url=base_url,
            publisher=signer,
            now=now,
            published=published,
            spread=spread,
        )
        body = await self.computed(graph, key, lambda: self.pool.run(build, graph, evaluation, chosen))
        tag = version_tag(graph.id, graph.version, chosen.value, *dated)
        representation = Representation(tag=tag, body=body, media_type=MEDIA_TYPES[chosen])
        return representation, export_filename(graph.id, chosen)

    async def version_date(self, graph: MapGraph) -> str:
        """The day (ISO 8601) the write that made this map version committed: what a review of it is dated.

        Raises:
            NotFound: the map, or the record of this version, is gone.
        """
        listed = await self.store.list_versions(graph.id, before=graph.version + 1, limit=1)
        found = [entry for entry in listed.versions if entry.version == graph.version]
        if not found:
            raise NotFound(f"map {graph.id!r} keeps no record of version {graph.version}")
        return found[0].created[:10]


def _exported_bytes(
    graph: MapGraph,
    evaluation: Evaluation,
    format: ExportFormat,
    *,
    base_url: str,
    publisher: ReviewPublisher,
    now: dt.datetime,
    published: str | None,
    spread: Spread,
) -> bytes:
    return export_map(
        graph,
        evaluation,
        format,
        base_url=base_url,
        publisher=publisher,
        now=now,
        published=published,
        spread=spread,
    ).content
