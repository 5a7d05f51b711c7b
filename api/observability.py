"""Every request gets an id and one JSON log line; the id comes back in ``X-Request-Id`` and problem bodies.

A client may send its own ``X-Request-Id`` (letters, digits, ``-``, ``_``, ``.``, up to 64 characters) to tie
our log to theirs; anything else is replaced by a fresh id. The log line holds the method, the path (never the
query string, which may carry a token a client mistakenly put there), the status, the duration and the id;
headers and bodies are never logged, so tokens never reach the log. A request whose client left before the
answer is logged with status 499 (408 or 431 when the server closed it, ``api.serving``), never as a 500.

``argmap serve`` writes access lines in batches (``AccessLines``): one write every quarter of a second, or
sooner when 64 KiB wait, instead of a formatted record and a write per request, which cost a busy server
more than routing the request did. Other processes (``uvicorn --factory api.asgi:app``, the tests) log each
line through ``logging`` as it happens.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import random
import re
import sys
import time
from typing import IO, Any

import msgspec
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from graph.service import AUDIT

REQUEST_ID_HEADER = b"x-request-id"
CLIENT_CLOSED_REQUEST = 499
"""The status logged for a request whose client left before its answer (nginx's convention)."""
_VALID_ID = re.compile(rb"^[A-Za-z0-9._-]{1,64}$")
access_log = logging.getLogger("argmap.access")


class _AccessFields(dict[str, Any]):
    """One request's access log fields; formatted as a message they are their JSON."""

    def __str__(self) -> str:
        return msgspec.json.encode(self).decode()


def request_id_of(scope: Scope) -> str | None:
    """The id given to the request of ``scope`` (None outside an HTTP request)."""
    state: dict[str, Any] = scope.get("state") or {}
    found = state.get("request_id")
    return found if isinstance(found, str) else None


def _incoming_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID_HEADER and _VALID_ID.match(value):
            return value.decode("ascii")
    # An id names a request in the log; it guards nothing, so it needs no cryptographic randomness.
    return f"{random.getrandbits(128):032x}"


def request_log(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: assign the request id, echo it, and log one JSON line per request."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        request_id = _incoming_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500  # what the client sees if the app fails before answering
        answering = gone = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, answering
            if message["type"] == "http.response.start":
                answering = True
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != REQUEST_ID_HEADER]
                message["headers"] = [*headers, (REQUEST_ID_HEADER, request_id.encode("ascii"))]
            await send(message)

        async def receive_noting_departure() -> ReceiveMessage:
            nonlocal gone
            message = await receive()
            if message["type"] == "http.disconnect" and not answering:
                gone = True
            return message

        try:
            await app(scope, receive_noting_departure, send_with_id)
        finally:
            if gone:
                # Whatever the app made of a vanished client (Litestar calls a body cut short a 500), nobody
                # received it: the server refused the request (``api.serving``), or the client closed it.
                status = scope["state"].get("refused_with", CLIENT_CLOSED_REQUEST)
            if _batched is not None:
                _batched.add(
                    scope.get("method"),
                    scope.get("path"),
                    status,
                    round((time.perf_counter() - started) * 1000, 2),
                    request_id,
                )
            elif access_log.isEnabledFor(logging.INFO):
                # The fields travel as the record's arguments: the message reads as JSON, and the
                # formatter embeds them without parsing that JSON back.
                access_log.info(
                    "%s",
                    _AccessFields(
                        method=scope.get("method"),
                        path=scope.get("path"),
                        status=status,
                        duration_ms=round((time.perf_counter() - started) * 1000, 2),
                        request_id=request_id,
                    ),
                )

    return middleware


class AccessLines:
    """Access lines kept in memory and written in one piece every ``interval_s`` or ``max_bytes``.

    Each line is what ``JsonFormatter`` makes of an access record: the same keys, the same time format.

    Example:
        >>> import io
        >>> out = io.StringIO()
        >>> lines = AccessLines(out, clock=lambda: 0.0)
        >>> lines.add("GET", "/maps", 200, 1.25, "abc")  # no event loop here to flush later: written now
        >>> import json; entry = json.loads(out.getvalue())
        >>> entry["logger"], entry["path"], entry["status"], entry["request_id"]
        ('argmap.access', '/maps', 200, 'abc')
    """

    def __init__(
        self,
        stream: IO[str],
        *,
        interval_s: float = 0.25,
        max_bytes: int = 64 * 1024,
        clock: Any = time.time,
    ) -> None:
        self._stream = stream
        self._interval_s = interval_s
        self._max_bytes = max_bytes
        self._clock = clock
        self._pending: list[str] = []
        self._size = 0
        self._timer: asyncio.TimerHandle | None = None
        self._second = -1
        self._stamp = ""

    def add(self, method: object, path: object, status: int, duration_ms: float, request_id: str) -> None:
        """Keep one request's line; written within ``interval_s``, or now when enough are waiting."""
        now = self._clock()
        if int(now) != self._second:
            self._second = int(now)
            self._stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(now))
        line = msgspec.json.encode(
            {
                "time": self._stamp,
                "level": "info",
                "logger": access_log.name,
                "method": method,
                "path": path,
                "status": status,
                "duration_ms": duration_ms,
                "request_id": request_id,
            }
        ).decode()
        self._pending.append(line)
        self._size += len(line) + 1
        if self._size >= self._max_bytes:
            self.flush()
        elif self._timer is None:
            try:
                self._timer = asyncio.get_running_loop().call_later(self._interval_s, self.flush)
            except RuntimeError:  # no event loop: nothing would flush later, so write now
                self.flush()

    def flush(self) -> None:
        """Write every waiting line."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._pending:
            text = "\n".join(self._pending) + "\n"
            self._pending.clear()
            self._size = 0
            self._stream.write(text)
            self._stream.flush()


_batched: AccessLines | None = None


class JsonFormatter(logging.Formatter):
    """One JSON object per line: the time, level, logger, message, and the exception when there is one.

    An access line's fields (the record's arguments) become keys of the object, so a log reader parses every
    line the same way.
    """

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        # logging keeps a lone mapping argument as the record's args.
        if isinstance(record.args, _AccessFields):
            entry |= record.args
        else:
            entry["message"] = record.getMessage()
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return msgspec.json.encode(entry).decode()


def configure_logging(level: str, audit_log: str | None = None) -> None:
    """Send every log record to stderr as JSON lines, at ``level`` (the access log at info).

    The audit log's lines (``argmap.audit``: sign-ins, tokens, roles, refusals) go to the file ``audit_log``
    when given (appended, one JSON object a line), else to stderr beside the others; they are already JSON.
    """
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    audit_handler = logging.FileHandler(audit_log, encoding="utf-8") if audit_log else logging.StreamHandler()
    audit_handler.setFormatter(logging.Formatter("%(message)s"))
    AUDIT.handlers[:] = [audit_handler]
    AUDIT.propagate = False
    root.setLevel(level.upper())
    # The driver logs each retry of a transaction; the outcome is what the request log reports.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    global _batched  # noqa: PLW0603 - the serving process's one writer of access lines
    if _batched is not None:
        _batched.flush()
    _batched = AccessLines(sys.stderr) if access_log.isEnabledFor(logging.INFO) else None
    if _batched is not None:
        atexit.register(_batched.flush)
