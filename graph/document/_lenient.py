"""Convert plain decoded data into Structs field by field, collecting every problem with its path.

``msgspec.convert`` stops at the first error, which is right for an API body but wrong for a hand-written map:
a teacher fixing a document wants every mistake listed at once. So we walk the Struct's fields ourselves,
recurse into nested Structs and lists of Structs, and let msgspec judge only the leaves.
"""

from __future__ import annotations

import difflib
import enum
import math
import re
import types
import typing
from typing import Any, TypeVar

import msgspec

from graph.document._hints import hint
from schemas import DATE_PATTERN, Problem

S = TypeVar("S", bound=msgspec.Struct)

_AT = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_TYPE_WORDS = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "nothing (null)",
}


class Converter:
    """Converts decoded documents leniently, remembering every problem it meets.

    Args:
        allow_unknown_fields: Accept keys the Struct does not declare (they are dropped). When false, each
            one is a problem, which catches typos such as ``qoutes:`` in hand-written maps.
    """

    def __init__(self, *, allow_unknown_fields: bool = False) -> None:
        self.allow_unknown_fields = allow_unknown_fields
        self.problems: list[Problem] = []

    def struct(self, value: object, cls: type[S], path: str) -> S | None:
        """Convert one mapping to ``cls``; return None (with problems recorded) when it cannot be done."""
        if not isinstance(value, dict):
            self._add(path, f"expected a mapping, got {_describe(value)}", "wrong-type")
            return None
        before = len(self.problems)
        fields = msgspec.structs.fields(cls)
        known = {field.encode_name for field in fields}
        for field in fields:
            where = _join(path, field.encode_name)
            if field.encode_name not in value:
                if field.required:
                    self._add(where, f"missing required field '{field.encode_name}'", "missing-field")
                continue
            self.value(value[field.encode_name], field.type, where)
        if not self.allow_unknown_fields:
            for key in value:
                if key not in known:
                    self.unknown_field(_join(path, str(key)), str(key), known)
        if len(self.problems) > before:
            return None
        try:
            return msgspec.convert(value, cls)
        except msgspec.ValidationError as error:  # pragma: no cover - the field walk should have caught it
            self._leaf_error(path, value, cls, str(error))
            return None

    def items(self, value: object, cls: type[S], path: str) -> list[tuple[int, S]] | None:
        """Convert a list of mappings, keeping each good item with its index; None when not a list."""
        if not isinstance(value, list):
            self._add(path, f"expected a list, got {_describe(value)}", "wrong-type")
            return None
        converted = []
        for index, item in enumerate(value):
            struct = self.struct(item, cls, f"{path}[{index}]")
            if struct is not None:
                converted.append((index, struct))
        return converted

    def value(self, value: object, annotation: Any, path: str) -> None:
        """Check one field value against its annotation, recursing into Structs."""
        inner, meta = _unwrap(annotation)
        if _is_optional(inner):
            if value is None:
                return
            self.value(value, _without_none(inner), path)
            return
        if isinstance(inner, type) and issubclass(inner, msgspec.Struct):
            self.struct(value, inner, path)
            return
        item = _struct_item(inner)
        if item is not None:
            self.items(value, item, path)
            return
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            allowed = [member.value for member in inner]
            if value not in allowed:
                name = path.rsplit(".", 1)[-1]
                meant = hint(name, value)
                self._add(
                    path,
                    f"unknown {name} {_show(value)}; expected one of: {', '.join(map(str, allowed))}"
                    + (f": {meant}" if meant else ""),
                    "unknown-value",
                )
            return
        try:
            converted = msgspec.convert(value, annotation)
        except msgspec.ValidationError as error:
            self._leaf_error(path, value, annotation, str(error), meta)
            return
        if isinstance(converted, float) and not math.isfinite(converted):
            self._add(path, f"{_show(value)} is not a finite number", "not-finite")

    def _leaf_error(
        self, path: str, value: object, annotation: Any, raw: str, meta: msgspec.Meta | None = None
    ) -> None:
        match = _AT.match(raw)
        message = match.group("message") if match else raw
        where = path + ((match.group("path") or "") if match else "")
        if "of length >= 1" in message and "`str`" in message:
            self._add(where, "must not be empty", "empty-text")
        elif "of length" in message:
            self._add(where, f"{_show(value)} has the wrong length: {_words(message)}", "wrong-length")
        elif "matching regex" in message and meta is not None and meta.pattern == DATE_PATTERN:
            self._add(where, f"{_show(value)} is not a date: write it as YYYY-MM-DD", "invalid-date")
        elif "matching regex" in message:
            self._add(
                where,
                f"{_show(value)} is not a valid id: use lower-case letters, digits and hyphens, "
                "starting with a letter or digit (at most 80 characters)",
                "invalid-id",
            )
        elif meta is not None and any(bound in message for bound in ("<", ">")):
            self._add(where, _out_of_range(value, meta), "out-of-range")
        elif where == path and isinstance(value, str | int | float | bool):
            self._add(where, f"{_words(message)}: {_show(value)}", "wrong-type")
        else:
            self._add(where, _words(message), "wrong-type")

    def unknown_field(self, path: str, key: str, known: set[str]) -> None:
        """Record a key the Struct does not declare, suggesting the closest field name."""
        close = difflib.get_close_matches(key, sorted(known), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        self._add(path, f"unknown field '{key}'{hint}", "unknown-field")

    def _add(self, path: str, message: str, code: str) -> None:
        self.problems.append(Problem(path=path or "$", message=message, code=code))


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _unwrap(annotation: Any) -> tuple[Any, msgspec.Meta | None]:
    if typing.get_origin(annotation) is typing.Annotated:
        inner, *extras = typing.get_args(annotation)
        metas = [extra for extra in extras if isinstance(extra, msgspec.Meta)]
        return inner, (metas[0] if metas else None)
    return annotation, None


def _is_optional(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)


def _without_none(annotation: Any) -> Any:
    rest = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    return rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007 - built at runtime


def _struct_item(annotation: Any) -> type[msgspec.Struct] | None:
    if typing.get_origin(annotation) is not list:
        return None
    (item,) = typing.get_args(annotation)
    item, _ = _unwrap(item)
    if isinstance(item, type) and issubclass(item, msgspec.Struct):
        return item
    return None


def _out_of_range(value: object, meta: msgspec.Meta) -> str:
    lower = meta.gt if meta.gt is not None else meta.ge
    upper = meta.lt if meta.lt is not None else meta.le
    if lower is not None and upper is not None:
        low = "(" if meta.gt is not None else "["
        high = ")" if meta.lt is not None else "]"
        return f"{_show(value)} is outside {low}{_number(lower)}, {_number(upper)}{high}"
    if lower is not None:
        return f"{_show(value)} must be {'>' if meta.gt is not None else '>='} {_number(lower)}"
    return f"{_show(value)} must be {'<' if meta.lt is not None else '<='} {_number(upper)}"


def _number(value: float | None) -> str:
    return f"{value:g}" if value is not None else "?"


def _words(message: str) -> str:
    """Turn msgspec's ``Expected `int`, got `str``` into plain words."""

    def word(match: re.Match[str]) -> str:
        return _TYPE_WORDS.get(match.group(1), match.group(1))

    text = re.sub(r"`([a-z]+)`", word, message)
    return text[:1].lower() + text[1:]


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "true or false", int: "an integer"}
    return names.get(type(value), f"a {type(value).__name__}")


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
