"""Map versions: every write keeps one, and the differences between two of them."""

from __future__ import annotations

from schemas._base import Output


class VersionChanges(Output, frozen=True, kw_only=True):
    """What one write changed, counted against the version before it."""

    nodes_added: int = 0
    nodes_removed: int = 0
    nodes_changed: int = 0
    relations_added: int = 0
    relations_removed: int = 0
    relations_changed: int = 0


class MapVersionEntry(Output, frozen=True, kw_only=True):
    """One kept version of a map."""

    version: int
    created: str
    """When the write committed (ISO 8601, UTC)."""
    author: str
    """Who wrote it: the name of the credential the write was made with."""
    changes: VersionChanges
    root_strength: float | None
    """The root's strength at this version under the default semantics (QE)."""


class MapVersionList(Output, frozen=True, kw_only=True):
    """A map's kept versions, newest first, one page of them."""

    map_id: str
    current: int
    versions: list[MapVersionEntry]
    next_before: int | None = None
    """Ask with ``before=`` this for the next (older) page; null on the last page."""


class FieldChange(Output, frozen=True, kw_only=True):
    """One field of a node or relation, before and after."""

    field: str
    before: object = None
    after: object = None


class NodeDiff(Output, frozen=True, kw_only=True):
    """A node added, removed or changed between two versions."""

    id: str
    change: str
    """``added``, ``removed`` or ``changed``."""
    text: str
    """Its text at the newer version (at the older one when removed)."""
    fields: list[FieldChange] = []


class RelationDiff(Output, frozen=True, kw_only=True):
    """A relation added, removed or changed (its weight or note) between two versions."""

    source: str
    target: str
    type: str
    change: str
    fields: list[FieldChange] = []


class MapDiff(Output, frozen=True, kw_only=True):
    """Every difference between two versions of a map, node by node and relation by relation."""

    map_id: str
    from_version: int
    to_version: int
    nodes: list[NodeDiff]
    relations: list[RelationDiff]


class ClaimVersion(Output, frozen=True, kw_only=True):
    """A claim as it stood at one version, kept when something about it changed."""

    version: int
    created: str
    changed: list[str]
    """What changed at this version: ``created``, ``text``, ``base_score``, ``quotes``, ``relations``,
    ``strength``, or other field names."""
    text: str
    base_score: float | None
    strength: float | None
    quotes: list[str]
    relations: list[str]
    """Its relations as ``source -type-> target``."""


class ClaimHistory(Output, frozen=True, kw_only=True):
    """A claim's versions, oldest first: each version at which it changed."""

    map_id: str
    claim_id: str
    versions: list[ClaimVersion]


class VerdictEdit(Output, frozen=True, kw_only=True):
    """One edit between two versions and its share of the root's change (its Shapley value)."""

    edit: str
    """``node <id>`` or ``relation <source> -<type>-> <target>`` (per node: the node with its relations)."""
    contribution: float


class VerdictChange(Output, frozen=True, kw_only=True):
    """Why the root's strength moved between two versions: the edits' contributions add up to ``delta``."""

    map_id: str
    from_version: int
    to_version: int
    root: str
    semantics: str
    before: float
    after: float
    delta: float
    method: str
    """``exact`` (every subset of edits scored), ``per-node`` (a relation's edit joins its source node's),
    or ``per-node, sampled`` (averaged over ``permutations`` seeded orders)."""
    permutations: int | None = None
    edits: list[VerdictEdit]
