"""Quotes given by their words: find each in its source text and fill in its offsets before conversion.

A quote may leave out ``start`` and ``end`` and give only its ``text`` (optionally ``occurrence: N``, the
N-th place the words occur, or ``near: OFFSET``, the place closest to a character offset). The offsets are
filled in on the decoded data, before it becomes Structs, so everything after this step sees complete quotes.
A quote that cannot be placed is a problem that lists the candidate places with their context, or, when the
words occur nowhere, the nearest near-miss (curly quotes, dashes, spaces, or where the source starts to
differ).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.document._near_miss import in_context, near_miss
from graph.document._quotes import shorten
from graph.words import counted
from schemas import Problem

HINTS = ("occurrence", "near")
"""Keys that only help place a quote given by its words; they are consumed when its offsets are filled in."""

SHOWN_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class Placed:
    """A quote whose offsets were filled in: where it is in the document and where its words are."""

    node: int
    quote: int
    start: int
    end: int


@dataclass(slots=True)
class Anchoring:
    """What filling in the offsets of one document did."""

    placed: list[Placed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unplaced: set[str] = field(default_factory=set)
    """Paths of quotes that could not be placed; their stand-in offsets must not be reported on."""


def fill_offsets(raw: object) -> Anchoring:
    """Fill in ``start`` and ``end`` of every quote that gives only its words, in place.

    Sources must already carry their ``text`` (``text_file`` read). A quote that names offsets keeps them
    (they are checked as usual); its ``occurrence`` and ``near`` are dropped. A quote that cannot be placed
    gets stand-in offsets so the rest of the document can still be checked, and a problem at its path.

    Example:
        >>> raw = {"sources": [{"id": "s", "text": "a cat and a cat"}],
        ...        "nodes": [{"quotes": [{"text": "cat", "occurrence": 2}]}]}
        >>> fill_offsets(raw).problems, raw["nodes"][0]["quotes"][0]
        ([], {'text': 'cat', 'start': 12, 'end': 15})
    """
    anchoring = Anchoring()
    if not isinstance(raw, dict):
        return anchoring
    texts, default = _texts(raw.get("sources"))
    nodes = raw.get("nodes")
    if not isinstance(nodes, list):
        return anchoring
    for node_index, node in enumerate(nodes):
        quotes = node.get("quotes") if isinstance(node, dict) else None
        if not isinstance(quotes, list):
            continue
        for quote_index, quote in enumerate(quotes):
            if isinstance(quote, dict):
                _fill(anchoring, quote, (node_index, quote_index), texts, default)
    return anchoring


def _texts(sources: object) -> tuple[dict[str, str | None], str | None]:
    texts: dict[str, str | None] = {}
    if isinstance(sources, list):
        for source in sources:
            if isinstance(source, dict) and isinstance(source.get("id"), str):
                text = source.get("text")
                texts[source["id"]] = text if isinstance(text, str) else None
    with_text = [source_id for source_id, text in texts.items() if text is not None]
    if len(with_text) == 1:
        return texts, with_text[0]
    return texts, (next(iter(texts)) if len(texts) == 1 else None)


def _fill(
    anchoring: Anchoring,
    quote: dict[str, Any],
    at: tuple[int, int],
    texts: dict[str, str | None],
    default: str | None,
) -> None:
    where = f"nodes[{at[0]}].quotes[{at[1]}]"
    hints = {name: quote.pop(name) for name in HINTS if name in quote}
    if "start" in quote or "end" in quote:
        return  # offsets given: checked against the source like any other quote
    words = quote.get("text")
    if not isinstance(words, str) or not words:
        return  # the converter reports the missing or empty text (and the missing offsets)
    # Stand-ins keep the quote convertible; a quote that stays unplaced is reported here, once.
    quote["start"], quote["end"] = 0, len(words)
    source_id = quote.get("source") or default  # "source": null, as JSON clients write it, is no source given
    if not isinstance(source_id, str) or source_id not in texts:
        return  # no or an unknown source: reported by the quote checks, which never read these offsets
    text = texts[source_id]
    if text is None:
        return  # a source without text: reported once for the source
    hint_problem = _hint_problem(hints)
    if hint_problem is not None:
        anchoring.unplaced.add(where)
        anchoring.problems.append(Problem(path=where, message=hint_problem, code="bad-quote-hint"))
        return
    starts = occurrences(text, words)
    if not starts:
        anchoring.unplaced.add(where)
        message = (
            f"the words {shorten(words)} occur nowhere in source {source_id!r}: {near_miss(text, words)}"
        )
        anchoring.problems.append(Problem(path=where, message=message, code="quote-not-found"))
        return
    chosen, message = _choose(text, words, starts, hints)
    if chosen is None:
        anchoring.unplaced.add(where)
        anchoring.problems.append(Problem(path=where, message=message, code="quote-ambiguous"))
        return
    quote["start"], quote["end"] = chosen, chosen + len(words)
    anchoring.placed.append(Placed(at[0], at[1], chosen, chosen + len(words)))


def _hint_problem(hints: dict[str, object]) -> str | None:
    if len(hints) > 1:
        return "give occurrence or near, not both"
    for name, value in hints.items():
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{name} must be a whole number, got {value!r}"
        if name == "occurrence" and value < 1:
            return f"occurrence counts from 1 (the first place the words occur), got {value}"
        if name == "near" and value < 0:
            return f"near is a character offset, 0 or more, got {value}"
    return None


def _choose(text: str, words: str, starts: list[int], hints: dict[str, Any]) -> tuple[int | None, str]:
    if "occurrence" in hints:
        wanted = hints["occurrence"]
        if wanted <= len(starts):
            return starts[wanted - 1], ""
        return None, (
            f"occurrence {wanted} asked for, but the words {shorten(words)} occur "
            f"{counted(len(starts), 'time')}: {candidates(text, words, starts)}"
        )
    if "near" in hints:
        near = hints["near"]
        return min(starts, key=lambda start: (abs(start - near), start)), ""
    if len(starts) == 1:
        return starts[0], ""
    return None, (
        f"the words {shorten(words)} occur {len(starts)} times: {candidates(text, words, starts)}; "
        f"quote more words, or add occurrence: N (1 to {len(starts)}) or near: OFFSET"
    )


def occurrences(text: str, words: str) -> list[int]:
    """Every offset where ``words`` start in ``text``, overlapping ones included.

    Example:
        >>> occurrences("aaa", "aa")
        [0, 1]
    """
    found = []
    start = text.find(words)
    while start >= 0:
        found.append(start)
        start = text.find(words, start + 1)
    return found


def candidates(text: str, words: str, starts: list[int]) -> str:
    """The places ``words`` occur, each with its offsets and some context, for a message.

    Example:
        >>> candidates("one cat, two cats", "cat", [4, 13])
        '1. at 4:7 "one [cat], two cats"; 2. at 13:16 "one cat, two [cat]s"'
    """
    shown = [
        f"{number}. at {start}:{start + len(words)} {in_context(text, start, start + len(words))}"
        for number, start in enumerate(starts[:SHOWN_CANDIDATES], 1)
    ]
    more = len(starts) - SHOWN_CANDIDATES
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
