"""Forecast checks: a forecast must be resolvable (real dates) and say one thing about its probability."""

from __future__ import annotations

import datetime

from graph.document._view import DocumentView
from schemas import Forecast, ForecastStatus, Problem


def forecast_problems(view: DocumentView) -> list[Problem]:
    """Every problem of every node's forecast, at its path.

    Example:
        >>> from graph.document._view import view_of
        >>> from schemas import Forecast, MapDocument, Node, NodeKind, Speaker
        >>> forecast = Forecast(resolves_by="2027-02-30", criterion="It happens.", probability=0.3,
        ...                     probability_low=0.2)
        >>> doc = MapDocument(id="m", title="M", sources=[], speakers=[Speaker(id="a", name="A")],
        ...                   nodes=[Node(id="n", kind=NodeKind.THESIS, text="T.", speaker="a",
        ...                               base_score=0.5, rationale="r", forecast=forecast)])
        >>> [problem.code for problem in forecast_problems(view_of(doc))]
        ['invalid-date', 'forecast-probability']
    """
    problems: list[Problem] = []
    for index, node in view.nodes:
        if node.forecast is not None:
            problems += _problems(f"nodes[{index}].forecast", node.forecast)
    return problems


def _problems(where: str, forecast: Forecast) -> list[Problem]:
    problems = [
        Problem(path=f"{where}.{name}", message=f"{value!r} is not a calendar date", code="invalid-date")
        for name, value in (("resolves_by", forecast.resolves_by), ("resolved_on", forecast.resolved_on))
        if value is not None and not _is_date(value)
    ]
    low, high = forecast.probability_low, forecast.probability_high
    if forecast.probability is not None and (low is not None or high is not None):
        message = "give either a probability or a range (probability_low/probability_high), not both"
        problems.append(Problem(path=where, message=message, code="forecast-probability"))
    if low is not None and high is not None and low > high:
        message = f"probability_low ({low:g}) is above probability_high ({high:g})"
        problems.append(Problem(path=where, message=message, code="forecast-probability"))
    resolved = forecast.status is not ForecastStatus.OPEN
    recorded = {
        name: value
        for name, value in (
            ("resolved_on", forecast.resolved_on),
            ("resolution_source", forecast.resolution_source),
        )
        if value is not None
    }
    if resolved:
        for name in [name for name in ("resolved_on", "resolution_source") if name not in recorded]:
            message = f"a {forecast.status.value} forecast needs {name}: when and where it was settled"
            problems.append(Problem(path=f"{where}.{name}", message=message, code="forecast-resolution"))
    else:
        for name in recorded:
            message = f"an open forecast has no {name}: set status to resolved-true or resolved-false"
            problems.append(Problem(path=f"{where}.{name}", message=message, code="forecast-resolution"))
    return problems


def _is_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True
