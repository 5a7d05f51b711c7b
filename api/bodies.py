"""JSON request bodies read strictly: an object that names one key twice is refused, not resolved.

Litestar decodes typed bodies (``PATCH /claims``, what-if, QBAF) with msgspec, which keeps the last of two
equal keys. JSON parsers disagree on which value wins, so a proxy or a client library may have read a
different request than the one applied: ``{"base_score": 0.1, "base_score": 0.9}`` must be a 400, as the same
key twice in a map document is (graph.document refuses it there).
"""

from __future__ import annotations

import json
from typing import Any

from litestar import Request

from api.errors import BAD_REQUEST, ApiProblem


class _DuplicateKey(ValueError):
    """A JSON object names one key twice."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def refuse_duplicate_keys(body: bytes) -> None:
    """Raise a 400 problem when any object of the JSON ``body`` names a key twice.

    The body must already have decoded (this walks it a second time, with the standard library, only to see
    every key).

    Raises:
        ApiProblem: 400 naming the first repeated key.
        RecursionError: nested too deeply for the second walk (answered 400 by ``api.errors``).
    """
    if body.count(b'"') < 4:
        return  # fewer than two strings: no object with two keys
    try:
        json.loads(body, object_pairs_hook=_unique_pairs)
    except _DuplicateKey as error:
        raise ApiProblem(
            BAD_REQUEST, f"the JSON body names the key {str(error)[:100]!r} twice: send each key once"
        ) from None
    except ValueError:
        return  # msgspec read it and the standard library cannot: msgspec's reading is the one applied


class StrictJSONRequest(Request[Any, Any, Any]):
    """A request whose JSON body is refused when an object in it repeats a key."""

    async def json(self) -> Any:
        """The decoded JSON body, after checking that no object in it repeats a key."""
        decoded = await super().json()
        refuse_duplicate_keys(await self.body())
        return decoded
