"""The closed sets of names the API takes, each declared once: semantics, contributions, formats, layouts.

Query parameters, request Structs, the CLI's choices, the viewer's menus and the docs' tables derive from
these enums; the engine keys its kernels, and the exporter its builders, by them.

Example:
    >>> DEFAULT_SEMANTICS, DEFAULT_CONTRIBUTION
    (<Semantics.QE: 'QE'>, <ContributionFunction.SHAPLEY: 'shapley'>)
    >>> [s.value for s in Semantics if not s.handles_supports]
    ['h-categorizer', 'max-based', 'card-based']
    >>> print(semantics_help())  # doctest: +NORMALIZE_WHITESPACE
    QE (default), DF-QuAD, Euler, Squared-DF-QuAD, Euler-top;
    attacks only: h-categorizer, max-based, card-based
"""

from __future__ import annotations

import enum


class Semantics(enum.StrEnum):
    """A gradual semantics: how a node's strength follows from its base score, attackers and supporters."""

    QE = "QE"
    """Quadratic energy (the default): smooth, bounded, every argument counts."""
    DF_QUAD = "DF-QuAD"
    """Discontinuity-free QuAD: product aggregation; one strong attacker can cancel the supporters."""
    EULER = "Euler"
    """Euler-based: sum aggregation through an exponential; never reaches 0 from a positive base score."""
    SQUARED_DF_QUAD = "Squared-DF-QuAD"
    """DF-QuAD with squared influence: weak arguments matter less."""
    EULER_TOP = "Euler-top"
    """Euler-based with only the strongest attacker and supporter counted."""
    H_CATEGORIZER = "h-categorizer"
    """Weighted h-categorizer: attacks only."""
    MAX_BASED = "max-based"
    """Weighted max-based: attacks only, the strongest attacker counts."""
    CARD_BASED = "card-based"
    """Weighted card-based: attacks only, the number of attackers counts first."""

    @property
    def handles_supports(self) -> bool:
        """Defined for graphs with supports (every map); the others take attacks only."""
        return self not in _ATTACK_ONLY


_ATTACK_ONLY = frozenset({Semantics.H_CATEGORIZER, Semantics.MAX_BASED, Semantics.CARD_BASED})
DEFAULT_SEMANTICS = Semantics.QE


class ContributionFunction(enum.StrEnum):
    """How much a node contributes to the strength of a topic node."""

    SHAPLEY = "shapley"
    """Shapley value of the node in the game of the topic's strength (the default)."""
    REMOVAL = "removal"
    """The topic's strength with the node minus without it."""
    REMOVAL_INTRINSIC = "removal-intrinsic"
    """Removal, with the node's own effect on its children's strengths kept."""
    GRADIENT = "gradient"
    """The topic strength's derivative with respect to the node's base score."""


DEFAULT_CONTRIBUTION = ContributionFunction.SHAPLEY


class ExportFormat(enum.StrEnum):
    """The formats a map can be exported to (their media types and builders: ``graph.export.EXPORTS``)."""

    JSON = "json"
    """Our own map document (JSON); loading it back gives the same map."""
    AIF = "aif"
    """Argument Interchange Format, AIFdb JSON: I-, RA-, CA-, L- and YA-nodes, locutions and participants."""
    ARGDOWN = "argdown"
    """Argdown text: statements with their metadata and pro/contra relations."""
    CLAIMREVIEW = "claimreview"
    """schema.org ClaimReview JSON-LD, one review per reviewed figure."""
    CSV = "csv"
    """One row per node, UTF-8 with a header row, safe to open in a spreadsheet."""


class Layout(enum.StrEnum):
    """Where a diagram goes: each layout draws at reading size for that place, never smaller.

    Every text of a drawing with a layout is at least 12 CSS pixels tall at the width asked for; when the
    chosen nodes do not fit, fewer are drawn and the caption says how many more the map holds.
    """

    ARTICLE = "article"
    SLIDE = "slide"
    PRINT = "print"
    FULL = "full"
    CARD = "card"

    @property
    def description(self) -> str:
        """What the layout is for, in a few words (the API's and the docs' tables use it)."""
        return _LAYOUT_DESCRIPTIONS[self]


_LAYOUT_DESCRIPTIONS = {
    Layout.ARTICLE: (
        "an article column, 640 px wide by default: the 8 heaviest nodes, stacked top to bottom when the "
        "column is too narrow for the tree, a one-line key and a caption"
    ),
    Layout.SLIDE: "a 16:9 slide, 1280x720 px by default, in large type: as many of the 8 heaviest as fit",
    Layout.PRINT: (
        "an A4 page's text width (718 px): every chosen node in full, the full key and a caption (as a PDF, "
        "A4 pages cut between nodes)"
    ),
    Layout.FULL: (
        "every chosen node at reading size with the full key, never scaled down (it may be wider than a "
        "screen: for the viewer's pan and zoom, and posters)"
    ),
    Layout.CARD: (
        "a card to share, exactly 1200x630 px: the weighed node (give a claim as root) with its best quote "
        "and whose words it is, its strength in plain words, and the heaviest nodes for and against it"
    ),
}


def layout_help() -> str:
    """The layouts in one line, for parameter descriptions and ``--help``.

    Example:
        >>> [part.split(":")[0] for part in layout_help().split("; ")]
        ['article', 'slide', 'print', 'full', 'card']
    """
    return "; ".join(f"{layout.value}: {layout.description}" for layout in Layout)


def _listing(names: list[str], default: str) -> str:
    return ", ".join(f"{name} (default)" if name == default else name for name in names)


def semantics_help() -> str:
    """The semantics in one line, the default marked, for parameter descriptions and ``--help``."""
    bipolar = [s.value for s in Semantics if s.handles_supports]
    attack_only = [s.value for s in Semantics if not s.handles_supports]
    return f"{_listing(bipolar, DEFAULT_SEMANTICS)}; attacks only: {', '.join(attack_only)}"


def contribution_help() -> str:
    """The contribution functions in one line, the default marked.

    Example:
        >>> contribution_help()
        'shapley (default), removal, removal-intrinsic, gradient'
    """
    return _listing([f.value for f in ContributionFunction], DEFAULT_CONTRIBUTION)
