"""The embed on a narrow screen: the drawn claims as a stacked list, with a link to the full viewer.

Below 480 px a drawing made for a wider frame is too small to read, so the embed shows the same claims as a
list, heaviest first, in the page's own type.

The list is in the page from the start, so it needs no script: the stylesheet shows it instead of the drawing
when the frame is narrower than 480 px and the drawing is wider than that (``wide``); the script refines it
by measuring how far the drawing is actually shrunk.
"""

from __future__ import annotations

from urllib.parse import quote

from api.markup import esc
from graph.mapgraph import MapGraph
from schemas import Scores

NARROW_PX = 480
"""Below this frame width a wider drawing is replaced by the list."""


def is_wide(drawn_width: float) -> bool:
    """A drawing too wide to stay readable in a frame narrower than ``NARROW_PX``.

    Example:
        >>> is_wide(583), is_wide(354)
        (True, False)
    """
    return drawn_width > NARROW_PX


def _reading(contribution: float) -> str:
    if abs(contribution) < 0.0005:
        return "makes no measurable difference"
    return f"{'raises' if contribution > 0 else 'lowers'} it by {abs(contribution):.3f}"


def narrow_list(graph: MapGraph, scores: Scores, drawn: list[str], view: str) -> str:
    """The drawn nodes as a list, the weighed one first, then heaviest first, each linked to its panel.

    ``view`` is the viewer's URL for this drawing (its version included); every map text is escaped.
    """
    rows = {row.id: row for row in scores.scores}
    root = scores.root
    order = sorted(
        (node_id for node_id in drawn if node_id != root and node_id in rows),
        key=lambda node_id: (rows[node_id].rank is None, rows[node_id].rank or 0, node_id),
    )
    items = []
    for node_id in order:
        node, row = graph.nodes[node_id], rows[node_id]
        sign = "pro" if row.contribution > 0 else "con" if row.contribution < 0 else "neutral"
        speaker = graph.speakers.get(node.speaker)
        who = f" · {speaker.name}" if speaker is not None else ""
        items.append(
            f'<li class="{sign}"><a href="{esc(claim_href_in(view, node_id))}" target="_blank" '
            f'rel="noopener">{esc(node.text)}</a>'
            f'<span class="meta">{esc(node.kind.value)}{esc(who)} · strength {row.strength:.2f}; '
            f"{esc(_reading(row.contribution))}</span></li>"
        )
    thesis = graph.nodes[root]
    more = f" The {len(order)} claims carrying the most weight for and against it:" if order else ""
    return (
        f'<section class="narrow-list" aria-label="The map as a list">'
        f'<p class="open"><a href="{esc(view)}" target="_blank" rel="noopener">Open the full map</a></p>'
        f'<p class="weighed"><strong>{esc(thesis.text)}</strong> '
        f'<span class="meta">strength {scores.root_strength:.2f} of 1 (not a probability).'
        f"{esc(more)}</span></p>"
        f"<ol>{''.join(items)}</ol></section>"
    )


def claim_href_in(view: str, node_id: str) -> str:
    """``view`` focused on ``node_id``: the viewer's URL with the node's fragment.

    Example:
        >>> claim_href_in("/maps/m/view?version=2", "a b")
        '/maps/m/view?version=2#node-a%20b'
    """
    return f"{view}#node-{quote(node_id, safe='')}"
