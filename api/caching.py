"""Caching headers of every read: ``Cache-Control: no-cache`` unless the handler chose, and ``Vary``.

Reads revalidate: a client may keep a body but must ask (``If-None-Match``) before using it again. A read of
one kept version (``?version=N``) never changes: it is ``immutable`` for a year. A handler that knows better
sets its own ``Cache-Control``. Every response
varies by ``Accept-Encoding`` (it may be compressed), and by ``Origin`` when only some origins may read.

A read made with credentials (a bearer token or the session cookie) may show what only that person may see:
its answer is ``private``, for their browser alone, never kept by a shared cache. Anonymous readers see
public maps only, so their answers may be shared.

Example:
    >>> merge_vary([(b"vary", b"Accept")], [b"Accept-Encoding", b"accept"])
    [(b'vary', b'Accept, Accept-Encoding')]
"""

from __future__ import annotations

from typing import Any

from litestar.types import ASGIApp, Message, Receive, Send

from api.auth import SESSION_COOKIE
from api.params import IMMUTABLE

REVALIDATE = (b"cache-control", b"no-cache")
FOREVER = (b"cache-control", IMMUTABLE.encode())
PRIVATE_REVALIDATE = (b"cache-control", b"private, no-cache")
PRIVATE_FOREVER = (b"cache-control", IMMUTABLE.replace("public", "private").encode())
_READS = frozenset({"GET", "HEAD"})


def merge_vary(headers: list[tuple[bytes, bytes]], names: list[bytes]) -> list[tuple[bytes, bytes]]:
    """``headers`` with one ``Vary`` naming what it named and ``names`` (each once, case-insensitively)."""
    present = [value for name, value in headers if name.lower() == b"vary"]
    values = [v.strip() for value in present for v in value.split(b",") if v.strip()]
    seen = {v.lower() for v in values}
    for name in names:
        if name.lower() not in seen:
            values.append(name)
            seen.add(name.lower())
    rest = [(name, value) for name, value in headers if name.lower() != b"vary"]
    return [*rest, (b"vary", b", ".join(values))] if values else rest


def caching_headers(app: ASGIApp) -> ASGIApp:
    """Litestar middleware: the caching headers every response of a route carries."""

    async def middleware(scope: Any, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        read = scope["method"] in _READS
        pinned = read and _pinned(scope.get("query_string", b""))
        personal = read and _with_credentials(scope)
        cors = getattr(scope["app"], "cors", None)
        vary = (
            [b"Accept-Encoding", b"Origin"]
            if cors is not None and cors.read_origins is not None
            else [b"Accept-Encoding"]
        )

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if personal:
                    headers = [_private(name, value) for name, value in headers]
                if (
                    read
                    and message["status"] in {200, 304}
                    and all(n != b"cache-control" for n, _ in headers)
                ):
                    if personal:
                        headers.append(PRIVATE_FOREVER if pinned else PRIVATE_REVALIDATE)
                    else:
                        headers.append(FOREVER if pinned else REVALIDATE)
                message = {**message, "headers": merge_vary(headers, vary)}
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware


def _private(name: bytes, value: bytes) -> tuple[bytes, bytes]:
    """A handler's own ``public`` caching made ``private`` (the answer was for one signed-in person)."""
    if name.lower() == b"cache-control":
        return name, value.replace(b"public", b"private")
    return name, value


def _with_credentials(scope: Any) -> bool:
    """Does the request carry a bearer token or a session cookie (whatever its worth)?"""
    for name, value in scope.get("headers", ()):
        if name == b"authorization" or (name == b"cookie" and SESSION_COOKIE.encode() in value):
            return True
    return False


def _pinned(query: bytes) -> bool:
    """Does the query name one kept version (``version=N``)?

    Example:
        >>> _pinned(b"top=8&version=3"), _pinned(b"top=8"), _pinned(b"versions=3")
        (True, False, False)
    """
    return any(part.split(b"=", 1)[0] == b"version" for part in query.split(b"&")) if query else False
