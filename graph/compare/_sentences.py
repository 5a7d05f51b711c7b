r"""A source text split into sentences that keep their exact character offsets. Pure.

The splitter is small and predictable rather than clever, so a teacher can tell why a sentence ends where it
does. Scanning the text from the start:

1. A sentence starts at the first character that is not white space.
2. It ends after ``.``, ``!``, ``?`` or ``…`` (and any run of them, and the closing quotes and brackets right
   after: ``"Done."``), when white space follows and the next word does not start in lower case, except
   after an abbreviation (``Dr.``, ``e.g.``, ``vs.``) or an initial (``J. Clark``).
3. It ends at a line break when a blank line follows, or when the next line does not start in lower case:
   headings, list items and one-line paragraphs (as web pages are saved) are sentences of their own, while a
   sentence hard-wrapped across lines stays whole.
4. A sentence never includes the white space around it.

So ``text[start:end]`` is each sentence exactly, the sentences do not overlap, and together they cover every
character of the text that is not white space. Known misses: a sentence ending in an abbreviation or an
initial joins the next one ("in the U.S. The"), and one ending in a lower-case word's line break joins too.

Example:
    >>> text = "Dr. Li agrees. AI R&D is 93.9% automated!\n\nHeading\nA list item\n  ends here?"
    >>> [text[start:end] for start, end in sentences(text)]
    ['Dr. Li agrees.', 'AI R&D is 93.9% automated!', 'Heading', 'A list item\n  ends here?']
"""

from __future__ import annotations

from graph.compute import check_deadline

TERMINALS = frozenset(".!?…")
CLOSERS = frozenset("\"')]}»\u201d\u2019")
ABBREVIATIONS = frozenset(
    {"al", "approx", "cf", "dr", "e.g", "eg", "fig", "i.e", "ie", "jr", "mr", "mrs", "ms", "mt"}
    | {"prof", "sr", "st", "vs", "u.s", "u.k", "a.m", "p.m"}
)
"""Words whose period does not end a sentence (lower case, without their last period)."""
_CHECK_EVERY = 4096


def sentences(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every sentence of ``text``, in order (end exclusive; see the module's rules).

    Example:
        >>> text = '  He wrote "no." then stopped. J. Clark said so.'
        >>> [text[start:end] for start, end in sentences(text)]
        ['He wrote "no." then stopped.', 'J. Clark said so.']
    """
    found: list[tuple[int, int]] = []
    start: int | None = None
    i, n = 0, len(text)
    while i < n:
        if i % _CHECK_EVERY == 0:
            check_deadline()
        character = text[i]
        if start is None:
            if not character.isspace():
                start = i
            i += 1
            continue
        if character == "\n":
            following = _next_word(text, i + 1)
            blank = "\n" in text[i + 1 : following]
            if blank or following == n or not text[following].islower():
                found.append((start, _trimmed_end(text, start, i)))
                start = None
            i = following
            continue
        if character in TERMINALS:
            after = i + 1
            while after < n and text[after] in TERMINALS:
                after += 1
            while after < n and text[after] in CLOSERS:
                after += 1
            if after == n:
                break
            following = _next_word(text, after)
            ends = text[after].isspace() and (following == n or not text[following].islower())
            if ends and not (character == "." and _abbreviation(text, start, i)):
                found.append((start, after))
                start = None
            i = after
            continue
        i += 1
    if start is not None:
        found.append((start, _trimmed_end(text, start, n)))
    return found


def _next_word(text: str, i: int) -> int:
    """The index of the first character at or after ``i`` that is not white space (``len(text)`` if none)."""
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _abbreviation(text: str, start: int, period: int) -> bool:
    """Is the word before the period at ``period`` an abbreviation or a capital initial?

    Example:
        >>> _abbreviation("see e.g. this", 0, 7), _abbreviation("by J. Clark", 0, 4)
        (True, True)
        >>> _abbreviation("in 2028.", 0, 7)
        False
    """
    first = period
    while first > start and (text[first - 1].isalpha() or text[first - 1] == "."):
        first -= 1
    word = text[first:period]
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper())
