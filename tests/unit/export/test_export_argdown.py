"""Argdown out, read by the official Argdown parser (@argdown/cli 1.7.5, installed by ``make argdown``)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from support.export_maps import REPO, Scored

from graph.export import escape_argdown, to_argdown
from schemas import RelationType

ARGDOWN = REPO / "var" / "node" / "node_modules" / ".bin" / "argdown"
RELATION_TYPES = {
    RelationType.SUPPORTS: "support",
    RelationType.ATTACKS: "attack",
    RelationType.QUALIFIES: "attack",
}


def parse(text: str, folder: Path) -> dict[str, Any]:
    """The official parser's JSON export of ``text``; fails the test on any syntax error."""
    if not ARGDOWN.exists():
        pytest.fail(f"the Argdown parser is not installed at {ARGDOWN}: run `make argdown`")
    source = folder / "map.argdown"
    source.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [str(ARGDOWN), "json", str(source), str(folder / "out")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in (done.stdout + done.stderr).lower(), done.stdout + done.stderr
    parsed: dict[str, Any] = json.loads((folder / "out" / "map.json").read_text(encoding="utf-8"))
    return parsed


def defined_text(statement: dict[str, Any]) -> str:
    """The text of a statement's defining occurrence (references to it have none)."""
    texts = [
        str(member["text"]).strip() for member in statement["members"] if (member.get("text") or "").strip()
    ]
    assert len(texts) == 1, statement["members"]
    return texts[0]


def test_the_parser_reads_the_same_statements_and_relations(any_map: Scored, tmp_path: Path) -> None:
    parsed = parse(to_argdown(any_map.graph, any_map.evaluation), tmp_path)

    assert {title: defined_text(statement) for title, statement in parsed["statements"].items()} == {
        node.id: " ".join(node.text.split()) for node in any_map.document.nodes
    }
    assert sorted((r["from"], r["relationType"], r["to"]) for r in parsed["relations"]) == sorted(
        (r.source, RELATION_TYPES[r.type], r.target) for r in any_map.document.relations
    )
    assert parsed["arguments"] == {}


def test_metadata_carries_kind_speaker_scores_quotes_and_relation_types(
    tricky: Scored, tmp_path: Path
) -> None:
    parsed = parse(to_argdown(tricky.graph, tricky.evaluation), tmp_path)
    strengths = tricky.evaluation.strengths.strengths

    for node in tricky.document.nodes:
        data = parsed["statements"][node.id]["data"]
        assert data["kind"] == node.kind.value
        assert data["speaker"] == node.speaker
        assert data.get("reported_by") == node.reported_by
        assert data["base_score"] == node.base_score
        assert data["rationale"] == node.rationale
        assert data["strength"] == pytest.approx(strengths[node.id], abs=1e-6)
        assert [(q["start"], q["end"], q["text"]) for q in data.get("quotes", [])] == [
            (q.start, q.end, q.text) for q in node.quotes
        ]
        assert [
            (r["target"], r["type"], r.get("weight"), r.get("note")) for r in data.get("relations", [])
        ] == [(r.target, r.type.value, r.weight, r.note) for r in tricky.graph.outgoing[node.id]]
    assert parsed["statements"]["caveat"]["data"]["relations"][0]["type"] == "qualifies"
    assert parsed["statements"]["minus"]["data"]["quotes"][0]["provenance"] == "author-paraphrase"
    assert parsed["statements"]["rebuttal"]["data"]["forecast"] == {
        "resolves_by": "2026-01-31",
        "criterion": "-Something {odd} happens by the end of January",
        "probability": 0.7,
        "status": "resolved-false",
        "resolved_on": "2026-02-01",
        "resolution_source": "https://example.org/outcome",
    }


def test_escaped_text_reads_back_verbatim(tmp_path: Path) -> None:
    texts = [
        "[ref] <arg> @[mention] #tag #(long tag) *em* _em_ **b** __b__ // not a comment /* nor this */",
        "{data: 1} a.b.c :smile: .x. e.g. 1.5 U.S.A. https://example.org/a_b?c=d",
        "+> -> <+ <- >< _> <_ -- ---- === 1. 2) - item * item",
        "back\\slash, trailing backslash \\",
    ]
    document = "\n\n".join(f"[s{number}]: {escape_argdown(text)}" for number, text in enumerate(texts)) + "\n"
    parsed = parse(document, tmp_path)

    assert {title: defined_text(s) for title, s in parsed["statements"].items()} == {
        f"s{number}": text for number, text in enumerate(texts)
    }


def test_a_broken_document_fails_the_parser(tmp_path: Path) -> None:
    # The check above is only meaningful if the parser rejects what it cannot read.
    with pytest.raises(AssertionError):
        parse("[a]: unescaped [reference] mid-text {kind: x}\n", tmp_path)
