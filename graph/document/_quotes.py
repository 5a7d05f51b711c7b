"""Quotes against their sources: every quote must be exactly the source text at its offsets."""

from __future__ import annotations

from collections import Counter

from graph.document._view import DocumentView
from graph.words import counted
from schemas import Problem, Quote, Source


def find_offsets(text: str, quote: str) -> tuple[int, int]:
    """Find where ``quote`` sits in ``text``, insisting that it sits in exactly one place.

    Offsets are Python string indices (characters, not bytes), end exclusive, so ``text[start:end] == quote``.

    Args:
        text: The full source text.
        quote: The verbatim excerpt.

    Returns:
        ``(start, end)``.

    Raises:
        ValueError: When the quote is empty, absent, or occurs more than once (quote more words to make it
            unique).

    Example:
        >>> find_offsets("the cat sat on the mat", "sat on")
        (8, 14)
    """
    if not quote:
        raise ValueError("the quote is empty")
    start = text.find(quote)
    if start < 0:
        raise ValueError(f"{shorten(quote)} does not occur in the text")
    count = text.count(quote)
    if count > 1:
        raise ValueError(f"{shorten(quote)} occurs {count} times; quote more words to make it unique")
    return start, start + len(quote)


def shorten(text: str, limit: int = 60) -> str:
    """Quote ``text`` for a message, cutting its middle when it is long and showing line breaks."""
    flat = text.replace("\n", "\\n")
    if len(flat) > limit:
        half = (limit - 3) // 2
        flat = f"{flat[:half]}...{flat[-half:]}"
    return f'"{flat}"'


def quote_problems(view: DocumentView) -> list[Problem]:
    """Check every quote of every node: its source is known and has text, and its offsets hold its words."""
    sources = {source.id: source for _, source in view.sources}
    with_text = [source for _, source in view.sources if source.text is not None]
    default = with_text[0] if len(with_text) == 1 else None
    if default is None and len(view.sources) == 1 and not view.broken_sources:
        # The only source, still without its text: say that once for the source, not once per quote.
        default = view.sources[0][1]
    problems: list[Problem] = []
    textless: Counter[str] = Counter()
    for index, node in view.nodes:
        for number, quote in enumerate(node.quotes):
            where = f"nodes[{index}].quotes[{number}]"
            if quote.source is None:
                if default is None:
                    problems.append(_no_source(where, len(with_text)))
                    continue
                source = default
            elif quote.source in sources:
                source = sources[quote.source]
            else:
                if quote.source not in view.broken_sources:
                    message = f"unknown source {quote.source!r}: add it under sources"
                    problems.append(Problem(path=f"{where}.source", message=message, code="unknown-source"))
                continue
            if source.text is None:
                textless[source.id] += 1
                continue
            problems.extend(_offset_problems(where, quote, source.id, source.text))
    for index, source in view.sources:
        if textless[source.id]:
            problems.append(_textless(index, source, textless[source.id]))
    return problems


def _no_source(where: str, with_text: int) -> Problem:
    if with_text == 0:
        message = "the quote names no source, and no source of the map has text to check it against"
    else:
        message = f"the quote names no source, and the map has {with_text} sources with text: name one"
    return Problem(path=f"{where}.source", message=message, code="unknown-source")


def _textless(index: int, source: Source, count: int) -> Problem:
    hint = (
        f" (its text_file {source.text_file!r} is only read when the map is loaded from a file)"
        if source.text_file
        else ""
    )
    message = f"source {source.id!r} has no text to check its {counted(count, 'quote')} against{hint}"
    return Problem(path=f"sources[{index}]", message=message, code="source-without-text")


def _offset_problems(where: str, quote: Quote, source_id: str, text: str) -> list[Problem]:
    length = len(text)
    problems = []
    if quote.start >= quote.end:
        message = f"start ({quote.start}) must be before end ({quote.end})"
        problems.append(Problem(path=where, message=message, code="bad-offsets"))
    if quote.start > length:
        message = f"start {quote.start} is past the end of source {source_id!r} ({length} characters)"
        problems.append(Problem(path=f"{where}.start", message=message, code="offset-out-of-range"))
    if quote.end > length:
        message = f"end {quote.end} is past the end of source {source_id!r} ({length} characters)"
        problems.append(Problem(path=f"{where}.end", message=message, code="offset-out-of-range"))
    if problems:
        return problems
    actual = text[quote.start : quote.end]
    if actual == quote.text:
        return []
    message = (
        f"the quote does not match source {source_id!r} at {quote.start}:{quote.end}: "
        f"the source there reads {shorten(actual)}; {_where_it_is(text, quote.text)}"
    )
    return [Problem(path=where, message=message, code="quote-mismatch")]


def _where_it_is(text: str, quote: str) -> str:
    start = text.find(quote)
    if start < 0:
        return "the quoted words occur nowhere in the source (check curly quotes, dashes and spaces)"
    count = text.count(quote)
    place = f"{start}:{start + len(quote)}"
    if count == 1:
        return f"the quoted words are at {place}"
    return f"the quoted words occur {count} times, first at {place}"
