"""What each layout draws: its type sizes, its default frame, its key and whether it carries a caption.

Graphviz counts points (72 an inch) and CSS counts pixels (96 an inch), so a text of ``s`` points drawn at
scale 1 is ``s * 4/3`` pixels tall: 12 px is 9 pt. A layout's drawing is never scaled down, so its
smallest type size is the smallest text a reader sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType

from schemas import Layout

PX_PER_PT = 4 / 3
"""CSS pixels per point (96 / 72)."""
MIN_TEXT_PX = 12
"""The smallest text a layout draws, in CSS pixels at the width asked for."""


@dataclass(frozen=True, slots=True)
class TypeSizes:
    """Point sizes of a drawing's texts."""

    body: float = 11.0
    """A node's own text."""
    small: float = 8.0
    """A node's kind and speaker."""
    figures: float = 10.0
    """A node's strength and contribution."""
    edge: float = 9.0
    """An arrow's weight label."""
    title: float = 16.0
    subtitle: float = 10.0
    """The subtitle, the key and the caption."""

    @property
    def smallest(self) -> float:
        """The smallest of the sizes, in points.

        Example:
            >>> TypeSizes().smallest, READING.smallest * PX_PER_PT
            (8.0, 12.0)
        """
        return min(float(getattr(self, field.name)) for field in fields(self))


LEGACY = TypeSizes()
"""The sizes of a drawing without a layout (scaled down to its ``width``, so they promise nothing)."""
READING = TypeSizes(body=10.5, small=9.0, figures=10.0, edge=9.0, title=14.0, subtitle=10.0)
"""Article and print: 14 px body text, nothing under 12 px. Graphviz takes a label's ``POINT-SIZE`` as a
whole number, so every size but the body's (a node's ``fontsize``) is one."""
CARD = TypeSizes(body=13.0, small=10.0, figures=11.0, edge=10.0, title=16.0, subtitle=10.0)
"""Cards: about 17 px body text, nothing under 13 px, on a 1200x630 picture."""
PROJECTED = TypeSizes(body=14.0, small=11.0, figures=12.0, edge=11.0, title=20.0, subtitle=11.0)
"""Slides: about 19 px body text, nothing under 14 px, read from the back of a room."""


@dataclass(frozen=True, slots=True)
class LayoutSpec:
    """How one layout draws."""

    width: int | None
    """The largest width in CSS pixels when the request gives none (None: unbounded)."""
    height: int | None
    """The largest height in CSS pixels when the request gives none (None: unbounded)."""
    top: int | None
    """How many of the heaviest nodes are chosen when the request gives no ``top`` (None: all)."""
    sizes: TypeSizes
    full_key: bool
    """The full key under the title; otherwise a compact key of one or two lines under the drawing."""
    caption: bool
    """A caption under the drawing: the thesis and its reading, the version, the source, what is left out."""
    fit: bool
    """Bounded by ``width`` and ``height``: stack the nodes, then draw fewer of them, to fit. A layout that
    does not fit ignores both (``full``)."""
    quote: bool = False
    """The caption gives the weighed node's best quote and whose words it is."""
    exact: bool = False
    """The picture is exactly the frame's size, the drawing centred on it (a card)."""
    title: bool = True
    """The map's title above the drawing (a card leaves it to the caption's source line)."""
    paged: bool = False
    """Its PDF is cut into A4 pages between nodes (``graph.render._pages``) rather than one tall page."""


LAYOUTS: Mapping[Layout, LayoutSpec] = MappingProxyType(
    {
        Layout.ARTICLE: LayoutSpec(
            width=640, height=None, top=8, sizes=READING, full_key=False, caption=True, fit=True
        ),
        Layout.SLIDE: LayoutSpec(
            width=1280, height=720, top=8, sizes=PROJECTED, full_key=False, caption=True, fit=True
        ),
        Layout.PRINT: LayoutSpec(
            width=718,
            height=None,
            top=None,
            sizes=READING,
            full_key=True,
            caption=True,
            fit=True,
            paged=True,
        ),
        Layout.CARD: LayoutSpec(
            width=1200,
            height=630,
            top=4,
            sizes=CARD,
            full_key=False,
            caption=True,
            fit=True,
            quote=True,
            exact=True,
            title=False,
        ),
        Layout.FULL: LayoutSpec(
            width=None, height=None, top=None, sizes=READING, full_key=True, caption=False, fit=False
        ),
    }
)
"""Each layout's drawing (``schemas.Layout`` names them; ``Layout.description`` says what each is for)."""
