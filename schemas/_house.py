"""The house style a publisher gives argmap: a font, an accent colour and its name on what argmap draws.

Declared once here and read from the settings (``ARGMAP_HOUSE_FONT``, ``ARGMAP_HOUSE_ACCENT``,
``ARGMAP_PUBLISHER_NAME``); diagrams, cards and pages all take it from one ``HouseStyle``.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta

FONT_FAMILIES = r"^[A-Za-z][A-Za-z0-9 -]*(, ?[A-Za-z][A-Za-z0-9 -]*)*$"
"""Font family names separated by commas, letters first: nothing that could end a CSS rule or a DOT string."""
FontFamilies = Annotated[
    str,
    Meta(
        pattern=FONT_FAMILIES,
        max_length=200,
        description="Font families, most wanted first, e.g. 'Source Sans Pro, Arial, sans-serif'.",
    ),
]
Colour = Annotated[str, Meta(pattern=r"^#[0-9a-fA-F]{6}$", description="A colour as #rrggbb.")]

DIAGRAM_FONT = "Helvetica,Arial,sans-serif"
"""The diagrams' font when the house names none."""
DIAGRAM_ACCENT = "#1a1a1a"
"""The diagrams' title colour when the house names no accent (the ink)."""
MIN_ACCENT_CONTRAST = 4.5
"""WCAG AA for normal text: the accent is used for text and behind white text, both on white."""


class HouseStyle(msgspec.Struct, frozen=True, kw_only=True):
    """A publisher's font, accent colour and name; each unset keeps argmap's own."""

    font: FontFamilies | None = None
    accent: Colour | None = None
    publisher: str | None = None

    @property
    def diagram_font(self) -> str:
        """The font list a diagram is set in.

        Example:
            >>> HouseStyle().diagram_font, HouseStyle(font="Georgia, serif").diagram_font
            ('Helvetica,Arial,sans-serif', 'Georgia,serif')
        """
        if self.font is None:
            return DIAGRAM_FONT
        return ",".join(family.strip() for family in self.font.split(","))

    @property
    def diagram_accent(self) -> str:
        """The colour of a diagram's title and of the publisher's name under it."""
        return self.accent or DIAGRAM_ACCENT


def contrast_on_white(colour: str) -> float:
    """WCAG 2 contrast ratio of ``colour`` (``#rrggbb``) against white.

    Example:
        >>> round(contrast_on_white("#01665e"), 2), round(contrast_on_white("#ffcc00"), 2)
        (6.85, 1.51)
    """

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05)
