"""What the OpenAPI document says about every read beyond its body: 304, ``ETag`` and ``Cache-Control``, CORS.

The operations are declared in their controllers; these behaviours come from the edge (``api.edge``) and
``represent``, the same for every ``GET``, so they are declared here once, on every ``GET`` operation, before
the document is first built.
"""

from __future__ import annotations

from litestar import Litestar
from litestar.datastructures import ResponseHeader
from litestar.openapi import ResponseSpec

CORS_DESCRIPTION = (
    "\n\nCaching: every read answers `ETag` and `Cache-Control: no-cache`; send `If-None-Match` for a 304. "
    "A diagram of a named map version (`GET /maps/{map_id}/diagram?version=N`) is immutable instead: "
    "`Cache-Control: public, max-age=31536000, immutable`. "
    "Every GET answers HEAD too. CORS: reads (GET, HEAD, and the POSTs that only compute: what-if and its "
    "diagram, perspective comparison, QBAF evaluation) "
    "are open to any origin unless ARGMAP_CORS_ORIGINS lists some; writes are refused from another origin "
    "(403, preflight included) unless ARGMAP_CORS_WRITE_ORIGINS lists it."
)
NOT_MODIFIED = ResponseSpec(
    data_container=None,
    generate_examples=False,
    description="Not modified: the `If-None-Match` tag names the current representation (no body).",
)
READ_HEADERS = [
    ResponseHeader(
        name="ETag",
        documentation_only=True,
        description="Names exactly this body; send it as If-None-Match to revalidate.",
    ),
    ResponseHeader(
        name="Cache-Control",
        documentation_only=True,
        description="`no-cache`: keep the body, revalidate before use.",
    ),
    ResponseHeader(
        name="Vary", documentation_only=True, description="`Accept-Encoding` (and `Origin` when limited)."
    ),
]


def declare_http_behaviour(app: Litestar) -> None:
    """Add the 304 response and the caching headers to every documented ``GET`` of ``app``."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if "GET" not in handler.http_methods or not handler.include_in_schema:
                continue
            handler.responses = {**(handler.responses or {}), 304: NOT_MODIFIED}
            present = {header.name for header in handler.response_headers or []}
            extra = [header for header in READ_HEADERS if header.name not in present]
            handler.response_headers = [*(handler.response_headers or []), *extra]
