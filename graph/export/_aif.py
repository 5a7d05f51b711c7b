"""AIF out: the map as AIFdb JSON (nodes, edges, locutions, participants).

Claims are I-nodes (their ``nodeID`` is the argmap node id); each relation is one scheme node between its two
I-nodes: RA ("Default Inference") for ``supports``, CA ("Default Conflict") for ``attacks``, and CA with the
scheme name ``"Qualification"`` for ``qualifies`` -- a conflict that limits without refuting, which is how
argmap scores it (an attack scaled by its weight). Readers that do not know the scheme still see a conflict.

Who said what: each quote is an L-node (locution) whose text is ``"Name: the quoted words"``, anchored to
its claim through a YA-node. The locution is by whoever's words the span is: the node's speaker for their own
words (and for quotes whose provenance the map does not record), the source's author (``written_by``) for a
paraphrase or for the author's own voice. It anchors with "Asserting" when that is the node's speaker and with
"Restating" when someone else restates the claim. Every claim also has one "Asserting" locution by its own
speaker -- a quote of theirs, or else one with the node's text -- so a reader always finds who asserts it. The
``locutions`` list names each locution's speaker (``personID``) and source; ``participants`` lists the
speakers. What AIF has no place for (kinds, base scores, weights, notes, quote offsets, reported_by,
forecasts) stays out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

from graph.export._common import first_quote_source, speaker_name
from graph.mapgraph import MapGraph
from schemas import QuoteProvenance, RelationType

# AIFdb's timestamp layout; argmap keeps no creation times, so every node carries the export's.
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"
QUALIFICATION_SCHEME = "Qualification"
SCHEME_NODES: dict[RelationType, tuple[str, str]] = {
    RelationType.SUPPORTS: ("RA", "Default Inference"),
    RelationType.ATTACKS: ("CA", "Default Conflict"),
    RelationType.QUALIFIES: ("CA", QUALIFICATION_SCHEME),
}
ASSERTING = "Asserting"
RESTATING = "Restating"


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
    for number, (claim_id, speaker_id, words, source, force) in enumerate(_utterances(graph), start=1):
        locution_id, anchor_id = f"L_{number}", f"YA_{number}"
        node(locution_id, f"{speaker_name(graph, speaker_id)}: {words}", "L")
        node(anchor_id, force, "YA", scheme=force)
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


def _utterances(graph: MapGraph) -> Iterator[tuple[str, str, str, str | None, str]]:
    """(claim, person, words, source, illocution) for every locution, each claim's asserting one included."""
    for claim in graph.document.nodes:
        fallback = first_quote_source(graph, claim)
        asserted = False
        for quote in claim.quotes:
            source = quote.source or fallback
            person = _whose_words(graph, claim.speaker, quote.provenance, source)
            asserted = asserted or person == claim.speaker
            yield claim.id, person, quote.text, source, ASSERTING if person == claim.speaker else RESTATING
        if not asserted:
            yield claim.id, claim.speaker, claim.text, None, ASSERTING


def _whose_words(
    graph: MapGraph, speaker: str, provenance: QuoteProvenance | None, source: str | None
) -> str:
    """The speaker whose words a quote is: the node's own, or its source's author's for their voice."""
    if provenance in (None, QuoteProvenance.SPEAKER_WORDS) or source is None:
        return speaker
    author = graph.sources[source].written_by if source in graph.sources else None
    return author or speaker
