"""Whether a span of a source sits inside quotation marks: what a ``speaker-words`` quote claims of itself."""

from __future__ import annotations

# Opening mark -> the mark that closes it. Apostrophes and single quotes are left out: they are far more
# often apostrophes than quotation marks in English prose.
_PAIRS = {'"': '"', "\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c"}
_MARKS = frozenset(_PAIRS) | frozenset(_PAIRS.values())


def inside_quotation_marks(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` lies between an opening and its closing quotation mark.

    The marks must open and close within the span's paragraph (a line of the text), and the span itself may
    include them. A span with a quotation closing inside it is only partly quoted, so it is not inside.

    Example:
        >>> text = 'He wrote "we will win" and then we lost.'
        >>> inside_quotation_marks(text, 10, 21), inside_quotation_marks(text, 9, 22)
        (True, True)
        >>> inside_quotation_marks(text, 27, 40), inside_quotation_marks(text, 3, 21)
        (False, False)
    """
    while start < end and text[start] in _MARKS:
        start += 1
    while end > start and text[end - 1] in _MARKS:
        end -= 1
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    opened: str | None = None
    for char in text[line_start:start]:
        if opened is None:
            opened = char if char in _PAIRS else None
        elif char == _PAIRS[opened]:
            opened = None
    if opened is None:
        return False
    closing = _PAIRS[opened]
    return closing not in text[start:end] and closing in text[end:line_end]
