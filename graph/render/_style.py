"""The visual vocabulary of a map diagram: shapes per kind, strokes per relation, the weight palette.

Colours come from colour-blind-safe families (ColorBrewer's teal ramp and Okabe-Ito's vermillion and
orange), and every colour distinction is doubled by a non-colour cue (a ▲/▼ marker, an arrowhead, a dash
pattern), so a grey-scale print or a colour-blind reader loses nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from schemas import DIAGRAM_FONT, HouseStyle, NodeKind, RelationType

FONT = DIAGRAM_FONT
HOUSE_DEFAULT = HouseStyle()
"""argmap's own style: what a drawing uses when the service is given no house style."""
INK = "#1a1a1a"
MUTED = "#404040"
NEUTRAL_BORDER = "#7f7f7f"
ROOT_BORDER = "#1a1a1a"
ROOT_FILL = "#fff7d6"

PRO_BORDER = "#01665e"
CON_BORDER = "#b34700"
PRO_FILLS = ("#ffffff", "#e3f4f0", "#bfe6dd", "#94d3c4", "#66bba7")
"""Fill of a pro node by weight level 0..4; the darkest keeps even the small grey text above 4.5:1."""
CON_FILLS = ("#ffffff", "#fdefe0", "#fcd7b0", "#f9bb84", "#f39a58")

LEVELS = len(PRO_FILLS) - 1
MIN_PEN = 1.0
MAX_PEN = 6.0
MIN_EDGE_PEN = 1.0
MAX_EDGE_PEN = 5.0

NEUTRAL_EPSILON = 0.0005
"""Contributions below this magnitude print as 0.000, so they are drawn as carrying no weight."""


@dataclass(frozen=True, slots=True)
class KindStyle:
    """How nodes of one kind are drawn."""

    shape: str
    styles: tuple[str, ...]
    """Graphviz ``style`` flags besides ``filled``."""
    description: str
    """The legend's words for the shape."""


KIND_STYLES: Mapping[NodeKind, KindStyle] = MappingProxyType(
    {
        NodeKind.THESIS: KindStyle("box", ("rounded", "bold"), "thesis: rounded, bold"),
        NodeKind.CLAIM: KindStyle("box", (), "claim: plain box"),
        NodeKind.EVIDENCE: KindStyle("note", (), "evidence: folded note"),
        NodeKind.CAVEAT: KindStyle("hexagon", (), "caveat: hexagon"),
        NodeKind.COUNTERPOINT: KindStyle("box", ("dashed",), "counterpoint: dashed box"),
    }
)


@dataclass(frozen=True, slots=True)
class RelationStyle:
    """How edges of one relation type are drawn."""

    color: str
    label_color: str
    """A darker shade of ``color`` so small weight labels keep 4.5:1 contrast on white."""
    style: str
    arrowhead: str
    description: str


RELATION_STYLES: Mapping[RelationType, RelationStyle] = MappingProxyType(
    {
        RelationType.SUPPORTS: RelationStyle(
            "#009e73", "#00704f", "solid", "normal", "supports: solid, arrow"
        ),
        RelationType.ATTACKS: RelationStyle(
            "#d55e00", "#a84a00", "solid", "tee", "attacks: solid, flat bar ⊣"
        ),
        RelationType.QUALIFIES: RelationStyle(
            "#6a5fa8", "#6a5fa8", "dashed", "odot", "qualifies: dashed, open circle"
        ),
    }
)


def weight_carried(contribution: float | None) -> float:
    """The weight a node carries: the magnitude of its contribution, zero when unknown or negligible."""
    if contribution is None or not math.isfinite(contribution) or abs(contribution) < NEUTRAL_EPSILON:
        return 0.0
    return abs(contribution)


def level(weight: float, heaviest: float) -> int:
    """The fill level 0..LEVELS of a weight relative to the heaviest on the map (0 only for no weight)."""
    if weight <= 0.0 or heaviest <= 0.0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * weight / heaviest)))


def pen_width(weight: float, heaviest: float, *, low: float = MIN_PEN, high: float = MAX_PEN) -> str:
    """Border or edge width for a weight, linear between ``low`` and ``high`` relative to the heaviest."""
    share = weight / heaviest if heaviest > 0.0 else 0.0
    return f"{low + (high - low) * share:.2f}"


def fill_and_border(contribution: float | None, weight: float, heaviest: float) -> tuple[str, str]:
    """Fill and border colours: teal for pro, orange for con, graded by weight; white and grey for none."""
    step = level(weight, heaviest)
    if step == 0 or contribution is None:
        return PRO_FILLS[0], NEUTRAL_BORDER
    if contribution > 0:
        return PRO_FILLS[step], PRO_BORDER
    return CON_FILLS[step], CON_BORDER
