"""The key: a compact table under the title that explains shapes, arrows, colours and figures.

A diagram is often embedded far from any documentation (a newsroom CMS, a slide), so it carries its own key.
It is part of the title label rather than a cluster of sample nodes beside the map, so it adds a few lines of
height and never more width than the key itself: a five-node summary stays column-sized.
"""

from __future__ import annotations

from html import escape as html_escape

from graph.render._labels import CON_MARK, DASH, MINUS, PRO_MARK, SIGMA, TIMES
from graph.render._style import (
    CON_BORDER,
    CON_FILLS,
    KIND_STYLES,
    MUTED,
    PRO_BORDER,
    PRO_FILLS,
    RELATION_STYLES,
)

CUT_CORNERS = "caveat: box with cut corners"
"""A caveat's shape where layouts draw it (``graph.render._render.add_node``'s ``cut_corners``)."""
ARROW_GLYPHS = {"supports": "\N{RIGHTWARDS ARROW}", "attacks": "\N{LEFT TACK}", "qualifies": "\N{MULTIMAP}"}
"""A glyph per relation, so the key names arrows by shape as well as by colour."""


def _swatches(fills: tuple[str, ...], border: str) -> str:
    cells = "".join(f'<TD BGCOLOR="{fill}" WIDTH="9" HEIGHT="9" FIXEDSIZE="TRUE"></TD>' for fill in fills[1:])
    return f'<TABLE BORDER="1" COLOR="{border}" CELLBORDER="0" CELLSPACING="0"><TR>{cells}</TR></TABLE>'


def key_table(*, cut_corners: bool = False) -> str:
    """The key as HTML-like markup for ``title_label``: three short rows in small type.

    ``cut_corners``: caveats are drawn as boxes with cut corners rather than hexagons (the layouts).

    Example:
        >>> table = key_table()
        >>> table.startswith("<TABLE") and "How to read" in table and "supports" in table
        True
    """
    shapes = " · ".join(
        CUT_CORNERS if cut_corners and style.shape == "hexagon" else style.description
        for style in KIND_STYLES.values()
    )
    arrows = " · ".join(
        f'<FONT COLOR="{style.label_color}">{ARROW_GLYPHS[relation.value]} {relation.value}</FONT>'
        f" ({style.style})"
        for relation, style in RELATION_STYLES.items()
    )
    figures = (
        f"{SIGMA} = a node's own strength, 0{DASH}1 · ★ ROOT, double border = the claim weighed · "
        f"{TIMES}0.5 = an arrow at half weight"
    )
    weight = (
        f"{PRO_MARK} + pro raises the root, {CON_MARK} {MINUS} con lowers it; "
        "darker fill and thicker border = more weight carried"
    )
    small = f'<FONT POINT-SIZE="9" COLOR="{MUTED}">'
    return (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">'
        '<TR><TD ALIGN="LEFT">'
        '<FONT POINT-SIZE="10"><B>How to read this diagram</B></FONT></TD></TR>'
        f'<TR><TD ALIGN="LEFT">{small}{shapes}</FONT></TD></TR>'
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9">{arrows}</FONT></TD></TR>'
        '<TR><TD ALIGN="LEFT">'
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="0"><TR>'
        f"<TD>{_swatches(PRO_FILLS, PRO_BORDER)}</TD><TD>{_swatches(CON_FILLS, CON_BORDER)}</TD>"
        f'<TD ALIGN="LEFT">{small}{weight}</FONT></TD></TR></TABLE></TD></TR>'
        f'<TR><TD ALIGN="LEFT">{small}{figures}</FONT></TD></TR>'
        "</TABLE>"
    )


def compact_key(chars: int, size: float) -> list[str]:
    """The key in one or two lines of at most about ``chars`` characters, as HTML-like markup per line.

    For layouts whose key sits under the drawing: the marks, the fill, sigma and the three arrows, each
    arrow's glyph in its colour.

    Example:
        >>> lines = compact_key(200, 9)
        >>> len(lines), "How to read" in lines[0], "attacks" in lines[0]
        (1, True, True)
        >>> len(compact_key(40, 9)) > 1
        True
    """
    arrows = [
        (f"{ARROW_GLYPHS[relation.value]} {relation.value}", style.label_color)
        for relation, style in RELATION_STYLES.items()
    ]
    segments: list[tuple[str, str | None]] = [
        ("How to read:", None),
        (f"{PRO_MARK} pro raises the ★ box, {CON_MARK} con lowers it", None),
        ("darker, thicker = more weight", None),
        (f"{SIGMA} = strength 0{DASH}1", None),
        *arrows,
    ]
    lines: list[list[str]] = [[]]
    used = 0
    for text, colour in segments:
        piece = html_escape(text)
        if colour is not None:
            piece = f'<FONT COLOR="{colour}">{piece}</FONT>'
        elif text.endswith(":"):
            piece = f"<B>{piece}</B>"
        if lines[-1] and used + len(text) + 3 > chars:
            lines.append([])
            used = 0
        used += len(text) + 3
        lines[-1].append(piece)
    rows = [" · ".join(line) for line in lines]
    rows[0] = rows[0].replace("</B> · ", "</B> ", 1)
    return [f'<FONT POINT-SIZE="{size:g}" COLOR="{MUTED}">{row}</FONT>' for row in rows]
