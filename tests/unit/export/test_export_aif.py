"""AIF out, read by arguebuf (an independent AIF reader), and AIF back in."""

from __future__ import annotations

import json
from typing import Any

import arguebuf
import pytest
from support.export_maps import Scored

from graph.errors import InvalidArgumentMap
from graph.export import QUALIFICATION_SCHEME, aif_graph, from_aif, to_aif
from graph.mapgraph import MapGraph
from schemas import NodeKind, QuoteProvenance, RelationType

STAMP = "2026-05-06 12:00:00"
ARGUEBUF_KIND = {
    RelationType.SUPPORTS: arguebuf.Support,
    RelationType.ATTACKS: arguebuf.Attack,
    RelationType.QUALIFIES: arguebuf.Attack,
}


def relations_of(scored: Scored) -> set[tuple[str, str, str]]:
    return {(r.source, r.type.value, r.target) for r in scored.document.relations}


def aif_arguments(aif: dict[str, Any]) -> set[tuple[str, str, str, str]]:
    """(premise, scheme type, scheme name, conclusion) for every RA/CA node, read from the AIF JSON itself."""
    types = {node["nodeID"]: node for node in aif["nodes"]}
    into: dict[str, list[str]] = {}
    out: dict[str, list[str]] = {}
    for edge in aif["edges"]:
        out.setdefault(edge["fromID"], []).append(edge["toID"])
        into.setdefault(edge["toID"], []).append(edge["fromID"])
    return {
        (premise, node["type"], node["text"], conclusion)
        for node_id, node in types.items()
        if node["type"] in ("RA", "CA")
        for premise in into[node_id]
        for conclusion in out[node_id]
    }


def test_arguebuf_reads_the_same_claims_and_relations(any_map: Scored) -> None:
    loaded = arguebuf.load.dict(aif_graph(any_map.graph, timestamp=STAMP))

    assert {node.id: node.plain_text for node in loaded.atom_nodes.values()} == {
        node.id: node.text for node in any_map.document.nodes
    }
    read = set()
    for scheme in loaded.scheme_nodes.values():
        (premise,) = loaded.incoming_atom_nodes(scheme)
        (conclusion,) = loaded.outgoing_atom_nodes(scheme)
        read.add((premise.id, type(scheme.scheme).__name__, conclusion.id))
    expected = {(r.source, ARGUEBUF_KIND[r.type].__name__, r.target) for r in any_map.document.relations}
    assert read == expected
    assert len(loaded.scheme_nodes) == len(any_map.document.relations)


def locutions_of(aif: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(claim, person, illocution, words) for every L -> YA -> I chain, the words without the name prefix."""
    nodes = {node["nodeID"]: node for node in aif["nodes"]}
    person = {item["nodeID"]: item["personID"] for item in aif["locutions"]}
    names = {item["participantID"]: item["firstname"] for item in aif["participants"]}
    out: dict[str, list[str]] = {}
    for edge in aif["edges"]:
        out.setdefault(edge["fromID"], []).append(edge["toID"])
    found = []
    for node_id, node in nodes.items():
        if node["type"] != "L":
            continue
        (anchor,) = out[node_id]
        (claim,) = out[anchor]
        prefix = names[person[node_id]] + ": "
        assert node["text"].startswith(prefix)
        found.append((claim, person[node_id], nodes[anchor]["text"], node["text"].removeprefix(prefix)))
    return sorted(found)


def test_arguebuf_follows_every_locution_to_its_claim(essay: Scored) -> None:
    aif = aif_graph(essay.graph, timestamp=STAMP)
    # reconstruct_dialog makes arguebuf follow L -> YA -> I and drop the dialogue nodes it does not model.
    loaded = arguebuf.load.aif(aif, reconstruct_dialog=True)  # type: ignore[arg-type]

    assert {node.id for node in loaded.atom_nodes.values()} == {node.id for node in essay.document.nodes}
    assert {node.id for node in loaded.atom_nodes.values()} == {claim for claim, *_ in locutions_of(aif)}


def test_locutions_say_who_asserts_each_claim_and_whose_words_each_quote_is(essay: Scored) -> None:
    found = locutions_of(aif_graph(essay.graph, timestamp=STAMP))
    writer = {source.id: source.written_by for source in essay.document.sources}
    (with_text,) = [source.id for source in essay.document.sources if source.text]

    asserting = {(claim, person) for claim, person, force, _ in found if force == "Asserting"}
    assert {claim for claim, _ in asserting} == {node.id for node in essay.document.nodes}
    assert all((node.id, node.speaker) in asserting for node in essay.document.nodes)
    expected = []
    for node in essay.document.nodes:
        for quote in node.quotes:
            own = quote.provenance in (None, QuoteProvenance.SPEAKER_WORDS)
            person = node.speaker if own else (writer[quote.source or with_text] or node.speaker)
            force = "Asserting" if person == node.speaker else "Restating"
            expected.append((node.id, person, force, quote.text))
    quoted = [item for item in found if item[3] in {q.text for n in essay.document.nodes for q in n.quotes}]
    assert sorted(quoted) == sorted(expected)
    assert any(force == "Restating" for _, _, force, _ in expected)


def test_qualification_is_a_named_conflict(tricky: Scored) -> None:
    arguments = aif_arguments(aif_graph(tricky.graph, timestamp=STAMP))

    assert ("caveat", "CA", QUALIFICATION_SCHEME, "thesis") in arguments
    assert ("rebuttal", "CA", "Default Conflict", "thesis") in arguments
    assert ("formula", "RA", "Default Inference", "thesis") in arguments


def test_round_trip_keeps_claims_relations_and_speakers(any_map: Scored) -> None:
    first = to_aif(any_map.graph, timestamp=STAMP)
    imported = from_aif(first, map_id="copy", title=any_map.document.title)
    copy = MapGraph(imported.document, 1, {node.id: 1 for node in imported.document.nodes})
    again = json.loads(to_aif(copy, timestamp=STAMP))
    before = json.loads(first)

    def claims(aif: dict[str, Any]) -> dict[str, str]:
        return {node["nodeID"]: node["text"] for node in aif["nodes"] if node["type"] == "I"}

    assert claims(again) == claims(before)
    assert aif_arguments(again) == aif_arguments(before)
    assert {(n.id, n.speaker) for n in imported.document.nodes} == {
        (n.id, n.speaker) for n in any_map.document.nodes
    }
    assert {(r.source, r.type.value, r.target) for r in imported.document.relations} == relations_of(any_map)
    # The first export also has a locution with the node's own text for each claim none of whose quotes its
    # speaker said; the import keeps it as attribution, not as a quote, so the words compared are the quotes.
    texts = {node.id: node.text for node in any_map.document.nodes}

    def quoted(aif: dict[str, Any]) -> list[tuple[str, str]]:
        return [(claim, words) for claim, _, _, words in locutions_of(aif) if words != texts[claim]]

    assert sorted(quoted(again)) == sorted(quoted(before))


def test_import_keeps_quotes_as_words_of_a_transcript(essay: Scored) -> None:
    imported = from_aif(to_aif(essay.graph, timestamp=STAMP), map_id="copy").document
    (transcript,) = imported.sources
    assert transcript.text is not None
    quotes = {node.id: [q.text for q in node.quotes] for node in imported.nodes}

    assert quotes == {node.id: [q.text for q in node.quotes] for node in essay.document.nodes}
    for node in imported.nodes:
        for quote in node.quotes:
            assert transcript.text[quote.start : quote.end] == quote.text


def test_import_lists_every_default(pouches: Scored) -> None:
    imported = from_aif(to_aif(pouches.graph, timestamp=STAMP), map_id="copy")
    defaulted = {(item.field, item.value): item.count for item in imported.defaulted}
    nodes = len(pouches.document.nodes)

    assert defaulted[("base_score", "0.5")] == nodes
    assert defaulted[("kind", "thesis")] + defaulted[("kind", "claim")] == nodes
    assert defaulted[("title", "Imported from AIF")] == 1
    assert all(node.base_score == 0.5 for node in imported.document.nodes)
    assert {n.id for n in imported.document.nodes if n.kind is NodeKind.THESIS} == {
        n.id for n in pouches.document.nodes if not pouches.graph.outgoing[n.id]
    }
    assert imported.skipped == []


FOREIGN = {
    "nodes": [
        {"nodeID": 1, "text": "Uniforms improve behaviour", "type": "I", "timestamp": "2020-01-01 10:00:00"},
        {"nodeID": 2, "text": "Fights halved", "type": "I"},
        {"nodeID": 3, "text": "Parents agree", "type": "I"},
        {"nodeID": 4, "text": "Default Inference", "type": "RA"},
        {"nodeID": 5, "text": "Uniforms cost money", "type": "I"},
        {"nodeID": 6, "text": "Default Conflict", "type": "CA"},
        {"nodeID": 7, "text": "Default Rephrase", "type": "MA"},
        {"nodeID": 8, "text": "Only one school", "type": "I"},
        {"nodeID": 9, "text": "Default Conflict", "type": "CA"},
        {"nodeID": 10, "text": "Ann Smith : fights halved at our school", "type": "L"},
        {"nodeID": 11, "text": "Asserting", "type": "YA"},
    ],
    "edges": [
        {"edgeID": 1, "fromID": 2, "toID": 4},
        {"edgeID": 2, "fromID": 3, "toID": 4},
        {"edgeID": 3, "fromID": 4, "toID": 1},
        {"edgeID": 4, "fromID": 5, "toID": 6},
        {"edgeID": 5, "fromID": 6, "toID": 1},
        {"edgeID": 6, "fromID": 3, "toID": 7},
        {"edgeID": 7, "fromID": 7, "toID": 1},
        {"edgeID": 8, "fromID": 8, "toID": 9},
        {"edgeID": 9, "fromID": 9, "toID": 4},
        {"edgeID": 10, "fromID": 10, "toID": 11},
        {"edgeID": 11, "fromID": 11, "toID": 2},
    ],
    "locutions": [{"nodeID": 10, "personID": 7, "timestamp": "2020-01-01 10:00:00"}],
    "participants": [{"participantID": 7, "firstname": "Ann", "surname": "Smith"}],
}


def test_foreign_aif_with_numeric_ids_linked_premises_and_undercuts() -> None:
    imported = from_aif(json.dumps(FOREIGN), map_id="uniforms")
    doc = imported.document
    text_of = {node.id: node.text for node in doc.nodes}
    by_text = {text: node_id for node_id, text in text_of.items()}
    relations = {(text_of[r.source], r.type, text_of[r.target]) for r in doc.relations}

    assert relations == {
        ("Fights halved", RelationType.SUPPORTS, "Uniforms improve behaviour"),
        ("Parents agree", RelationType.SUPPORTS, "Uniforms improve behaviour"),
        ("Uniforms cost money", RelationType.ATTACKS, "Uniforms improve behaviour"),
    }
    speakers = {speaker.id: speaker.name for speaker in doc.speakers}
    fights = next(node for node in doc.nodes if node.text == "Fights halved")
    assert speakers[fights.speaker] == "Ann Smith"
    assert [q.text for q in fights.quotes] == ["fights halved at our school"]
    assert (
        speakers[next(n for n in doc.nodes if n.text == "Parents agree").speaker]
        == "(not attributed in the AIF)"
    )
    # "Only one school" undercuts the inference, which a map cannot say: it stands alone, as its own thesis.
    assert next(n for n in doc.nodes if n.text == "Only one school").kind is NodeKind.THESIS
    assert by_text["Uniforms improve behaviour"] != "1"
    skipped = {(item.field, item.reason.split(":")[0]) for item in imported.skipped}
    assert ("nodes", "MA-nodes have no counterpart in an argument map") in skipped
    assert any(item.field == "relations" and "9" in item.reason for item in imported.skipped)
    assert ("relations", "one per premise") in {(d.field, d.value) for d in imported.defaulted}


def test_a_cycle_of_attacks_still_has_a_thesis() -> None:
    aif = {
        "nodes": [
            {"nodeID": "a", "text": "A", "type": "I"},
            {"nodeID": "b", "text": "B", "type": "I"},
            {"nodeID": "x", "text": "Default Conflict", "type": "CA"},
            {"nodeID": "y", "text": "Default Conflict", "type": "CA"},
        ],
        "edges": [
            {"edgeID": "1", "fromID": "a", "toID": "x"},
            {"edgeID": "2", "fromID": "x", "toID": "b"},
            {"edgeID": "3", "fromID": "b", "toID": "y"},
            {"edgeID": "4", "fromID": "y", "toID": "a"},
        ],
    }
    doc = from_aif(json.dumps(aif), map_id="cycle").document

    assert [(n.id, n.kind) for n in doc.nodes] == [("a", NodeKind.THESIS), ("b", NodeKind.CLAIM)]


@pytest.mark.parametrize(
    ("data", "path", "code"),
    [
        ("{not json", "$", "syntax-error"),
        ("[]", "$", "wrong-type"),
        ('{"edges": []}', "nodes", "missing-field"),
        (
            '{"nodes": [{"nodeID": "a", "type": "I", "text": "  "}], "edges": []}',
            "nodes[0].text",
            "empty-text",
        ),
        ('{"nodes": [{"nodeID": "a", "type": "I"}], "edges": []}', "nodes[0].text", "missing-field"),
        (
            '{"nodes": [{"nodeID": "a", "type": "I", "text": "A"}], "edges": [{"fromID": "a", "toID": "z"}]}',
            "edges[0].toID",
            "dangling-relation",
        ),
        (
            '{"nodes": [{"nodeID": "a", "type": "I", "text": "A"},'
            ' {"nodeID": "a", "type": "I", "text": "B"}], "edges": []}',
            "nodes[1].nodeID",
            "duplicate-id",
        ),
    ],
)
def test_malformed_aif_is_reported_with_its_path(data: str, path: str, code: str) -> None:
    with pytest.raises(InvalidArgumentMap) as caught:
        from_aif(data, map_id="bad")

    assert (caught.value.problems[0].path, caught.value.problems[0].code) == (path, code)
    assert caught.value.detail.startswith("the AIF graph has 1 problem; first: ")


def test_a_bad_map_id_is_a_map_problem() -> None:
    aif = '{"nodes": [{"nodeID": "a", "type": "I", "text": "A"}], "edges": []}'
    with pytest.raises(InvalidArgumentMap) as caught:
        from_aif(aif, map_id="Not A Slug")

    assert [problem.path for problem in caught.value.problems] == ["id"]
