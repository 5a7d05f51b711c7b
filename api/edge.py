"""What every response gets at the edge, before routing: HEAD for every GET, CORS, caching, compression.

``ArgmapApp`` is Litestar with one change to its entry point: a ``HEAD`` is answered as the ``GET`` of the
same resource without the body (same status, ``ETag`` and length), and cross-origin rules are applied before
a handler runs. Which requests a page of another origin may make is each route's declared policy
(``api.policy``): reads and the POSTs that only compute (``cross_origin``) are open to every origin unless
``ARGMAP_CORS_ORIGINS`` lists some; every other request (writes) is refused from a foreign origin unless
``ARGMAP_CORS_WRITE_ORIGINS`` lists it.

Example:
    >>> policy = CorsPolicy.from_settings("*", "https://desk.example")
    >>> policy.allows("https://anyone.example", open_to_pages=True)
    True
    >>> policy.allows("https://anyone.example", open_to_pages=False)
    False
    >>> policy.allows("https://desk.example", open_to_pages=False)
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import parse_qsl, urlencode

import msgspec
from litestar import Litestar
from litestar.exceptions import MethodNotAllowedException, NotFoundException
from litestar.types import ASGIApp, Message, Scope, Send
from litestar.utils import normalize_path

from api.compression import CompressedBodies, compressing, negotiate
from api.observability import request_id_of, request_log
from api.policy import policy_of
from graph.service import canonical_name

READS = frozenset({"GET", "HEAD"})
NAMED_PARAMETERS = ("semantics", "contribution")
READ_HEADERS = "Accept, Content-Type, If-None-Match, X-Request-Id"
WRITE_HEADERS = READ_HEADERS + ", Authorization, If-Match"
EXPOSED = "ETag, Location, Retry-After, X-Request-Id, Content-Disposition"
PREFLIGHT_MAX_AGE_S = 600


@dataclass(frozen=True, slots=True)
class CorsPolicy:
    """Which origins may read (``None``: any) and which may write."""

    read_origins: frozenset[str] | None
    write_origins: frozenset[str]

    @classmethod
    def from_settings(cls, read: str, write: str) -> CorsPolicy:
        """From comma-separated lists; ``*`` (the default for reads) means any origin."""
        reads = {item.strip().rstrip("/") for item in read.split(",") if item.strip()}
        writes = {item.strip().rstrip("/") for item in write.split(",") if item.strip()}
        return cls(None if "*" in reads or not reads else frozenset(reads), frozenset(writes))

    def allows(self, origin: str, *, open_to_pages: bool) -> bool:
        """May a page of ``origin`` make a request whose route is (or is not) open to other origins?"""
        if open_to_pages:
            return self.read_origins is None or origin in self.read_origins
        return "*" in self.write_origins or origin in self.write_origins

    def allow_origin(self, origin: str, method: str) -> str:
        """The ``Access-Control-Allow-Origin`` value for an allowed request."""
        is_read = method in READS and self.read_origins is None
        return "*" if is_read else origin


def canonical_query(query: bytes) -> bytes:
    """The query string with semantics and contribution names in the spelling the API declares.

    docs/scoring.md promises case-insensitive names and common spellings; the operations declare the
    canonical names (so the OpenAPI document lists them), and an unknown name is still a 400.

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


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return {name.lower(): value for name, value in scope.get("headers", [])}


def _same_origin(origin: str, headers: dict[bytes, bytes], scope: Scope) -> bool:
    host = headers.get(b"host", b"").decode("latin-1")
    return origin.split("://", 1)[-1] == host and origin.startswith(f"{scope.get('scheme', 'http')}://")


async def _refuse(send: Any, scope: Scope, status: int, detail: str) -> None:
    problem = {
        "type": "https://argmap.dev/problems/forbidden",
        "title": "Not allowed",
        "status": status,
        "detail": detail,
        "request_id": request_id_of(scope),
    }
    body = msgspec.json.encode(problem)
    start: Any = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/problem+json"), (b"vary", b"Origin")],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})


async def _preflight(
    send: Any, scope: Scope, policy: CorsPolicy, origin: str, method: str, open_to_pages: bool
) -> None:
    if not policy.allows(origin, open_to_pages=open_to_pages):
        await _refuse(
            send, scope, 403, f"{method} from {origin[:100]} is not allowed cross-origin on this server"
        )
        return
    writes = not open_to_pages
    headers = [
        (b"access-control-allow-origin", policy.allow_origin(origin, method).encode()),
        (
            b"access-control-allow-methods",
            b"GET, HEAD, POST, PUT, PATCH, DELETE" if writes else b"GET, HEAD, POST",
        ),
        (b"access-control-allow-headers", (WRITE_HEADERS if writes else READ_HEADERS).encode()),
        (b"access-control-max-age", str(PREFLIGHT_MAX_AGE_S).encode()),
        (b"vary", b"Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
    ]
    start: Any = {"type": "http.response.start", "status": 204, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": b""})


def _merge_vary(headers: list[tuple[bytes, bytes]], names: list[bytes]) -> list[tuple[bytes, bytes]]:
    present = [value for name, value in headers if name.lower() == b"vary"]
    values = [v.strip() for value in present for v in value.split(b",") if v.strip()]
    for name in names:
        if name.lower() not in {v.lower() for v in values}:
            values.append(name)
    rest = [(name, value) for name, value in headers if name.lower() != b"vary"]
    return [*rest, (b"vary", b", ".join(values))] if values else rest


def _without_body(send: Send) -> Send:
    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_head


class ArgmapApp(Litestar):
    """Litestar, with ``HEAD``, CORS, caching headers and compression applied to every HTTP request."""

    cors = CorsPolicy(read_origins=None, write_origins=frozenset())
    compressed_bodies: CompressedBodies  # one per app, set by create_app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Answer one ASGI call; only HTTP requests are touched.

        Every HTTP request gets its id and its access log line here, before routing, so a path nothing
        serves (404) or a refused cross-origin request is logged and answered with its id like any other.
        """
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        await self._logged(scope, receive, send)

    def open_to_pages(self, method: str, path: str) -> bool:
        """May pages of other origins make this request, by the policy its route declares?

        Reads are; another method only when its route declares ``cross_origin`` (computations that write
        nothing). A path or method nothing serves counts as a write: refused, never guessed open.
        """
        if method in READS or method == "OPTIONS":
            return True
        try:
            _app, handler, *_rest = self.asgi_router.handle_routing(path=normalize_path(path), method=method)
        except (NotFoundException, MethodNotAllowedException):
            return False
        return policy_of(handler).cross_origin

    @cached_property
    def _logged(self) -> ASGIApp:
        return request_log(self._at_edge)

    async def _at_edge(self, scope: Any, receive: Any, send: Any) -> None:
        headers = _headers(scope)
        method, path = scope["method"], scope["path"]
        origin = headers.get(b"origin", b"").decode("latin-1").rstrip("/")
        foreign = bool(origin) and not _same_origin(origin, headers, scope)
        if foreign and method == "OPTIONS" and b"access-control-request-method" in headers:
            requested = headers[b"access-control-request-method"].decode("latin-1").upper()
            open_to_pages = self.open_to_pages(requested, path)
            await _preflight(send, scope, self.cors, origin, requested, open_to_pages)
            return
        if foreign and not self.cors.allows(origin, open_to_pages=self.open_to_pages(method, path)):
            await _refuse(
                send, scope, 403, f"{method} from {origin[:100]} is not allowed cross-origin on this server"
            )
            return
        state = scope.setdefault("state", {})
        head = method == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        query = scope.get("query_string", b"")
        if b"semantics=" in query or b"contribution=" in query:
            scope = {**scope, "query_string": canonical_query(query)}
        # Outermost last: headers are set, then the body is compressed, then a HEAD loses the body (its
        # Content-Length stays that of the GET).
        outgoing = _without_body(send) if head else send
        coding = (
            negotiate(headers[b"accept-encoding"].decode("latin-1"))
            if b"accept-encoding" in headers
            else None
        )
        if coding is not None:
            outgoing = compressing(outgoing, coding, state, self.compressed_bodies)

        async def edge_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = list(message.get("headers", []))
                names = {name.lower() for name, _ in out}
                if method in READS and b"cache-control" not in names and message["status"] in {200, 304}:
                    # Reads revalidate: a client may keep a body but must ask (If-None-Match) before use.
                    out.append((b"cache-control", b"no-cache"))
                vary = [b"Accept-Encoding"] + ([b"Origin"] if self.cors.read_origins is not None else [])
                out = _merge_vary(out, vary)
                if foreign:
                    allowed = self.cors.allow_origin(origin, method).encode()
                    out += [
                        (b"access-control-allow-origin", allowed),
                        (b"access-control-expose-headers", EXPOSED.encode()),
                    ]
                message = {**message, "headers": out}
            await outgoing(message)

        await super().__call__(scope, receive, edge_send)
