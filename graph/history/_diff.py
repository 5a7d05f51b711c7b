"""Two versions of a map compared node by node and relation by relation, field by field."""

from __future__ import annotations

from typing import Any

import msgspec

from graph.mapgraph import MapGraph
from schemas import FieldChange, MapDiff, Node, NodeDiff, Relation, RelationDiff

RelationKey = tuple[str, str, str]


def relation_key(relation: Relation) -> RelationKey:
    """A relation is named by its ends and its type: ``(source, target, type)``."""
    return relation.source, relation.target, relation.type.value


def field_changes(before: msgspec.Struct | None, after: msgspec.Struct | None) -> list[FieldChange]:
    """Each field whose value differs between two versions of one node or relation, in field order.

    Example:
        >>> from schemas import Relation, RelationType
        >>> old = Relation(source="a", target="b", type=RelationType.SUPPORTS, weight=0.5)
        >>> [change.field for change in field_changes(old, msgspec.structs.replace(old, weight=0.8))]
        ['weight']
    """
    old = _plain(before)
    new = _plain(after)
    return [
        FieldChange(field=name, before=old.get(name), after=new.get(name))
        for name in dict.fromkeys([*old, *new])
        if old.get(name) != new.get(name)
    ]


def _plain(value: msgspec.Struct | None) -> dict[str, Any]:
    if value is None:
        return {}
    plain: dict[str, Any] = msgspec.to_builtins(value)
    return plain


def map_diff(old: MapGraph, new: MapGraph) -> MapDiff:
    """Every node and relation added, removed or changed from ``old`` to ``new`` (ids in order)."""
    nodes: list[NodeDiff] = []
    for node_id in sorted(old.nodes.keys() | new.nodes.keys()):
        before, after = old.nodes.get(node_id), new.nodes.get(node_id)
        if before == after:
            continue
        nodes.append(_node_diff(node_id, before, after))
    old_relations = {relation_key(r): r for r in old.document.relations}
    new_relations = {relation_key(r): r for r in new.document.relations}
    relations: list[RelationDiff] = []
    for key in sorted(old_relations.keys() | new_relations.keys()):
        before_relation, after_relation = old_relations.get(key), new_relations.get(key)
        if before_relation == after_relation:
            continue
        change = "added" if before_relation is None else "removed" if after_relation is None else "changed"
        fields = field_changes(before_relation, after_relation) if change == "changed" else []
        relations.append(
            RelationDiff(source=key[0], target=key[1], type=key[2], change=change, fields=fields)
        )
    return MapDiff(
        map_id=new.id, from_version=old.version, to_version=new.version, nodes=nodes, relations=relations
    )


def _node_diff(node_id: str, before: Node | None, after: Node | None) -> NodeDiff:
    if before is None:
        assert after is not None  # noqa: S101 - one of the two exists
        return NodeDiff(id=node_id, change="added", text=after.text)
    if after is None:
        return NodeDiff(id=node_id, change="removed", text=before.text)
    return NodeDiff(id=node_id, change="changed", text=after.text, fields=field_changes(before, after))
