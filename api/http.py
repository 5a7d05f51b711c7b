"""HTTP plumbing shared by the controllers: ETags and preconditions, bearer-token writes, body decoding."""

from __future__ import annotations

import hmac
import re
from collections.abc import Callable
from typing import Any

import msgspec
from litestar import MediaType, Request, Response
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.status_codes import HTTP_304_NOT_MODIFIED
from litestar.types import Message, Scope

from api.errors import (
    BAD_REQUEST,
    FORBIDDEN,
    PRECONDITION_FAILED,
    PRECONDITION_REQUIRED,
    UNAUTHORIZED,
    UNSUPPORTED_MEDIA,
    ApiProblem,
)
from api.settings import Settings
from graph.document import load_document
from graph.mapgraph import MapGraph
from graph.service import MapService
from schemas import MapDocument

_TYPED_PARAMETER = re.compile(r":\w+}")
MAP_MEDIA_TYPES = {
    "application/json": "json",
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
    "text/x-yaml": "yaml",
}


def etag(*parts: object) -> str:
    """A strong entity tag from the parts that identify one version of a representation."""
    return '"' + "-".join(str(part) for part in parts) + '"'


def parse_etag_version(header: str | None, prefix: str) -> int | None:
    """The version inside an ``If-Match`` value produced by ``etag(prefix, version)``; None when absent.

    Raises:
        ApiProblem: 412 when the header does not name a version of this resource.
    """
    if header is None:
        return None
    value = header.strip()
    if value == "*":
        return None
    value = value.removeprefix("W/").strip('"')
    head, _, version = value.rpartition("-v")
    if head != prefix or not version.isdigit():
        raise ApiProblem(
            PRECONDITION_FAILED, f"If-Match {header!r} does not match the current ETag of {prefix}"
        )
    return int(version)


def require_if_match(request: Request[Any, Any, Any], prefix: str) -> int | None:
    """The version a write is conditioned on.

    Raises:
        ApiProblem: 428 when ``If-Match`` is missing, 412 when it names another resource.
    """
    header = request.headers.get("if-match")
    if header is None:
        raise ApiProblem(
            PRECONDITION_REQUIRED,
            "send If-Match with the ETag from your last read, so concurrent edits are not lost",
        )
    return parse_etag_version(header, prefix)


def not_modified(request: Request[Any, Any, Any], tag: str) -> bool:
    """True when the client's ``If-None-Match`` already names ``tag``."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    candidates = {item.strip().removeprefix("W/") for item in header.split(",")}
    return "*" in candidates or tag in candidates


def writes_guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Writes need ``Authorization: Bearer <ARGMAP_API_TOKEN>``; with no token configured they are refused.

    Raises:
        ApiProblem: 403 when writes are disabled, 401 when the token is missing or wrong.
    """
    settings: Settings = connection.app.state.settings
    if not settings.api_token:
        raise ApiProblem(FORBIDDEN, "writes are disabled: the server has no ARGMAP_API_TOKEN configured")
    header = connection.headers.get("authorization", "")
    scheme, _separator, token = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        token.strip().encode(), settings.api_token.encode()
    ):
        raise ApiProblem(
            UNAUTHORIZED,
            "send Authorization: Bearer <token> with the server's API token",
            headers={"WWW-Authenticate": 'Bearer realm="argmap"'},
        )


async def read_map_document(request: Request[Any, Any, Any]) -> MapDocument:
    """Decode and validate a map document body (JSON or YAML), listing every problem at once.

    Raises:
        ApiProblem: 415 for another content type, 400 for an empty body.
        InvalidArgumentMap: the document breaks the rules (422).
    """
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    media = MAP_MEDIA_TYPES.get(content_type)
    if media is None:
        raise ApiProblem(
            UNSUPPORTED_MEDIA,
            f"send a map document as {' or '.join(sorted(MAP_MEDIA_TYPES))}, not {content_type}",
        )
    body = await request.body()
    if not body.strip():
        raise ApiProblem(BAD_REQUEST, "the request body is empty: send a map document")
    return load_document(body, media=media)


async def complete_allow_header(message: Message, scope: Scope) -> None:
    """Make ``OPTIONS`` answers list every method of the path.

    Litestar builds its automatic OPTIONS answer when the first handler of a path is registered, so when a
    path has several handlers (``GET`` and ``POST /maps``) the ``Allow`` header misses the later ones. The
    route table itself is complete, so the header is recomputed from it.
    """
    if message["type"] != "http.response.start" or scope.get("method") != "OPTIONS":
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
    if not methods:
        return
    headers = [(name, value) for name, value in message.get("headers", []) if name.lower() != b"allow"]
    headers.append((b"allow", ", ".join(sorted(methods)).encode()))
    message["headers"] = headers


def not_modified_response(tag: str, media_type: str | None = None) -> Response[Any]:
    """A 304 for a client that already holds the representation ``tag`` names."""
    return Response(
        content=b"", status_code=HTTP_304_NOT_MODIFIED, headers={"ETag": tag}, media_type=media_type
    )


def json_body(
    request: Request[Any, Any, Any],
    service: MapService,
    graph: MapGraph,
    tag: str,
    key: tuple[object, ...],
    make: Callable[[], object],
) -> Response[Any]:
    """Answer a read of one map version: 304 when the client holds ``tag``, else the JSON body.

    The encoded body is kept per (map, version, ``key``): the same view of the same version is built and
    encoded once per process, then served as bytes.
    """
    if not_modified(request, tag):
        return not_modified_response(tag)
    body = service.cache.rendered(graph, key)
    if body is None:
        body = msgspec.json.encode(make())
        service.cache.keep_rendered(graph, key, body)
    return Response(content=body, media_type=MediaType.JSON, headers={"ETag": tag})
