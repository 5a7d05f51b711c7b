"""Where the source comes closest to words that occur nowhere in it, and what differs (look-alikes first)."""

from __future__ import annotations

import re
import unicodedata

from graph.document._quotes import shorten
from graph.words import counted

CONTEXT = 30
_ONLY_SPACES = "spaces or line breaks"

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
    and hyphens, runs of spaces and line breaks), then also ignoring letter case; then the longest start of
    the quote that does occur is shown with the point where the source goes on differently.

    Example:
        >>> print(near_miss("a\nb", "a b").replace(", which", ",\nwhich"))
        the source has "[a\nb]" at 0:3,
        which differs in: the source has a line break where the quote has a space
    """
    plain_text, positions = _plain(text)
    plain_words, word_positions = _plain(words)
    found = plain_text.find(plain_words) if plain_words.strip() else -1
    folded = -1
    if found < 0 and plain_words.strip():
        lower_text, lower_words = plain_text.lower(), plain_words.lower()
        if len(lower_text) == len(plain_text) and len(lower_words) == len(plain_words):
            folded = lower_text.find(lower_words)
    if found >= 0 or folded >= 0:
        at = found if found >= 0 else folded
        start = positions[at]
        end = _through_look_alike(text, positions[at + len(plain_words) - 1] + 1)
        differences = _differences(text[start:end], words)
        if folded >= 0:
            case = "letter case" + ("" if differences == _ONLY_SPACES else f"; {differences}")
            differences = case
        return (
            f"the source has {in_context(text, start, end)} at {start}:{end}, which differs in: {differences}"
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
    return "; ".join(notes) or _ONLY_SPACES


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
