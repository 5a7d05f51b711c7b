"""Map texts made safe for the printed formats: Markdown that shows them literally, HTML that escapes them."""

from __future__ import annotations

import html
import re

# Emphasis, code, links and images, tables, strikethrough: what could turn a text into markup. Texts are one
# line (shortened on whitespace), so the markers that only act at the start of a line need no escape.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]!~|])")


def markdown_text(text: str) -> str:
    r"""``text`` as literal Markdown text: HTML characters as entities, Markdown punctuation backslashed.

    Example:
        >>> print(markdown_text("<script>alert(1)</script> *bold* [x](javascript:y) 0.5"))
        &lt;script&gt;alert(1)&lt;/script&gt; \*bold\* \[x\](javascript:y) 0.5
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", escaped)


def html_text(text: str) -> str:
    """``text`` escaped for HTML, quotes included.

    Example:
        >>> html_text('<a href="x">')
        '&lt;a href=&quot;x&quot;&gt;'
    """
    return html.escape(text)
