"""What a diagram request asks for: one Struct, so the renderer, its cache key and the API agree on it."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from schemas._base import Output
from schemas._names import DEFAULT_CONTRIBUTION, DEFAULT_SEMANTICS, ContributionFunction, Layout, Semantics

DiagramFormat = Literal["svg", "png", "pdf", "dot"]
Direction = Literal["BT", "TB", "LR", "RL"]
Labels = Literal["short", "full"]

MIN_PIXELS = 64
MAX_PIXELS = 10_000


class DiagramOptions(Output, frozen=True, kw_only=True):
    """How to draw one map version; equal options give the same bytes, so they key the render cache.

    Every field has a default, so ``DiagramOptions()`` is the whole map as SVG, weighed against its thesis.

    Example:
        >>> DiagramOptions(top=8, width=640) == DiagramOptions(width=640, top=8)
        True
        >>> len({DiagramOptions(), DiagramOptions(labels="full")})
        2
    """

    format: DiagramFormat = "svg"
    root: str | None = None
    """The node everything is weighed against; given (or with ``depth``), only its subtree is drawn."""
    semantics: Semantics = DEFAULT_SEMANTICS
    contribution: ContributionFunction = DEFAULT_CONTRIBUTION
    top: Annotated[int, Meta(ge=1, le=500)] | None = None
    """Keep only this many of the heaviest nodes, plus the root."""
    depth: Annotated[int, Meta(ge=0, le=100)] | None = None
    """Draw only nodes at most this many relations below the root (0: the root alone)."""
    min_weight: Annotated[float, Meta(ge=0.0, le=1.0)] | None = None
    """Hide nodes carrying less than this share of the heaviest node's weight (0.25: a quarter of it)."""
    direction: Direction = "BT"
    width: Annotated[int, Meta(ge=MIN_PIXELS, le=MAX_PIXELS)] | None = None
    """Largest width of the picture in CSS pixels (96 per inch); a larger drawing is scaled down to fit."""
    height: Annotated[int, Meta(ge=MIN_PIXELS, le=MAX_PIXELS)] | None = None
    """Largest height in CSS pixels, like ``width``."""
    labels: Labels = "short"
    """``short``: each text cut to four lines; ``full``: every word of it."""
    legend: bool = True
    """Include the compact "How to read this diagram" key under the title."""
    scale: Annotated[int, Meta(ge=1, le=3)] = 1
    """Pixels per CSS pixel of a PNG (2 for high-density screens): ``width`` stays in CSS pixels."""
    layout: Layout | None = None
    """Draw for a place (``Layout``): every text at least 12 px tall at ``width``, never scaled down; fewer
    nodes when they do not fit, the texts wrapped in full. None: the drawing as laid out, scaled down to
    ``width`` and ``height`` (its texts may then be too small to read)."""
    perspective: str | None = None
    """Draw the map as its stored perspective of this name reads it; None: as mapped."""
