"""Semantic checks of a map document: what the types alone cannot say.

Each check returns problems located by their path in the document; none stops at the first, so a writer sees
everything wrong with a map in one pass.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import msgspec

from graph.document._attribution import attribution_problems
from graph.document._characters import character_problems
from graph.document._computation import computation_error
from graph.document._forecast import forecast_problems
from graph.document._perspectives import perspective_problems
from graph.document._quotes import quote_problems
from graph.document._view import DocumentView, view_of
from schemas import (
    FORMAT_VERSION,
    Evidence,
    Forecast,
    MapDocument,
    Node,
    NodeKind,
    NodeRef,
    Observation,
    Perspective,
    Problem,
    Quote,
    Relation,
    RelationType,
    RelationWeight,
    Source,
    Speaker,
    StatedComputation,
)

_VERB = {
    RelationType.SUPPORTS: "supports",
    RelationType.ATTACKS: "attacks",
    RelationType.QUALIFIES: "qualifies",
}


_TOP_LEVEL = [field.encode_name for field in msgspec.structs.fields(MapDocument)]
# Within an item, fields sort in the order the format declares them (a node's kind before its quotes).
_FIELD_ORDER: dict[str, int] = {}
for _struct in (
    Node,
    Quote,
    Relation,
    Source,
    Speaker,
    Evidence,
    Observation,
    StatedComputation,
    NodeRef,
    Forecast,
    Perspective,
    RelationWeight,
):
    for _field in msgspec.structs.fields(_struct):
        _FIELD_ORDER.setdefault(_field.encode_name, len(_FIELD_ORDER))
_TOKEN = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def in_document_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted as the document reads (``nodes[2]`` before ``nodes[10]``), stable within a path."""
    return sorted(problems, key=lambda problem: _path_key(problem.path))


def _path_key(path: str) -> tuple[tuple[int, int | str], ...]:
    key: list[tuple[int, int | str]] = []
    for index, name in _TOKEN.findall(path):
        if index:
            key.append((1, int(index)))
        elif not key and name in _TOP_LEVEL:
            key.append((0, _TOP_LEVEL.index(name)))
        else:
            key.append((2, _FIELD_ORDER.get(name, len(_FIELD_ORDER))))
    return tuple(key)


def validate_document(doc: MapDocument) -> list[Problem]:
    """Every semantic problem of a converted map document, in document order by kind of check.

    Args:
        doc: A map document whose structure already converted (see ``parse_document``). Sources whose text
            should be checked must carry ``text`` (``read_document`` fills it from ``text_file``).

    Returns:
        The problems found; an empty list means the map is valid.
    """
    return in_document_order(view_problems(view_of(doc)))


def view_problems(view: DocumentView) -> list[Problem]:
    """Every semantic problem of a document view (also of a partly converted document)."""
    problems: list[Problem] = []
    if view.format != FORMAT_VERSION:
        message = f"unsupported format {view.format}: this argmap reads format {FORMAT_VERSION}"
        problems.append(Problem(path="format", message=message, code="unsupported-format"))
    problems += _duplicates("sources", "source", ((i, s.id) for i, s in view.sources))
    problems += _duplicates("speakers", "speaker", ((i, s.id) for i, s in view.speakers))
    problems += _duplicates("nodes", "node", ((i, n.id) for i, n in view.nodes))
    problems += _source_problems(view)
    problems += character_problems(view)
    problems += _node_problems(view)
    problems += quote_problems(view)
    problems += attribution_problems(view)
    problems += forecast_problems(view)
    problems += _relation_problems(view)
    problems += _map_problems(view)
    problems += perspective_problems(view)
    return problems


def _duplicates(collection: str, noun: str, ids: Iterable[tuple[int, str]]) -> list[Problem]:
    first: dict[str, int] = {}
    problems = []
    for index, item_id in ids:
        if item_id in first:
            message = f"duplicate {noun} id {item_id!r} (first used at {collection}[{first[item_id]}])"
            problems.append(Problem(path=f"{collection}[{index}].id", message=message, code="duplicate-id"))
        else:
            first[item_id] = index
    return problems


def _source_problems(view: DocumentView) -> list[Problem]:
    ids = {source.id for _, source in view.sources} | view.broken_sources
    problems = []
    for index, source in view.sources:
        if source.reports_on is None:
            continue
        where = f"sources[{index}].reports_on"
        if source.reports_on == source.id:
            problems.append(Problem(path=where, message="a source cannot report on itself", code="self-loop"))
        elif source.reports_on not in ids:
            message = f"unknown source {source.reports_on!r}: add it under sources"
            problems.append(Problem(path=where, message=message, code="unknown-source"))
    return problems


def _node_problems(view: DocumentView) -> list[Problem]:
    speakers = {speaker.id for _, speaker in view.speakers} | view.broken_speakers
    node_ids = {node.id for _, node in view.nodes}
    problems = []
    for index, node in view.nodes:
        where = f"nodes[{index}]"
        for name, value in (("text", node.text), ("rationale", node.rationale)):
            if not value.strip():
                problems.append(
                    Problem(path=f"{where}.{name}", message="must not be blank", code="empty-text")
                )
        for name, speaker in (("speaker", node.speaker), ("reported_by", node.reported_by)):
            if speaker is not None and speaker not in speakers:
                message = f"unknown speaker {speaker!r}: add it under speakers{_known(speakers)}"
                problems.append(Problem(path=f"{where}.{name}", message=message, code="unknown-speaker"))
        for number, computation in enumerate(node.computations):
            error = computation_error(computation)
            if error is not None:
                path = f"{where}.computations[{number}]"
                problems.append(Problem(path=path, message=error, code="invalid-computation"))
        for number, ref in enumerate(node.same_as):
            if ref.map == view.map_id and ref.id not in node_ids | view.broken_nodes:
                message = f"same_as names node {ref.id!r} of this map, which does not exist"
                problems.append(
                    Problem(path=f"{where}.same_as[{number}]", message=message, code="dangling-reference")
                )
    return problems


def _relation_problems(view: DocumentView) -> list[Problem]:
    nodes = {node.id for _, node in view.nodes}
    problems = []
    seen: dict[tuple[str, str, RelationType], int] = {}
    for index, relation in view.relations:
        where = f"relations[{index}]"
        ends = (("source", relation.source), ("target", relation.target))
        missing = [(end, node) for end, node in ends if node not in nodes]
        for end, node in missing:
            if node not in view.broken_nodes:
                message = f"relation {end} {node!r} is not a node of this map"
                problems.append(Problem(path=f"{where}.{end}", message=message, code="dangling-relation"))
        if relation.source == relation.target:
            message = f"node {relation.source!r} {_VERB[relation.type]} itself"
            problems.append(Problem(path=where, message=message, code="self-loop"))
        key = (relation.source, relation.target, relation.type)
        if key in seen:
            message = f"the same relation is given twice (see relations[{seen[key]}])"
            problems.append(Problem(path=where, message=message, code="duplicate-relation"))
            continue
        seen[key] = index
        opposite = RelationType.ATTACKS if relation.type is RelationType.SUPPORTS else RelationType.SUPPORTS
        other = seen.get((relation.source, relation.target, opposite))
        if relation.type is not RelationType.QUALIFIES and other is not None:
            message = (
                f"{relation.source!r} both supports and attacks {relation.target!r} "
                f"(see relations[{other}]): keep the one the text means"
            )
            problems.append(Problem(path=where, message=message, code="contradictory-relation"))
    return problems


RESERVED_MAP_IDS = frozenset({"new"})
"""Ids a map cannot take: each names a page at the map's address (``/maps/new`` starts a new map)."""


def _map_problems(view: DocumentView) -> list[Problem]:
    node_index = {node.id: index for index, node in view.nodes}
    problems = []
    if view.map_id in RESERVED_MAP_IDS:
        message = f"{view.map_id!r} is a reserved map id (/maps/{view.map_id} is a page): choose another"
        problems.append(Problem(path="id", message=message, code="reserved-id"))
    if view.root is not None and view.root not in node_index and view.root not in view.broken_nodes:
        problems.append(
            Problem(path="root", message=f"root {view.root!r} is not a node of this map", code="unknown-root")
        )
    if not view.complete:
        # A node that failed to convert may be the thesis or the link that connects others.
        return problems
    theses = {node.id for _, node in view.nodes if node.kind is NodeKind.THESIS}
    if not theses:
        message = "the map has no thesis: give the main conclusion kind: thesis"
        problems.append(Problem(path="nodes", message=message, code="no-thesis"))
        return problems
    reaching = _reaching(theses, [(r.source, r.target) for _, r in view.relations])
    for node_id, index in node_index.items():
        if node_id not in reaching:
            message = (
                f"node {node_id!r} does not lead to any thesis: relate it (supports, attacks or qualifies) "
                "to a node of the argument"
            )
            problems.append(Problem(path=f"nodes[{index}]", message=message, code="unconnected-node"))
    return problems


def _reaching(theses: set[str], edges: list[tuple[str, str]]) -> set[str]:
    """Nodes with a path along relations to a thesis (theses included), by walking edges backwards."""
    into: dict[str, list[str]] = defaultdict(list)
    for source, target in edges:
        into[target].append(source)
    reached = set(theses)
    frontier = list(theses)
    while frontier:
        for source in into[frontier.pop()]:
            if source not in reached:
                reached.add(source)
                frontier.append(source)
    return reached


def _known(ids: set[str]) -> str:
    if not ids or len(ids) > 8:
        return ""
    return f" (known: {', '.join(sorted(ids))})"
