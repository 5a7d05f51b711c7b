"""Quotes given by their words: offsets filled in on load, and ``quotes fill`` writing them into the file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml

from graph.document import fill_file, load_document, load_document_file
from graph.document._fill import fill_text
from graph.errors import InvalidArgumentMap
from graph.service import fill_quotes_file
from schemas import Problem

Doc = dict[str, Any]


def _words_only(doc: Doc, node: int, **quote: Any) -> Doc:
    doc["nodes"][node]["quotes"] = [quote]
    return doc


def _problems(doc: Doc) -> list[Problem]:
    with pytest.raises(InvalidArgumentMap) as caught:
        load_document(msgspec.json.encode(doc), media="json")
    return caught.value.problems


class TestQuotesByTheirWords:
    def test_a_unique_quote_gets_the_offsets_of_its_words(self, minimal_map: Doc, pets_text: str) -> None:
        _words_only(minimal_map, 1, text="Dogs bark.")

        quote = load_document(msgspec.json.encode(minimal_map), media="json").nodes[1].quotes[0]

        assert pets_text[quote.start : quote.end] == "Dogs bark."

    def test_yaml_and_json_fill_alike(self, minimal_map: Doc) -> None:
        _words_only(minimal_map, 0, text="Birds sing")

        from_json = load_document(msgspec.json.encode(minimal_map), media="json")
        from_yaml = load_document(yaml.safe_dump(minimal_map), media="yaml")

        assert from_json == from_yaml

    def test_an_ambiguous_quote_lists_every_place_with_context(self, minimal_map: Doc) -> None:
        minimal_map["sources"][0]["text"] = "Dogs bark. Cats sleep. Dogs bark loudly."
        _words_only(minimal_map, 1, text="Dogs bark")
        minimal_map["nodes"][0]["quotes"] = []

        (problem,) = _problems(minimal_map)

        assert (problem.code, problem.path) == ("quote-ambiguous", "nodes[1].quotes[0]")
        assert "occur 2 times" in problem.message
        assert "at 0:9" in problem.message
        assert "at 23:32" in problem.message
        assert "Cats sleep. [Dogs bark] loudly." in problem.message
        assert "occurrence: N (1 to 2) or near: OFFSET" in problem.message

    @pytest.mark.parametrize(
        ("hint", "expected"), [({"occurrence": 2}, 23), ({"near": 30}, 23), ({"near": 2}, 0)]
    )
    def test_occurrence_or_near_picks_one_place(self, minimal_map: Doc, hint: Doc, expected: int) -> None:
        minimal_map["sources"][0]["text"] = "Dogs bark. Cats sleep. Dogs bark loudly."
        _words_only(minimal_map, 1, text="Dogs bark", **hint)
        minimal_map["nodes"][0]["quotes"] = []

        quote = load_document(msgspec.json.encode(minimal_map), media="json").nodes[1].quotes[0]

        assert (quote.start, quote.end) == (expected, expected + len("Dogs bark"))

    @pytest.mark.parametrize(
        ("hint", "expected"),
        [
            ({"occurrence": 3}, "occurrence 3 asked for, but the words"),
            ({"occurrence": 0}, "occurrence counts from 1"),
            ({"near": "here"}, "near must be a whole number"),
            ({"occurrence": 1, "near": 3}, "give occurrence or near, not both"),
        ],
    )
    def test_a_hint_that_picks_nothing_is_a_problem(self, minimal_map: Doc, hint: Doc, expected: str) -> None:
        _words_only(minimal_map, 1, text="Dogs bark.", **hint)

        (problem,) = _problems(minimal_map)

        assert problem.path == "nodes[1].quotes[0]"
        assert expected in problem.message

    def test_a_missing_quote_shows_the_nearest_passage_and_where_it_differs(self, minimal_map: Doc) -> None:
        _words_only(minimal_map, 1, text="Dogs bark loudly.")

        (problem,) = _problems(minimal_map)

        assert problem.code == "quote-not-found"
        assert "nearest passage is at 18" in problem.message
        assert "the first 9 characters agree" in problem.message
        assert 'the source has ". Birds sing at dawn"' in problem.message
        assert 'where the quote has " loudly."' in problem.message

    @pytest.mark.parametrize(
        ("source", "quote", "difference"),
        [
            (
                "Clark\u2019s reason holds.",
                "Clark's reason",
                "'\u2019' (right single quotation mark) where the quote has a straight apostrophe",
            ),
            (
                "Clark's reason holds.",
                "Clark\u2019s reason",
                "the quote has '\u2019' (right single quotation mark)",
            ),
            ("It fell — sharply.", "It fell - sharply", "'—' (em dash) where the quote has a hyphen"),
            ("It fell\nsharply.", "It fell sharply", "a line break where the quote has a space"),
            ("It fell\u00a0sharply.", "It fell sharply", "(no-break space) where the quote has a space"),
            ("It fell  sharply.", "It fell sharply", "the number of spaces between words"),
            ("It fell sharply.", "it fell sharply", "which differs in: letter case"),
        ],
    )
    def test_a_look_alike_near_miss_is_named(
        self, minimal_map: Doc, source: str, quote: str, difference: str
    ) -> None:
        minimal_map["sources"][0]["text"] = source
        minimal_map["nodes"][0]["quotes"] = []
        _words_only(minimal_map, 1, text=quote)

        (problem,) = _problems(minimal_map)

        assert problem.code == "quote-not-found"
        assert 'the source has "[' in problem.message
        assert difference in problem.message

    def test_given_offsets_are_checked_as_before(self, minimal_map: Doc) -> None:
        minimal_map["nodes"][1]["quotes"][0]["start"] = 19

        (problem,) = _problems(minimal_map)

        assert problem.code == "quote-mismatch"

    def test_an_unplaced_quote_reports_nothing_about_its_stand_in_offsets(self, minimal_map: Doc) -> None:
        _words_only(minimal_map, 1, text="Wolves howl.", provenance="author-voice")

        assert [problem.code for problem in _problems(minimal_map)] == ["quote-not-found"]

    def test_a_quote_of_a_textless_source_is_reported_once_for_the_source(self, minimal_map: Doc) -> None:
        del minimal_map["sources"][0]["text"]
        minimal_map["nodes"][0]["quotes"] = []
        _words_only(minimal_map, 1, text="Dogs bark.")

        (problem,) = _problems(minimal_map)

        assert (problem.code, problem.path) == ("source-without-text", "sources[0]")


YAML_MAP = """\
# The pets map: every quote by its words
id: pets
title: Pets
sources:
  - id: s
    title: S
    text_file: pets.txt   # next to the map
speakers: [{id: a, name: A}]
nodes:
  - id: t
    kind: thesis
    text: Pets rest a great deal.
    speaker: a
    base_score: 0.5
    rationale: A claim to test.
    quotes:
      - {text: 'Cats sleep a lot.'}   # the first sentence
  - id: c
    kind: claim
    text: Dogs make noise.
    speaker: a
    base_score: 0.7
    rationale: Observed.
    quotes:
      - text: >-
          Dogs
          bark.
        # folded over two lines
        source: s
      - text: 'a'
        occurrence: 3
relations:
  - {source: c, target: t, type: supports, weight: 0.5}
"""


class TestFillingTheFile:
    @pytest.fixture
    def folder(self, tmp_path: Path, pets_text: str) -> Path:
        (tmp_path / "pets.txt").write_text(pets_text, encoding="utf-8")
        (tmp_path / "pets.yaml").write_text(YAML_MAP, encoding="utf-8")
        return tmp_path

    def test_offsets_are_written_and_nothing_else_changes(self, folder: Path, pets_text: str) -> None:
        path = folder / "pets.yaml"

        filled = fill_quotes_file(path)

        assert len(filled.placed) == 3
        written = path.read_text(encoding="utf-8")
        assert written == (
            YAML_MAP.replace("{text: 'Cats", "{start: 0, end: 17, text: 'Cats")
            .replace("      - text: >-\n", "      - start: 18\n        end: 28\n        text: >-\n")
            .replace("occurrence: 3", f"start: {filled.placed[2].start}\n        end: {filled.placed[2].end}")
        )
        for comment in ("# The pets map", "# next to the map", "# the first sentence", "# folded over"):
            assert comment in written
        document = load_document_file(path)
        for node in document.nodes:
            for quote in node.quotes:
                assert pets_text[quote.start : quote.end] == quote.text
        assert document.nodes[1].quotes[1].start == pets_text.index("a", pets_text.index("a", 7) + 1)

    def test_filling_twice_changes_nothing_the_second_time(self, folder: Path) -> None:
        path = folder / "pets.yaml"
        fill_quotes_file(path)
        once = path.read_bytes()

        again = fill_quotes_file(path)

        assert (again.placed, again.problems, path.read_bytes()) == ([], [], once)

    def test_nothing_is_written_when_a_quote_cannot_be_placed(self, folder: Path) -> None:
        path = folder / "pets.yaml"
        path.write_text(YAML_MAP.replace("'Cats sleep a lot.'", "'Cats sleep a lot\u2019'"), encoding="utf-8")
        before = path.read_bytes()

        filled = fill_quotes_file(path)

        assert [problem.code for problem in filled.problems] == ["quote-not-found"]
        assert path.read_bytes() == before

    def test_a_file_with_windows_line_breaks_keeps_them(self, folder: Path) -> None:
        path = folder / "pets.yaml"
        path.write_bytes(YAML_MAP.replace("\n", "\r\n").encode("utf-8"))

        filled = fill_quotes_file(path)

        written = path.read_bytes()
        assert len(filled.placed) == 3
        assert written.count(b"\n") == written.count(b"\r\n") == YAML_MAP.count("\n") + 3
        assert load_document_file(path).nodes[1].quotes[0].end == 28

    def test_a_json_map_is_filled_in_place(self, tmp_path: Path, minimal_map: Doc, pets_text: str) -> None:
        for node in minimal_map["nodes"]:
            node["quotes"] = [{"text": quote["text"]} for quote in node["quotes"]]
        text = msgspec.json.format(msgspec.json.encode(minimal_map), indent=2).decode()

        filled = fill_text(text, "json", tmp_path)

        assert filled.text is not None
        document = load_document(filled.text, media="json")
        assert [(q.start, q.end) for n in document.nodes for q in n.quotes] == [(0, 17), (18, 28)]

    def test_a_file_of_unknown_kind_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "map.txt"
        path.write_text("id: x\n", encoding="utf-8")

        assert [problem.code for problem in fill_file(path).problems] == ["unknown-media"]


class TestHintsInTheFormatsTerms:
    @pytest.mark.parametrize(
        ("path", "value", "hint"),
        [
            ("nodes.1.kind", "rebuttal", "a rebuttal is a counterpoint that attacks a counterpoint"),
            ("nodes.1.kind", "Objection", "an objection to a node is a counterpoint that attacks it"),
            ("nodes.1.kind", "premise", "a reason for a node is a claim (or evidence) that supports it"),
            ("relations.0.type", "undercuts", "argmap has no undercut"),
            ("relations.0.type", "rebuts", "a node that argues against another attacks it"),
            ("nodes.1.quotes.0.provenance", "paraphrase", "is author-paraphrase"),
        ],
    )
    def test_a_word_from_elsewhere_names_the_shape_to_use(
        self, minimal_map: Doc, path: str, value: str, hint: str
    ) -> None:
        *parents, last = path.split(".")
        target: Any = minimal_map
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value

        problem = next(p for p in _problems(minimal_map) if p.code == "unknown-value")

        assert problem.message.startswith(f"unknown {last} {value!r}; expected one of: ")
        assert hint in problem.message

    def test_an_unknown_word_gets_no_hint(self, minimal_map: Doc) -> None:
        minimal_map["nodes"][1]["kind"] = "banana"

        problem = next(p for p in _problems(minimal_map) if p.code == "unknown-value")

        assert problem.message.endswith("expected one of: thesis, claim, evidence, caveat, counterpoint")


class TestTheEssayMap:
    def test_its_quotes_given_by_their_words_fill_back_to_the_same_file(self, tmp_path: Path) -> None:
        repo = Path(__file__).resolve().parents[3]
        original = (repo / "maps" / "import-ai-455.yaml").read_text(encoding="utf-8")
        (tmp_path / "sources").mkdir()
        shutil.copy(repo / "maps" / "sources" / "import-ai-455.txt", tmp_path / "sources")
        words_only = re.sub(r"start: \d+, end: \d+, ", "", original)
        assert "start:" not in words_only
        path = tmp_path / "essay.yaml"
        path.write_text(words_only, encoding="utf-8")

        filled = fill_quotes_file(path)

        assert filled.problems == []
        assert len(filled.placed) == original.count("start: ")
        assert path.read_text(encoding="utf-8") == original
