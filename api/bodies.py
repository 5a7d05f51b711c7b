"""JSON request bodies read strictly: empty, too deep, or naming one key twice, each is a 400.

Litestar decodes typed bodies (``PATCH /claims``, what-if, QBAF) with msgspec, which keeps the last of two
equal keys. JSON parsers disagree on which value wins, so a proxy or a client library may have read a
different request than the one applied: ``{"base_score": 0.1, "base_score": 0.9}`` must be a 400, as the same
key twice in a map document is (graph.document refuses it there). And as documented, a body nests at most 64
levels, and an empty body is a malformed request, not a missing field.
"""

from __future__ import annotations

from typing import Any

from litestar import Request

from api.errors import BAD_REQUEST, ApiProblem
from graph.document import MAX_DEPTH, nested_too_deep, repeated_key

EMPTY_BODY = "the request body is empty: send a JSON object"


def refuse_deep(body: bytes, decoded: Any) -> None:
    """Raise a 400 problem for a body nested deeper than the documented 64 levels."""
    if body.count(b"[") + body.count(b"{") > MAX_DEPTH and nested_too_deep(decoded):
        raise ApiProblem(BAD_REQUEST, f"the JSON body is nested deeper than {MAX_DEPTH} levels")


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
    """A request whose JSON body is refused when it is empty, nests too deeply or repeats a key."""

    async def body(self) -> bytes:
        """The body; an empty one is a 400 for a handler that takes one (Litestar would call it missing)."""
        body = await super().body()
        if not body.strip() and "data" in self.route_handler.parsed_fn_signature.parameters:
            raise ApiProblem(BAD_REQUEST, EMPTY_BODY)
        return body

    async def json(self) -> Any:
        """The decoded JSON body, after checking its depth and that no object in it repeats a key."""
        body = await self.body()
        decoded = await super().json()
        refuse_deep(body, decoded)
        refuse_duplicate_keys(body, decoded)
        return decoded
