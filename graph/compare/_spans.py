"""The characters of a source a node quotes, as sorted, disjoint intervals (end exclusive). Pure.

Example:
    >>> merged([(5, 9), (0, 3), (2, 4), (9, 10)])
    ((0, 4), (5, 10))
    >>> covered(((0, 4), (5, 10))), common_length(((0, 4), (5, 10)), ((3, 6),))
    (9, 2)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from graph.mapgraph import MapGraph
from schemas import Node, Passage, Quote

Intervals = tuple[tuple[int, int], ...]


def merged(spans: Iterable[tuple[int, int]]) -> Intervals:
    """``spans`` as sorted, disjoint intervals: overlapping or touching ones joined, empty ones dropped."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(span for span in spans if span[0] < span[1]):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return tuple(joined)


def covered(intervals: Intervals) -> int:
    """How many characters ``intervals`` cover."""
    return sum(end - start for start, end in intervals)


def common_length(first: Intervals, second: Intervals) -> int:
    """How many characters both ``first`` and ``second`` cover (each sorted, disjoint): one merge pass."""
    total, i, j = 0, 0, 0
    while i < len(first) and j < len(second):
        start = max(first[i][0], second[j][0])
        end = min(first[i][1], second[j][1])
        total += max(0, end - start)
        if first[i][1] <= second[j][1]:
            i += 1
        else:
            j += 1
    return total


def quote_source(graph: MapGraph, quote: Quote) -> str | None:
    """The source a quote's offsets index: its own, else the map's only source with text (as validated)."""
    if quote.source is not None:
        return quote.source
    with_text = [source.id for source in graph.document.sources if source.text is not None]
    return with_text[0] if len(with_text) == 1 else None


def node_spans(graph: MapGraph, node: Node, sources: Collection[str]) -> dict[str, Intervals]:
    """The characters of each of ``sources`` that ``node`` quotes (sources it does not quote are left out)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for quote in node.quotes:
        source = quote_source(graph, quote)
        if source is not None and source in sources:
            spans.setdefault(source, []).append((quote.start, quote.end))
    return {source: merged(found) for source, found in spans.items()}


def span_overlap(first: dict[str, Intervals], second: dict[str, Intervals]) -> float | None:
    """Characters both quote over characters either quotes, on the same sources; None when one quotes none.

    Example:
        >>> span_overlap({"s": ((0, 10),)}, {"s": ((5, 15),)})
        0.3333333333333333
        >>> span_overlap({"s": ((0, 10),)}, {"t": ((0, 10),)})
        0.0
        >>> span_overlap({}, {"s": ((0, 10),)}) is None
        True
    """
    if not first or not second:
        return None
    both = sum(common_length(spans, second[source]) for source, spans in first.items() if source in second)
    either = sum(map(covered, first.values())) + sum(map(covered, second.values())) - both
    return both / either if either else 0.0


def passages(graph: MapGraph, node: Node, sources: Collection[str]) -> list[Passage]:
    """The node's quotes of ``sources``, in its order, each with the source's words it rests on."""
    found = []
    for quote in node.quotes:
        source = quote_source(graph, quote)
        if source is not None and source in sources:
            found.append(Passage(source=source, start=quote.start, end=quote.end, text=quote.text))
    return found
