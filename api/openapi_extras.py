"""What the OpenAPI document says about every operation beyond its body: security, 304, caching headers, CORS.

The operations are declared in their controllers; these behaviours come from the edge (``api.edge``),
``represent`` and each route's policy (``api.policy``), so they are declared here once, on every documented
operation, before the document is first built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Litestar
from litestar.datastructures import ResponseHeader
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Operation

from api.errors import problem_specs
from api.openapi_documents import declare_written_documents
from api.policy import RoutePolicy, policy_of

CORS_DESCRIPTION = (
    "\n\nCaching: every read answers `ETag` and `Cache-Control: no-cache`; send `If-None-Match` for a 304. "
    "A diagram of a named map version (`GET /maps/{map_id}/diagram?version=N`) is immutable instead: "
    "`Cache-Control: public, max-age=31536000, immutable`. "
    "Every GET answers HEAD too. CORS: reads (GET, HEAD, and the POSTs that only compute: what-if and its "
    "diagram, perspective comparison, the crux, QBAF evaluation) "
    "are open to any origin unless ARGMAP_CORS_ORIGINS lists some; writes are refused from another origin "
    "(403, preflight included) unless ARGMAP_CORS_WRITE_ORIGINS lists it."
)
NOT_MODIFIED = ResponseSpec(
    data_container=None,
    generate_examples=False,
    description="Not modified: the `If-None-Match` tag names the current representation (no body).",
)
# A documentation-only header is never sent by Litestar; its ``value`` is a typical one, from whose type the
# header's schema (a string) is derived: a header without a schema is invalid OpenAPI.
READ_HEADERS = [
    ResponseHeader(
        name="ETag",
        documentation_only=True,
        value='"import-ai-455-v3"',
        description="Names exactly this body; send it as If-None-Match to revalidate.",
    ),
    ResponseHeader(
        name="Cache-Control",
        documentation_only=True,
        value="no-cache",
        description="`no-cache`: keep the body, revalidate before use.",
    ),
    ResponseHeader(
        name="Vary",
        documentation_only=True,
        value="Accept-Encoding",
        description="`Accept-Encoding` (and `Origin` when limited).",
    ),
]


def declare_http_behaviour(app: Litestar) -> None:
    """Declare every documented operation's security and 400, and the 304 and caching headers of a ``GET``.

    The map document a write sends is declared as written (``api.openapi_documents``).
    """
    declare_written_documents(app)
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler) or not handler.resolve_include_in_schema():
                continue
            policy = policy_of(handler)
            handler.operation_class = declaring_security(handler.operation_class, policy)
            if not policy.lenient_query:  # a query parameter it does not take is a 400 (api.strict)
                handler.responses = {**problem_specs([400]), **(handler.responses or {})}
            if "GET" not in handler.http_methods:
                continue
            # 412: an If-Match that names no current representation (RFC 9110 §13.1.1).
            handler.responses = {**problem_specs([412]), **(handler.responses or {}), 304: NOT_MODIFIED}
            present = {header.name for header in handler.response_headers or []}
            extra = [header for header in READ_HEADERS if header.name not in present]
            handler.response_headers = [*(handler.response_headers or []), *extra]


_DECLARING: dict[tuple[type[Operation], RoutePolicy], type[Operation]] = {}


def declaring_security(operation_class: type[Operation], policy: RoutePolicy) -> type[Operation]:
    """``operation_class``, saying the ``security`` of ``policy`` whatever Litestar resolved for the handler.

    Litestar leaves an empty ``security`` out of an operation, and an operation without one reads as "the
    document's default" (there is none): a public one must say ``security: []``, a write the bearer scheme.

    Example:
        >>> from api.policy import READ, WRITE
        >>> read = declaring_security(Operation, READ)(operation_id="read")
        >>> read.security, read.to_schema()["security"]
        ([], [])
        >>> declaring_security(Operation, WRITE)(operation_id="write", security=None).security
        [{'bearer': []}, {'session': []}]
        >>> declaring_security(Operation, READ) is declaring_security(Operation, READ)
        True
    """
    known = _DECLARING.get((operation_class, policy))
    if known is not None:
        return known
    inherited = getattr(operation_class, "__post_init__", None)

    def __post_init__(self: Operation) -> None:
        self.security = policy.security
        if inherited is not None:
            inherited(self)

    namespace: dict[str, Any] = {"__post_init__": __post_init__, "__doc__": operation_class.__doc__}
    declared: type[Operation] = dataclass(type(operation_class.__name__, (operation_class,), namespace))
    _DECLARING[operation_class, policy] = declared
    return declared
