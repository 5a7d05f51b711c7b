"""Which node of map B makes the same point as which of map A: by the source they quote, else by their words.

Two people mapping one text rarely phrase a claim alike, but they quote the same passage for it. So nodes are
paired first by the characters their quotes cover (the **span overlap**: characters both quote over
characters either quotes, Jaccard, on the same source), and only then, for nodes quoting nothing or quoting
elsewhere, by their words (the **text similarity**: content words both use over content words either uses,
as the map linter finds near-duplicates). Each phase pairs the best-matching nodes first, one to one, and
ties go to the earlier nodes of A, then of B, so the same two maps always align the same way. Pure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from graph.compare._spans import Intervals, node_spans, span_overlap
from graph.compute import check_deadline
from graph.debate import content_words
from graph.mapgraph import MapGraph

SPAN_THRESHOLD = 0.3
"""Nodes whose quotes overlap at least this much make the same point: a student who quotes a third more or
less of the same sentence still quotes that sentence."""
TEXT_THRESHOLD = 0.5
"""Nodes whose content words overlap at least this much make the same point when their quotes do not say."""


@dataclass(frozen=True, slots=True)
class Pairing:
    """A node of A and the node of B found to make the same point, and how alike they are."""

    a: str
    b: str
    span: float | None
    """The span overlap; None when one of the two quotes none of the common sources."""
    text: float

    @property
    def by_span(self) -> bool:
        """The two quote largely the same characters."""
        return self.span is not None and self.span >= SPAN_THRESHOLD

    @property
    def by_text(self) -> bool:
        """The two use largely the same words."""
        return self.text >= TEXT_THRESHOLD


def align(a: MapGraph, b: MapGraph, sources: Collection[str]) -> list[Pairing]:
    """Pair the nodes of ``a`` and ``b`` one to one (see the module docstring), in the order of ``a``'s nodes.

    Only quotes of ``sources`` (those both maps cite) are compared.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Quote, Source, Speaker
        >>> def graph(map_id, nodes):
        ...     source = Source(id="s", title="S", text="Cats sleep. Dogs bark. Birds sing.")
        ...     document = MapDocument(id=map_id, title=map_id, sources=[source],
        ...         speakers=[Speaker(id="x", name="X")], nodes=[
        ...         Node(id=i, kind=NodeKind.CLAIM, text=t, speaker="x", base_score=0.5, rationale="r",
        ...              quotes=[Quote(start=q[0], end=q[1], text="-")] if q else []) for i, t, q in nodes])
        ...     return MapGraph(document, 1, {})
        >>> a = graph("a", [("cats", "Cats sleep a lot.", (0, 11)), ("birds", "Birds sing at dawn.", None)])
        >>> b = graph("b", [("sleep", "Felines rest.", (0, 10)), ("song", "Birds sing early.", None)])
        >>> [(p.a, p.b, p.by_span, p.by_text) for p in align(a, b, {"s"})]
        [('cats', 'sleep', True, False), ('birds', 'song', False, True)]
    """
    spans_a = {node.id: node_spans(a, node, sources) for node in a.document.nodes}
    spans_b = {node.id: node_spans(b, node, sources) for node in b.document.nodes}
    words_a = {node.id: content_words(node.text) for node in a.document.nodes}
    words_b = {node.id: content_words(node.text) for node in b.document.nodes}
    order_a = {node_id: index for index, node_id in enumerate(words_a)}
    order_b = {node_id: index for index, node_id in enumerate(words_b)}
    candidates = _overlapping(spans_a, spans_b) | _sharing_words(words_a, words_b)
    scored = []
    for first, second in candidates:
        check_deadline()
        shared = words_a[first] | words_b[second]
        text = len(words_a[first] & words_b[second]) / len(shared) if shared else 0.0
        scored.append(Pairing(first, second, span_overlap(spans_a[first], spans_b[second]), text))
    taken_a: dict[str, Pairing] = {}
    taken_b: set[str] = set()
    by_span = sorted(
        (pairing for pairing in scored if pairing.by_span),
        key=lambda p: (-(p.span or 0.0), -p.text, order_a[p.a], order_b[p.b]),
    )
    by_text = sorted(
        (pairing for pairing in scored if pairing.by_text and not pairing.by_span),
        key=lambda p: (-p.text, -(p.span or 0.0), order_a[p.a], order_b[p.b]),
    )
    for pairing in [*by_span, *by_text]:
        if pairing.a not in taken_a and pairing.b not in taken_b:
            taken_a[pairing.a] = pairing
            taken_b.add(pairing.b)
    return [taken_a[node_id] for node_id in order_a if node_id in taken_a]


def _overlapping(
    first: dict[str, dict[str, Intervals]], second: dict[str, dict[str, Intervals]]
) -> set[tuple[str, str]]:
    """Every (node of A, node of B) whose quotes share a character, found by one sweep per source."""
    events: dict[str, list[tuple[int, int, int, str]]] = defaultdict(list)
    for side, spans in enumerate((first, second)):
        for node_id, by_source in spans.items():
            for source, intervals in by_source.items():
                events[source].extend((start, end, side, node_id) for start, end in intervals)
    pairs: set[tuple[str, str]] = set()
    for found in events.values():
        open_spans: tuple[list[tuple[int, str]], list[tuple[int, str]]] = ([], [])
        for start, end, side, node_id in sorted(found):
            check_deadline()
            for still_open in open_spans:
                still_open[:] = [(open_end, other) for open_end, other in still_open if open_end > start]
            for _open_end, other in open_spans[1 - side]:
                pairs.add((node_id, other) if side == 0 else (other, node_id))
            open_spans[side].append((end, node_id))
    return pairs


def _sharing_words(
    first: dict[str, frozenset[str]], second: dict[str, frozenset[str]]
) -> set[tuple[str, str]]:
    """Every (node of A, node of B) that share a content word: only these can be alike in words."""
    by_word: dict[str, list[str]] = defaultdict(list)
    for node_id, words in second.items():
        for word in words:
            by_word[word].append(node_id)
    return {(node_id, other) for node_id, words in first.items() for word in words for other in by_word[word]}
