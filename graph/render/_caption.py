"""The caption under an article's or a slide's drawing: what it weighs, how it reads, where it comes from.

A graphic travels without its page (a newsroom CMS, a slide deck, a post), so its caption is part of the
drawing: the thesis and its strength in plain words, the map's version and source, and how much of the map
is left out of the picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from urllib.parse import quote

from graph.mapgraph import MapGraph, ranked_quotes, spread_line, whose_words
from schemas import Source, Spread

_CLOSE = 0.005


def _movement(strength: float, base: float) -> str:
    if strength > base + _CLOSE:
        return f"raised from its base score of {base:.2f} by what the map weighs"
    if strength < base - _CLOSE:
        return f"lowered from its base score of {base:.2f} by what the map weighs"
    return f"near its base score of {base:.2f}: what bears on it balances out"


def caption_lines(
    graph: MapGraph,
    root: str,
    strength: float | None,
    semantics: str,
    *,
    shown: Sequence[str],
    available: int,
    pinned: int | None,
    with_quote: bool = False,
    spread: Spread | None = None,
) -> list[str]:
    """The caption's paragraphs, plain text (the caller escapes and wraps them).

    Args:
        graph: the map version drawn.
        root: the node weighed (the ★ box).
        strength: the root's strength, None when unknown.
        semantics: the semantics it was scored with.
        shown: the ids drawn, the root among them.
        available: how many nodes besides the root the request allowed before any was left out.
        pinned: the fixed version the drawing names, if any.
        with_quote: give the root's best quote and whose words it is, after the reading.
        spread: the root's strength under each published semantics and its band, after the reading.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Source, Speaker
        >>> doc = MapDocument(id="m", title="Tea", sources=[Source(id="s", title="On tea", outlet="Daily")],
        ...     speakers=[Speaker(id="a", name="Ann")],
        ...     nodes=[Node(id="t", kind=NodeKind.THESIS, text="Tea is good", speaker="a",
        ...                 base_score=0.5, rationale="r")])
        >>> for line in caption_lines(MapGraph(doc, 3, {}), "t", 0.62, "QE", shown=["t"], available=4,
        ...                           pinned=None):
        ...     print(line)
        ★ The thesis, by Ann, stands at strength 0.62 of 1 (QE), raised from its base score of 0.50 by what the map weighs: a score for the argument, not a probability that it is true.
        Drawn: the thesis alone; 4 more nodes in the map's viewer, /maps/m/view.
        Map m, version 3 · Source: On tea (Daily).
    """  # noqa: E501
    node = graph.nodes[root]
    speaker = graph.speakers.get(node.speaker)
    who = speaker.name if speaker is not None else node.speaker
    what = f"The {node.kind.value}"
    if strength is None or not math.isfinite(strength):
        reading = f"★ {what}, by {who}: its strength is unknown."
    else:
        reading = (
            f"★ {what}, by {who}, stands at strength {strength:.2f} of 1 ({semantics}), "
            f"{_movement(strength, node.base_score)}"
        )
        forecasts = any(graph.nodes[i].forecast is not None for i in shown)
        reading += (
            ". Strength, not probability: a forecast's own chance is in its text, the score weighs the case"
            " for it."
            if forecasts
            else ": a score for the argument, not a probability that it is true."
        )
    lines = [reading]
    if spread is not None and spread.root == root:
        lines.append(spread_line(spread))
    best = best_quote(graph, root) if with_quote else None
    if best is not None:
        lines.append(best)
    more = available - (len(shown) - 1)
    if more > 0:
        drawn = f"the {len(shown) - 1} heaviest nodes" if len(shown) > 1 else f"the {node.kind.value} alone"
        path = f"/maps/{quote(graph.id, safe='')}/view" + ("" if pinned is None else f"?version={pinned}")
        nodes = "node" if more == 1 else "nodes"
        lines.append(f"Drawn: {drawn}; {more} more {nodes} in the map's viewer, {path}.")
    lines.append(f"Map {graph.id}, version {graph.version}{_sources(graph.document.sources)}")
    return lines


def _sources(sources: Sequence[Source]) -> str:
    if not sources:
        return "."
    named = _named(sources[0])
    extra = f" and {len(sources) - 1} more" if len(sources) > 1 else ""
    return f" · Source: {named}{extra}."


QUOTE_CHARS = 240
"""The longest quote a card shows whole; a longer one is cut at a word, with an ellipsis."""


def best_quote(graph: MapGraph, node_id: str) -> str | None:
    """The node's best quote (``graph.mapgraph.ranked_quotes``), and whose words it is.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Quote, QuoteProvenance, Source, Speaker
        >>> quote = Quote(start=0, end=9, text="Tea is good", provenance=QuoteProvenance.SPEAKER_WORDS)
        >>> doc = MapDocument(id="m", title="Tea", sources=[Source(id="s", title="On tea", outlet="Daily")],
        ...     speakers=[Speaker(id="a", name="Ann")],
        ...     nodes=[Node(id="t", kind=NodeKind.THESIS, text="Tea is good", speaker="a",
        ...                 base_score=0.5, rationale="r", quotes=[quote])])
        >>> print(best_quote(MapGraph(doc, 1, {}), "t"))
        “Tea is good”: Ann's own words, in On tea (Daily).
    """
    node = graph.nodes[node_id]
    if not node.quotes:
        return None
    chosen = ranked_quotes(graph, node)[0]
    text = " ".join(chosen.text.split())
    if len(text) > QUOTE_CHARS:
        text = text[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    source = _quoted_source(graph, chosen.source)
    voice = whose_words(graph, node, chosen) if chosen.provenance is not None else "as quoted"
    where = "" if source is None else f", in {_named(source)}"
    return f"“{text}”: {voice}{where}."


def _quoted_source(graph: MapGraph, source_id: str | None) -> Source | None:
    if source_id is not None:
        return graph.sources.get(source_id)
    with_text = [source for source in graph.document.sources if source.text or source.text_file]
    return (
        with_text[0]
        if len(with_text) == 1
        else (graph.document.sources[0] if graph.document.sources else None)
    )


def _named(source: Source) -> str:
    details = ", ".join(value for value in (source.outlet, source.published) if value)
    return f"{source.title} ({details})" if details else source.title
