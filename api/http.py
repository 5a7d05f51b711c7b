"""HTTP plumbing shared by the controllers: ETags and preconditions, body decoding, representations."""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.status_codes import HTTP_304_NOT_MODIFIED
from litestar.types import ASGIApp, Message, Receive, Send

from api.compression import KEPT_BODY
from api.errors import (
    BAD_REQUEST,
    PRECONDITION_FAILED,
    PRECONDITION_REQUIRED,
    UNSUPPORTED_MEDIA,
    ApiProblem,
)
from graph.service import Representation, ReviewPublisher, content_tag, tag_version

_TYPED_PARAMETER = re.compile(r":\w+}")
MAP_MEDIA_TYPES = {
    "application/json": "json",
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
    "text/x-yaml": "yaml",
}


def public_origin(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """Where clients reach this service (``ARGMAP_PUBLIC_URL``), for every absolute URL it writes.

    Never the request's ``Host``: a client could name any host there, and a cached page or oEmbed answer
    would then send the next reader to it.
    """
    origin: str = connection.app.state.settings.public_origin
    return origin


def review_publisher(connection: ASGIConnection[Any, Any, Any, Any]) -> ReviewPublisher:
    """Who signs the ClaimReview exports: the configured publisher, else the service at its public origin.

    Like every absolute URL, built from the settings alone, never from the request's ``Host``.
    """
    settings = connection.app.state.settings
    origin: str = settings.public_origin
    serving = ReviewPublisher.serving(origin)
    return ReviewPublisher(
        name=settings.publisher_name or serving.name,
        url=settings.publisher_url or serving.url,
        logo=settings.publisher_logo,
    )


def require_if_match(request: Request[Any, Any, Any], resource: str) -> frozenset[int]:
    """The version a write is conditioned on, from ``If-Match`` (RFC 9110 §13.1.1, strong comparison).

    ``*`` is refused: it would let a client overwrite edits it never read. A weak tag (``W/"…"``) never
    matches. Answers every version the header's tags name; the write goes ahead when the map is at one.

    Raises:
        ApiProblem: 428 when ``If-Match`` is missing or ``*``; 412 when no tag names a version of this
            resource.
    """
    header = request.headers.get("if-match")
    if header is None or header.strip() == "*":
        raise ApiProblem(
            PRECONDITION_REQUIRED,
            "send If-Match with the ETag from your last read (not *), so concurrent edits are not lost",
        )
    versions = frozenset(
        version for version in (tag_version(tag, resource) for tag in _tags(header)) if version is not None
    )
    if versions:
        return versions
    raise ApiProblem(
        PRECONDITION_FAILED,
        f"If-Match {header[:200]!r} names no current version of {resource}: read it again for its ETag",
    )


def prefers_minimal(request: Request[Any, Any, Any]) -> bool:
    """Whether the client sent ``Prefer: return=minimal`` (RFC 7240): a write's answer without its body.

    Example:
        >>> from litestar.testing import RequestFactory
        >>> prefers_minimal(RequestFactory().patch("/", headers={"Prefer": "respond-async, return=minimal"}))
        True
        >>> prefers_minimal(RequestFactory().patch("/", headers={"Prefer": "return=representation"}))
        False
    """
    for header in request.headers.getall("prefer", []):
        for preference in header.split(","):
            name, _, value = preference.partition(";")[0].partition("=")
            if name.strip().lower() == "return" and value.strip().strip('"').lower() == "minimal":
                return True
    return False


def _tags(header: str) -> list[str]:
    return [item.strip() for item in header.split(",") if item.strip()]


def not_modified(request: Request[Any, Any, Any], tag: str) -> bool:
    """True when the client's ``If-None-Match`` already names ``tag``."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    # If-None-Match compares weakly (RFC 9110 §13.1.2): W/"x" matches "x".
    candidates = {item.removeprefix("W/") for item in _tags(header)}
    return "*" in candidates or tag in candidates


def matches_if_match(request: Request[Any, Any, Any], tag: str) -> bool:
    """False when the client sent ``If-Match`` and it names neither ``tag`` nor ``*`` (RFC 9110 §13.1.1).

    If-Match compares strongly: a weak tag (``W/"x"``) never matches.
    """
    header = request.headers.get("if-match")
    if header is None:
        return True
    candidates = _tags(header)
    return "*" in candidates or tag in candidates


async def read_map_body(request: Request[Any, Any, Any]) -> tuple[bytes, str]:
    """The raw body of a map document write and its media (``json`` or ``yaml``); decoding is the service's.

    Raises:
        ApiProblem: 415 for another content type, 400 for an empty body.
    """
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    media = MAP_MEDIA_TYPES.get(content_type)
    if media is None:
        raise ApiProblem(
            UNSUPPORTED_MEDIA,
            f"send a map document as {' or '.join(sorted(MAP_MEDIA_TYPES))}, not {content_type[:100]}",
        )
    body = await request.body()
    if not body.strip():
        raise ApiProblem(BAD_REQUEST, "the request body is empty: send a map document")
    return body, media


def complete_allow_header(app: ASGIApp) -> ASGIApp:
    """Litestar middleware: make ``OPTIONS`` answers list every method of the path.

    Litestar builds its automatic OPTIONS answer when the first handler of a path is registered, so when a
    path has several handlers (``GET`` and ``POST /maps``) the ``Allow`` header misses the later ones. The
    route table itself is complete, so the header is recomputed from it. Other methods pass untouched.
    """

    async def middleware(scope: Any, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            await app(scope, receive, send)
            return
        template = scope.get("path_template")
        # The route table spells parameters with their type ({map_id:str}); the scope's template does not.
        methods = next(
            (
                handlers
                for path, handlers in scope["litestar_app"].route_handler_method_map.items()
                if _TYPED_PARAMETER.sub("}", path) == template
            ),
            None,
        )

        async def send_allow(message: Message) -> None:
            if message["type"] == "http.response.start" and methods:
                sent = message.get("headers", [])
                headers = [(name, value) for name, value in sent if name.lower() != b"allow"]
                headers.append((b"allow", ", ".join(sorted(methods)).encode()))
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_allow)

    return middleware


def not_modified_response(tag: str, media_type: str | None = None) -> Response[Any]:
    """A 304 for a client that already holds the representation ``tag`` names."""
    return Response(
        content=b"", status_code=HTTP_304_NOT_MODIFIED, headers={"ETag": tag}, media_type=media_type
    )


def represent_value(request: Request[Any, Any, Any], value: object) -> Response[Any]:
    """Answer a read of ``value`` as JSON tagged by its bytes: 304 when the client holds those bytes."""
    body = msgspec.json.encode(value)
    return represent(request, Representation(tag=content_tag(body), body=body), kept=False)


def represent(request: Request[Any, Any, Any], found: Representation, *, kept: bool = True) -> Response[Any]:
    """Answer a read: 304 when the client's ``If-None-Match`` already names the tag, else the body.

    ``kept``: the service keeps this body object for its version, so the edge compresses it once, not per
    request (``api.compression``).
    """
    if request.method == "GET" and not matches_if_match(request, found.tag):
        raise ApiProblem(
            PRECONDITION_FAILED,
            "If-Match names no current representation of this resource: read it again for its ETag",
        )
    if not_modified(request, found.tag):
        return not_modified_response(found.tag, found.media_type)
    if kept:
        request.scope.setdefault("state", {})[KEPT_BODY] = found.body
    # Litestar adds "; charset=utf-8" to every text/* type itself; saying it twice would repeat it.
    media_type = found.media_type
    if media_type.startswith("text/"):
        media_type = media_type.replace("; charset=utf-8", "")
    return Response(content=found.body, media_type=media_type, headers={"ETag": found.tag})
