"""A semantics a map can be scored with, checked before any scoring work is queued."""

from __future__ import annotations

from graph.errors import InvalidArgumentMap
from graph.mapgraph import MapGraph
from graph.scoring import InvalidQBAF, parse_semantics
from schemas import Problem, RelationType, Semantics


def semantics_for(graph: MapGraph, name: str) -> Semantics:
    """The semantics ``name`` spells, when it can score ``graph``.

    Raises:
        InvalidArgumentMap: the name is unknown, or names an attack-only semantics for a map with supports.

    Example:
        >>> from graph.document import load_document_file
        >>> doc = load_document_file("docs/examples/phone-pouches.yaml")
        >>> semantics_for(MapGraph(doc, 1, {}), "dfquad").value
        'DF-QuAD'
        >>> semantics_for(MapGraph(doc, 1, {}), "hcat")
        Traceback (most recent call last):
        ...
        graph.errors.InvalidArgumentMap: h-categorizer takes attacks only: map 'phone-pouches' has 4 supports
    """
    try:
        semantics = parse_semantics(name)
    except InvalidQBAF as error:
        problems = [Problem(path=p.path, message=p.message) for p in error.problems]
        raise InvalidArgumentMap(error.detail, problems) from None
    supports = sum(relation.type is RelationType.SUPPORTS for relation in graph.document.relations)
    if supports and not semantics.handles_supports:
        detail = f"{semantics.value} takes attacks only: map {graph.id!r} has {supports} supports"
        raise InvalidArgumentMap(detail, [Problem(path="semantics", message=detail)])
    return semantics
