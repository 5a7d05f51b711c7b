"""Translation between map documents and the flat rows Neo4j stores (nested data travels as JSON text)."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import msgspec

from graph.mapgraph import MapGraph
from graph.search import search_fields
from schemas import (
    MapDocument,
    MapVersionEntry,
    Node,
    Perspective,
    Relation,
    Source,
    Speaker,
    VersionChanges,
    Visibility,
)

_encoder = msgspec.json.Encoder(order="deterministic")


def digest(value: object) -> str:
    """A stable content hash of any msgspec-encodable value."""
    return hashlib.sha256(_encoder.encode(value)).hexdigest()[:32]


def document_hash(document: MapDocument) -> str:
    """The hash that decides whether a write changes a map at all.

    ``text_file`` is left out: the same map read from disk or sent over HTTP (with the text inline) is the
    same map.
    """
    sources = [msgspec.structs.replace(source, text_file=None) for source in document.sources]
    return digest(msgspec.structs.replace(document, sources=sources))


def sources_hash(document: MapDocument) -> str:
    """The hash of a map's sources as cited (order, metadata and text; ``text_file`` left out, as above).

    Kept on the map's node: a write whose sources hash the same leaves the sources and citations alone.
    """
    return digest([msgspec.structs.replace(source, text_file=None) for source in document.sources])


def speakers_hash(document: MapDocument) -> str:
    """The hash of a map's speakers in order: while equal, writes leave them and kept nodes' search fields."""
    return digest(document.speakers)


def node_rows(
    document: MapDocument,
    strengths: Mapping[str, float],
    versions: Mapping[str, int],
    only: Collection[str] | None = None,
) -> list[dict[str, Any]]:
    """One property row per node (of the nodes ``only`` names, when given), in document order.

    The node itself travels whole as JSON in ``doc`` (so reads return exactly what was written, whatever
    fields the format grows); the other properties exist for labels, filters, search and Cypher users.
    """
    rows = []
    speakers = {speaker.id: speaker for speaker in document.speakers}
    for order, node in enumerate(document.nodes):
        if only is not None and node.id not in only:
            continue
        rows.append(
            {
                **search_fields(node, speakers),
                "id": node.id,
                "kind": node.kind.value,
                "text": node.text,
                "speaker": node.speaker,
                "base_score": node.base_score,
                "rationale": node.rationale,
                "date": node.date,
                "tags": list(node.tags),
                "same_as": [f"{ref.map}/{ref.id}" for ref in node.same_as] or None,
                "reported_by": node.reported_by,
                "quote_text": "\n".join(quote.text for quote in node.quotes) or None,
                # Kept beside the JSON so Cypher users can find due forecasts without decoding nodes.
                "resolves_by": node.forecast.resolves_by if node.forecast else None,
                "forecast_status": node.forecast.status.value if node.forecast else None,
                "doc": _encoder.encode(node).decode(),
                "ord": order,
                "hash": digest(node),
                "version": versions[node.id],
                "strength": strengths.get(node.id),
            }
        )
    return rows


def search_rows(document: MapDocument, only: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Each node's (or each of ``only``'s) search fields and reporter, for rewriting what the index reads."""
    speakers = {speaker.id: speaker for speaker in document.speakers}
    return [
        {"id": node.id, "fields": {**search_fields(node, speakers), "reported_by": node.reported_by}}
        for node in document.nodes
        if only is None or node.id in only
    ]


RelationKey = tuple[str, str, str]
"""(source, target, type) of a relation: what identifies it within a map."""


@dataclass(frozen=True, slots=True)
class StoredMap:
    """What a write compares a new document with: the map as committed at the version the write locked.

    Known either from the map version the writer already holds (``stored_from_graph``, no round trip) or
    from one query without any text (``stored_from_record``). The two hashes are None for a map stored
    before they were kept, so its first write rewrites sources and speakers.
    """

    nodes: dict[str, tuple[str, int]]
    """Each node's content hash and version."""
    kinds: dict[str, str]
    """Each node's kind (its label): a changed node of the same kind is updated in place."""
    relations: dict[RelationKey, tuple[float | None, str | None, int]]
    """Each relation's weight, note and place."""
    sources_hash: str | None
    speakers_hash: str | None


def stored_from_graph(graph: MapGraph) -> StoredMap:
    """The ``StoredMap`` of a map version held in memory, exactly as its write stored it.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind
        >>> node = Node(id="a", kind=NodeKind.THESIS, text="A.", speaker="x", base_score=0.5, rationale="r")
        >>> one = MapDocument(id="m", title="t", sources=[], speakers=[], relations=[], nodes=[node])
        >>> stored = stored_from_graph(MapGraph(document=one, version=3, node_versions={"a": 2}))
        >>> stored.nodes["a"][1], stored.relations, stored.speakers_hash == speakers_hash(one)
        (2, {}, True)
    """
    document = graph.document
    relations = {
        (row["source"], row["target"], relation_type): (row["weight"], row["note"], row["ord"])
        for relation_type, rows in relation_rows(document).items()
        for row in rows
    }
    return StoredMap(
        nodes={node.id: (digest(node), graph.node_versions[node.id]) for node in document.nodes},
        kinds={node.id: node.kind.value for node in document.nodes},
        relations=relations,
        sources_hash=sources_hash(document),
        speakers_hash=speakers_hash(document),
    )


def stored_from_record(record: Mapping[str, Any] | None) -> StoredMap:
    """The ``StoredMap`` of a ``STORED_MAP`` record (nothing stored yet: an empty map)."""
    if record is None:
        return StoredMap(nodes={}, kinds={}, relations={}, sources_hash=None, speakers_hash=None)
    return StoredMap(
        nodes={row["id"]: (row["hash"], int(row["version"])) for row in record["nodes"]},
        kinds={row["id"]: row["kind"] for row in record["nodes"]},
        relations={
            (row["source"], row["target"], row["type"]): (row["weight"], row["note"], row["ord"])
            for row in record["relations"]
        },
        sources_hash=record["sources_hash"],
        speakers_hash=record["speakers_hash"],
    )


@dataclass(frozen=True, slots=True)
class ReplacePlan:
    """What a write must change to turn the stored map into the new document.

    Nodes whose content is unchanged are kept (with their versions). A changed node whose kind (and so its
    label) is known and unchanged is updated in place, keeping its relationships; other changed nodes are
    deleted and created again. Relations are compared by their ends and type.
    """

    versions: dict[str, int]
    created_nodes: frozenset[str]
    deleted_nodes: list[str]
    created_relations: dict[str, list[dict[str, Any]]]
    deleted_relations: dict[str, list[dict[str, Any]]]
    reordered_relations: dict[str, list[dict[str, Any]]]
    updated_nodes: frozenset[str] = frozenset()


def plan_replace(
    document: MapDocument,
    old_nodes: Mapping[str, tuple[str, int]],
    old_relations: Mapping[RelationKey, tuple[float | None, str | None, int]],
    new_version: int,
    old_kinds: Mapping[str, str] | None = None,
) -> ReplacePlan:
    """Compare the stored map (node hashes and versions, relations, and kinds if known) with ``document``.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind
        >>> def one(text: str) -> MapDocument:
        ...     node = Node(id="a", kind=NodeKind.THESIS, text=text, speaker="x", base_score=1, rationale="")
        ...     return MapDocument(id="m", title="t", sources=[], speakers=[], nodes=[node], relations=[])
        >>> stored = {"a": (digest(one("Old.").nodes[0]), 1)}
        >>> plan = plan_replace(one("New."), stored, {}, 2, {"a": "thesis"})
        >>> plan.updated_nodes, plan.created_nodes, plan.deleted_nodes, plan.versions
        (frozenset({'a'}), frozenset(), [], {'a': 2})
    """
    hashes = {node.id: digest(node) for node in document.nodes}
    kept = {
        node_id
        for node_id, value in hashes.items()
        if node_id in old_nodes and old_nodes[node_id][0] == value
    }
    kinds = old_kinds or {}
    updated = {
        node.id
        for node in document.nodes
        if node.id in old_nodes and node.id not in kept and kinds.get(node.id) == node.kind.value
    }
    # Nodes that stay in the database, with their relationships: those kept and those updated in place.
    staying = kept | updated
    versions = {node_id: old_nodes[node_id][1] if node_id in kept else new_version for node_id in hashes}
    created_relations: dict[str, list[dict[str, Any]]] = {}
    reordered: dict[str, list[dict[str, Any]]] = {}
    wanted: dict[RelationKey, tuple[float | None, str | None]] = {}
    for relation_type, rows in relation_rows(document).items():
        for row in rows:
            key = (row["source"], row["target"], relation_type)
            wanted[key] = (row["weight"], row["note"])
            old = old_relations.get(key)
            both_stay = row["source"] in staying and row["target"] in staying
            if old is None or not both_stay or old[:2] != wanted[key]:
                created_relations.setdefault(relation_type, []).append(row)
            elif old[2] != row["ord"]:
                reordered.setdefault(relation_type, []).append(row)
    deleted_relations: dict[str, list[dict[str, Any]]] = {}
    for key, old in old_relations.items():
        source, target, relation_type = key
        # Relations of deleted nodes go with them; only those between staying nodes need deleting here.
        if source in staying and target in staying and wanted.get(key) != old[:2]:
            deleted_relations.setdefault(relation_type, []).append({"source": source, "target": target})
    return ReplacePlan(
        versions=versions,
        created_nodes=frozenset(hashes) - staying,
        deleted_nodes=sorted(set(old_nodes) - staying),
        created_relations=created_relations,
        deleted_relations=deleted_relations,
        reordered_relations=reordered,
        updated_nodes=frozenset(updated),
    )


def quote_rows(document: MapDocument) -> list[dict[str, Any]]:
    """One row per quote; a quote without a source names the map's only source."""
    # A quote may omit its source when exactly one source of the map has text (the validator enforces it).
    with_text = [source.id for source in document.sources if source.text]
    default_source = with_text[0] if len(with_text) == 1 else None
    return [
        {
            "node": node.id,
            "ord": order,
            "start": quote.start,
            "end": quote.end,
            "text": quote.text,
            "source": quote.source,
            "link_source": quote.source or default_source,
            "provenance": quote.provenance.value if quote.provenance else None,
        }
        for node in document.nodes
        for order, quote in enumerate(node.quotes)
    ]


def relation_rows(document: MapDocument) -> dict[str, list[dict[str, Any]]]:
    """Relation rows grouped by relation type."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for order, relation in enumerate(document.relations):
        grouped.setdefault(relation.type.value, []).append(
            {
                "source": relation.source,
                "target": relation.target,
                "weight": relation.weight,
                "note": relation.note,
                "ord": order,
            }
        )
    return grouped


def source_rows(document: MapDocument) -> list[dict[str, Any]]:
    """Source rows with the text hash used to detect conflicting sources shared between maps.

    The source's metadata also travels whole as JSON in ``doc`` (without the text, which is its own property,
    and without ``text_file``, which only means something on the disk the document was read from).
    """
    rows = []
    for order, source in enumerate(document.sources):
        text = source.text or ""
        text_hash = hashlib.sha256(text.encode()).hexdigest()[:32]
        metadata = msgspec.structs.replace(source, text=None, text_file=None)
        props = {
            "title": source.title,
            "outlet": source.outlet,
            "author": source.author,
            "published": source.published,
            "url": source.url,
            "text": source.text,
            "text_hash": text_hash,
            "doc": _encoder.encode(metadata).decode(),
        }
        # Everything a reader of the source sees: a shared source may only be cited, never changed, by
        # another map, so this hash decides whether a second map's copy is the same source.
        content_hash = digest([metadata, text_hash])
        props["content_hash"] = content_hash
        rows.append({"id": source.id, "ord": order, "content_hash": content_hash, "props": props})
    return rows


def speaker_rows(document: MapDocument) -> list[dict[str, Any]]:
    """Speaker rows in document order."""
    return [
        {"id": speaker.id, "name": speaker.name, "role": speaker.role, "ord": order}
        for order, speaker in enumerate(document.speakers)
    ]


def graph_from_record(record: Mapping[str, Any]) -> MapGraph:
    """Rebuild the ``MapGraph`` of one map from the ``READ_MAP`` record."""
    header = record["map"]
    nodes = [_node(row) for row in record["nodes"]]
    document = MapDocument(
        id=header["id"],
        title=header["title"],
        summary=header.get("summary"),
        root=header.get("root"),
        visibility=Visibility(header["visibility"]) if header.get("visibility") else None,
        perspectives=perspectives_from_text(header.get("perspectives")),
        format=header.get("format", 1),
        sources=[source_from_row(row) for row in record["sources"]],
        speakers=[
            Speaker(id=row["id"], name=row["name"], role=row.get("role")) for row in record["speakers"]
        ],
        nodes=nodes,
        relations=[msgspec.convert(row, Relation) for row in record["relations"]],
    )
    versions = {row["id"]: int(row["version"]) for row in record["nodes"]}
    return MapGraph(
        document=document,
        version=int(header["version"]),
        node_versions=versions,
        owner=header.get("owner"),
        group=header.get("owner_group"),
    )


def perspectives_text(document: MapDocument) -> str | None:
    """The map's perspectives as JSON text for the map's own node (None when it keeps none)."""
    return _encoder.encode(document.perspectives).decode() if document.perspectives else None


def perspectives_from_text(text: str | None) -> list[Perspective]:
    """The perspectives ``perspectives_text`` wrote (none for a map written before they existed)."""
    return msgspec.json.decode(text, type=list[Perspective]) if text else []


def source_from_row(row: Mapping[str, Any]) -> Source:
    """The ``Source`` stored as a node's properties (its metadata as JSON in ``doc``, its text beside)."""
    return msgspec.structs.replace(msgspec.json.decode(row["doc"], type=Source), text=row.get("text"))


def _node(row: Mapping[str, Any]) -> Node:
    return msgspec.json.decode(row["doc"], type=Node)


def version_snapshot(document: MapDocument, node_versions: Mapping[str, int]) -> tuple[bytes, str]:
    """A map version as kept: its document as compressed JSON, and each node's version as JSON.

    About 28 KB for the essay (92 KB of JSON with its source text). Every write compresses one, under its
    map's lock: the fastest level takes a quarter of the time of the default for a fifth more bytes.
    """
    return zlib.compress(msgspec.json.encode(document), 1), msgspec.json.encode(node_versions).decode()


def graph_from_snapshot(number: int, document: bytes, node_versions: str) -> MapGraph:
    """The ``MapGraph`` of a kept version (``version_snapshot`` read back)."""
    return MapGraph(
        document=msgspec.json.decode(zlib.decompress(document), type=MapDocument),
        version=number,
        node_versions=msgspec.json.decode(node_versions, type=dict[str, int]),
    )


def version_changes(
    document: MapDocument,
    old_nodes: Mapping[str, tuple[str, int]],
    old_relations: Mapping[RelationKey, tuple[float | None, str | None, int]],
) -> dict[str, int]:
    """How a write changes the stored map: nodes and relations added, removed and changed, counted.

    Example:
        >>> from schemas import MapDocument
        >>> empty = MapDocument(id="m", title="t", sources=[], speakers=[], nodes=[], relations=[])
        >>> version_changes(empty, {"gone": ("h", 1)}, {})["nodes_removed"]
        1
    """
    hashes = {node.id: digest(node) for node in document.nodes}
    wanted = {
        (row["source"], row["target"], relation_type): (row["weight"], row["note"])
        for relation_type, rows in relation_rows(document).items()
        for row in rows
    }
    return {
        "nodes_added": len(hashes.keys() - old_nodes.keys()),
        "nodes_removed": len(old_nodes.keys() - hashes.keys()),
        "nodes_changed": sum(
            1 for key in hashes.keys() & old_nodes.keys() if hashes[key] != old_nodes[key][0]
        ),
        "relations_added": len(wanted.keys() - old_relations.keys()),
        "relations_removed": len(old_relations.keys() - wanted.keys()),
        "relations_changed": sum(
            1 for key in wanted.keys() & old_relations.keys() if wanted[key] != old_relations[key][:2]
        ),
    }


def version_entry(row: Mapping[str, Any]) -> MapVersionEntry:
    """A kept version's listing entry from its ``LIST_VERSIONS`` row."""
    changes = msgspec.json.decode(row["changes"] or "{}", type=VersionChanges)
    strength = row.get("root_strength")
    return MapVersionEntry(
        version=int(row["number"]),
        created=row["created"],
        author=row.get("author") or "unknown",
        changes=changes,
        root_strength=None if strength is None else float(strength),
    )
