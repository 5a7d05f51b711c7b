"""How argmap is served over HTTP/1.1: uvicorn with limits on what a client may send and how slowly.

uvicorn's own HTTP protocol accepts a request head of any size (a 64 MiB header is read, and its parsing holds
the event loop for seconds) and waits for ever for a head or a body that trickles in. ``GuardedHttp`` is that
protocol with the limits a public server needs, each from ``Settings``:

- the request line and header block together at most ``max_header_bytes``, and at most ``max_headers`` fields:
  beyond either, ``431 Request Header Fields Too Large`` and the connection closed before more is read;
- a request's head must arrive within ``header_timeout_s`` of the connection opening, or of its first byte
  on a kept-alive connection (whose idle time between requests is uvicorn's keep-alive timeout): a
  connection that sent nothing is closed, one that sent part of a head gets ``408``;
- its body within ``body_timeout_s`` of its head: ``408`` and the connection closed, and the handler that was
  reading it sees the client gone (logged as ``499``, see ``api.observability``), never a 500.

``server_config`` builds the uvicorn configuration every argmap server uses (``argmap serve``, the tests' live
servers, the benchmarks), so the limits are the same everywhere; ``ConfiguredHttp`` takes them from the
environment, for the worker processes of ``argmap serve --workers N``.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.settings import Settings, load_settings

_HEAD_END = b"\r\n\r\n"
_REASONS = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}


def refusal(status: int, detail: str) -> bytes:
    r"""A complete ``application/problem+json`` answer that closes the connection, written below the app.

    Example:
        >>> refusal(431, "too many header fields").split(b"\r\n")[0]
        b'HTTP/1.1 431 Request Header Fields Too Large'
    """
    body = (
        b'{"type":"about:blank","title":"'
        + _REASONS[status]
        + b'","status":'
        + str(status).encode()
        + b',"detail":"'
        + detail.encode("ascii")
        + b'"}'
    )
    head = (
        b"HTTP/1.1 %d %s\r\ncontent-type: application/problem+json\r\ncontent-length: %d\r\n"
        b"connection: close\r\n\r\n" % (status, _REASONS[status], len(body))
    )
    return head + body


class GuardedHttp(HttpToolsProtocol):
    """uvicorn's httptools protocol with head size and count limits and head and body timeouts."""

    max_header_bytes = 32 * 1024
    max_headers = 100
    header_timeout_s = 10.0
    body_timeout_s = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True
        self._head_bytes = 0
        self._head_tail = b""
        self._header_count = 0
        self._too_many = False
        self._refused = False
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """A new connection: its first head must arrive within ``header_timeout_s``."""
        super().connection_made(transport)
        self._arm(self.header_timeout_s, self._head_overdue)

    def connection_lost(self, exc: Exception | None) -> None:
        """The connection is gone: no timer outlives it."""
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Count the bytes of a head before the parser sees them; refuse a head over the limit."""
        if self._refused:
            return
        if self._in_head:
            if self._timer is None:
                # The first bytes of the next request on a kept-alive connection: its head is on the clock.
                self._arm(self.header_timeout_s, self._head_overdue)
            seen = self._head_tail + data
            end = seen.find(_HEAD_END)
            self._head_bytes += len(data) if end < 0 else max(end + len(_HEAD_END) - len(self._head_tail), 0)
            self._head_tail = seen[-(len(_HEAD_END) - 1) :]
            if self._head_bytes > self.max_header_bytes:
                self._refuse(431, f"the request head is larger than {self.max_header_bytes} bytes")
                return
        super().data_received(data)
        if self._too_many and not self._refused:
            self._refuse(431, f"the request has more than {self.max_headers} header fields")

    def on_message_begin(self) -> None:
        """A new request: its header fields are counted afresh."""
        super().on_message_begin()
        self._header_count = 0

    def on_header(self, name: bytes, value: bytes) -> None:
        """Keep a header field, unless the request already has ``max_headers``."""
        self._header_count += 1
        if self._header_count > self.max_headers:
            self._too_many = True
            return
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        """The head is complete: its timer stops and the body's starts; a refused head goes no further."""
        self._in_head = False
        self._disarm()
        if self._too_many:
            return
        super().on_headers_complete()
        self._arm(self.body_timeout_s, self._body_overdue)

    def on_body(self, body: bytes) -> None:
        """Pass on a piece of the body of a request that was not refused."""
        if not self._too_many:
            super().on_body(body)

    def on_message_complete(self) -> None:
        """The body is complete: the next bytes are the next request's head."""
        self._disarm()
        self._in_head, self._head_bytes, self._head_tail = True, 0, b""
        if self._too_many:
            return
        super().on_message_complete()

    def _arm(self, delay: float, callback: Any) -> None:
        self._disarm()
        self._timer = self.loop.call_later(delay, callback)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _head_overdue(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        if self._head_bytes == 0:
            self.transport.close()  # an idle connection: nothing to answer
        else:
            self._refuse(408, f"the request head did not arrive within {self.header_timeout_s:g} s")

    def _body_overdue(self) -> None:
        self._timer = None
        if self.transport.is_closing() or self.cycle is None or not self.cycle.more_body:
            return
        self._refuse(408, f"the request body did not arrive within {self.body_timeout_s:g} s")

    def _refuse(self, status: int, detail: str) -> None:
        self._refused = True
        self._disarm()
        if self.transport.is_closing():
            return
        if self.cycle is None or not self.cycle.response_started:
            self.transport.write(refusal(status, detail))
            if self.cycle is not None and not self.cycle.response_complete:
                # The request log reads this: the handler saw its client leave, but the client was refused.
                self.cycle.scope["state"]["refused_with"] = status
        self.logger.warning("closed a connection from %s: %s", self.client, detail)
        self.transport.close()


class ConfiguredHttp(GuardedHttp):
    """``GuardedHttp`` with the limits of this process's settings (its environment).

    For the worker processes of ``argmap serve --workers N`` (and of ``uvicorn --http
    api.serving:ConfiguredHttp``), which uvicorn starts from an import path: the limits cannot be handed to
    them as a class.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = _environment_settings()
        self.max_header_bytes = settings.max_header_bytes
        self.max_headers = settings.max_headers
        self.header_timeout_s = settings.header_timeout_s
        self.body_timeout_s = settings.body_timeout_s


@functools.cache
def _environment_settings() -> Settings:
    return load_settings()


def server_config(app: Any, settings: Settings, *, host: str, port: int, **options: Any) -> uvicorn.Config:
    """The uvicorn configuration of an argmap server: its protocol's limits and timeouts from ``settings``.

    ``options`` are passed on to ``uvicorn.Config`` (log level, lifespan, proxy headers).
    """
    protocol = type(
        "ArgmapHttp",
        (GuardedHttp,),
        {
            "max_header_bytes": settings.max_header_bytes,
            "max_headers": settings.max_headers,
            "header_timeout_s": settings.header_timeout_s,
            "body_timeout_s": settings.body_timeout_s,
        },
    )
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        timeout_keep_alive=settings.keep_alive_s,
        **options,
    )
