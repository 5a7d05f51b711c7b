"""Bodies of the claims API: maps, trees, scores, what-if, claims, sources and validation reports."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from schemas._accounts import Visibility
from schemas._base import Output, Struct
from schemas._checks import DateCheck, PercentageCheck, SourceNote
from schemas._map import (
    ComputationCheck,
    Evidence,
    Forecast,
    NodeKind,
    Quote,
    RelationType,
    RelationWeight,
    Speaker,
    Text,
)
from schemas._names import (
    DEFAULT_CONTRIBUTION,
    DEFAULT_SEMANTICS,
    ContributionFunction,
    Semantics,
    contribution_help,
    semantics_help,
)
from schemas._problem import Problem
from schemas._qbaf import ContributionResult, EfficiencyCheck, SolveMetadata, StrengthResult
from schemas._sources import RevisionEntry
from schemas._spread import Spread

SEMANTICS_DESCRIPTION = f"Gradual semantics: {semantics_help()}."
CONTRIBUTION_DESCRIPTION = f"Contribution function: {contribution_help()}."


class SourceRef(Output, frozen=True, kw_only=True):
    """A source named by a map."""

    id: str
    title: str
    outlet: str | None = None


class MapSummary(Output, frozen=True, kw_only=True):
    """A map as listed: what it is, how big it is, where it comes from."""

    id: str
    title: str
    version: int
    root: str
    thesis_ids: list[str]
    counts: dict[str, int]
    """Nodes per kind (thesis, claim, evidence, caveat, counterpoint)."""
    sources: list[SourceRef]
    summary: str | None = None
    visibility: Visibility = Visibility.PUBLIC
    """Who may read it (``private``, ``group``, ``public``)."""
    owner: str | None = None
    """The user who created it; none for maps an administrator loaded (admins write those)."""
    group: str | None = None
    """The owner's group when the map was created: its editors write the map too."""


class MapList(Output, frozen=True, kw_only=True):
    """One page of the maps a caller may read, by id."""

    maps: list[MapSummary]
    next_cursor: str | None = None
    """Give it as ``cursor`` for the next page (the answer's ``Link: rel="next"`` says the same); none on the
    last page."""


class MapDetail(MapSummary, frozen=True, kw_only=True):
    """One map with its theses, speakers, sources and counts."""

    relations: dict[str, int]
    """Relations per type (supports, attacks, qualifies)."""
    speakers: list[Speaker]
    failing_checks: int = 0
    """Stated figures of the map that do not recompute to what the source states (``/maps/{id}/checks``)."""


class FigureCheck(Output, frozen=True, kw_only=True):
    """One stated figure of a map re-checked: the computation, its node and the quote that states it."""

    node: str
    node_text: str
    check: ComputationCheck
    quote: Quote | None = None
    """The node's quote that states the figure (the one holding ``stated_as`` if any), else its first."""


class MapChecks(Output, frozen=True, kw_only=True):
    """Every check of what one map version's sources state; ``failing`` counts the figures that disagree.

    Beyond the figures: weekdays stated with dates, shares that should add up to 100%, and the sources'
    own notes. ``inconsistent`` counts the dates and the shares that do not agree.
    """

    map: str
    version: int
    total: int
    failing: int
    checks: list[FigureCheck]
    dates: list[DateCheck] = []
    percentages: list[PercentageCheck] = []
    inconsistent: int = 0
    """Dates whose weekday is not the one stated beside them, and shares that do not add up to 100%."""
    notes: list[SourceNote] = []


class WriteReceipt(Output, frozen=True, kw_only=True):
    """What a map write did."""

    id: str
    version: int
    created: bool
    changed: bool
    nodes: int
    relations: int


class Analysis(Output, frozen=True, kw_only=True):
    """What every analysis of a map names: the map version, the root, the semantics and the function."""

    map_id: str
    version: int
    root: str
    semantics: str
    contribution: str


class TreeChild(Output, frozen=True, kw_only=True):
    """One incoming relation in a tree: how ``node`` bears on its parent."""

    relation: RelationType
    node: TreeNode
    weight: float | None = None
    note: str | None = None


class TreeNode(Output, frozen=True, kw_only=True):
    """A node of an argument tree.

    When ``ref`` is set the node was already shown higher up (a cycle or a shared premise) and its children
    are not repeated.
    """

    id: str
    kind: NodeKind
    text: str
    speaker: str
    base_score: float
    strength: float
    contribution: float
    """Signed contribution to the tree's root (0 for the root itself)."""
    quotes: list[Quote] = msgspec.field(default_factory=list)
    supporters: list[TreeChild] = msgspec.field(default_factory=list)
    attackers: list[TreeChild] = msgspec.field(default_factory=list)
    qualifiers: list[TreeChild] = msgspec.field(default_factory=list)
    ref: str | None = None
    truncated: bool = False
    """True when ``depth`` stopped the tree here although the node has children."""


class Tree(Analysis, frozen=True, kw_only=True):
    """The argument tree under a root, with strengths and contributions."""

    depth: int
    tree: TreeNode
    spread: Spread | None = None
    """The root's strength under each published semantics and its robustness band, in numbers and words."""


class ScoreRow(Output, frozen=True, kw_only=True):
    """One node's scores."""

    id: str
    kind: NodeKind
    text: str
    speaker: str
    base_score: float
    strength: float
    contribution: float
    weight_carried: float
    rank: int | None
    """1 carries the most weight for the root; None for the root itself and for nodes with no path to it."""
    stderr: float | None = None
    unranked: str | None = None
    """Why a node other than the root has no rank: it has no path to the root, so it cannot move it."""


class Scores(Analysis, frozen=True, kw_only=True):
    """Every node's base score, strength and contribution to the root, ranked by weight carried."""

    method: str
    approximate: bool
    root_base_score: float
    root_strength: float
    efficiency: EfficiencyCheck
    solver: SolveMetadata
    scores: list[ScoreRow]
    reading: str = ""
    """The root's strength in plain words: a plausibility score for the thesis, not a probability."""
    spread: Spread | None = None
    """The root's strength under each published semantics and its robustness band, in numbers and words."""


class RelationRef(Struct, kw_only=True, forbid_unknown_fields=True):
    """A relation named by its ends."""

    source: str
    target: str


class HypotheticalNode(Struct, kw_only=True, forbid_unknown_fields=True):
    """A node a what-if adds to the map, e.g. a counterpoint nobody has made yet."""

    id: Annotated[str, Meta(min_length=1, max_length=200)]
    kind: NodeKind = NodeKind.COUNTERPOINT
    text: Annotated[str, Meta(max_length=2000)] = "a hypothetical node"
    base_score: Annotated[float, Meta(ge=0.0, le=1.0)]


class HypotheticalRelation(Struct, kw_only=True, forbid_unknown_fields=True):
    """A relation a what-if adds (its ends may be hypothetical nodes)."""

    source: str
    target: str
    type: RelationType
    weight: Annotated[float, Meta(gt=0.0, le=1.0)] | None = None


class WhatIf(Struct, kw_only=True, forbid_unknown_fields=True):
    """A hypothetical change to a map: nothing is written. A field the API does not know is refused."""

    base_scores: dict[str, Annotated[float, Meta(ge=0.0, le=1.0)]] = msgspec.field(default_factory=dict)
    remove_nodes: list[str] = msgspec.field(default_factory=list)
    remove_relations: list[RelationRef] = msgspec.field(default_factory=list)
    weights: list[RelationWeight] = msgspec.field(default_factory=list)
    """Relations acting with another weight (above 0, at most 1)."""
    add_nodes: Annotated[list[HypotheticalNode], Meta(max_length=50)] = msgspec.field(default_factory=list)
    add_relations: Annotated[list[HypotheticalRelation], Meta(max_length=200)] = msgspec.field(
        default_factory=list
    )
    semantics: Annotated[Semantics, Meta(description=SEMANTICS_DESCRIPTION)] = DEFAULT_SEMANTICS
    contribution: Annotated[ContributionFunction, Meta(description=CONTRIBUTION_DESCRIPTION)] = (
        DEFAULT_CONTRIBUTION
    )
    root: str | None = None


class WhatIfRow(Output, frozen=True, kw_only=True):
    """One node before and after the change."""

    id: str
    kind: NodeKind | None = None
    text: str = ""
    hypothetical: bool = False
    """A node the what-if added (it has no ``before``: its before values are 0)."""
    strength_before: float
    strength_after: float | None
    strength_delta: float | None
    contribution_before: float
    contribution_after: float | None
    contribution_delta: float | None
    removed: bool = False


class WhatIfOutcome(Analysis, frozen=True, kw_only=True):
    """Strengths and contributions after a hypothetical change, next to the baseline."""

    root_strength_before: float
    root_strength_after: float
    rows: list[WhatIfRow]
    solver: SolveMetadata


class SearchMatch(Output, frozen=True, kw_only=True):
    """Why a hit matched: the field the words are in and a snippet of it with the words marked."""

    field: Literal["text", "quote", "tags", "evidence", "speaker", "reported_by", "rationale"]
    snippet: str
    highlights: list[tuple[int, int]] = msgspec.field(default_factory=list)
    """[start, end) character offsets into ``snippet`` of each matching word or phrase."""
    source: str | None = None
    """For a match in a quote: the source it quotes."""
    source_start: int | None = None
    """For a match in a quote: where the matching words start in the source text (character offset)."""
    source_end: int | None = None


class SearchFacets(Output, frozen=True, kw_only=True):
    """How many of the search's hits (over every page) fall in each kind, speaker and tag."""

    total: int
    kind: dict[str, int] = msgspec.field(default_factory=dict)
    speaker: dict[str, int] = msgspec.field(default_factory=dict)
    tag: dict[str, int] = msgspec.field(default_factory=dict)


class ClaimHit(Output, frozen=True, kw_only=True):
    """A search hit."""

    map: str
    id: str
    kind: NodeKind
    text: str
    speaker: str
    strength: float | None
    base_score: float
    relevance: float
    quote: Quote | None = None
    """The quote the words were found in, else the node's first quote."""
    href: str = ""
    match: SearchMatch | None = None
    """Why the node matched (absent in a listing without words)."""


class ClaimPage(Output, frozen=True, kw_only=True):
    """One page of search hits; pass ``next_cursor`` as ``cursor`` (with the same parameters) for the next."""

    hits: list[ClaimHit]
    limit: int
    next_cursor: str | None = None
    facets: SearchFacets | None = None


class RelatedNode(Output, frozen=True, kw_only=True):
    """A neighbour of a claim and the relation joining them."""

    id: str
    kind: NodeKind
    text: str
    speaker: str
    relation: RelationType
    weight: float | None = None
    note: str | None = None


class ClaimDetail(Output, frozen=True, kw_only=True):
    """One node with everything known about it."""

    map: str
    id: str
    kind: NodeKind
    text: str
    speaker: Speaker
    base_score: float
    rationale: str
    strength: float
    contribution: float
    """Signed contribution to the map's root under the default semantics and Shapley."""
    root: str
    version: int
    map_version: int
    date: str | None = None
    tags: list[str] = msgspec.field(default_factory=list)
    quotes: list[Quote] = msgspec.field(default_factory=list)
    """Each with its source and whose words it is (``provenance``)."""
    evidence: Evidence | None = None
    computations: list[ComputationCheck] = msgspec.field(default_factory=list)
    supporters: list[RelatedNode] = msgspec.field(default_factory=list)
    attackers: list[RelatedNode] = msgspec.field(default_factory=list)
    qualifiers: list[RelatedNode] = msgspec.field(default_factory=list)
    bears_on: list[RelatedNode] = msgspec.field(default_factory=list)
    reported_by: Speaker | None = None
    """The speaker through whom the proposition reaches the source (an essayist citing a forecast)."""
    forecast: Forecast | None = None
    """The dated prediction the node makes, with its status."""


class ClaimPatch(Struct, kw_only=True, forbid_unknown_fields=True):
    """Fields of a node that can be edited in place; omitted fields stay as they are."""

    text: Text | msgspec.UnsetType = msgspec.UNSET
    base_score: Annotated[float, Meta(ge=0.0, le=1.0)] | msgspec.UnsetType = msgspec.UNSET
    tags: list[Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]] | msgspec.UnsetType = msgspec.UNSET


class SourceDetail(Output, frozen=True, kw_only=True):
    """A source document and the maps that cite it."""

    id: str
    title: str
    length: int
    maps: list[str]
    text: str
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    note: str | None = None
    """The map editor's note about the source itself (an inconsistency in its dates, say)."""
    revision: int = 1
    """The revision whose text this is: the latest unless ``?revision=`` named another."""
    revisions: list[RevisionEntry] = []
    """Every revision of the text, first to latest: a stored text never changes, a correction is a new one."""


class SourceSpan(Output, frozen=True, kw_only=True):
    """One span of a source, with some context either side."""

    source_id: str
    start: int
    end: int
    text: str
    before: str
    after: str


class ValidationReport(Output, frozen=True, kw_only=True):
    """The outcome of validating a map document."""

    file: str
    valid: bool
    problems: list[Problem]
    map_id: str | None = None
    nodes: int | None = None


class QBAFEvaluation(Output, frozen=True, kw_only=True):
    """The engine's answer for a plain QBAF: strengths with solver metadata, and contributions to a topic."""

    strengths: StrengthResult
    contributions: ContributionResult | None = None
