"""The map document: the human-editable format one argument map is written in.

A map document is YAML (or the same structure as JSON over HTTP). It names its sources, the speakers who
make claims, the nodes of the argument and the relations between them. Every quote is anchored to exact
character offsets of a source's text, so a reader can always check a node against the words it rests on.
"""

from __future__ import annotations

import enum
from typing import Annotated

import msgspec
from msgspec import Meta

from schemas._accounts import Visibility
from schemas._base import Output, Struct

Slug = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9][a-z0-9-]{0,79}$",
        description="A readable identifier: lower-case letters, digits and hyphens, at most 80 characters.",
        examples=["thesis-automated-ai-rd-2028"],
    ),
]
Text = Annotated[str, Meta(min_length=1, max_length=2000)]
Score = Annotated[float, Meta(ge=0.0, le=1.0, description="A score in [0, 1].")]
Weight = Annotated[float, Meta(gt=0.0, le=1.0, description="How strongly the relation acts, in (0, 1].")]
Offset = Annotated[int, Meta(ge=0)]

FORMAT_VERSION = 1


class NodeKind(enum.StrEnum):
    """What role a node plays in the argument."""

    THESIS = "thesis"
    CLAIM = "claim"
    EVIDENCE = "evidence"
    CAVEAT = "caveat"
    COUNTERPOINT = "counterpoint"


class RelationType(enum.StrEnum):
    """How one node bears on another."""

    SUPPORTS = "supports"
    ATTACKS = "attacks"
    QUALIFIES = "qualifies"


class QuoteProvenance(enum.StrEnum):
    """Whose words a quoted span is. The span is always the source's text; the voice in it varies.

    ``speaker-words``: the node's speaker's own words, quoted by the source (inside quotation marks).
    ``author-paraphrase``: the source's author restating, in their own words, what the node's speaker says.
    ``author-voice``: the source's author speaking for themselves (a reporter's own analysis).
    ``author-cited``: the source's author's own sentence, which a node of another speaker rests on or answers
    (a reader's objection to the author's claim quotes the claim).
    """

    SPEAKER_WORDS = "speaker-words"
    AUTHOR_PARAPHRASE = "author-paraphrase"
    AUTHOR_VOICE = "author-voice"
    AUTHOR_CITED = "author-cited"


class Quote(Struct, kw_only=True):
    """A verbatim excerpt of a source, anchored to its character offsets (end exclusive)."""

    start: Offset
    end: Offset
    text: Annotated[str, Meta(min_length=1, max_length=4000)]
    source: Slug | None = None
    """The source the offsets index; may be omitted when the map has one source."""
    provenance: QuoteProvenance | None = None
    """Whose words the span is; None when the map does not say (maps written before the field existed)."""


class Observation(Struct, kw_only=True):
    """One measured point of a trajectory: a value at a date for a system."""

    value: float
    unit: str | None = None
    date: str | None = None
    """ISO date, month (2025-05) or a period as written (late 2023)."""
    system: str | None = None
    note: str | None = None
    approximate: bool = False
    """The source hedges the value ("about", "roughly")."""
    forecast: bool = False
    """The value is predicted, not measured."""


class Evidence(Struct, kw_only=True):
    """Structured data behind an evidence node, e.g. a benchmark trajectory."""

    metric: Text
    observations: list[Observation] = msgspec.field(default_factory=list)
    baseline: Observation | None = None
    """A reference point to read the observations against, such as a human baseline."""


class Operation(enum.StrEnum):
    """Arithmetic a stated figure can follow from."""

    POWER = "power"
    RATIO = "ratio"
    DIFFERENCE = "difference"
    PRODUCT = "product"
    SUM = "sum"
    PERCENT_CHANGE = "percent_change"


class StatedComputation(Struct, kw_only=True):
    """A figure the source states as following from other figures, kept so it can be re-checked.

    ``inputs`` are the operands in order (power: base, exponent; ratio: numerator, denominator;
    difference: minuend, subtrahend; percent_change: from, to). ``stated`` is the figure as the source gives
    it, in the same scale as the inputs, and ``decimals`` is the number of decimal places it is stated to.
    """

    operation: Operation
    inputs: Annotated[list[float], Meta(min_length=1, max_length=32)]
    stated: float
    decimals: Annotated[int, Meta(ge=0, le=12)]
    label: str | None = None
    stated_as: str | None = None
    """The figure exactly as the source writes it (``60.5%``), for the explanation a reader sees."""


class ComputationCheck(Output, frozen=True, kw_only=True):
    """The re-check of one stated computation: what the inputs really give, and whether the source agrees.

    ``agrees`` compares at the stated precision: the stated figure agrees when it is within half a unit of its
    last stated decimal place of the exact result. A disagreement is a finding about the source, not an error
    in the map.
    """

    operation: Operation
    inputs: list[float]
    stated: float
    decimals: int
    computed: float
    computed_rounded: float
    agrees: bool
    difference: float
    """``computed - stated``."""
    tolerance: float
    """Half a unit of the last stated decimal place."""
    explanation: str
    label: str | None = None
    stated_as: str | None = None
    node: str | None = None
    """The node the computation belongs to, when checked as part of a map."""
    path: str | None = None
    """Where the computation sits in the map document (``nodes[3].computations[0]``)."""


class ForecastStatus(enum.StrEnum):
    """Where a forecast stands: still open, or resolved one way or the other."""

    OPEN = "open"
    RESOLVED_TRUE = "resolved-true"
    RESOLVED_FALSE = "resolved-false"


DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
IsoDate = Annotated[
    str, Meta(pattern=DATE_PATTERN, description="A calendar date, YYYY-MM-DD.", examples=["2028-12-31"])
]


class Forecast(Struct, kw_only=True):
    """A dated, checkable prediction a node makes, so it can be tracked and later scored.

    The probability is the speaker's, as stated: a single figure (``probability``), or a range
    (``probability_low``/``probability_high``; "60%+" has only a low end). A forecast of a quantity with no
    stated probability ("100 hours by the end of the year") leaves all three out: it is tracked and resolved,
    but not scored.
    """

    resolves_by: IsoDate
    """The date by which the outcome is known (the forecast's deadline)."""
    criterion: Text
    """What has to happen for the forecast to come true, in plain words a third party could check."""
    probability: Score | None = None
    probability_low: Score | None = None
    probability_high: Score | None = None
    status: ForecastStatus = ForecastStatus.OPEN
    resolved_on: IsoDate | None = None
    """When the outcome was recorded (resolved forecasts only)."""
    resolution_source: str | None = None
    """Where the outcome is documented: a URL or a citation (resolved forecasts only)."""
    note: str | None = None
    """How the stated figure was read, or what the speaker says a miss would mean."""
    resolution_note: str | None = None
    """Anything worth knowing about how the outcome was judged (resolved forecasts only)."""


class NodeRef(Struct, kw_only=True):
    """A node of another map, for linking the same real-world claim across maps."""

    map: Slug
    id: Slug


class Node(Struct, kw_only=True):
    """One proposition of the argument, in the map's own words, attributed to its speaker."""

    id: Slug
    kind: NodeKind
    text: Text
    speaker: Slug
    """Who asserts the proposition: a cited forecast belongs to the forecaster, not to whoever cites it."""
    base_score: Score
    """Editorial judgment of how much the node deserves on its own, before support and attack."""
    rationale: Text
    """One line on why the base score is what it is."""
    date: str | None = None
    tags: list[Slug] = msgspec.field(default_factory=list)
    quotes: list[Quote] = msgspec.field(default_factory=list)
    evidence: Evidence | None = None
    computations: list[StatedComputation] = msgspec.field(default_factory=list)
    same_as: list[NodeRef] = msgspec.field(default_factory=list)
    reported_by: Slug | None = None
    """The speaker through whom the proposition reaches the source, when not the speaker directly (e.g. the
    essayist who cites a researcher's forecast)."""
    forecast: Forecast | None = None
    """The node is a dated prediction that can be tracked, resolved and scored."""


class Relation(Struct, kw_only=True):
    """A typed edge: ``source`` supports, attacks or qualifies ``target``."""

    source: Slug
    target: Slug
    type: RelationType
    weight: Weight | None = None
    note: str | None = None


class RelationWeight(Struct, kw_only=True, forbid_unknown_fields=True):
    """A relation, named by its ends, acting with another weight."""

    source: str
    target: str
    weight: Annotated[float, Meta(gt=0.0, le=1.0)]
    """Above 0 and at most 1; remove the relation to take it out entirely."""


PERSPECTIVE_NAME = r"^[a-z0-9][a-z0-9-]*$"
PerspectiveName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=80,
        pattern=PERSPECTIVE_NAME,
        description="Lower-case letters, digits and hyphens, at most 80 characters.",
        examples=["benchmark-sceptic"],
    ),
]
MAX_PERSPECTIVES = 50
"""How many perspectives one map may keep."""
RESERVED_PERSPECTIVE_NAMES = ("as-mapped", "compare")
"""Names a stored perspective may not take: the map as mapped in a comparison, and the comparison's path."""


class Perspective(Output, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A named reading of a map: base scores (and optionally relation weights) that differ from the map's.

    A perspective changes numbers, never the map's shape. Sent with a request it is scored and forgotten;
    stored with the map (``perspectives``) it is versioned with it and any read may apply it by name.
    """

    name: PerspectiveName
    rationale: Annotated[str, Meta(max_length=2000)] = ""
    base_scores: dict[str, Score] = msgspec.field(default_factory=dict)
    """Base score by node id, for the nodes this reading scores otherwise."""
    weights: list[RelationWeight] = msgspec.field(default_factory=list)
    author: str | None = None
    """Who last wrote the stored perspective (their account id, ``cli`` or ``api-token``). The server sets it
    on every write: one a client sends is replaced."""


class Speaker(Struct, kw_only=True):
    """Someone who asserts claims in a map: an author, a reporter, a cited researcher or organisation."""

    id: Slug
    name: Text
    role: str | None = None


class Source(Struct, kw_only=True):
    """A source document. ``text`` is the full text quotes index; a file may give ``text_file`` instead."""

    id: Slug
    title: Text
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    text: str | None = None
    text_file: str | None = None
    """Path of a UTF-8 text file, relative to the map document (only when loading from disk)."""
    reports_on: Slug | None = None
    """Another source of this map that this one reports on, e.g. the essay a news article covers."""
    written_by: Slug | None = None
    """The speaker of this map who wrote the text (a reporter), whose own voice its quotes may carry."""
    note: str | None = None
    """An editorial note about the source itself, e.g. an inconsistency in its dates."""


class MapDocument(Struct, kw_only=True):
    """One analysed text: its sources, speakers, nodes and relations."""

    id: Slug
    title: Text
    sources: list[Source]
    speakers: list[Speaker]
    nodes: list[Node]
    relations: list[Relation] = msgspec.field(default_factory=list)
    format: int = FORMAT_VERSION
    summary: str | None = None
    root: Slug | None = None
    """The node trees and scores start from by default; the first thesis when omitted."""
    visibility: Visibility | None = None
    """Who may read the map: ``private``, ``group`` or ``public``. Omitted, a new map is public when an admin
    creates it and its group's otherwise, and a replaced map keeps the visibility it had."""
    perspectives: list[Perspective] = msgspec.field(default_factory=list)
    """Named readings of the map kept with it (``benchmark-sceptic``): versioned and written like the rest of
    it, applied by name on reads (``?perspective=``). Each names only nodes and relations of this map; a map
    keeps at most ``MAX_PERSPECTIVES`` (50)."""
