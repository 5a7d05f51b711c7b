"""``argmap quotes fill``: write the offsets of quotes given by their words back into the map file itself.

The file is edited where the offsets go and nowhere else, so its comments, quoting, folding and order stay as
the writer left them: the YAML (or JSON) is composed into nodes that know their place in the text, and
``start``/``end`` are inserted before each filled quote's first key (or put where its ``occurrence:`` or
``near:`` was). The edited text is read again and must mean exactly the document with those offsets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from graph.document._anchor import HINTS, Placed, fill_offsets
from graph.document._parse import _Loader, decode, media_for
from graph.document._texts import resolve_text_files
from schemas import Problem


@dataclass(slots=True)
class Filled:
    """The outcome of filling a file's offsets: the new text (None when nothing changed) and what happened."""

    text: str | None = None
    placed: list[Placed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def fill_file(path: Path, cited: Mapping[str, str] | None = None) -> Filled:
    """The map file at ``path`` with every quote given by its words given its offsets; nothing is written.

    A source whose ``text_file`` is not there takes its text from ``cited`` (id to text), when it holds it.

    Raises:
        OSError: the file cannot be read.
    """
    media = media_for(path)
    if media is None:
        message = f"cannot tell the format of {path.name!r}: name it .yaml, .yml or .json"
        return Filled(problems=[Problem(path="$", message=message, code="unknown-media")])
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"the map file is not UTF-8: byte 0x{data[error.start]:02x} at byte {error.start}"
        return Filled(problems=[Problem(path="$", message=message, code="not-utf8")])
    return fill_text(text, media, path.parent, cited)


def fill_text(text: str, media: str, base: Path, cited: Mapping[str, str] | None = None) -> Filled:
    r"""``text`` (a YAML or JSON map document whose text files are under ``base``) with offsets filled in.

    Example:
        >>> doc = "sources: [{id: s, text: 'a cat and a dog'}]\nnodes:\n  - quotes:\n    - {text: dog}\n"
        >>> print(fill_text(doc, "yaml", Path(".")).text, end="")
        sources: [{id: s, text: 'a cat and a dog'}]
        nodes:
          - quotes:
            - {start: 12, end: 15, text: dog}
    """
    raw, problems = decode(text, media)
    if problems:
        return Filled(problems=problems)
    problems = resolve_text_files(raw, base, cited)
    if problems:
        return Filled(problems=problems)
    anchoring = fill_offsets(raw)
    if anchoring.problems:
        return Filled(problems=anchoring.problems)
    if not anchoring.placed:
        return Filled()
    edited = _edited(text, media, anchoring.placed)
    expected, _ = decode(text, media)
    _apply(expected, anchoring.placed)
    if edited is None or decode(edited, media) != (expected, []):
        message = (
            "cannot write the offsets into this file without changing anything else: "
            "write them by hand (argmap validate lists where each quote is)"
        )
        return Filled(problems=[Problem(path="$", message=message, code="cannot-edit")])
    return Filled(text=edited, placed=anchoring.placed)


def _apply(raw: object, placed: list[Placed]) -> None:
    """Put the offsets into the decoded document as the edited file must read them."""
    assert isinstance(raw, dict)  # noqa: S101 - it decoded as a map document a moment ago
    for spot in placed:
        quote = raw["nodes"][spot.node]["quotes"][spot.quote]
        for name in HINTS:
            quote.pop(name, None)
        quote["start"], quote["end"] = spot.start, spot.end


def _edited(text: str, media: str, placed: list[Placed]) -> str | None:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    edits: list[tuple[int, int, str]] = []
    newline = "\r\n" if "\r\n" in text else "\n"  # a file written on Windows keeps its line breaks
    for spot in placed:
        quote = _item(_item(root, "nodes", spot.node), "quotes", spot.quote)
        if not isinstance(quote, yaml.MappingNode) or not quote.value:
            return None
        edits.append(_edit(quote, spot, quoted=media == "json", newline=newline))
    for start, end, insert in sorted(edits, reverse=True):
        text = text[:start] + insert + text[end:]
    return text


def _item(node: yaml.Node | None, key: str, index: int) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value in node.value:
        if key_node.value == key and isinstance(value, yaml.SequenceNode) and index < len(value.value):
            item: yaml.Node = value.value[index]
            return item
    return None


def _edit(quote: yaml.MappingNode, spot: Placed, *, quoted: bool, newline: str) -> tuple[int, int, str]:
    """Where to write ``start``/``end`` into one quote's mapping, and what: (from, to, text)."""
    name = '"{}"' if quoted else "{}"
    start, end = name.format("start"), name.format("end")
    hint = next(((key, value) for key, value in quote.value if key.value in HINTS), None)
    first_key = quote.value[0][0]
    key_node = hint[0] if hint is not None else first_key
    column = key_node.start_mark.column
    if quote.flow_style:
        pair = f"{start}: {spot.start}, {end}: {spot.end}"
    else:
        pair = f"{start}: {spot.start}{newline}{' ' * column}{end}: {spot.end}"
    if hint is not None:
        return hint[0].start_mark.index, hint[1].end_mark.index, pair
    separator = ", " if quote.flow_style else newline + " " * column
    at = first_key.start_mark.index
    return at, at, pair + separator
