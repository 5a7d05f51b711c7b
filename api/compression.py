"""Response compression: ``br`` or ``gzip`` as ``Accept-Encoding`` asks; kept bodies are compressed once.

Text bodies (JSON, SVG, DOT, YAML, HTML, CSS, JavaScript) of at least ``MINIMUM_SIZE`` bytes are compressed;
PNG and PDF are compressed already and pass as they are. The coding is chosen as RFC 9110 §12.5.3 says:
the highest ``q`` wins, ``br`` before ``gzip`` when they tie, nothing when the client names neither (or gives
both ``q=0``).

A body the service keeps per map version (a tree, a claim page, a diagram, a search answer) is the same bytes
object on every request for that version, so its compressed form is kept next to it in ``CompressedBodies``
and made once per body and coding, not once per request. Other bodies are compressed as they are sent.

Example:
    >>> negotiate("gzip, deflate, br")
    'br'
    >>> negotiate("gzip;q=1.0, br;q=0.5")
    'gzip'
    >>> negotiate("identity") is None
    True
    >>> import gzip
    >>> gzip.decompress(compress(b'{"a": 1}' * 200, "gzip")) == b'{"a": 1}' * 200
    True
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any, Protocol, cast

import brotli  # type: ignore[import-untyped]
from litestar.types import ASGIApp, Message, Receive, Send

from graph.lru import LRU

ENCODINGS = ("br", "gzip")
# The scope state entry naming the body of a response that the service keeps (see ``CompressedBodies``).
KEPT_BODY = "argmap.kept_body"
# A body under a packet is not worth the CPU, and a tiny body can grow.
MINIMUM_SIZE = 1024
GZIP_LEVEL = 6
MAX_ENTRIES = 16_384  # compressed forms kept; the byte bound is usually reached first
BROTLI_QUALITY = 5
_TEXT_TYPES = frozenset(
    {
        "application/javascript",
        "application/xml",
        "application/yaml",
        "application/x-yaml",
        "image/svg+xml",
    }
)


def negotiate(accept_encoding: str) -> str | None:
    """The coding to answer with for an ``Accept-Encoding`` value (None: send the body as it is)."""
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        name, _, parameters = item.strip().partition(";")
        weight = 1.0
        key, _, value = parameters.strip().partition("=")
        if key.strip().lower() == "q":
            try:
                weight = float(value)
            except ValueError:
                weight = 0.0
        weights[name.strip().lower()] = weight
    wildcard = weights.get("*", 0.0)
    chosen = max(ENCODINGS, key=lambda coding: (weights.get(coding, wildcard), -ENCODINGS.index(coding)))
    return chosen if weights.get(chosen, wildcard) > 0 else None


def compressible(content_type: str) -> bool:
    """Whether bodies of this media type shrink when compressed (text does; PNG and PDF do not)."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media.startswith("text/") or media.endswith(("json", "+xml")) or media in _TEXT_TYPES


def compress(body: bytes, coding: str) -> bytes:
    """``body`` compressed with ``coding`` (``br`` or ``gzip``) in one piece."""
    encoder = StreamEncoder(coding)
    return encoder.chunk(body) + encoder.finish()


class _Compressor(Protocol):
    def process(self, data: bytes) -> bytes: ...

    def finish(self) -> bytes: ...


class _Gzip:
    def __init__(self) -> None:
        # wbits 31: a gzip header and trailer around the deflate stream (RFC 1952).
        self._zlib = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)

    def process(self, data: bytes) -> bytes:
        return self._zlib.compress(data)

    def finish(self) -> bytes:
        return self._zlib.flush()


class StreamEncoder:
    """Compresses a body sent in several messages (static files), one chunk at a time."""

    def __init__(self, coding: str) -> None:
        self._compressor: _Compressor = (
            brotli.Compressor(quality=BROTLI_QUALITY) if coding == "br" else _Gzip()
        )

    def chunk(self, data: bytes) -> bytes:
        """The compressed bytes ready after ``data``."""
        return self._compressor.process(data)

    def finish(self) -> bytes:
        """The rest of the compressed stream."""
        return self._compressor.finish()


class CompressedBodies:
    """Compressed forms of the bodies the service keeps, by body and coding, bounded in total size.

    Entries are keyed by the body object's identity and hold the body itself, so an identity cannot be reused
    by another object while its entry lives; the bound counts both.

    Example:
        >>> kept = CompressedBodies(max_bytes=1 << 20)
        >>> body = b"x" * 5000
        >>> kept.compressed(body, "gzip") is kept.compressed(body, "gzip")
        True
        >>> kept.made
        1
    """

    def __init__(self, max_bytes: int = 32 * 1024 * 1024) -> None:
        self._items: LRU[tuple[bytes, bytes]] = LRU(MAX_ENTRIES, _pair_size, max_bytes)
        self.made = 0

    def compressed(self, body: bytes, coding: str) -> bytes:
        """``body`` compressed with ``coding``, made the first time this body is asked for."""
        key = (id(body), coding)
        found = self._items.get(key)
        if found is not None and found[0] is body:
            return found[1]
        made = compress(body, coding)
        self.made += 1
        self._items.put(key, (body, made))
        return made


def _pair_size(pair: tuple[bytes, bytes]) -> int:
    return len(pair[0]) + len(pair[1])


def compressing(send: Send, coding: str, state: dict[str, Any], kept: CompressedBodies) -> Send:
    """Wrap an ASGI ``send`` so that a compressible response goes out in ``coding``.

    A body that is ``state[KEPT_BODY]`` (the service keeps it; ``api.http.represent`` marks it) is
    compressed through ``kept``, once; any other body as it passes. A body sent in several messages is
    compressed as a stream.
    """
    waiting: Message | None = None
    encoder: StreamEncoder | None = None

    async def compressing_send(message: Message) -> None:
        nonlocal waiting, encoder
        if message["type"] == "http.response.start":
            if _should_compress(message["status"], message.get("headers", [])):
                waiting = message  # the body decides: small bodies go as they are
                return
            await send(message)
            return
        if message["type"] != "http.response.body" or (waiting is None and encoder is None):
            await send(message)
            return
        body, more = message.get("body", b""), message.get("more_body", False)
        if encoder is not None:
            chunk = encoder.chunk(body) + (b"" if more else encoder.finish())
            await send({**message, "body": chunk})
            return
        start, waiting = waiting, None
        if start is None:
            return
        if more:
            encoder = StreamEncoder(coding)
            await send(_encoded(start, coding, None))
            await send({**message, "body": encoder.chunk(body)})
            return
        if len(body) < MINIMUM_SIZE:
            await send(start)
            await send(message)
            return
        data = kept.compressed(body, coding) if state.get(KEPT_BODY) is body else compress(body, coding)
        await send(_encoded(start, coding, len(data)))
        await send({**message, "body": data})

    return compressing_send


def _should_compress(status: int, headers: Iterable[tuple[bytes, bytes]]) -> bool:
    if status < 200 or status in {204, 304}:
        return False
    content_type = b""
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"content-encoding":
            return False
        if lowered == b"content-type":
            content_type = value
    return compressible(content_type.decode("latin-1"))


def _encoded(start: Message, coding: str, length: int | None) -> Message:
    replaced = {b"content-length", b"content-encoding"}
    sent = cast("Iterable[tuple[bytes, bytes]]", start.get("headers", []))
    headers = [(name, value) for name, value in sent if name.lower() not in replaced]
    headers.append((b"content-encoding", coding.encode()))
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    return {**start, "headers": headers}  # type: ignore[return-value]


def compression(app: ASGIApp) -> ASGIApp:
    """Litestar middleware: answer in the coding ``Accept-Encoding`` prefers (the app's kept bodies once)."""

    async def middleware(scope: Any, receive: Receive, send: Send) -> None:
        coding = None
        if scope["type"] == "http":
            for name, value in scope["headers"]:
                if name == b"accept-encoding":
                    coding = negotiate(value.decode("latin-1"))
                    break
        if coding is None:
            await app(scope, receive, send)
            return
        kept: CompressedBodies = scope["app"].compressed_bodies
        await app(scope, receive, compressing(send, coding, scope.setdefault("state", {}), kept))

    return middleware
