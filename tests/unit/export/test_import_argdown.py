"""Argdown in, read by the official parser: argmap's own exports come back whole, a class's map loads too."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.export_maps import Scored

from graph.errors import InvalidArgumentMap
from graph.export import ArgdownUnavailable, from_argdown, parse_argdown_file, to_argdown
from schemas import MapDocument, NodeKind, RelationType

CLASS_MAP = """===
title: Should our school ban phones in class?
===

[ban]: Our school should ban phones in class. #thesis
  + [focus]: Pupils focus better without phones.
  - [emergencies]: Parents need to reach their children in an emergency.
    - [office]: The school office can pass on urgent calls.

<Distraction>: Phones pull attention away from the lesson.

(1) [notifications]: Notifications interrupt lessons.
(2) [interruptions]: Interrupted lessons teach less.
----
(3) [focus]
"""


def read(text: str, folder: Path) -> dict[str, object]:
    path = folder / "map.argdown"
    path.write_text(text, encoding="utf-8")
    return parse_argdown_file(path)


def test_an_export_comes_back_whole(any_map: Scored, tmp_path: Path) -> None:
    parsed = read(to_argdown(any_map.graph, any_map.evaluation), tmp_path)
    imported = from_argdown(parsed, map_id="copy")
    doc, original = imported.document, any_map.document

    def nodes(d: MapDocument) -> set[tuple[object, ...]]:
        return {(n.id, n.text, n.kind, n.speaker, n.base_score, n.rationale, n.reported_by) for n in d.nodes}

    assert nodes(doc) == nodes(original)
    assert {(r.source, r.type, r.target, r.weight) for r in doc.relations} == {
        (r.source, r.type, r.target, r.weight) for r in original.relations
    }
    assert {(s.id, s.name) for s in doc.speakers} <= {(s.id, s.name) for s in original.speakers}
    assert doc.title == original.title
    assert imported.defaulted == []
    quotes = sum(len(node.quotes) for node in original.nodes)
    assert [(item.field, item.count) for item in imported.skipped] == ([("quotes", quotes)] if quotes else [])


def test_a_class_map_written_by_hand(tmp_path: Path) -> None:
    imported = from_argdown(read(CLASS_MAP, tmp_path), map_id="phones")
    doc = imported.document

    assert doc.title == "Should our school ban phones in class?"
    assert {(n.id, n.kind) for n in doc.nodes} == {
        ("ban", NodeKind.THESIS),
        ("focus", NodeKind.CLAIM),
        ("emergencies", NodeKind.CLAIM),
        ("office", NodeKind.CLAIM),
        ("notifications", NodeKind.CLAIM),
        ("interruptions", NodeKind.CLAIM),
    }
    assert {(r.source, r.type, r.target) for r in doc.relations} == {
        ("focus", RelationType.SUPPORTS, "ban"),
        ("emergencies", RelationType.ATTACKS, "ban"),
        ("office", RelationType.ATTACKS, "emergencies"),
        ("notifications", RelationType.SUPPORTS, "focus"),
        ("interruptions", RelationType.SUPPORTS, "focus"),
    }
    defaulted = {(item.field, item.value): item.count for item in imported.defaulted}
    assert defaulted == {("base_score", "0.5"): 6, ("kind", "claim"): 5, ("speaker", "author"): 6}
    assert [s.name for s in doc.speakers] == ["The author of the Argdown document"]


def test_syntax_errors_are_the_parsers(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgumentMap) as caught:
        from_argdown(read("[a]: an unescaped [reference] mid-text\n", tmp_path), map_id="bad")

    assert caught.value.problems[0].code == "syntax-error"
    assert caught.value.detail.startswith("the Argdown parser found 1 error; first: line 1: ")


def test_without_the_parser_it_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGMAP_ARGDOWN_MODULES", str(tmp_path))
    (tmp_path / "map.argdown").write_text("[a]: A.\n")

    with pytest.raises(ArgdownUnavailable, match="make argdown"):
        parse_argdown_file(tmp_path / "map.argdown")
