"""The pages' small helpers for markup and links: every map text escaped, every id percent-encoded."""

from __future__ import annotations

import html
from urllib.parse import quote, urlencode


def esc(value: object) -> str:
    """Text for HTML content or a quoted attribute: ``& < > " '`` become entities.

    Example:
        >>> esc('<script>"x" & y</script>')
        '&lt;script&gt;&quot;x&quot; &amp; y&lt;/script&gt;'
    """
    return html.escape(str(value), quote=True)


def with_query(path: str, query: dict[str, str]) -> str:
    """``path`` with ``query`` encoded, or bare.

    Example:
        >>> with_query("/maps/m/view", {"top": "8", "version": "2"})
        '/maps/m/view?top=8&version=2'
        >>> with_query("/maps/m/view", {})
        '/maps/m/view'
    """
    return f"{path}?{urlencode(query)}" if query else path


def map_path(map_id: str) -> str:
    """``/maps/<id>`` with the id percent-encoded.

    Example:
        >>> map_path("a/b")
        '/maps/a%2Fb'
    """
    return f"/maps/{quote(map_id, safe='')}"
