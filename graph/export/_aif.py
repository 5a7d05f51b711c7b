"""AIF out: the map as AIFdb JSON (nodes, edges, locutions, participants).

Claims are I-nodes (their ``nodeID`` is the argmap node id); each relation is one scheme node between its two
I-nodes: RA ("Default Inference") for ``supports``, CA ("Default Conflict") for ``attacks``, and CA with the
scheme name ``"Qualification"`` for ``qualifies`` -- a conflict that limits without refuting, which is how
argmap scores it (an attack scaled by its weight). Readers that do not know the scheme still see a conflict.

Who said what: each quote is an L-node (locution) whose text is ``"Speaker: the quoted words"``, anchored to
its claim through a YA-node ("Asserting"); a node without quotes gets one locution with its own text. The
``locutions`` list names each locution's speaker (``personID``) and source; ``participants`` lists the
speakers. What AIF has no place for (kinds, base scores, weights, notes, quote offsets, reported_by)
stays out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

from graph.export._common import first_quote_source, speaker_name
from graph.mapgraph import MapGraph
from schemas import RelationType

# AIFdb's timestamp layout; argmap keeps no creation times, so every node carries the export's.
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
QUALIFICATION_SCHEME = "Qualification"
SCHEME_NODES: dict[RelationType, tuple[str, str]] = {
    RelationType.SUPPORTS: ("RA", "Default Inference"),
    RelationType.ATTACKS: ("CA", "Default Conflict"),
    RelationType.QUALIFIES: ("CA", QUALIFICATION_SCHEME),
}
ASSERTING = "Asserting"


def aif_graph(graph: MapGraph, *, timestamp: str) -> dict[str, Any]:
    """The map as an AIFdb JSON object.

    Scheme, locution and edge ids use upper case and underscores (``RA_1``, ``L_3``, ``E_7``), which no
    argmap node id can contain, so they never collide with the I-nodes' ids.

    Args:
        graph: The map.
        timestamp: The time every node is stamped with (``YYYY-MM-DD HH:MM:SS``).
    """
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    locutions: list[dict[str, Any]] = []
    edge_ids = (f"E_{n}" for n in range(1, 1_000_000_000))

    def node(node_id: str, text: str, kind: str, **extra: str) -> None:
        nodes.append({"nodeID": node_id, "text": text, "type": kind, "timestamp": timestamp, **extra})

    def edge(source: str, target: str) -> None:
        edges.append({"edgeID": next(edge_ids), "fromID": source, "toID": target, "formEdgeID": None})

    for claim in graph.document.nodes:
        node(claim.id, claim.text, "I")
    for number, relation in enumerate(graph.document.relations, start=1):
        kind, scheme = SCHEME_NODES[relation.type]
        scheme_id = f"{kind}_{number}"
        node(scheme_id, scheme, kind, scheme=scheme)
        edge(relation.source, scheme_id)
        edge(scheme_id, relation.target)
    for number, (claim_id, speaker_id, words, source) in enumerate(_utterances(graph), start=1):
        locution_id, anchor_id = f"L_{number}", f"YA_{number}"
        node(locution_id, f"{speaker_name(graph, speaker_id)}: {words}", "L")
        node(anchor_id, ASSERTING, "YA", scheme=ASSERTING)
        edge(locution_id, anchor_id)
        edge(anchor_id, claim_id)
        locutions.append(
            {
                "nodeID": locution_id,
                "personID": speaker_id,
                "timestamp": timestamp,
                "start": None,
                "end": None,
                "source": source,
            }
        )
    participants = [
        {"participantID": speaker.id, "firstname": speaker.name, "surname": ""}
        for speaker in graph.document.speakers
    ]
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants}


def to_aif(graph: MapGraph, *, timestamp: str) -> bytes:
    """The map as AIFdb JSON bytes (see ``aif_graph``)."""
    return msgspec.json.encode(aif_graph(graph, timestamp=timestamp))


def _utterances(graph: MapGraph) -> Iterator[tuple[str, str, str, str | None]]:
    """(claim, speaker, words, source) for every locution: one per quote, else one with the node's text."""
    for claim in graph.document.nodes:
        if not claim.quotes:
            yield claim.id, claim.speaker, claim.text, None
            continue
        fallback = first_quote_source(graph, claim)
        for quote in claim.quotes:
            yield claim.id, claim.speaker, quote.text, quote.source or fallback
