"""Feedback added to a printed brief: a map's comments after the brief's own content, in the brief's format.

The brief is built without them (it is one per map version, shared by every reader); the comments are the
caller's to see, so they are added per request to the brief's encoded body: a ``comments`` list in JSON, a
"Feedback" section at the end of Markdown and of the HTML page. Pure.

Example:
    >>> from schemas import Comment
    >>> note = Comment(id="c1", map="m", node="t", relation=None, text="Quote <it>.", author="ms-li",
    ...                created="2026-12-01T09:00:00Z", version=2)
    >>> print(feedback_markdown([note], {"t": "Cats nap."}))
    <BLANKLINE>
    ## Feedback
    <BLANKLINE>
    - On “Cats nap.”: Quote <it>. (ms-li, 2026-12-01, on version 2)
    <BLANKLINE>
    >>> "<li>On “Cats nap.”: Quote &lt;it&gt;. <span class=n>" in feedback_html([note], {"t": "Cats nap."})
    True
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import msgspec

from schemas import Comment

Format = str
SHORT = 120
"""Characters of a node's text a comment quotes to say what it is on."""


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def _on(comment: Comment, texts: Mapping[str, str]) -> str:
    """What the comment is on, in words: the node's text, or the relation's two ends."""
    if comment.node is not None:
        return f"“{_short(texts.get(comment.node, comment.node))}”"
    if comment.relation is not None:
        source = _short(texts.get(comment.relation.source, comment.relation.source))
        target = _short(texts.get(comment.relation.target, comment.relation.target))
        return f"how “{source}” bears on “{target}”"
    return "the map"


def _about(comment: Comment) -> str:
    resolved = "; resolved" if comment.resolved else ""
    return f"({comment.author}, {comment.created[:10]}, on version {comment.version}{resolved})"


def feedback_markdown(comments: Sequence[Comment], texts: Mapping[str, str]) -> str:
    """A "Feedback" section for a Markdown brief, one line per comment, oldest first."""
    lines = [f"- On {_on(c, texts)}: {c.text} {_about(c)}" for c in comments] or ["- None yet."]
    return "\n## Feedback\n\n" + "\n".join(lines) + "\n"


def feedback_html(comments: Sequence[Comment], texts: Mapping[str, str]) -> str:
    """A "Feedback" section for an HTML brief, every text escaped."""
    e = html.escape
    rows = "".join(
        f"<li>On {e(_on(c, texts))}: {e(c.text)} <span class=n>{e(_about(c))}</span></li>" for c in comments
    )
    return f"<section class=feedback><h2>Feedback</h2><ul>{rows or '<li>None yet.</li>'}</ul></section>"


def with_feedback(
    body: bytes, format: Format, comments: Sequence[Comment], texts: Mapping[str, str]
) -> bytes:
    """The brief's encoded ``body`` (``json``, ``markdown`` or ``html``) with the comments added.

    Example:
        >>> with_feedback(b'{"side": "pro"}', "json", [], {})
        b'{"side":"pro","comments":[]}'
        >>> with_feedback(b"<p>x</p></body></html>", "html", [], {}).decode()
        '<p>x</p><section class=feedback><h2>Feedback</h2><ul><li>None yet.</li></ul></section></body></html>'
    """
    if format == "json":
        brief = msgspec.json.decode(body)
        brief["comments"] = msgspec.to_builtins(list(comments))
        return msgspec.json.encode(brief)
    if format == "markdown":
        return body.rstrip(b"\n") + b"\n" + feedback_markdown(comments, texts).encode()
    page = body.decode()
    section = feedback_html(comments, texts)
    at = page.rfind("</body>")
    return (page[:at] + section + page[at:] if at >= 0 else page + section).encode()
