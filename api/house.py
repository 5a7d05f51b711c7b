"""``/house.css``: the house style's font and accent as CSS custom properties, for every page to import.

``viewer.css`` (which every page loads) imports this first and falls back to argmap's own font and accent
for what the house leaves unset, so a publisher styles every page by setting two variables, with no change
to a stylesheet.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get

from api.http import represent
from api.policy import PAGE
from graph.service import Representation, content_tag
from schemas import HouseStyle

CSS_MEDIA_TYPE = "text/css; charset=utf-8"
HOUSE_MAX_AGE_S = 300
"""A new house style reaches readers within five minutes of a restart; revalidated by its ETag after."""


def house_css(house: HouseStyle) -> bytes:
    """The stylesheet of ``house``: a custom property for each part it sets.

    Example:
        >>> print(house_css(HouseStyle(font="Georgia, serif", accent="#003366")).decode())
        /* The house style (ARGMAP_HOUSE_FONT, ARGMAP_HOUSE_ACCENT), imported by every page stylesheet. */
        :root {
          --house-font: Georgia, serif;
          --house-accent: #003366;
        }
        <BLANKLINE>
    """
    # The settings only admit family names and #rrggbb colours, so neither can end the rule early.
    lines = [
        "/* The house style (ARGMAP_HOUSE_FONT, ARGMAP_HOUSE_ACCENT), imported by every page stylesheet. */",
        ":root {",
    ]
    if house.font is not None:
        lines.append(f"  --house-font: {house.font};")
    if house.accent is not None:
        lines.append(f"  --house-accent: {house.accent};")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode()


@get("/house.css", opt=PAGE.as_opt(), include_in_schema=False)
async def house_stylesheet(request: Request[Any, Any, Any]) -> Response[Any]:
    """The house style as CSS (``ETag``, kept five minutes)."""
    body = house_css(request.app.state.settings.house)
    response = represent(
        request, Representation(tag=content_tag(body), body=body, media_type=CSS_MEDIA_TYPE), kept=False
    )
    response.headers["Cache-Control"] = f"public, max-age={HOUSE_MAX_AGE_S}"
    return response
