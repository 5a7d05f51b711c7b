"""Bodies of debate preparation: briefs for each side, the map linter, perspectives and robustness."""

from __future__ import annotations

import enum
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from schemas._api import Analysis
from schemas._base import Output
from schemas._map import NodeKind, Perspective, QuoteProvenance, RelationType, RelationWeight, Score
from schemas._spread import Spread

Side = Literal["pro", "con"]


class BriefQuote(Output, frozen=True, kw_only=True):
    """A quote to cite, with whose words it is."""

    text: str
    speaker: str
    """The speaker's name (the node's speaker)."""
    provenance: QuoteProvenance | None = None
    own_words: bool | None = None
    """True: the speaker's own words (quoted by the source, or the source's author writing in their own voice
    on their own claim); False: the source author paraphrasing the speaker; None: not recorded."""
    whose: str = ""
    """Whose words the quote is, in plain words ("Jack Clark's own words", "VirtueSig reporter paraphrasing
    Jack Clark")."""
    source: str | None = None
    start: int = 0
    end: int = 0


class BriefNode(Output, frozen=True, kw_only=True):
    """A node as a brief shows it: what it says, who says it, and its numbers."""

    id: str
    kind: NodeKind
    text: str
    speaker: str
    base_score: float
    strength: float
    contribution: float
    """Signed contribution to the thesis."""
    figures: list[str] = msgspec.field(default_factory=list)
    """The evidence's measured points in words (metric, value, unit, date, system)."""


class BriefAttack(Output, frozen=True, kw_only=True):
    """An attack (or qualifying caveat) an argument will face, and the best reply the map offers."""

    attack: BriefNode
    relation: RelationType
    target: str
    """The node it bears on: the argument itself or something under it."""
    reply: BriefNode | None = None
    """The strongest node attacking or qualifying the attack; None when nothing in the map answers it."""


class BriefArgument(Output, frozen=True, kw_only=True):
    """One of the side's strongest arguments, with what carries it and what it will face."""

    rank: int
    node: BriefNode
    evidence: list[BriefNode] = msgspec.field(default_factory=list)
    attacks: list[BriefAttack] = msgspec.field(default_factory=list)
    quotes: list[BriefQuote] = msgspec.field(default_factory=list)


class Brief(Analysis, frozen=True, kw_only=True):
    """A debate brief for one side of a thesis."""

    side: Side
    thesis: str
    root_base_score: float
    root_strength: float
    reading: str
    """What the thesis strength means in plain words (not a probability)."""
    arguments: list[BriefArgument]
    unanswered: list[BriefNode]
    """The other side's strongest points that nothing in the map attacks or qualifies."""
    unsupported: list[BriefNode]
    """Claims on this side that no evidence supports, directly or through other claims."""
    approximate: bool = False
    """Contributions are sampled Shapley values: close values may swap places."""
    spread: Spread | None = None
    """The thesis's strength under each published semantics and its robustness band."""


class Severity(enum.StrEnum):
    """How much a finding matters: errors break a modelling rule, warnings weaken the map, info is advice."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(Output, frozen=True, kw_only=True):
    """One weak spot of a map."""

    kind: str
    severity: Severity
    nodes: list[str]
    message: str
    fix: str


class Gaps(Output, frozen=True, kw_only=True):
    """A map's weak spots, errors first."""

    map_id: str
    version: int
    semantics: str
    findings: list[Finding]
    counts: dict[str, int]
    """Findings per severity."""


class PerspectiveSet(Output, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Perspectives to compare with the map as mapped."""

    perspectives: Annotated[list[Perspective], Meta(max_length=20)]


class PerspectiveBody(Output, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A perspective to store under the name its URL gives; the server records who wrote it."""

    rationale: Annotated[str, Meta(max_length=2000)] = ""
    base_scores: dict[str, Score] = msgspec.field(default_factory=dict)
    weights: list[RelationWeight] = msgspec.field(default_factory=list)


class PerspectiveList(Output, frozen=True, kw_only=True):
    """The perspectives stored with one map version."""

    map_id: str
    version: int
    perspectives: list[Perspective]


class PerspectiveScore(Output, frozen=True, kw_only=True):
    """The thesis under one perspective."""

    name: str
    rationale: str
    root_strength: float
    reading: str


class NodeSpread(Output, frozen=True, kw_only=True):
    """A node whose strength differs between perspectives."""

    id: str
    kind: NodeKind
    text: str
    strengths: dict[str, float]
    """Strength under each perspective, by name."""
    spread: float
    """Highest minus lowest strength."""


class PerspectiveComparison(Output, frozen=True, kw_only=True):
    """The thesis under every perspective side by side, and where the readings part ways."""

    map_id: str
    version: int
    root: str
    semantics: str
    perspectives: list[PerspectiveScore]
    differences: list[NodeSpread]


class CruxRequest(Output, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Two readings of a map to find the crux between: ``a`` (None: the map as mapped) and ``b``."""

    a: Perspective | None = None
    b: Perspective


class Disagreement(Output, frozen=True, kw_only=True):
    """One number two readings set differently: a node's base score, or a relation's weight."""

    kind: Literal["base_score", "weight"]
    node: str | None = None
    """The node whose base score differs (``base_score`` only)."""
    source: str | None = None
    """The relation's source (``weight`` only)."""
    target: str | None = None
    """The relation's target (``weight`` only)."""
    text: str
    """The node's text, or the relation in words."""
    a: float
    b: float
    alone: float
    """The root's strength under ``a`` with only this number taken from ``b``."""
    without: float | None = None
    """For a member of the crux: the root's strength with the rest of the crux taken from ``b``, not this one
    (on ``a``'s side of 0.5 when the crux is minimal: no smaller set flips the verdict)."""


class Crux(Output, frozen=True, kw_only=True):
    """The fewest disagreements between two readings that, taken from ``b`` into ``a``, flip the verdict."""

    map_id: str
    version: int
    root: str
    semantics: str
    a: str
    """The first reading's name (``as-mapped`` for the map as written)."""
    b: str
    a_root_strength: float
    b_root_strength: float
    agree: bool
    """Both readings leave the root on the same side of 0.5: there is no crux, ``crux`` is empty."""
    crux: list[Disagreement]
    """The smallest set found; empty when the readings agree on the verdict."""
    crux_root_strength: float | None = None
    """The root's strength under ``a`` with the whole crux taken from ``b``."""
    minimal: bool
    """No smaller set flips the verdict (searched exhaustively). False: a greedy answer, not proven the
    smallest (too many disagreements to try every set within the budget)."""
    proven_size: int
    """Every set of this many disagreements or fewer was tried: none flips the verdict."""
    alternatives: int = 0
    """Other sets of the crux's size that flip the verdict too (exhaustive search only)."""
    disagreements: int
    """How many base scores and weights differ between the readings."""
    considered: int
    """How many of them bear on the root at all (the others are upstream of nothing the root depends on)."""
    evaluations: int
    """Readings scored to find the answer."""
    movers: list[Disagreement]
    """The disagreements that move the root most when taken alone, largest first."""
    explanation: str
    """The answer in plain words."""


class Distribution(Output, frozen=True, kw_only=True):
    """Summary of sampled values."""

    mean: float
    stdev: float
    minimum: float
    q05: float
    q25: float
    median: float
    q75: float
    q95: float
    maximum: float


class Sensitivity(Output, frozen=True, kw_only=True):
    """How fast the thesis moves when one base score rises a little (the gradient)."""

    id: str
    kind: NodeKind
    text: str
    gradient: float


class Robustness(Output, frozen=True, kw_only=True):
    """The thesis strength when every base score is perturbed within a spread."""

    map_id: str
    version: int
    root: str
    semantics: str
    spread: float
    samples: int
    seed: int
    root_strength: float
    """The strength as mapped."""
    distribution: Distribution
    same_side: float
    """Share of samples on the same side of 0.5 as the strength as mapped."""
    stable: bool
    verdict: str
    """The result in plain words."""
    sensitive_to: list[Sensitivity]
