"""Quotes given by their words: find each in its source text and fill in its offsets before conversion.

A quote may leave out ``start`` and ``end`` and give only its ``text`` (optionally ``occurrence: N``, the
N-th place the words occur, or ``near: OFFSET``, the place closest to a character offset). The offsets are
filled in on the decoded data, before it becomes Structs, so everything after this step sees complete quotes.
A quote that cannot be placed is a problem that lists the candidate places with their context, or, when the
words occur nowhere, the nearest near-miss (curly quotes, dashes, spaces, or where the source starts to
differ).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from graph.document._quotes import shorten
from graph.words import counted
from schemas import Problem

HINTS = ("occurrence", "near")
"""Keys that only help place a quote given by its words; they are consumed when its offsets are filled in."""

CONTEXT = 30
SHOWN_CANDIDATES = 5

# Characters that look alike in a browser and differ in a file, each with the plain one it is read as.
_LOOK_ALIKES = {
    "\u2018": "'",  # left single quotation mark
    "\u2019": "'",  # right single quotation mark (the usual curly apostrophe)
    "\u201a": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2015": "-",
    "\u2212": "-",  # minus sign
    "\u2026": "...",
}
_SPACE = re.compile(r"\s+")
_LOOK_ALIKE_NAMES = {
    "'": "a straight apostrophe '",
    '"': 'a straight double quote "',
    "-": "a hyphen -",
    " ": "a space",
    "...": "three dots ...",
}


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
    source_id = quote.get("source", default)
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


def in_context(text: str, start: int, end: int) -> str:
    """``text[start:end]`` in brackets with up to ``CONTEXT`` characters either side, on one line."""
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    lead = "..." if start > CONTEXT else ""
    tail = "..." if end + CONTEXT < len(text) else ""
    shown = f"{lead}{before}[{text[start:end]}]{after}{tail}"
    return '"' + shown.replace("\n", "\\n") + '"'


def near_miss(text: str, words: str) -> str:
    r"""Where the source comes closest to ``words``, and what differs, for a quote found nowhere.

    First the words are looked for with look-alike characters made equal (curly and straight quotes, dashes
    and hyphens, runs of spaces and line breaks); then the longest start of the quote that does occur is
    shown with the point where the source goes on differently.

    Example:
        >>> print(near_miss("a\nb", "a b").replace(", which", ",\nwhich"))
        the source has "[a\nb]" at 0:3,
        which differs in: the source has a line break where the quote has a space
    """
    plain_text, positions = _plain(text)
    plain_words, word_positions = _plain(words)
    found = plain_text.find(plain_words) if plain_words.strip() else -1
    if found >= 0:
        start = positions[found]
        end = positions[found + len(plain_words) - 1] + 1
        end = _through_look_alike(text, end)
        return (
            f"the source has {in_context(text, start, end)} at {start}:{end}, "
            f"which differs in: {_differences(text[start:end], words)}"
        )
    matched = _longest_start(plain_text, plain_words)
    if matched == 0:
        return "not even its first character occurs in the source; is it the right source?"
    at = plain_text.find(plain_words[:matched])
    start = positions[at]
    stop = positions[at + matched - 1] + 1 if at + matched - 1 < len(positions) else len(text)
    source_goes_on = text[stop : stop + 20]
    quote_goes_on = words[word_positions[matched] :][:20] if matched < len(word_positions) else ""
    return (
        f"the nearest passage is at {start} ({in_context(text, start, stop)}), where the first "
        f"{counted(matched, 'character')} agree; then the source has {shorten(source_goes_on)} "
        f"where the quote has {shorten(quote_goes_on)}"
    )


def _plain(text: str) -> tuple[str, list[int]]:
    """``text`` with look-alikes made plain and space runs made one space, and each character's origin."""
    out: list[str] = []
    positions: list[int] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char.isspace():
            run = _SPACE.match(text, index)
            assert run is not None  # noqa: S101 - a space starts a run
            out.append(" ")
            positions.append(index)
            index = run.end()
            continue
        plain = _LOOK_ALIKES.get(char, char)
        out.extend(plain)
        positions.extend([index] * len(plain))
        index += 1
    return "".join(out), positions


def _through_look_alike(text: str, end: int) -> int:
    """Extend ``end`` over the rest of a space run it stops inside."""
    while end < len(text) and text[end].isspace() and end > 0 and text[end - 1].isspace():
        end += 1
    return end


def _differences(found: str, words: str) -> str:
    notes = [
        f"the source has {_name(char)} where the quote has {_plain_name(char)}"
        for char in dict.fromkeys(found)
        if _look_alike(char) and char not in words
    ]
    notes += [
        f"the quote has {_name(char)} where the source has {_plain_name(char)}"
        for char in dict.fromkeys(words)
        if _look_alike(char) and char not in found
    ]
    if [len(run) for run in _SPACE.findall(found)] != [len(run) for run in _SPACE.findall(words)]:
        notes.append("the number of spaces between words")
    return "; ".join(notes) or "spaces or line breaks"


def _look_alike(char: str) -> bool:
    return char in _LOOK_ALIKES or (char.isspace() and char != " ")


_SPACE_NAMES = {"\n": "a line break", "\r": "a carriage return", "\t": "a tab"}


def _name(char: str) -> str:
    if char in _SPACE_NAMES:
        return _SPACE_NAMES[char]
    return f"{char!r} ({unicodedata.name(char, f'U+{ord(char):04X}').lower()})"


def _plain_name(char: str) -> str:
    plain = _LOOK_ALIKES.get(char, " ")
    return _LOOK_ALIKE_NAMES.get(plain, repr(plain))


def _longest_start(text: str, words: str) -> int:
    """The length of the longest start of ``words`` that occurs in ``text`` (a binary search)."""
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if words[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return low
