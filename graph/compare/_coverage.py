"""How much of a source a set of maps quotes: each sentence, and which of the maps quote any part of it. Pure.

A class that has each mapped the same text sees where their readings gather and what nobody mapped. A map
quotes a sentence when one of its quotes of that source shares at least one character with it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from graph.compare._sentences import sentences
from graph.compare._spans import Intervals, merged, quote_source
from graph.compute import check_deadline
from graph.mapgraph import MapGraph
from schemas import SentenceCoverage, Source, SourceCoverage, SourceRef


def quoted_spans(graph: MapGraph, source_id: str) -> Intervals:
    """The characters of the source ``source_id`` that some quote of the map covers, as disjoint intervals."""
    return merged(
        (quote.start, quote.end)
        for node in graph.document.nodes
        for quote in node.quotes
        if quote_source(graph, quote) == source_id
    )


def _touches(intervals: Intervals, starts: list[int], start: int, end: int) -> bool:
    """Do ``intervals`` (sorted, disjoint, starting at ``starts``) share a character with start-end?"""
    # The last interval starting before ``end`` is the only one that can reach into the sentence: the ones
    # before it end before it starts.
    index = bisect.bisect_left(starts, end) - 1
    return index >= 0 and intervals[index][1] > start


def source_coverage(source: Source, maps: Sequence[MapGraph]) -> SourceCoverage:
    """The source split into sentences, each with the ``maps`` (sorted by id) that quote any part of it.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Quote, Speaker
        >>> source = Source(id="s", title="S", text="Cats sleep. Dogs bark. Birds sing.")
        >>> def reading(map_id, start, end):
        ...     node = Node(id="n", kind=NodeKind.CLAIM, text="t", speaker="x", base_score=0.5, rationale="r",
        ...                 quotes=[Quote(start=start, end=end, text="-")])
        ...     document = MapDocument(id=map_id, title=map_id, sources=[source],
        ...                            speakers=[Speaker(id="x", name="X")], nodes=[node])
        ...     return MapGraph(document, 1, {})
        >>> found = source_coverage(source, [reading("b", 5, 16), reading("a", 0, 4)])
        >>> [(sentence.text, sentence.count, sentence.maps) for sentence in found.sentences]
        [('Cats sleep.', 2, ['a', 'b']), ('Dogs bark.', 1, ['b']), ('Birds sing.', 0, [])]
    """
    text = source.text or ""
    ordered = sorted(maps, key=lambda graph: graph.id)
    quoted = {graph.id: quoted_spans(graph, source.id) for graph in ordered}
    starts = {map_id: [start for start, _ in intervals] for map_id, intervals in quoted.items()}
    rows = []
    for start, end in sentences(text):
        check_deadline()
        by = [
            map_id for map_id, intervals in quoted.items() if _touches(intervals, starts[map_id], start, end)
        ]
        rows.append(SentenceCoverage(start=start, end=end, text=text[start:end], count=len(by), maps=by))
    return SourceCoverage(
        source=SourceRef(id=source.id, title=source.title, outlet=source.outlet),
        length=len(text),
        maps=list(quoted),
        quoted=sum(1 for row in rows if row.count),
        sentences=rows,
    )
