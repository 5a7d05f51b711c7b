"""Semantics and contribution names in any spelling docs/scoring.md promises, rewritten before parsing.

The operations declare the canonical names (so the OpenAPI document lists them); a client may write them in
any case, with or without dashes (``dfquad``, ``Removal_Intrinsic``), and an unknown name is still a 400.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from litestar.types import ASGIApp, Receive, Send

from graph.service import canonical_name

NAMED_PARAMETERS = ("semantics", "contribution")


def canonical_query(query: bytes) -> bytes:
    """The query string with semantics and contribution names in the spelling the API declares.

    Example:
        >>> canonical_query(b"semantics=dfquad&contribution=Removal_Intrinsic&depth=2")
        b'semantics=DF-QuAD&contribution=removal-intrinsic&depth=2'
    """
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    named = [
        (key, (canonical_name(key, value) or value) if key in NAMED_PARAMETERS else value)
        for key, value in pairs
    ]
    return urlencode(named).encode("latin-1") if named != pairs else query


def canonical_names(app: ASGIApp) -> ASGIApp:
    """Litestar middleware: rewrite ``semantics`` and ``contribution`` to their canonical names."""

    async def middleware(scope: Any, receive: Receive, send: Send) -> None:
        query = scope.get("query_string", b"")
        if b"semantics=" in query or b"contribution=" in query:
            scope["query_string"] = canonical_query(query)
        await app(scope, receive, send)

    return middleware
