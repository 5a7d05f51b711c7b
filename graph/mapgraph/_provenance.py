"""Whose words a quote is, the source it points into, and which of a node's quotes to cite. Pure.

A quote's ``provenance`` says whose voice the span is in; whether that is the node's speaker's own voice
depends on who wrote the source too: a reporter's own analysis (``author-voice``) is the reporter's own words
when the node is the reporter's. Every place that shows a quote (briefs, captions, cards, tooltips, exports,
search hits, checks) asks here, so a quote reads the same everywhere.
"""

from __future__ import annotations

import re

import msgspec

from graph.mapgraph._mapgraph import MapGraph
from schemas import Node, Quote, QuoteProvenance, Source

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_STOP_WORDS = (
    "a an and are as at be been but by for from has have he her his in into is it its of on or our she so "
    "than that the their them they this those to was we were what when which who will with would you"
)
_STOP = frozenset(_STOP_WORDS.split())
# Sentence stops, and closing quotation marks and brackets (curly ones by code point).
_ENDS = (".", "!", "?", "\u2026", '"', "\u201d", "\u2019", "'", ")", ":", ";")
_OPENING = "\"\u201c\u2018'("


def quote_source(graph: MapGraph, quote: Quote) -> str | None:
    """The id of the source ``quote`` points into: its own, else the map's one source with a text."""
    if quote.source is not None:
        return quote.source
    with_text = [source.id for source in graph.document.sources if source.text is not None]
    return with_text[0] if len(with_text) == 1 else None


def with_source(graph: MapGraph, quote: Quote) -> Quote:
    """``quote`` naming its source, even when the map leaves it implicit (the map's one text)."""
    if quote.source is not None:
        return quote
    return msgspec.structs.replace(quote, source=quote_source(graph, quote))


def _author_of(graph: MapGraph, quote: Quote) -> tuple[str | None, Source | None]:
    """The speaker id of the source's author (when the map names it) and the source."""
    source = graph.sources.get(quote_source(graph, quote) or "")
    if source is None:
        return None, None
    if source.written_by is not None:
        return source.written_by, source
    speakers = graph.document.speakers
    named = [speaker.id for speaker in speakers if source.author and speaker.name == source.author]
    return (named[0] if named else None), source


def own_words(graph: MapGraph, node: Node, quote: Quote) -> bool | None:
    """Whether ``quote`` is in the node's speaker's own voice (None: the map does not say whose words).

    ``speaker-words`` are; ``author-paraphrase`` and ``author-cited`` are not; ``author-voice`` is when the
    node's speaker wrote the source (a reporter's analysis filed as the reporter's own claim).
    """
    if quote.provenance is None:
        return None
    if quote.provenance is QuoteProvenance.SPEAKER_WORDS:
        return True
    if quote.provenance is not QuoteProvenance.AUTHOR_VOICE:
        return False  # a paraphrase, or the author's sentence cited on another speaker's node
    author, _ = _author_of(graph, quote)
    return author is not None and author == node.speaker


def _name(graph: MapGraph, speaker_id: str) -> str:
    speaker = graph.speakers.get(speaker_id)
    return speaker.name if speaker is not None else speaker_id


def whose_words(graph: MapGraph, node: Node, quote: Quote) -> str:
    """Whose words ``quote`` is, in a few plain words.

    Example:
        >>> from schemas import MapDocument, NodeKind, Speaker
        >>> doc = MapDocument(id="m", title="M", speakers=[Speaker(id="r", name="Rae"), Speaker(id="c", name="Cy")],
        ...     sources=[Source(id="s", title="S", text="Rae says so.", written_by="r")],
        ...     nodes=[Node(id="n", kind=NodeKind.CLAIM, text="So.", speaker="r", base_score=0.5, rationale="r")])
        >>> graph = MapGraph(doc, 1, {})
        >>> quote = Quote(start=0, end=12, text="Rae says so.", provenance=QuoteProvenance.AUTHOR_VOICE)
        >>> whose_words(graph, graph.nodes["n"], quote), own_words(graph, graph.nodes["n"], quote)
        ("Rae's own words", True)
    """  # noqa: E501
    who = _name(graph, node.speaker)
    if quote.provenance is None:
        return "whose words: not recorded"
    if quote.provenance is QuoteProvenance.SPEAKER_WORDS:
        return f"{who}'s own words"
    author, source = _author_of(graph, quote)
    writer = (
        _name(graph, author)
        if author is not None
        else (source.author or source.outlet or "the source")
        if source is not None
        else "the source"
    )
    if quote.provenance is QuoteProvenance.AUTHOR_PARAPHRASE:
        return f"{writer} paraphrasing {who}"
    if quote.provenance is QuoteProvenance.AUTHOR_CITED:
        return f"{writer}'s own words, which {who} answers or rests on"
    return f"{writer}'s own words"


def cut_short(quote: Quote) -> bool:
    """The quote starts or stops mid-sentence: a lower-case start, a leading ellipsis, or no closing stop.

    Example:
        >>> cut_short(Quote(start=0, end=3, text="and then it grew")), cut_short(Quote(start=0, end=3, text="It grew."))
        (True, False)
    """  # noqa: E501
    text = quote.text.strip()
    if not text:
        return True
    first = text.lstrip(_OPENING)[:1]
    return text.startswith(("…", "...")) or first.islower() or not text.endswith(_ENDS)


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text) if word.lower() not in _STOP}


def coverage(node: Node, quote: Quote) -> float:
    """The share of the node's content words the quote holds (0 to 1).

    Example:
        >>> from schemas import NodeKind
        >>> node = Node(id="n", kind=NodeKind.CLAIM, text="Tea is good", speaker="a", base_score=0.5, rationale="r")
        >>> coverage(node, Quote(start=0, end=3, text="Tea is very good.")), coverage(node, Quote(start=0, end=3, text="Tea."))
        (1.0, 0.5)
    """  # noqa: E501
    wanted = _words(node.text)
    if not wanted:
        return 0.0
    return len(wanted & _words(quote.text)) / len(wanted)


def ranked_quotes(graph: MapGraph, node: Node) -> list[Quote]:
    """The node's quotes, best to cite first, each naming its source.

    Whole sentences before cut ones, then the one that covers most of what the node says, then the speaker's
    own words, then the shorter.
    """
    return [
        with_source(graph, quote)
        for quote in sorted(
            node.quotes,
            key=lambda q: (
                cut_short(q),
                -round(coverage(node, q), 6),
                own_words(graph, node, q) is not True,
                len(q.text),
                q.start,
            ),
        )
    ]
