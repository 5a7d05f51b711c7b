r"""Characters a map may not hold: control characters, texts that show nothing, links that are not web.

A map's words reach CSV cells, Argdown, HTML, SVG and terminals. A control character (NUL, BEL, ESC, DEL and
the C1 set; tab, line feed and carriage return are text) means something to some of them, so none is
accepted. A text made only of spaces, invisible format characters (U+200B, U+202E, ...) and combining marks
shows nothing, or reorders what follows it: the words a reader sees must be the words stored. A source's
``url`` is a link people follow: only ``http`` and ``https`` are accepted.

Example:
    >>> control_character("tea\x07time")
    (3, 'U+0007')
    >>> shows_nothing("\u202e\u200b\u0301"), shows_nothing("tea")
    (True, False)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from urllib.parse import urlsplit

import msgspec

from graph.document._view import DocumentView
from schemas import Problem

_TEXT_CONTROLS = frozenset("\t\n\r")
_INVISIBLE = frozenset({"Cf", "Mn", "Me", "Cc", "Zs", "Zl", "Zp"})
WEB_SCHEMES = ("http", "https")


def control_character(text: str) -> tuple[int, str] | None:
    """The offset and code point of the first control character in ``text``, if any."""
    for offset, char in enumerate(text):
        if unicodedata.category(char) == "Cc" and char not in _TEXT_CONTROLS:
            return offset, f"U+{ord(char):04X}"
    return None


def shows_nothing(text: str) -> bool:
    """True when no character of ``text`` is drawn as something a reader sees."""
    return all(unicodedata.category(char) in _INVISIBLE for char in text)


def character_problems(view: DocumentView) -> list[Problem]:
    """Control characters in any text, visible texts that show nothing, and source links that are not web."""
    problems = []
    parts: list[tuple[str, list[tuple[int, msgspec.Struct]]]] = [
        ("sources", list(view.sources)),
        ("speakers", list(view.speakers)),
        ("nodes", list(view.nodes)),
        ("relations", list(view.relations)),
    ]
    for collection, items in parts:
        for index, item in items:
            for path, value in _strings(msgspec.to_builtins(item), f"{collection}[{index}]"):
                found = control_character(value)
                if found is not None:
                    message = f"holds the control character {found[1]} at offset {found[0]}: remove it"
                    problems.append(Problem(path=path, message=message, code="control-character"))
    for index, node in view.nodes:
        for name, value in (("text", node.text), ("rationale", node.rationale)):
            if value.strip() and shows_nothing(value):
                message = "shows nothing: it holds only invisible, formatting or combining characters"
                problems.append(
                    Problem(path=f"nodes[{index}].{name}", message=message, code="invisible-text")
                )
    for index, source in view.sources:
        if source.url is not None and urlsplit(source.url.strip()).scheme.lower() not in WEB_SCHEMES:
            message = f"must be an http or https address, not {source.url[:60]!r}"
            problems.append(Problem(path=f"sources[{index}].url", message=message, code="unsafe-url"))
    return problems


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _strings(item, f"{path}[{number}]")
