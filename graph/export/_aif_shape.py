"""Reading AIF JSON: check its shape, then index it as the importer needs it.

Every structural problem is reported at once with its path in the AIF document (``nodes[3].text``), as the map
document layer does for maps.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import msgspec

from graph.document import repeated_key
from graph.errors import InvalidArgumentMap
from schemas import Problem

MAX_TEXT = 2000
_ARGUMENT_TYPES = {"RA", "CA"}
_KNOWN = {"I", "L", "YA", *_ARGUMENT_TYPES}


@dataclass(frozen=True, slots=True)
class INode:
    """A claim: its AIF id and its text."""

    node_id: str
    text: str


@dataclass(frozen=True, slots=True)
class SchemeNode:
    """An RA- or CA-node with the nodes it links from (premises) and to (conclusions)."""

    node_id: str
    kind: str
    scheme: str
    sources: list[str]
    targets: list[str]


@dataclass(frozen=True, slots=True)
class Locution:
    """An L-node anchored to a claim through a YA-node, with its speaker when the AIF names one."""

    node_id: str
    claim: str
    person: str | None
    text: str
    force: str
    """The YA-node's illocution: "Asserting", "Restating"..."""


@dataclass(frozen=True, slots=True)
class AifShape:
    """An AIF graph, indexed: claims, argument schemes, locutions, participants, and what is not used."""

    inodes: list[INode]
    schemes: list[SchemeNode]
    locutions: list[Locution]
    participants: dict[str, str]
    """participant id -> display name, in first-seen order."""
    other_types: dict[str, int] = field(default_factory=dict)
    """Counts of node types the importer does not use (MA, PA, TA...)."""


def read_shape(data: bytes | str) -> AifShape:
    """Decode AIF JSON and check it has the shape of an AIF graph.

    Raises:
        InvalidArgumentMap: It is not JSON, or not an AIF graph; ``problems`` lists every problem found.
    """
    try:
        raw = msgspec.json.decode(data)
    except msgspec.DecodeError as error:
        raise _invalid([Problem(path="$", message=f"not valid JSON: {error}", code="syntax-error")]) from None
    # msgspec keeps the last of two equal keys, other readers the first: refuse both, as map documents do.
    repeated = repeated_key(data)
    if repeated is not None:
        message = f"not valid JSON: found duplicate key {repeated[:100]!r}"
        raise _invalid([Problem(path="$", message=message, code="duplicate-key")])
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        problems.append(Problem(path="$", message="an AIF graph is a JSON object", code="wrong-type"))
        raise _invalid(problems)
    nodes = _objects(raw, "nodes", problems, required=True)
    edges = _objects(raw, "edges", problems, required=True)
    locutions = _objects(raw, "locutions", problems, required=False)
    participants = _objects(raw, "participants", problems, required=False)
    types = _node_types(nodes, problems)
    texts = {node_id: text for node_id, (_, text) in types.items()}
    links = _links(edges, types, problems)
    if problems:
        raise _invalid(problems)
    return _index(types, texts, links, locutions, participants)


def _objects(
    raw: dict[str, Any], key: str, problems: list[Problem], *, required: bool
) -> list[dict[str, Any]]:
    value = raw.get(key)
    if value is None:
        if required:
            problems.append(
                Problem(path=key, message=f"missing required field {key!r}", code="missing-field")
            )
        return []
    if not isinstance(value, list):
        problems.append(Problem(path=key, message="expected a list", code="wrong-type"))
        return []
    found = []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            found.append(item)
        else:
            problems.append(Problem(path=f"{key}[{index}]", message="expected an object", code="wrong-type"))
    return found


def _node_types(nodes: list[dict[str, Any]], problems: list[Problem]) -> dict[str, tuple[str, str]]:
    """Each node's id -> (type, text), in AIF order, with every malformed node reported."""
    found: dict[str, tuple[str, str]] = {}
    for index, node in enumerate(nodes):
        where = f"nodes[{index}]"
        node_id, kind, text = node.get("nodeID"), node.get("type"), node.get("text")
        if not isinstance(node_id, (str, int)) or isinstance(node_id, bool):
            problems.append(
                Problem(path=f"{where}.nodeID", message="missing or not a string", code="missing-field")
            )
            continue
        if not isinstance(kind, str):
            problems.append(
                Problem(path=f"{where}.type", message="missing or not a string", code="missing-field")
            )
            continue
        scheme = node.get("scheme")
        label = scheme if isinstance(scheme, str) and kind != "I" else text
        if not isinstance(label, str):
            problems.append(
                Problem(path=f"{where}.text", message="missing or not a string", code="missing-field")
            )
            continue
        if kind == "I" and not label.strip():
            problems.append(Problem(path=f"{where}.text", message="an I-node needs text", code="empty-text"))
        elif kind == "I" and len(label.strip()) > MAX_TEXT:
            message = f"{len(label.strip())} characters; a claim holds at most {MAX_TEXT}"
            problems.append(Problem(path=f"{where}.text", message=message, code="out-of-range"))
        if str(node_id) in found:
            message = f"duplicate nodeID {node_id!r}"
            problems.append(Problem(path=f"{where}.nodeID", message=message, code="duplicate-id"))
        found[str(node_id)] = (kind, label.strip())
    return found


def _links(
    edges: list[dict[str, Any]], types: dict[str, tuple[str, str]], problems: list[Problem]
) -> list[tuple[str, str]]:
    links = []
    for index, edge in enumerate(edges):
        ends = [edge.get("fromID"), edge.get("toID")]
        if not all(isinstance(end, (str, int)) and not isinstance(end, bool) for end in ends):
            message = "fromID and toID must both be node ids"
            problems.append(Problem(path=f"edges[{index}]", message=message, code="missing-field"))
            continue
        source, target = str(ends[0]), str(ends[1])
        for name, end in (("fromID", source), ("toID", target)):
            if end not in types:
                message = f"{name} {end!r} is not a node of this graph"
                problems.append(
                    Problem(path=f"edges[{index}].{name}", message=message, code="dangling-relation")
                )
        links.append((source, target))
    return links


def _index(
    types: dict[str, tuple[str, str]],
    texts: dict[str, str],
    links: list[tuple[str, str]],
    locution_records: list[dict[str, Any]],
    participant_records: list[dict[str, Any]],
) -> AifShape:
    incoming: dict[str, list[str]] = defaultdict(list)
    outgoing: dict[str, list[str]] = defaultdict(list)
    for source, target in links:
        outgoing[source].append(target)
        incoming[target].append(source)
    participants: dict[str, str] = {}
    for record in participant_records:
        person = record.get("participantID")
        if isinstance(person, (str, int)) and not isinstance(person, bool):
            name = " ".join(str(record.get(part) or "").strip() for part in ("firstname", "surname")).strip()
            participants[str(person)] = name or str(person)
    person_of: dict[str, str] = {}
    for record in locution_records:
        node_id, person = record.get("nodeID"), record.get("personID")
        if isinstance(node_id, (str, int)) and isinstance(person, (str, int)):
            person_of[str(node_id)] = str(person)
            participants.setdefault(str(person), str(person))
    inodes = [INode(node_id, text) for node_id, (kind, text) in types.items() if kind == "I"]
    schemes = [
        SchemeNode(node_id, kind, text, incoming[node_id], outgoing[node_id])
        for node_id, (kind, text) in types.items()
        if kind in _ARGUMENT_TYPES
    ]
    locutions = [
        Locution(node_id, claim, person_of.get(node_id), texts[node_id], types[anchor][1])
        for node_id, (kind, _) in types.items()
        if kind == "L"
        for anchor in outgoing[node_id]
        if types[anchor][0] == "YA"
        for claim in outgoing[anchor]
        if types[claim][0] == "I"
    ]
    others = Counter(kind or "untyped" for kind, _ in types.values() if kind not in _KNOWN)
    return AifShape(inodes, schemes, locutions, participants, dict(others))


def _invalid(problems: list[Problem]) -> InvalidArgumentMap:
    count = len(problems)
    first = problems[0]
    noun = "problem" if count == 1 else "problems"
    return InvalidArgumentMap(
        f"the AIF graph has {count} {noun}; first: {first.path}: {first.message}", problems
    )
