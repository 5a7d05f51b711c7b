"""Decode a map document from YAML or JSON and convert it leniently, collecting every structural problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import msgspec
import yaml

from graph.document._keys import repeated_key
from graph.document._lenient import Converter
from graph.document._patch import NODE_STAND_INS, patch_items
from graph.document._view import DocumentView
from schemas import MapDocument, Node, Perspective, Problem, Relation, Source, Speaker

Media = Literal["yaml", "json"]

_ITEMS: dict[str, type[msgspec.Struct]] = {
    "sources": Source,
    "speakers": Speaker,
    "nodes": Node,
    "relations": Relation,
    "perspectives": Perspective,
}
_MEDIA_BY_SUFFIX: dict[str, Media] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


# A map document is about six levels deep; anything far deeper is an attack on the parser, not a map.
MAX_DEPTH = 64


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps dates as written, refuses duplicate keys, aliases and absurd nesting.

    A bare ``date: 2026-05-04`` would otherwise become a ``datetime.date`` that no ``str`` field accepts, and
    PyYAML silently keeps the last of two equal keys, which hides editing mistakes in a hand-written map.
    Aliases are refused because a few hundred bytes of nested aliases expand into billions of values ("billion
    laughs") once anything walks the result; a map has no need for them.
    """

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not accepted in a map document: write the value out", mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None, None, f"the document is nested deeper than {MAX_DEPTH} levels", mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"found duplicate key {key!r}",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(slots=True)
class Draft:
    """The outcome of converting a decoded document: the document when complete, and every problem."""

    view: DocumentView
    problems: list[Problem] = field(default_factory=list)
    document: MapDocument | None = None
    masked: frozenset[str] = frozenset()
    """Paths of node fields replaced by stand-ins; semantic problems under them describe the stand-in."""
    unplaced: frozenset[str] = frozenset()
    """Paths of quotes given by their words that could not be placed; their offsets are stand-ins."""


def media_for(path: Path) -> Media | None:
    """The media type a file's extension names, or None when it names none we read."""
    return _MEDIA_BY_SUFFIX.get(path.suffix.lower())


def decode(data: bytes | str, media: str) -> tuple[object, list[Problem]]:
    """Decode YAML or JSON into plain Python data, or report why it cannot be read.

    Raises:
        ValueError: When ``media`` is neither ``yaml`` nor ``json``.
    """
    if media == "json":
        try:
            decoded = msgspec.json.decode(data)
            repeated = repeated_key(data)
        except msgspec.DecodeError as error:
            return None, [Problem(path="$", message=f"not valid JSON: {error}", code="syntax-error")]
        except RecursionError:
            message = f"not valid JSON: nested deeper than {MAX_DEPTH} levels"
            return None, [Problem(path="$", message=message, code="too-deep")]
        if repeated is not None:
            message = f"not valid JSON: found duplicate key {repeated[:100]!r}"
            return None, [Problem(path="$", message=message, code="duplicate-key")]
        if _depth(decoded) > MAX_DEPTH:
            message = f"not valid JSON: nested deeper than {MAX_DEPTH} levels"
            return None, [Problem(path="$", message=message, code="too-deep")]
        return decoded, []
    if media == "yaml":
        try:
            return yaml.load(data, Loader=_Loader), []  # noqa: S506 - _Loader is a SafeLoader
        except yaml.YAMLError as error:
            return None, [
                Problem(path="$", message=f"not valid YAML: {_yaml_error(error)}", code="syntax-error")
            ]
    raise ValueError(f"unknown media {media!r}: expected 'yaml' or 'json'")


def nested_too_deep(value: object) -> bool:
    """Does the decoded JSON ``value`` nest lists and objects deeper than ``MAX_DEPTH`` levels?

    The documented limit of every JSON body, map or not.

    Example:
        >>> nested_too_deep({"a": [[1]]}), nested_too_deep([[]] * 3)
        (False, False)
        >>> deep: list[object] = []
        >>> for _ in range(MAX_DEPTH):
        ...     deep = [deep]
        >>> nested_too_deep(deep)
        True
    """
    return _depth(value) > MAX_DEPTH


def _depth(value: object, limit: int = MAX_DEPTH + 1) -> int:
    """How deeply ``value`` nests lists and objects, counting no further than ``limit``."""
    deepest, level = 0, [value]
    while level and deepest < limit:
        deepest += 1
        level = [
            child
            for item in level
            if isinstance(item, (list, dict))
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, (list, dict))
        ]
    return deepest


def convert(raw: object, *, allow_unknown_fields: bool = False) -> Draft:
    """Convert decoded data into a map document, collecting every structural problem with its path."""
    converter = Converter(allow_unknown_fields=allow_unknown_fields)
    if not isinstance(raw, dict):
        message = "a map document must be a mapping (YAML) or an object (JSON) at the top level"
        return Draft(
            view=DocumentView(complete=False),
            problems=[Problem(path="$", message=f"{message}, not {type(raw).__name__}", code="wrong-type")],
        )
    items: dict[str, list[Any]] = {}
    broken: dict[str, frozenset[str]] = {}
    for struct_field in msgspec.structs.fields(MapDocument):
        name = struct_field.encode_name
        if name not in raw:
            if struct_field.required:
                converter.problems.append(
                    Problem(path=name, message=f"missing required field '{name}'", code="missing-field")
                )
            continue
        if name in _ITEMS:
            converted = converter.items(raw[name], _ITEMS[name], name)
            items[name] = converted or []
            broken[name] = _broken_ids(raw[name], converted)
        else:
            converter.value(raw[name], struct_field.type, name)
    known = {struct_field.encode_name for struct_field in msgspec.structs.fields(MapDocument)}
    if not converter.allow_unknown_fields:
        for key in raw:
            if key not in known:
                converter.unknown_field(str(key), str(key), known)
    problems = converter.problems
    nodes, masked_nodes = patch_items(
        "nodes",
        Node,
        raw.get("nodes"),
        converted=items.get("nodes", []),
        problems=problems,
        stand_ins=NODE_STAND_INS,
    )
    relations, masked_relations = patch_items(
        "relations",
        Relation,
        raw.get("relations"),
        converted=items.get("relations", []),
        problems=problems,
        stand_ins={},
    )
    patched = {node.id for _, node in nodes}
    fmt = raw.get("format", 1)
    view = DocumentView(
        map_id=raw.get("id") if isinstance(raw.get("id"), str) else None,
        format=fmt if isinstance(fmt, int) else 1,
        root=raw.get("root") if isinstance(raw.get("root"), str) else None,
        sources=items.get("sources", []),
        speakers=items.get("speakers", []),
        nodes=nodes,
        relations=relations,
        perspectives=items.get("perspectives", []),
        broken_nodes=broken.get("nodes", frozenset()) - patched,
        broken_speakers=broken.get("speakers", frozenset()),
        broken_sources=broken.get("sources", frozenset()),
        complete=not problems,
    )
    document = msgspec.convert(raw, MapDocument) if not problems else None
    return Draft(view=view, problems=problems, document=document, masked=masked_nodes | masked_relations)


def _broken_ids(raw: object, converted: list[tuple[int, Any]] | None) -> frozenset[str]:
    if not isinstance(raw, list):
        return frozenset()
    good = {index for index, _ in converted or []}
    return frozenset(
        item["id"]
        for index, item in enumerate(raw)
        if index not in good and isinstance(item, dict) and isinstance(item.get("id"), str)
    )


def _yaml_error(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return f"{error.problem} (line {mark.line + 1}, column {mark.column + 1})"
    return str(error)
