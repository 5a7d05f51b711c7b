"""Two maps of one source compared, and how much of a source a set of maps quotes, sentence by sentence."""

from __future__ import annotations

from typing import Literal

from schemas._api import SourceRef
from schemas._base import Output
from schemas._debate import Crux
from schemas._map import NodeKind, RelationType

MatchBasis = Literal["span", "text"]
"""How two nodes were found to make the same point: they quote the same characters, or use the same words."""
RelationChangeKind = Literal["polarity", "direction", "direction-and-polarity", "type", "missed", "extra"]
"""How a relation between two matched pairs of nodes differs from one map to the other.

``polarity``: one map has support where the other has attack (or qualification); ``direction``: it runs the
other way; ``type``: attacks in one, qualifies in the other; ``missed``: A has it and B connects the two
nodes in no way; ``extra``: the other way round.
"""


class Passage(Output, frozen=True, kw_only=True):
    """A span of a source a node quotes: ``text`` is the source's own words at ``start``-``end``."""

    source: str
    start: int
    end: int
    text: str


class MapVerdict(Output, frozen=True, kw_only=True):
    """Where one map's root ends: its strength once everything the map says for and against it is weighed."""

    map_id: str
    version: int
    title: str
    root: str
    root_text: str
    semantics: str
    strength: float


class NodeMatch(Output, frozen=True, kw_only=True):
    """A node of A and a node of B found to make the same point."""

    a: str
    b: str
    a_text: str
    b_text: str
    matched_by: list[MatchBasis]
    """Each way the two agree above its threshold; ``span`` first when both."""
    span_overlap: float | None
    """Characters both quote over characters either quotes (Jaccard, same source); null: one quotes none."""
    text_similarity: float
    """Content words both use over content words either uses (Jaccard)."""


class UnmatchedNode(Output, frozen=True, kw_only=True):
    """A node of one map that no node of the other matches, with the passages it quotes."""

    id: str
    kind: NodeKind
    text: str
    passages: list[Passage] = []


class RelationSide(Output, frozen=True, kw_only=True):
    """A relation as one map has it, in that map's node ids; ``weight`` is the one it acts with."""

    source: str
    target: str
    type: RelationType
    weight: float


class RelationChange(Output, frozen=True, kw_only=True):
    """A relation between matched nodes that the two maps draw differently (or only one draws)."""

    change: RelationChangeKind
    a: RelationSide | None
    """A's relation; null when only B has one (``extra``)."""
    b: RelationSide | None
    """B's relation; null when only A has one (``missed``)."""


class BaseScoreDifference(Output, frozen=True, kw_only=True):
    """A matched pair whose base scores differ: ``difference`` is B's minus A's."""

    a: str
    b: str
    a_base_score: float
    b_base_score: float
    difference: float


class WeightDifference(Output, frozen=True, kw_only=True):
    """A relation both maps draw alike but weigh differently: ``difference`` is B's weight minus A's."""

    a: RelationSide
    b: RelationSide
    difference: float


class MapComparison(Output, frozen=True, kw_only=True):
    """Map A (the one in the path) and map B compared over the sources both cite. Findings, never a grade."""

    a: MapVerdict
    b: MapVerdict
    sources: list[SourceRef]
    """The sources both maps cite: only quotes of these are compared."""
    span_threshold: float
    """Nodes match by their quotes when their span overlap is at least this."""
    text_threshold: float
    """Otherwise they match by their words when their text similarity is at least this."""
    matches: list[NodeMatch]
    missed: list[UnmatchedNode]
    """Nodes of A that B does not map, in A's order."""
    extra: list[UnmatchedNode]
    """Nodes of B that A does not map, in B's order."""
    relations: list[RelationChange]
    base_scores: list[BaseScoreDifference]
    """The matched pairs whose base scores differ most (at most ``top``), largest difference first."""
    weights: list[WeightDifference]
    """The relations whose weights differ most (at most ``top``), largest difference first."""
    base_scores_differing: int
    """How many matched pairs have different base scores (``base_scores`` lists the largest)."""
    weights_differing: int
    """How many relations both draw alike have different weights."""


class SentenceCoverage(Output, frozen=True, kw_only=True):
    """One sentence of a source (``text`` is the source's ``[start:end]``) and the maps quoting any of it."""

    start: int
    end: int
    text: str
    count: int
    maps: list[str]


class SourceCoverage(Output, frozen=True, kw_only=True):
    """A source split into sentences, each with how many of ``maps`` quote any part of it."""

    source: SourceRef
    length: int
    """The source text's length in characters."""
    maps: list[str]
    """The maps counted, sorted."""
    quoted: int
    """How many sentences at least one of the maps quotes."""
    sentences: list[SentenceCoverage]


class MapCrux(Output, frozen=True, kw_only=True):
    """The crux between two maps of one source: B's numbers on the points both make, taken into A.

    Only the base scores of matched nodes and the weights of relations both maps draw alike are B's to
    give: what one map has and the other lacks is not a number they disagree on (``compare`` lists it).
    ``crux.b_root_strength`` is A's root with every one of them taken from B, not B's own verdict (``b``).
    """

    a: MapVerdict
    b: MapVerdict
    matched: int
    """Nodes of A matched to a node of B (as ``GET /maps/{a}/compare/{b}`` aligns them)."""
    counterparts: dict[str, str]
    """Each node of A that ``crux`` or ``movers`` names (a base score, a relation's end): its match in B."""
    crux: Crux
    """The crux search on A, B's numbers as the other reading; node and relation ids are A's."""
    explanation: str
