"""JSON request bodies read strictly: an object that names one key twice is refused, not resolved.

Litestar decodes typed bodies (``PATCH /claims``, what-if, QBAF) with msgspec, which keeps the last of two
equal keys. JSON parsers disagree on which value wins, so a proxy or a client library may have read a
different request than the one applied: ``{"base_score": 0.1, "base_score": 0.9}`` must be a 400, as the same
key twice in a map document is (graph.document refuses it there).
"""

from __future__ import annotations

from typing import Any

from litestar import Request

from api.errors import BAD_REQUEST, ApiProblem
from graph.document import repeated_key


def refuse_duplicate_keys(body: bytes, decoded: Any = None) -> None:
    """Raise a 400 problem when any object of the JSON ``body`` names a key twice.

    The body must already have decoded; give the decoded value as ``decoded`` and the usual body is checked
    by counting its keys, not parsed again.

    Raises:
        ApiProblem: 400 naming the first repeated key.
        RecursionError: nested too deeply for the second walk (answered 400 by ``api.errors``).
    """
    if body.count(b'"') < 4:
        return  # fewer than two strings: no object with two keys
    repeated = repeated_key(body) if decoded is None else repeated_key(body, decoded)
    if repeated is not None:
        raise ApiProblem(
            BAD_REQUEST, f"the JSON body names the key {repeated[:100]!r} twice: send each key once"
        )


class StrictJSONRequest(Request[Any, Any, Any]):
    """A request whose JSON body is refused when an object in it repeats a key."""

    async def json(self) -> Any:
        """The decoded JSON body, after checking that no object in it repeats a key."""
        decoded = await super().json()
        refuse_duplicate_keys(await self.body(), decoded)
        return decoded
