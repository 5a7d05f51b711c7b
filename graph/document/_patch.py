"""Stand-ins for the broken fields of nodes and relations, so the rest of each can still be checked.

A node with a misspelt kind still has a speaker, quotes and relations worth checking; dropping it whole would
hide those problems until the kind is fixed, and a writer would meet them one round at a time. So a broken
field is replaced by a neutral stand-in (or its default) and every semantic problem found at or under that
field's path is dropped again, since it would only describe the stand-in. Relations only get optional fields
(weight, note) dropped: a stand-in for an end or a type would invent an edge.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, TypeVar

import msgspec

from schemas import Problem

S = TypeVar("S", bound=msgspec.Struct)

NODE_STAND_INS: dict[str, object] = {
    "kind": "claim",
    "text": "(invalid)",
    "rationale": "(invalid)",
    "speaker": "invalid-speaker",
    "base_score": 0.5,
}


def patch_items(
    name: str,
    cls: type[S],
    raw: object,
    *,
    converted: list[tuple[int, S]],
    problems: list[Problem],
    stand_ins: dict[str, object],
) -> tuple[list[tuple[int, S]], frozenset[str]]:
    """Add the items whose only faults are in replaceable fields, patched, to ``converted``.

    Args:
        name: The collection's field name in the document (``nodes``).
        cls: The Struct of its items.
        raw: The decoded list.
        converted: The items that converted as written, with their indices.
        problems: The structural problems found so far.
        stand_ins: Values for required fields that may be stood in for.

    Returns:
        The converted and patched items in document order, and the paths of the patched fields, under which
        semantic problems must be ignored.
    """
    if not isinstance(raw, list):
        return converted, frozenset()
    pattern = re.compile(rf"^{name}\[(?P<index>\d+)\]\.(?P<field>[a-z_]+)")
    broken: defaultdict[int, set[str]] = defaultdict(set)
    for problem in problems:
        match = pattern.match(problem.path)
        if match:
            broken[int(match.group("index"))].add(match.group("field"))
    good = {index for index, _ in converted}
    fields = {field.encode_name: field for field in msgspec.structs.fields(cls)}
    items = list(converted)
    masked: set[str] = set()
    for index, fault in broken.items():
        item = raw[index] if index < len(raw) else None
        if index in good or not isinstance(item, dict):
            continue
        patched = _patched(cls, item, fault, fields, stand_ins)
        if patched is None:
            continue
        items.append((index, patched))
        masked.update(f"{name}[{index}].{field}" for field in fault if field in fields)
    items.sort(key=lambda pair: pair[0])
    return items, frozenset(masked)


def is_masked(path: str, masked: frozenset[str]) -> bool:
    """Whether ``path`` is one of the patched field paths or lies under one."""
    return any(path == field or path.startswith((f"{field}.", f"{field}[")) for field in masked)


def _patched(
    cls: type[S], item: dict[str, Any], fault: set[str], fields: dict[str, Any], stand_ins: dict[str, object]
) -> S | None:
    patched = {key: value for key, value in item.items() if key in fields}
    for name in fault & fields.keys():
        if not fields[name].required:
            patched.pop(name, None)
        elif name in stand_ins:
            patched[name] = stand_ins[name]
        else:
            return None
    try:
        return msgspec.convert(patched, cls)
    except msgspec.ValidationError:
        return None
