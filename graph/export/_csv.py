"""CSV: one row per node, with its scores and first quote, safe to open in a spreadsheet.

The root's row also carries its strength under each published semantics and its robustness band, so a
spreadsheet made from the file shows the spread beside the number; the other rows leave those cells empty.
"""

from __future__ import annotations

import csv
import io

from graph.export._common import first_quote_source, rounded, scores_of, speaker_name
from graph.mapgraph import Evaluation, MapGraph, whose_words
from schemas import PUBLISHED_SEMANTICS, Forecast, Spread

SPREAD_COLUMNS = (
    *(f"strength_{semantics.value}" for semantics in PUBLISHED_SEMANTICS),
    "band_low",
    "band_high",
)
"""The root's spread: its strength under each published semantics, and its robustness band's ends."""

COLUMNS = (
    "id",
    "kind",
    "speaker",
    "reported_by",
    "text",
    "base_score",
    "strength",
    "contribution",
    "rank",
    "quote_source",
    "quote_start",
    "quote_end",
    "quote_text",
    "quote_provenance",
    "forecast_resolves_by",
    "forecast_probability",
    "forecast_status",
    "quote_whose_words",
    *SPREAD_COLUMNS,
)

# A spreadsheet reads a cell starting with one of these as a formula (tab and carriage return too, as OWASP
# notes), so a node text like "=HYPERLINK(...)" would run when the file is opened.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet shows as text: a leading ``'`` when it would otherwise start a formula.

    Example:
        >>> neutralise("=1+1"), neutralise("-2 points"), neutralise("plain")
        ("'=1+1", "'-2 points", 'plain')
    """
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def stated_probability(forecast: Forecast) -> str:
    """A forecast's probability as stated: one figure, a range, or one end of a range (empty when none).

    Example:
        >>> stated_probability(Forecast(resolves_by="2028-12-31", criterion="x", probability_low=0.6))
        'at least 0.6'
    """
    low, high = forecast.probability_low, forecast.probability_high
    if forecast.probability is not None:
        return f"{forecast.probability:g}"
    if low is not None and high is not None:
        return f"{low:g} to {high:g}"
    if low is not None:
        return f"at least {low:g}"
    return f"at most {high:g}" if high is not None else ""


def to_csv(graph: MapGraph, evaluation: Evaluation, spread: Spread | None = None) -> bytes:
    """Every node of the map as one CSV row (UTF-8, header row, CRLF line ends as RFC 4180 has them).

    ``spread`` fills the root's spread columns (empty without it, and on every other row).

    Texts from the map (speaker names, node text, quotes) are neutralised against formula injection; the
    numbers are written by argmap and stay numbers, so a negative contribution is still ``-0.03``.
    """
    scores = scores_of(evaluation)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for node in graph.document.nodes:
        score = scores[node.id]
        quote = node.quotes[0] if node.quotes else None
        writer.writerow(
            [
                node.id,
                node.kind.value,
                neutralise(speaker_name(graph, node.speaker) or ""),
                neutralise(speaker_name(graph, node.reported_by) or ""),
                neutralise(node.text),
                rounded(node.base_score),
                rounded(score.strength),
                rounded(score.contribution),
                "" if score.rank is None else score.rank,
                first_quote_source(graph, node) or "",
                "" if quote is None else quote.start,
                "" if quote is None else quote.end,
                "" if quote is None else neutralise(quote.text),
                quote.provenance.value if quote and quote.provenance else "",
                node.forecast.resolves_by if node.forecast else "",
                neutralise(stated_probability(node.forecast)) if node.forecast else "",
                node.forecast.status.value if node.forecast else "",
                "" if quote is None else neutralise(whose_words(graph, node, quote)),
                *_spread_cells(spread, node.id),
            ]
        )
    return buffer.getvalue().encode("utf-8")


def _spread_cells(spread: Spread | None, node_id: str) -> list[object]:
    if spread is None or spread.root != node_id:
        return [""] * len(SPREAD_COLUMNS)
    by_semantics = {item.semantics: item.strength for item in spread.strengths}
    return [
        *(rounded(by_semantics[semantics.value]) for semantics in PUBLISHED_SEMANTICS),
        rounded(spread.low),
        rounded(spread.high),
    ]
