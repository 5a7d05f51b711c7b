"""What every page for people carries: its content-security policy, safety headers and assets' version.

The viewer and the account pages both serve pages under these rules; neither owns them.
"""

from __future__ import annotations

ASSET_VERSION = "10"
"""Bumped with the script or stylesheet, so browsers that cached the old ones fetch the new."""

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
