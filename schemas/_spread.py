"""A thesis's strength with its spread: under each published semantics, and as base scores are redrawn."""

from __future__ import annotations

from schemas._base import Output
from schemas._names import Semantics

PUBLISHED_SEMANTICS = (Semantics.QE, Semantics.DF_QUAD, Semantics.EULER)
"""The semantics every published thesis number is shown under side by side, so a reader sees how much the
choice of semantics alone moves it."""


class SemanticsStrength(Output, frozen=True, kw_only=True):
    """The root's strength under one semantics."""

    semantics: str
    strength: float


class Spread(Output, frozen=True, kw_only=True):
    """How far a thesis's strength moves with choices a reader could make otherwise.

    ``strengths``: the root's strength under each published semantics (``PUBLISHED_SEMANTICS``), and under
    the semantics asked for when it is not one of them. ``low``..``high`` is the robustness band under the
    semantics asked for: the middle 90% of the root's strength when every base score is redrawn within
    ±``band_spread`` (``GET /maps/{id}/robustness`` has the whole distribution).
    """

    root: str
    semantics: str
    """The semantics asked for: the band's, and the one the rest of the answer is scored with."""
    strength: float
    """The root's strength under ``semantics``."""
    strengths: list[SemanticsStrength]
    low: float
    """The band's low end (5th percentile)."""
    high: float
    """The band's high end (95th percentile)."""
    band_spread: float
    """How far each base score was moved, up and down, to draw the band."""
    samples: int
    same_side: float
    """The share of the band's samples on the same side of 0.5 as ``strength``."""
    settled: bool
    """Every published semantics and 90% of the band's samples put the root on the same side of 0.5."""
    reading: str
    """The spread in plain words, with "strength, not a probability" when the root is a forecast."""
