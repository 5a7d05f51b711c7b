"""``MapGraph``: an immutable, in-memory view of one version of one map.

A map is small (hundreds to thousands of nodes), so it is read whole, once per version, and trees, scores,
renders and exports are computed from this view rather than from many small queries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

import msgspec

from schemas import MapDocument, Node, NodeKind, Relation, RelationType, Source, Speaker

_Wire = tuple[MapDocument, int, dict[str, int], str | None, str | None]
_WIRE = msgspec.msgpack.Decoder(_Wire)


@dataclass(frozen=True, slots=True)
class MapGraph:
    """One map version: the document plus its versions and adjacency indexes.

    Attributes:
        document: the map as a map document (sources carry their text).
        version: the map's version; every write bumps it.
        node_versions: each node's version (the map version of the write that last changed it).
    """

    document: MapDocument
    version: int
    node_versions: Mapping[str, int]
    owner: str | None = None
    """Who created the map (none: an administrator's map, as every map from before accounts)."""
    group: str | None = None
    """The creator's group then: its editors write the map too."""
    nodes: Mapping[str, Node] = field(init=False)
    speakers: Mapping[str, Speaker] = field(init=False)
    sources: Mapping[str, Source] = field(init=False)
    incoming: Mapping[str, tuple[Relation, ...]] = field(init=False)
    outgoing: Mapping[str, tuple[Relation, ...]] = field(init=False)

    def __post_init__(self) -> None:
        incoming: dict[str, list[Relation]] = {node.id: [] for node in self.document.nodes}
        outgoing: dict[str, list[Relation]] = {node.id: [] for node in self.document.nodes}
        for relation in self.document.relations:
            incoming[relation.target].append(relation)
            outgoing[relation.source].append(relation)
        setter = object.__setattr__
        setter(self, "nodes", MappingProxyType({node.id: node for node in self.document.nodes}))
        setter(self, "speakers", MappingProxyType({s.id: s for s in self.document.speakers}))
        setter(self, "sources", MappingProxyType({s.id: s for s in self.document.sources}))
        setter(self, "incoming", MappingProxyType({k: tuple(v) for k, v in incoming.items()}))
        setter(self, "outgoing", MappingProxyType({k: tuple(v) for k, v in outgoing.items()}))

    @property
    def id(self) -> str:
        """The map's id."""
        return self.document.id

    @property
    def thesis_ids(self) -> list[str]:
        """Ids of the thesis nodes, in document order."""
        return [node.id for node in self.document.nodes if node.kind is NodeKind.THESIS]

    @property
    def root(self) -> str:
        """The default root for trees and scores: the document's ``root``, else its first thesis."""
        if self.document.root is not None:
            return self.document.root
        theses = self.thesis_ids
        return theses[0] if theses else self.document.nodes[0].id

    def counts_by_kind(self) -> dict[str, int]:
        """How many nodes of each kind the map has (every kind listed, zeros included)."""
        counts = {kind.value: 0 for kind in NodeKind}
        for node in self.document.nodes:
            counts[node.kind.value] += 1
        return counts

    def __reduce__(self) -> tuple[Callable[[bytes], MapGraph], tuple[bytes]]:
        """Pickled as its parts in MessagePack: a worker process rebuilds the indexes, once per version."""
        parts = (self.document, self.version, dict(self.node_versions), self.owner, self.group)
        return _graph_from_wire, (msgspec.msgpack.encode(parts),)

    def children(self, node_id: str) -> dict[RelationType, list[Relation]]:
        """The relations pointing into ``node_id``, grouped by type (supporters, attackers, qualifiers)."""
        grouped: dict[RelationType, list[Relation]] = {}
        for relation in self.incoming[node_id]:
            grouped.setdefault(relation.type, []).append(relation)
        return grouped


@lru_cache(maxsize=16)
def _graph_from_wire(wire: bytes) -> MapGraph:
    """The graph ``MapGraph.__reduce__`` sent; a worker process keeps the last few, as jobs repeat versions.

    Example:
        >>> import pickle
        >>> from schemas import Speaker
        >>> doc = MapDocument(id="m", title="M", sources=[], speakers=[Speaker(id="a", name="A")],
        ...                   nodes=[Node(id="t", kind=NodeKind.THESIS, text="T.", speaker="a",
        ...                               base_score=0.5, rationale="r")])
        >>> graph = MapGraph(doc, 3, {"t": 3})
        >>> copy = pickle.loads(pickle.dumps(graph))
        >>> (copy.version, copy.document == doc, list(copy.nodes))
        (3, True, ['t'])
    """
    document, version, node_versions, owner, group = _WIRE.decode(wire)
    return MapGraph(document, version, node_versions, owner, group)
