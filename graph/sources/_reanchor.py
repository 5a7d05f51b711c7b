"""Where a quote written against one text of a source stands in a corrected text: re-anchoring. Pure.

A quote is its words and their offsets in the text the map was written against. In the new text it is, in
order of preference:

- ``exact``: the same words at the same offsets;
- ``moved``: the same words elsewhere, found once, or at several places of which the text around the old
  place picks one;
- ``fuzzy``: close words (a typo fixed, a word changed) where pieces of the quote still occur together, with
  their similarity (``difflib``'s ratio) at least ``FUZZY_THRESHOLD``;
- ``ambiguous``: the same words at several places the context cannot tell apart;
- ``orphaned``: nothing close enough.

Every search is a ``str.find`` of a piece of the quote (linear in the text, done in C) and a ``difflib``
comparison of short strings, so a text of megabytes re-anchors its quotes quickly.

Example:
    >>> old = "The cat sat on the mat. The dog slept."
    >>> new = "Today the cat sat on the mat. The dog slept."
    >>> anchor = reanchor("The dog slept.", 24, 38, old, new)
    >>> anchor.status.value, anchor.start, anchor.end
    ('moved', 30, 44)
    >>> reanchor("sat on the mat", 8, 22, old, old).status.value
    'exact'
    >>> fixed = reanchor("The dgo slept.", 24, 38, "The cat sat on the mat. The dgo slept.", old)
    >>> fixed.status.value, fixed.start, fixed.end, round(fixed.similarity, 2)
    ('fuzzy', 24, 38, 0.93)
    >>> reanchor("The dog slept.", 24, 38, old, "Something else entirely.").status.value
    'orphaned'
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass

from schemas import AnchorStatus

FUZZY_THRESHOLD = 0.75
"""The least similarity of a fuzzy match: below it the quote is orphaned."""
CONTEXT = 40
"""Characters either side of a place compared to tell apart places of the same words."""
MAX_PLACES = 50
"""Places of a piece of the quote looked at: a piece found more often says little about where the quote is."""
PIECES = 12
"""Pieces of a quote searched for when its words are not found whole."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a quote stands in the new text."""

    status: AnchorStatus
    start: int | None = None
    end: int | None = None
    similarity: float = 0.0
    candidates: tuple[int, ...] = ()
    """Every start of the same words when the quote is ambiguous."""


def reanchor(quote: str, start: int, end: int, old: str, new: str) -> Anchor:
    """Re-anchor the quote ``quote`` at ``start``-``end`` of ``old`` in ``new`` (see the module docstring).

    Example:
        >>> text = "Yes. No. Yes. No."
        >>> reanchor("Yes.", 9, 13, text, "Maybe. " + text).start  # the second "Yes." stays the second
        16
        >>> paragraph = "." * 40 + " No. " + "." * 40
        >>> twice = reanchor("No.", 41, 44, paragraph, "A repeated paragraph: " + paragraph + paragraph)
        >>> twice.status.value, twice.candidates  # the same words and context twice: which one is meant?
        ('ambiguous', (63, 148))
    """
    if not quote:
        return Anchor(AnchorStatus.ORPHANED)
    if new[start:end] == quote:
        return Anchor(AnchorStatus.EXACT, start, end, 1.0)
    places = _occurrences(new, quote, limit=MAX_PLACES + 1)
    if len(places) == 1:
        return Anchor(AnchorStatus.MOVED, places[0], places[0] + len(quote), 1.0)
    if places:
        chosen = _by_context(places, len(quote), start, end, old, new)
        if chosen is None:
            return Anchor(AnchorStatus.AMBIGUOUS, similarity=1.0, candidates=tuple(places[:MAX_PLACES]))
        return Anchor(AnchorStatus.MOVED, chosen, chosen + len(quote), 1.0)
    return _fuzzy(quote, start, end, old, new)


def _occurrences(text: str, words: str, *, limit: int) -> list[int]:
    """The starts of ``words`` in ``text`` (overlapping ones too), at most ``limit``.

    Example:
        >>> _occurrences("aaaa", "aa", limit=10)
        [0, 1, 2]
    """
    found: list[int] = []
    at = text.find(words)
    while at != -1 and len(found) < limit:
        found.append(at)
        at = text.find(words, at + 1)
    return found


def _by_context(places: list[int], size: int, start: int, end: int, old: str, new: str) -> int | None:
    """The one place whose surroundings in ``new`` are clearly closest to the old place's, else None."""
    before, after = old[max(0, start - CONTEXT) : start], old[end : end + CONTEXT]
    scored = sorted(
        (
            (
                _similarity(before, new[max(0, place - CONTEXT) : place])
                + _similarity(after, new[place + size : place + size + CONTEXT]),
                place,
            )
            for place in places
        ),
        reverse=True,
    )
    best, runner_up = scored[0][0], scored[1][0]
    # Two places with equally good surroundings: the text no longer says which one the quote meant.
    return scored[0][1] if best > runner_up + 1e-9 else None


def _fuzzy(quote: str, start: int, end: int, old: str, new: str) -> Anchor:
    """The best close match of ``quote`` in ``new`` near where pieces of it still occur, or orphaned."""
    votes: Counter[int] = Counter()
    for offset, piece in _pieces(quote):
        places = _occurrences(new, piece, limit=MAX_PLACES + 1)
        if len(places) > MAX_PLACES:
            continue
        for place in places:
            votes[place - offset] += 1
    best: tuple[float, float, int, int] | None = None
    for guess, _count in votes.most_common(5):
        located = _align(quote, new, guess)
        if located is None:
            continue
        found_start, found_end, ratio = located
        context = _similarity(
            old[max(0, start - CONTEXT) : start], new[max(0, found_start - CONTEXT) : found_start]
        )
        candidate = (ratio, context, found_start, found_end)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    if best is None or best[0] < FUZZY_THRESHOLD:
        return Anchor(AnchorStatus.ORPHANED, similarity=0.0 if best is None else round(best[0], 4))
    ratio, _context, found_start, found_end = best
    return Anchor(AnchorStatus.FUZZY, found_start, found_end, round(ratio, 4))


def _pieces(quote: str) -> list[tuple[int, str]]:
    """Up to ``PIECES`` short pieces of ``quote`` spread over it, each with its offset in the quote.

    Example:
        >>> _pieces("abcdefghij")[:3]
        [(0, 'abcde'), (1, 'bcdef'), (2, 'cdefg')]
    """
    size = max(4, min(12, len(quote) // 2))
    if len(quote) <= size:
        return [(0, quote)]
    step = max(1, (len(quote) - size) // (PIECES - 1))
    offsets = sorted({*range(0, len(quote) - size + 1, step), len(quote) - size})
    return [(offset, quote[offset : offset + size]) for offset in offsets[:PIECES]]


def _align(quote: str, new: str, guess: int) -> tuple[int, int, float] | None:
    """The span of ``new`` around ``guess`` that best matches ``quote``: its start, end and similarity."""
    slack = max(8, len(quote) // 4)
    window_start = max(0, guess - slack)
    window = new[window_start : guess + len(quote) + slack]
    matcher = difflib.SequenceMatcher(None, quote, window, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return None
    found_start = window_start + blocks[0].b - blocks[0].a
    found_end = window_start + blocks[-1].b + blocks[-1].size + (len(quote) - blocks[-1].a - blocks[-1].size)
    found_start, found_end = max(window_start, found_start), min(len(new), found_end)
    if found_start >= found_end:
        return None
    return found_start, found_end, _similarity(quote, new[found_start:found_end])


def _similarity(first: str, second: str) -> float:
    """How alike two short strings are, from 0 to 1 (``difflib``'s ratio; two empty strings are alike).

    Example:
        >>> _similarity("colour", "color"), _similarity("", "")
        (0.9090909090909091, 1.0)
    """
    if not first and not second:
        return 1.0
    return difflib.SequenceMatcher(None, first, second, autojunk=False).ratio()
