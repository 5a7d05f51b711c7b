"""What every request gets before routing: its id and access log line, and ``HEAD`` answered as ``GET``.

``ArgmapApp`` is Litestar with one change to its entry point, for the two things that must happen before a
route is matched: every request (a path nothing serves included) is logged with its id and its answer labelled
so browsers do not sniff it (``api.content_safety``), and a ``HEAD`` is
routed as the ``GET`` of the same resource and answered without the body (same status, ``ETag`` and
length). Everything else at the edge is an ordinary Litestar middleware with one job, registered by
``api.app`` (``EDGE_MIDDLEWARE``): cross-origin rules (``api.cors``), caching headers (``api.caching``),
compression (``api.compression``), the spellings of names (``api.spellings``) and the budgets of expensive
requests (``api.budgets``).
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.types import Message, Send

from api.budgets import budgeted
from api.caching import caching_headers
from api.compression import CompressedBodies, compression
from api.content_safety import labelled_for_browsers
from api.cors import CLOSED, CorsPolicy, cors
from api.observability import request_log
from api.spellings import canonical_names

EDGE_MIDDLEWARE = (cors, compression, caching_headers, canonical_names, budgeted)
"""Outermost first: a refused origin costs nothing more; headers are set before the body is compressed; an
expensive handler's budget and its watch on the client (``api.budgets``) wrap the handler alone."""


def _without_body(send: Send) -> Send:
    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_head


class ArgmapApp(Litestar):
    """Litestar, with each HTTP request logged with its id and ``HEAD`` served as ``GET`` without a body."""

    cors: CorsPolicy = CLOSED
    compressed_bodies: CompressedBodies  # one per app, set by create_app

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._logged = request_log(self._routed)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Answer one ASGI call; only HTTP requests are touched."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        await self._logged(scope, receive, send)

    async def _routed(self, scope: Any, receive: Any, send: Any) -> None:
        send = labelled_for_browsers(send)  # every answer, a path nothing serves included
        if scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}  # a copy: the access log still says HEAD
            send = _without_body(send)
        await super().__call__(scope, receive, send)
