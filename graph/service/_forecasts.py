"""Forecasts as trackable predictions: listing them, and recording how they resolved."""

from __future__ import annotations

import functools
from collections.abc import Callable

import msgspec

from graph.accounts import Principal
from graph.forecasts import brier_scores, forecast_list, map_forecasts, resolve_forecast, with_history
from graph.mapgraph import MapGraph
from graph.service._access import MapAccessRules
from graph.service._checks import validated_strengths
from graph.service._reads import Representation
from graph.service._tags import version_tag
from graph.versions import Expected, require_version
from schemas import ForecastList, ForecastResolution, ForecastStatus, MapDocument


class MapForecasts(MapAccessRules):
    """The forecasts maps hold, across maps, and their resolution."""

    async def forecasts(
        self,
        map_id: str,
        *,
        speaker: str | None = None,
        status: ForecastStatus | None = None,
        version: int | None = None,
    ) -> Representation:
        """The forecasts one map holds, soonest due first, with their speakers' Brier scores.

        Each forecast carries its status history over the newest ``FORECAST_HISTORY_VERSIONS`` kept versions
        up to the one read.
        """
        graph = await self.graph(map_id, version)
        key = ("forecasts", speaker, status)

        async def build() -> bytes:
            first = max(1, graph.version - FORECAST_HISTORY_VERSIONS + 1)
            kept = await self.store.read_versions(map_id, first, graph.version)
            listing = functools.partial(forecast_list, [graph.document], speaker=speaker, status=status)
            return await self.pool.run(_encoded_with_history, listing, kept)

        body = await self.computed(graph, key, build)
        return Representation(tag=version_tag(graph.id, graph.version), body=body)

    async def all_forecasts(
        self, caller: Principal, *, speaker: str | None = None, status: ForecastStatus | None = None
    ) -> ForecastList:
        """The forecasts of every map ``caller`` may read, soonest due first: a speaker's track record."""
        readable = await self.readable(caller)
        documents = [
            (await self.graph(entry.id)).document
            for entry in await self.store.list_maps()
            if readable is None or entry.id in readable
        ]
        listing = functools.partial(forecast_list, documents, speaker=speaker, status=status)
        return await self.pool.run(listing)

    async def resolve_forecast(
        self,
        map_id: str,
        node_id: str,
        resolution: ForecastResolution,
        *,
        actor: Principal,
        expected_version: Expected,
    ) -> tuple[str, ForecastList]:
        """Record a forecast's outcome (a write under the map's lock); answers the new tag and the forecast.

        Raises:
            NotFound: no such map, node, or no forecast on it.
            StaleVersion: the map changed since ``expected_version``.
            Conflict: the forecast is already resolved.
            InvalidArgumentMap: the resolution breaks the rules (a date before the forecast was made...).
        """

        async def mutate(current: MapGraph) -> tuple[MapDocument, dict[str, float]]:
            require_version(map_id, current.version, expected_version)
            document = resolve_forecast(current.document, node_id, resolution)
            return document, await self.pool.run(validated_strengths, document)

        try:
            await self.authorize(actor, map_id, write=True)
            await self.precheck(map_id, expected_version)
            result, document = await self.store.update_map(
                map_id, mutate, expected_version=expected_version, author=actor.author_name
            )
        finally:
            self.cache.forget(map_id)
        entries = [entry for entry in map_forecasts(document) if entry.node == node_id]
        resolved = ForecastList(forecasts=entries, speakers=brier_scores(entries))
        return version_tag(map_id, result.version), resolved


FORECAST_HISTORY_VERSIONS = 200
"""A forecast's status history looks back this many versions of its map."""


def _encoded_with_history(listing: Callable[[], ForecastList], kept: list[tuple[MapGraph, str]]) -> bytes:
    return msgspec.json.encode(with_history(listing(), kept))
