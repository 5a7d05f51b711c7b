"""A tall drawing printed on A4 pages: one PDF, each page a slice of the drawing cut between nodes.

Graphviz's PDF is one page as big as the drawing, which a printer shrinks to unreadable type or crops. Here
that page becomes a form drawn once and shown through a window on each A4 page, so the file holds the
drawing once however many pages it spans, and the type stays the size it was drawn at.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pypdf
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
)

from graph.render._pipe import Box

A4 = (595.276, 841.89)
"""An A4 page in points."""
MARGIN = 36.0
"""Half an inch on every side: inside what every office printer can print."""
GRAPHVIZ_MARGIN = 36.0
"""The margin Graphviz puts around a drawing on its PDF page (its default for paged formats)."""
CLEARANCE = 3.0
"""Points kept clear above and below a node's box, so its border is never cut at a page's edge."""


def page_slices(
    boxes: Sequence[tuple[float, float]], top: float, bottom: float, page_height: float
) -> list[tuple[float, float]]:
    """Cut the span from ``top`` down to ``bottom`` into slices no taller than ``page_height``.

    Each cut falls where no box (a ``(bottom, top)`` pair, ``y`` growing upwards) is, as low as the page
    allows; a box taller than a page is cut where the page ends, as nothing else can hold it.

    Example:
        Two nodes 80 points tall, 20 points apart, on pages 150 points tall: the cut falls in the gap, and
        neither node is split.

        >>> page_slices([(120, 200), (20, 100)], top=200, bottom=0, page_height=150)
        [(103.0, 200.0), (0.0, 103.0)]
        >>> page_slices([(0, 400)], top=400, bottom=0, page_height=150)
        [(250.0, 400.0), (100.0, 250.0), (0.0, 100.0)]
    """
    blocked = _merged(sorted((low - CLEARANCE, high + CLEARANCE) for low, high in boxes))
    slices = []
    upper = float(top)
    while upper - page_height > bottom:
        cut = _free_at_or_above(blocked, upper - page_height)
        if cut >= upper:  # nothing free on this page: one box is taller than a page
            cut = upper - page_height
        slices.append((cut, upper))
        upper = cut
    slices.append((float(bottom), upper))
    return slices


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for low, high in spans:
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _free_at_or_above(blocked: list[tuple[float, float]], y: float) -> float:
    """The lowest height at or above ``y`` that no blocked span covers."""
    for low, high in blocked:
        if low < y < high:
            return high
    return y


def a4_pages(pdf: bytes, drawing: tuple[float, float], boxes: Sequence[Box]) -> bytes:
    """Graphviz's one-page ``pdf`` of a drawing of size ``drawing`` (points) on as many A4 pages as it needs.

    ``boxes`` are the nodes' boxes in the drawing's coordinates (``graph.render._pipe.placed_boxes``);
    Graphviz centres the drawing on its page, so they are moved by the page's margin. A drawing wider than
    the printable width is scaled to fit it, the one case where the type is drawn smaller.
    """
    source = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    width, height = float(source.mediabox.width), float(source.mediabox.height)
    # Graphviz centres the drawing and its pad inside a margin of its own; the pad (where the title's
    # ascenders may reach) is kept, the margin is the page's.
    pad = max(0.0, (height - drawing[1]) / 2 - GRAPHVIZ_MARGIN)
    boxes_below = (height - drawing[1]) / 2
    drawing = (drawing[0] + 2 * pad, drawing[1] + 2 * pad)
    left = (width - drawing[0]) / 2
    below = (height - drawing[1]) / 2
    page_width, page_height = A4
    scale = min(1.0, (page_width - 2 * MARGIN) / drawing[0])
    slices = page_slices(
        [(box.bottom + boxes_below, box.top + boxes_below) for box in boxes],
        top=below + drawing[1],
        bottom=below,
        page_height=(page_height - 2 * MARGIN) / scale,
    )
    writer = pypdf.PdfWriter()
    # pypdf adds an indirect object only through ``_add_object``: it has no public name for it.
    form = writer._add_object(_form(source, writer, width, height))
    x_offset = (page_width - drawing[0] * scale) / 2 - left * scale
    for low, high in slices:
        page = writer.add_blank_page(page_width, page_height)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): DictionaryObject({NameObject("/Drawing"): form})}
        )
        shown = (high - low) * scale
        y_offset = page_height - MARGIN - high * scale
        window = f"{(page_width - drawing[0] * scale) / 2:.3f} {page_height - MARGIN - shown:.3f} "
        window += f"{drawing[0] * scale:.3f} {shown:.3f}"
        content = DecodedStreamObject()
        placed = f"{scale:.5f} 0 0 {scale:.5f} {x_offset:.3f} {y_offset:.3f} cm"
        content.set_data(f"q {window} re W n {placed} /Drawing Do Q".encode())
        page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _form(source: pypdf.PageObject, writer: pypdf.PdfWriter, width: float, height: float) -> StreamObject:
    """The one-page drawing as a form XObject, its fonts and images copied into ``writer``."""
    contents = source.get_contents()
    form = DecodedStreamObject()
    form.set_data(b"" if contents is None else contents.get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]
            ),
            NameObject("/Resources"): source["/Resources"].clone(writer),
        }
    )
    return form.flate_encode()
