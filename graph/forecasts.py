"""Forecasts as trackable predictions: list a map's forecasts, resolve one, score speakers by Brier score.

Pure functions over map documents: nothing here reads or writes the store. A forecast lives on the node that
makes it (``Node.forecast``), so it belongs to the node's speaker, not to whoever cites it.

Example:
    >>> from schemas import Forecast, MapDocument, Node, NodeKind, Speaker
    >>> forecast = Forecast(resolves_by="2027-12-31", criterion="It happens by 2027.", probability=0.3)
    >>> node = Node(id="n", kind=NodeKind.THESIS, text="It happens.", speaker="a", base_score=0.5,
    ...             rationale="r", forecast=forecast)
    >>> doc = MapDocument(id="m", title="M", sources=[], speakers=[Speaker(id="a", name="A")], nodes=[node])
    >>> [(entry.node, entry.forecast.resolves_by) for entry in map_forecasts(doc)]
    [('n', '2027-12-31')]
    >>> outcome = ForecastResolution(outcome=False, resolution_source="https://example.org",
    ...                              resolved_on="2028-01-05")
    >>> resolved = resolve_forecast(doc, "n", outcome)
    >>> [(row.speaker, row.scored, round(row.brier or 0, 4)) for row in brier_scores(map_forecasts(resolved))]
    [('a', 1, 0.09)]
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

import msgspec

from graph.errors import Conflict, InvalidArgumentMap, NotFound
from graph.mapgraph import MapGraph
from schemas import (
    Forecast,
    ForecastEntry,
    ForecastList,
    ForecastResolution,
    ForecastStatus,
    ForecastStatusChange,
    MapDocument,
    Problem,
    SpeakerBrier,
)

_OUTCOME = {ForecastStatus.RESOLVED_TRUE: 1.0, ForecastStatus.RESOLVED_FALSE: 0.0}


def scored_probability(forecast: Forecast) -> float | None:
    """The probability a Brier score uses: as stated, a range's midpoint, or a range's one stated end.

    "60%+" is recorded as ``probability_low: 0.6`` and scored at 0.6, the figure the speaker committed to.
    A forecast of a quantity with no probability is not scored.

    Example:
        >>> scored_probability(Forecast(resolves_by="2028-12-31", criterion="c", probability_low=0.6))
        0.6
        >>> scored_probability(Forecast(resolves_by="2028-12-31", criterion="c", probability_low=0.2,
        ...                             probability_high=0.4))
        0.30000000000000004
    """
    if forecast.probability is not None:
        return forecast.probability
    low, high = forecast.probability_low, forecast.probability_high
    if low is not None and high is not None:
        return (low + high) / 2
    return low if low is not None else high


def map_forecasts(
    document: MapDocument, *, speaker: str | None = None, status: ForecastStatus | None = None
) -> list[ForecastEntry]:
    """A map's forecasts, soonest due first, optionally only one speaker's or only those with one status.

    This is the body of ``GET /maps/{map_id}/forecasts`` (wrapped with ``forecast_list``).
    """
    entries = [
        ForecastEntry(
            map=document.id,
            node=node.id,
            speaker=node.speaker,
            reported_by=node.reported_by,
            text=node.text,
            forecast=node.forecast,
            scored_probability=scored_probability(node.forecast),
            href=f"/claims/{document.id}/{node.id}",
        )
        for node in document.nodes
        if node.forecast is not None
        and (speaker is None or node.speaker == speaker)
        and (status is None or node.forecast.status is status)
    ]
    return sorted(entries, key=_due)


def list_forecasts(
    documents: Iterable[MapDocument], *, speaker: str | None = None, status: ForecastStatus | None = None
) -> list[ForecastEntry]:
    """The forecasts of many maps in one list, soonest due first (ties by map, then node)."""
    entries = [
        entry for document in documents for entry in map_forecasts(document, speaker=speaker, status=status)
    ]
    return sorted(entries, key=_due)


def forecast_list(
    documents: Iterable[MapDocument], *, speaker: str | None = None, status: ForecastStatus | None = None
) -> ForecastList:
    """Forecasts of the given maps (filtered) with the Brier scores of the speakers among them.

    A speaker's score always covers all of their resolved forecasts in these maps, whatever ``status`` asks
    for, so filtering for open forecasts still shows each forecaster's track record. Speakers are matched by
    id across maps.
    """
    documents = list(documents)
    everything = list_forecasts(documents, speaker=speaker)
    shown = (
        everything if status is None else [entry for entry in everything if entry.forecast.status is status]
    )
    speakers = {entry.speaker for entry in shown}
    return ForecastList(
        forecasts=shown,
        speakers=[row for row in brier_scores(everything) if row.speaker in speakers],
    )


def brier_scores(entries: Iterable[ForecastEntry]) -> list[SpeakerBrier]:
    """Each speaker's mean Brier score over their resolved forecasts that state a probability.

    The Brier score of one forecast is ``(p - o)^2``, with ``p`` the scored probability and ``o`` 1 when it
    came true, 0 when not: 0 is perfect, 0.25 is what always saying 50% earns, 1 is certain and wrong.
    Speakers come in id order.
    """
    tallies: dict[str, tuple[list[float], int, int]] = {}
    for entry in entries:
        errors, unscored, open_count = tallies.get(entry.speaker, ([], 0, 0))
        outcome = _OUTCOME.get(entry.forecast.status)
        if outcome is None:
            open_count += 1
        elif entry.scored_probability is None:
            unscored += 1
        else:
            errors = [*errors, (entry.scored_probability - outcome) ** 2]
        tallies[entry.speaker] = (errors, unscored, open_count)
    return [
        SpeakerBrier(
            speaker=speaker,
            scored=len(errors),
            brier=sum(errors) / len(errors) if errors else None,
            unscored=unscored,
            open=open_count,
        )
        for speaker, (errors, unscored, open_count) in sorted(tallies.items())
    ]


def resolve_forecast(document: MapDocument, node_id: str, resolution: ForecastResolution) -> MapDocument:
    """A copy of ``document`` with the forecast of ``node_id`` resolved; ``document`` itself is unchanged.

    Raises:
        NotFound: the map has no such node, or the node makes no forecast.
        Conflict: the forecast is already resolved (a resolution is recorded once).
        InvalidArgumentMap: the resolution is impossible: a date that is not a date, or a forecast called
            false before its deadline has passed (it could still come true).
    """
    index = next((i for i, node in enumerate(document.nodes) if node.id == node_id), None)
    if index is None:
        raise NotFound(f"map {document.id!r} has no node {node_id!r}")
    node = document.nodes[index]
    forecast = node.forecast
    if forecast is None:
        raise NotFound(f"node {node_id!r} of map {document.id!r} makes no forecast")
    if forecast.status is not ForecastStatus.OPEN:
        raise Conflict(
            f"the forecast of {node_id!r} is already {forecast.status.value} (on {forecast.resolved_on})"
        )
    _check(forecast, resolution)
    resolved = msgspec.structs.replace(
        forecast,
        status=ForecastStatus.RESOLVED_TRUE if resolution.outcome else ForecastStatus.RESOLVED_FALSE,
        resolved_on=resolution.resolved_on,
        resolution_source=resolution.resolution_source,
        resolution_note=resolution.note,
    )
    nodes = list(document.nodes)
    nodes[index] = msgspec.structs.replace(node, forecast=resolved)
    return msgspec.structs.replace(document, nodes=nodes)


def _check(forecast: Forecast, resolution: ForecastResolution) -> None:
    try:
        resolved_on = _date(resolution.resolved_on)
    except ValueError:
        problem = Problem(
            path="resolved_on",
            message=f"{resolution.resolved_on!r} is not a calendar date",
            code="invalid-date",
        )
        raise InvalidArgumentMap("the resolution has 1 problem", [problem]) from None
    if not resolution.outcome and resolved_on < _date(forecast.resolves_by):
        message = (
            f"the forecast runs until {forecast.resolves_by}: it cannot be called false on {resolved_on}, "
            "while it can still come true"
        )
        problem = Problem(path="outcome", message=message, code="resolved-too-early")
        raise InvalidArgumentMap(f"the resolution has 1 problem: {message}", [problem])


def _date(value: str) -> str:
    """``value`` when it is a real calendar date; ISO dates then compare correctly as strings."""
    datetime.date.fromisoformat(value)
    return value


def _due(entry: ForecastEntry) -> tuple[str, str, str]:
    return (entry.forecast.resolves_by, entry.map, entry.node)


def with_history(listing: ForecastList, versions: Sequence[tuple[MapGraph, str]]) -> ForecastList:
    """``listing`` with each forecast's status history: the versions (oldest first) that set a new status.

    ``versions`` are the kept versions of the forecasts' one map, oldest first, each with its time.
    """
    changes: dict[str, list[ForecastStatusChange]] = {}
    for graph, created in versions:
        for node in graph.document.nodes:
            if node.forecast is None:
                continue
            seen = changes.setdefault(node.id, [])
            if not seen or seen[-1].status is not node.forecast.status:
                seen.append(
                    ForecastStatusChange(version=graph.version, created=created, status=node.forecast.status)
                )
    return msgspec.structs.replace(
        listing,
        forecasts=[
            msgspec.structs.replace(entry, history=changes.get(entry.node, [])) for entry in listing.forecasts
        ],
    )
