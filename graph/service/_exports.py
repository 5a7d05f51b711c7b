"""Exports: a map version in another format, built once per (version, format, day, base URL)."""

from __future__ import annotations

import datetime as dt
import functools

from graph.export import MEDIA_TYPES, ExportFormat, export_filename, export_map
from graph.mapgraph import Evaluation, MapGraph
from graph.service._reads import MapReads, Representation
from graph.service._tags import version_tag


class MapExports(MapReads):
    """Map versions exported to JSON, AIF, Argdown, ClaimReview and CSV, built in the worker pool."""

    async def export(
        self,
        map_id: str,
        format: ExportFormat | str,
        *,
        base_url: str,
        today: dt.date | None = None,
        version: int | None = None,
    ) -> tuple[Representation, str]:
        """The map in ``format`` under the default evaluation, and a file name to save it as.

        An export carries the day it was made (AIF timestamps, ClaimReview ``datePublished``), so its body
        and its tag change with the map version, the format and the day.

        Raises:
            NotFound: there is no such map.
            ValueError: ``format`` is not an export format.
        """
        chosen = ExportFormat(format)
        day = today or dt.datetime.now(dt.UTC).date()
        graph, evaluation = await self.evaluation(map_id, version=version)
        key = ("export", chosen.value, day.isoformat(), base_url)
        now = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        build = functools.partial(_exported_bytes, base_url=base_url, now=now)
        body = await self.computed(graph, key, lambda: self.pool.run(build, graph, evaluation, chosen))
        tag = version_tag(graph.id, graph.version, chosen.value, day.isoformat())
        representation = Representation(tag=tag, body=body, media_type=MEDIA_TYPES[chosen])
        return representation, export_filename(graph.id, chosen)


def _exported_bytes(
    graph: MapGraph, evaluation: Evaluation, format: ExportFormat, *, base_url: str, now: dt.datetime
) -> bytes:
    return export_map(graph, evaluation, format, base_url=base_url, now=now).content
