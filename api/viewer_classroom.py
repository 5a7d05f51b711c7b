"""The viewer's classroom parts: the menu of a map's stored perspectives, and the feedback on its nodes.

The perspective menu is a plain GET form (it works without the script): choosing one reloads the viewer with
``?perspective=NAME``, every other parameter of the page kept; the empty choice is the map as mapped. The
feedback is the map's comments, listed under the drawing for those who may read them (its owner, its group's
editors and admins: ``graph.classroom``); ``classroom.js`` shows a node's own in the side panel.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from api.errors import BAD_REQUEST, ApiProblem
from api.markup import esc
from graph.errors import Forbidden, NotFound
from graph.mapgraph import MapGraph
from graph.service import MapService, Principal
from schemas import Comment

PERSPECTIVE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
AS_MAPPED_LABEL = "as mapped"
SHORT = 80
"""Characters of a node's text a comment shows to say what it is on."""


def form_perspective(text: str | None) -> str | None:
    """The perspective a viewer's query names: None for none or the menu's empty choice.

    Raises:
        ApiProblem: 400 for a name no perspective can have.

    Example:
        >>> form_perspective(""), form_perspective("benchmark-sceptic")
        (None, 'benchmark-sceptic')
    """
    if not text:
        return None
    if not PERSPECTIVE_NAME.match(text):
        raise ApiProblem(BAD_REQUEST, f"perspective: {text[:80]!r} is not a perspective's name")
    return text


def perspective_menu(graph: MapGraph, chosen: str | None, query: dict[str, str]) -> str:
    """The menu of the map's stored perspectives as a GET form to the viewer; "" when it keeps none.

    ``query``: the page's parameters, kept by the form (all but ``perspective``, which the menu sets).

    Example:
        >>> from schemas import MapDocument, Perspective
        >>> doc = MapDocument(id="m", title="t", sources=[], speakers=[], nodes=[],
        ...                   perspectives=[Perspective(name="sceptic", rationale="Doubts it.")])
        >>> menu = perspective_menu(MapGraph(doc, 1, {}), "sceptic", {"top": "0", "perspective": "x"})
        >>> '<option value="sceptic" selected>' in menu, 'name="top" value="0"' in menu, 'value="x"' in menu
        (True, True, False)
    """
    kept = graph.document.perspectives
    if not kept:
        return ""
    options = f'<option value="">{AS_MAPPED_LABEL}</option>' + "".join(
        f'<option value="{esc(p.name)}"{" selected" if p.name == chosen else ""}>{esc(p.name)}</option>'
        for p in kept
    )
    hidden = "".join(
        f'<input type="hidden" name="{esc(name)}" value="{esc(value)}">'
        for name, value in query.items()
        if name != "perspective"
    )
    reading = next((p for p in kept if p.name == chosen), None)
    rationale = (
        f'<p class="perspective-note" id="perspective-note">Read as <strong>{esc(reading.name)}</strong>'
        f"{': ' + esc(reading.rationale) if reading.rationale else ''}</p>"
        if reading is not None
        else ""
    )
    return (
        f'<form class="controls perspective-menu" id="perspective-menu" method="get" '
        f'action="/maps/{esc(quote(graph.id, safe=""))}/view" aria-label="Read the map as a perspective">'
        f'<label>Perspective <select name="perspective" id="perspective">{options}</select></label>'
        f'{hidden}<button type="submit">Read</button></form>{rationale}'
    )


def _on(comment: Comment, graph: MapGraph) -> tuple[str, str]:
    """What the comment is on, in words, and the nodes it concerns (for the panel), space-separated."""

    def text(node_id: str) -> str:
        node = graph.nodes.get(node_id)
        words = node.text if node is not None else node_id
        return words if len(words) <= SHORT else words[: SHORT - 1].rstrip() + "…"

    if comment.node is not None:
        return f"On “{text(comment.node)}”", comment.node
    if comment.relation is not None:
        ends = comment.relation
        return f"On how “{text(ends.source)}” bears on “{text(ends.target)}”", f"{ends.source} {ends.target}"
    return "On the map", ""


def feedback_list(comments: list[Comment], graph: MapGraph) -> str:
    """The map's comments as a section of the page, oldest first; each item names the nodes it is on.

    Example:
        >>> from schemas import MapDocument
        >>> doc = MapDocument(id="m", title="t", sources=[], speakers=[], nodes=[])
        >>> note = Comment(id="c1", map="m", node="t", relation=None, text="<b>Quote</b>", author="li",
        ...                created="2026-12-01T09:00:00Z", version=1)
        >>> section = feedback_list([note], MapGraph(doc, 1, {}))
        >>> 'data-nodes="t"' in section, "&lt;b&gt;Quote" in section
        (True, True)
    """
    items = []
    for comment in comments:
        on, nodes = _on(comment, graph)
        resolved = f" · resolved {esc(comment.resolved[:10])}" if comment.resolved else ""
        items.append(
            f'<li class="comment{" resolved" if comment.resolved else ""}" data-nodes="{esc(nodes)}" '
            f'data-comment="{esc(comment.id)}"><p class="comment-on">{esc(on)}</p>'
            f'<p class="comment-text">{esc(comment.text)}</p>'
            f'<p class="meta">{esc(comment.author)} · {esc(comment.created[:10])} · on version '
            f"{comment.version}{resolved}</p></li>"
        )
    listed = "".join(items) or '<li class="empty">No comments yet.</li>'
    return (
        '<details class="feedback" id="feedback" open><summary>Feedback on this map '
        f'({len(comments)})</summary><ul class="comments">{listed}</ul></details>'
    )


async def feedback_section(service: MapService, caller: Principal, graph: MapGraph) -> str:
    """The feedback list for a caller who may read the map's comments; "" for anyone else."""
    if not caller.signed_in:
        return ""  # an anonymous reader never sees feedback, even on a public map
    try:
        comments = (await service.classroom.comments(caller, graph.id)).comments
    except (Forbidden, NotFound):
        return ""
    return feedback_list(comments, graph)
