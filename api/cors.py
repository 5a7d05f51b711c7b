"""Cross-origin requests: which pages of other sites may call a route, by the policy the route declares.

Reads and the POSTs that only compute (a route's ``cross_origin``, ``api.policy``) are open to every origin
unless ``ARGMAP_CORS_ORIGINS`` lists some; every other request (writes) is refused from a foreign origin
unless ``ARGMAP_CORS_WRITE_ORIGINS`` lists it, preflight included. A page of the server's own origin is not
cross-origin. ``cors`` is a Litestar middleware: it runs on a matched route, so its handler's policy is at
hand; a preflight asks the router for the handler of the method it announces.

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
from typing import Any, cast

import msgspec
from litestar.exceptions import MethodNotAllowedException, NotFoundException
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils import normalize_path

from api.errors import FORBIDDEN
from api.observability import request_id_of
from api.policy import policy_of

READS = frozenset({"GET", "HEAD"})
READ_HEADERS = "Accept, Content-Type, If-None-Match, X-Request-Id"
WRITE_HEADERS = READ_HEADERS + ", Authorization, If-Match"
EXPOSED = b"ETag, Location, Retry-After, X-Request-Id, Content-Disposition"
PREFLIGHT_MAX_AGE_S = 600


@dataclass(frozen=True, slots=True)
class CorsPolicy:
    """Which origins may read (``None``: any) and which may write."""

    read_origins: frozenset[str] | None
    write_origins: frozenset[str]
    own_origin: str = ""
    """The service's public origin (``ARGMAP_PUBLIC_URL``): its own pages are not cross-origin."""

    @classmethod
    def from_settings(cls, read: str, write: str, own: str = "") -> CorsPolicy:
        """From comma-separated lists; ``*`` (the default for reads) means any origin."""
        reads = {item.strip().rstrip("/") for item in read.split(",") if item.strip()}
        writes = {item.strip().rstrip("/") for item in write.split(",") if item.strip()}
        return cls(
            None if "*" in reads or not reads else frozenset(reads), frozenset(writes), own.rstrip("/")
        )

    def allows(self, origin: str, *, open_to_pages: bool) -> bool:
        """May a page of ``origin`` make a request whose route is (or is not) open to other origins?"""
        if open_to_pages:
            return self.read_origins is None or origin in self.read_origins
        return "*" in self.write_origins or origin in self.write_origins

    def allow_origin(self, origin: str, method: str) -> str:
        """The ``Access-Control-Allow-Origin`` value for an allowed request."""
        is_read = method in READS and self.read_origins is None
        return "*" if is_read else origin


CLOSED = CorsPolicy(read_origins=None, write_origins=frozenset())
"""Reads open to all, writes to none: the policy of an app whose settings say nothing."""


def _foreign_origin(scope: Scope, own: str) -> str | None:
    """The ``Origin`` of a request from another site's page, else None.

    Exactly the service's public origin is its own (a browser sends it so, RFC 6454); ``Host`` is not
    consulted, since a client chooses it, and a near miss (a trailing slash, another port) is foreign.
    """
    for name, value in scope["headers"]:
        if name == b"origin":
            text = value.decode("latin-1")
            return None if text == own else text
    return None


def open_to_pages(scope: Any, method: str) -> bool:
    """May pages of other origins make a ``method`` request to this path, by its route's policy?

    Reads are; another method only when its route declares ``cross_origin``. A method the path does not
    take counts as a write: refused, never guessed open.
    """
    if method in READS or method == "OPTIONS":
        return True
    if method == scope["method"]:
        return policy_of(scope["route_handler"]).cross_origin
    router = scope["app"].asgi_router
    try:
        _app, handler, *_rest = router.handle_routing(path=normalize_path(scope["path"]), method=method)
    except (NotFoundException, MethodNotAllowedException):
        return False
    return policy_of(handler).cross_origin


def cors(app: ASGIApp) -> ASGIApp:
    """Litestar middleware: answer preflights, refuse what the route does not open, label the rest."""

    async def middleware(scope: Any, receive: Receive, send: Send) -> None:
        policy: CorsPolicy = getattr(scope["app"], "cors", CLOSED)
        origin = _foreign_origin(scope, policy.own_origin) if scope["type"] == "http" else None
        if origin is None:
            await app(scope, receive, send)
            return
        method = scope["method"]
        requested = _header(scope, b"access-control-request-method")
        if method == "OPTIONS" and requested:
            await _preflight(send, scope, policy, origin, requested.upper())
            return
        if not policy.allows(origin, open_to_pages=open_to_pages(scope, method)):
            await _refuse(
                send, scope, f"{method} from {origin[:100]} is not allowed cross-origin on this server"
            )
            return
        allowed = policy.allow_origin(origin, method).encode()

        async def labelled(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"access-control-allow-origin", allowed),
                    (b"access-control-expose-headers", EXPOSED),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, labelled)

    return middleware


def _refusal(method: str, origin: str) -> str:
    return f"{method} from {origin[:100]} is not allowed cross-origin on this server"


def _header(scope: Scope, wanted: bytes) -> str:
    for name, value in scope["headers"]:
        if name == wanted:
            return str(value.decode("latin-1"))
    return ""


async def _refuse(send: Send, scope: Scope, detail: str) -> None:
    problem = {
        "type": FORBIDDEN.uri,
        "title": FORBIDDEN.title,
        "status": FORBIDDEN.status,
        "detail": detail,
        "request_id": request_id_of(scope),
    }
    body = msgspec.json.encode(problem)
    start: Any = {
        "type": "http.response.start",
        "status": 403,
        "headers": [(b"content-type", b"application/problem+json"), (b"vary", b"Origin")],
    }
    await send(start)
    await send(cast("Message", {"type": "http.response.body", "body": body}))


async def _preflight(send: Send, scope: Scope, policy: CorsPolicy, origin: str, method: str) -> None:
    opened = open_to_pages(scope, method)
    if not policy.allows(origin, open_to_pages=opened):
        await _refuse(send, scope, _refusal(method, origin))
        return
    headers: list[tuple[bytes, bytes]] = [
        (b"access-control-allow-origin", policy.allow_origin(origin, method).encode()),
        (
            b"access-control-allow-methods",
            b"GET, HEAD, POST" if opened else b"GET, HEAD, POST, PUT, PATCH, DELETE",
        ),
        (b"access-control-allow-headers", (READ_HEADERS if opened else WRITE_HEADERS).encode()),
        (b"access-control-max-age", str(PREFLIGHT_MAX_AGE_S).encode()),
        (b"vary", b"Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
    ]
    start: Any = {"type": "http.response.start", "status": 204, "headers": headers}
    await send(start)
    await send(cast("Message", {"type": "http.response.body", "body": b""}))
