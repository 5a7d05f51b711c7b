"""Repeated keys in JSON: parsers disagree on which value wins, so argmap refuses such objects everywhere."""

from __future__ import annotations

import json
from typing import Any


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


def repeated_key(data: bytes | str) -> str | None:
    """The first key some object of the JSON ``data`` names twice, or None.

    Call it on data another decoder has already accepted: text the standard library cannot read is None
    here, so that decoder's verdict stands.

    Raises:
        RecursionError: nested too deeply for the standard library to walk.

    Example:
        >>> repeated_key(b'{"a": 1, "b": {"c": 2, "c": 3}}')
        'c'
        >>> repeated_key('{"a": 1}') is None
        True
    """
    try:
        json.loads(data, object_pairs_hook=_unique)
    except _Repeated as error:
        return error.key
    except ValueError:
        return None
    return None
