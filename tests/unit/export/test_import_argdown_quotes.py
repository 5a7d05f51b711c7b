"""Quotes and speakers in Argdown: they round-trip when the source's text is there to check them against."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.doc_pages import fences
from support.export_maps import REPO, scored

from graph.document import load_document, read_document
from graph.errors import InvalidArgumentMap
from graph.export import from_argdown, parse_argdown_file, to_argdown
from schemas import MapDocument, QuoteProvenance

TEXT = 'The mayor said "the bridge opens in May". Critics doubt the date. The budget is spent.'
MAP = """
id: bridge
title: The bridge
sources:
  - {id: paper, title: The Paper, author: A. Reporter, written_by: reporter, SOURCE_TEXT}
speakers:
  - {id: mayor, name: The Mayor, role: official}
  - {id: reporter, name: A. Reporter, role: journalist}
nodes:
  - {id: opens, kind: thesis, speaker: mayor, text: The bridge opens in May., base_score: 0.6, rationale: R,
     quotes: [{start: 16, end: 39, text: the bridge opens in May, source: paper, provenance: speaker-words}]}
  - {id: doubt, kind: counterpoint, speaker: reporter, text: The date is doubtful., base_score: 0.5,
     rationale: R, quotes: [{text: Critics doubt the date., source: paper, provenance: author-voice}]}
  - {id: spent, kind: evidence, speaker: reporter, text: The money is gone., base_score: 0.5, rationale: R}
relations:
  - {source: doubt, target: opens, type: attacks}
  - {source: spent, target: doubt, type: supports}
"""
HAND = """===
title: The bridge
argmap:
  sources: {"paper": {"title": "The Paper", "text": "TEXT"}}
  speakers: {"mayor": {"name": "The Mayor"}}
===

[opens]: It opens. {"kind": "thesis", "speaker": "mayor", "quotes": [{"source": "paper", "text": "WORDS"}]}

[doubt]: The date is doubtful. {"speaker": "critic"}

[opens]
  <- [doubt]
"""


def quotes(doc: MapDocument) -> set[tuple[object, ...]]:
    return {(n.id, q.source, q.start, q.end, q.text, q.provenance) for n in doc.nodes for q in n.quotes}


def read(text: str, folder: Path) -> dict[str, object]:
    path = folder / "map.argdown"
    path.write_text(text, encoding="utf-8")
    return parse_argdown_file(path)


def hand(words: str) -> str:
    return HAND.replace("TEXT", TEXT.replace('"', '\\"')).replace("WORDS", words)


@pytest.mark.parametrize("text_from", ["stored source", "text file"])
def test_quotes_and_speakers_come_back(text_from: str, tmp_path: Path) -> None:
    (tmp_path / "paper.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "bridge.yaml").write_text(
        MAP.replace("SOURCE_TEXT", "text_file: paper.txt"), encoding="utf-8"
    )
    original = read_document(tmp_path / "bridge.yaml")
    exported = to_argdown(scored(original).graph, scored(original).evaluation)
    if text_from == "stored source":  # as over HTTP: no file, the server's source of that id
        folder = tmp_path / "elsewhere"
        folder.mkdir()
        imported = from_argdown(read(exported, folder), map_id="bridge", cited={"paper": TEXT})
    else:
        imported = from_argdown(read(exported, tmp_path), map_id="bridge", base=tmp_path)
    doc = imported.document

    assert {(n.id, n.text, n.kind, n.speaker) for n in doc.nodes} == {
        (n.id, n.text, n.kind, n.speaker) for n in original.nodes
    }
    assert {(s.id, s.name, s.role) for s in doc.speakers} == {
        (s.id, s.name, s.role) for s in original.speakers
    }
    assert quotes(doc) == quotes(original)
    assert len(quotes(doc)) == 2
    assert [(s.id, s.written_by, s.text) for s in doc.sources] == [("paper", "reporter", TEXT)]
    assert (imported.skipped, imported.defaulted) == ([], [])


def test_a_quote_by_its_words_is_placed(tmp_path: Path) -> None:
    imported = from_argdown(read(hand("Critics doubt the date."), tmp_path), map_id="bridge")

    (quote,) = imported.document.nodes[0].quotes
    assert (quote.source, quote.start, quote.end) == (
        "paper",
        TEXT.index("Critics"),
        TEXT.index(" The budget"),
    )
    assert quote.text == "Critics doubt the date."


def test_words_not_in_the_source_name_the_argdown_line(tmp_path: Path) -> None:
    text = hand("The bridge is closed.")
    with pytest.raises(InvalidArgumentMap) as caught:
        from_argdown(read(text, tmp_path), map_id="bridge", text=text)

    messages = [problem.message for problem in caught.value.problems]
    assert messages
    assert all(m.startswith("line 8: statement [opens]: ") for m in messages), messages
    assert "line 8" in caught.value.detail


def test_without_the_text_quotes_are_skipped_and_say_how_to_keep_them(tmp_path: Path) -> None:
    original = load_document(MAP.replace("SOURCE_TEXT", f"text: '{TEXT}'"))
    exported = to_argdown(scored(original).graph, scored(original).evaluation)

    imported = from_argdown(read(exported, tmp_path), map_id="bridge")

    assert quotes(imported.document) == set()
    assert imported.document.sources == []
    ((field, count, reason),) = [(s.field, s.count, s.reason) for s in imported.skipped]
    assert (field, count) == ("quotes", 2)
    assert "argmap.sources" in reason
    assert "text_file" in reason
    assert "stored" in reason


def test_a_speaker_the_front_matter_does_not_name_is_listed(tmp_path: Path) -> None:
    imported = from_argdown(read(hand("Critics doubt the date."), tmp_path), map_id="bridge")

    assert {(s.id, s.name) for s in imported.document.speakers} == {
        ("mayor", "The Mayor"),
        ("critic", "critic"),
    }
    listed = [(d.field, d.count, d.reason) for d in imported.defaulted if d.field == "speaker name"]
    assert listed == [("speaker name", 1, listed[0][2])]
    assert "critic" in listed[0][2]


def test_the_docs_example_loads_as_it_says(tmp_path: Path) -> None:
    page = (REPO / "docs" / "interchange.md").read_text(encoding="utf-8")
    (example,) = [body for tag, body in fences(page) if tag == "argdown" and "text_file" in body]
    (tmp_path / "paper.txt").write_text(TEXT.split(" The budget", maxsplit=1)[0], encoding="utf-8")

    imported = from_argdown(read(example, tmp_path), map_id="bridge", base=tmp_path)

    placed = {(q.start, q.end, q.provenance) for node in imported.document.nodes for q in node.quotes}
    assert placed == {(16, 39, QuoteProvenance.SPEAKER_WORDS), (42, 65, QuoteProvenance.AUTHOR_VOICE)}
    assert {(s.id, s.name, s.role) for s in imported.document.speakers} == {
        ("mayor", "The Mayor", "official"),
        ("reporter", "A. Reporter", None),
    }
    assert imported.skipped == []
    assert {item.field for item in imported.defaulted} == {"base_score", "kind"}  # no speaker left unnamed


def test_a_speaker_that_is_not_an_id_is_the_authors_and_listed(tmp_path: Path) -> None:
    text = (
        '[a]: Phones distract. {"speaker": "Jane Doe"}\n\n'
        '[b]: Pupils say so. {"speaker": "jane"}\n\n'
        "[a]\n  <+ [b]\n"
    )

    imported = from_argdown(read(text, tmp_path), map_id="phones")

    assert {(n.id, n.speaker) for n in imported.document.nodes} == {("a", "author"), ("b", "jane")}
    listed = {(d.field, d.value, d.count): d.reason for d in imported.defaulted if "speaker" in d.field}
    assert set(listed) == {("speaker", "author", 1), ("speaker name", "its id", 1)}
    assert "not a speaker id" in listed[("speaker", "author", 1)]
