"""What every page for people carries: its document's head, security policy, headers and assets' version.

The viewer, the account pages, the editor and the classroom pages all serve pages under these rules; none
of them owns them.
"""

from __future__ import annotations

from litestar import MediaType, Response

from api.markup import esc

ASSET_VERSION = "11"
"""Bumped with any script or stylesheet under ``/static``: browsers that cached the old ones fetch the new."""

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'"
)
"""No inline script or style, nothing from elsewhere; the SVG's presentation attributes are not styles."""


def security_headers(*, frameable: bool = False) -> dict[str, str]:
    """Headers of every page: the CSP, no MIME sniffing, and who may frame it (only the embed page: anyone).

    Example:
        >>> security_headers()["X-Frame-Options"]
        'DENY'
        >>> "X-Frame-Options" in security_headers(frameable=True)
        False
    """
    ancestors = "*" if frameable else "'none'"
    headers = {
        "Content-Security-Policy": f"{CSP}; frame-ancestors {ancestors}",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cache-Control": "no-cache",
    }
    if not frameable:
        headers["X-Frame-Options"] = "DENY"
    return headers


def html_page(
    title: str,
    body: str,
    *,
    stylesheets: tuple[str, ...] = (),
    scripts: tuple[str, ...] = (),
    head: str = "",
    body_class: str = "",
    status_code: int = 200,
    frameable: bool = False,
) -> Response[str]:
    """A whole HTML document around ``body`` (already escaped markup), with every page's headers.

    Every page loads ``viewer.css`` first (the common style, which imports the house style), then its own
    ``stylesheets`` and its deferred ``scripts``, in order, all from ``/static`` at ``ASSET_VERSION``.
    """
    assets = "".join(
        f'<link rel="stylesheet" href="/static/{esc(name)}?v={ASSET_VERSION}">'
        for name in ("viewer.css", *stylesheets)
    )
    assets += "".join(
        f'<script src="/static/{esc(name)}?v={ASSET_VERSION}" defer></script>' for name in scripts
    )
    document = (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>"
        '<link rel="icon" href="data:,">'  # no favicon request, no 404 in every browser console
        f"{assets}{head}</head>"
        f'<body class="{esc(body_class)}">{body}</body></html>'
    )
    headers = security_headers(frameable=frameable)
    return Response(document, status_code=status_code, media_type=MediaType.HTML, headers=headers)
