"""Repeated keys in JSON: parsers disagree on which value wins, so argmap refuses such objects everywhere."""

from __future__ import annotations

import json
import re
from typing import Any

import msgspec

# The end of a key: in JSON text without escapes, the only quotes followed by a colon.
_KEY = re.compile(rb'"\s*:')
_UNSET: Any = object()


class _Repeated(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Repeated(key)
        result[key] = value
    return result


def repeated_key(data: bytes | str, decoded: Any = _UNSET) -> str | None:
    """The first key some object of the JSON ``data`` names twice, or None.

    Call it on data another decoder has already accepted: text the standard library cannot read is None
    here, so that decoder's verdict stands. Pass what that decoder made of it as ``decoded`` to make the
    common case (no key repeated) a count rather than a second parse.

    Raises:
        RecursionError: nested too deeply for the standard library to walk.

    Example:
        >>> repeated_key(b'{"a": 1, "b": {"c": 2, "c": 3}}')
        'c'
        >>> repeated_key('{"a": 1}') is None
        True
    """
    if decoded is not _UNSET:
        raw = data.encode() if isinstance(data, str) else data
        # Decoding keeps one value per key, so ``decoded`` holds fewer keys than the text writes exactly when
        # some object repeats one. In JSON without a backslash every quote delimits a string and a key is a
        # string followed by a colon, so both sides are counted in C: the text as sent, and ``decoded``
        # encoded again. Only a body that may repeat a key is parsed a second time, to name it.
        if b"\\" not in raw:
            again = msgspec.json.encode(decoded)
            if b"\\" not in again and len(_KEY.findall(raw)) == again.count(b'":'):
                return None
    try:
        json.loads(data, object_pairs_hook=_unique)
    except _Repeated as error:
        return error.key
    except ValueError:
        return None
    return None
