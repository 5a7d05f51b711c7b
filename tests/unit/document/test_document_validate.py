"""Every validation rule: its message, code and path; and every problem of a document reported together."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
import pytest

from graph.document import load_document, parse_document, require_valid, validate_document
from graph.errors import InvalidArgumentMap
from schemas import MapDocument, Problem

Doc = dict[str, Any]


def _problems(doc: Doc) -> list[Problem]:
    with pytest.raises(InvalidArgumentMap) as caught:
        load_document(msgspec.json.encode(doc), media="json")
    return caught.value.problems


def _set(path: str, value: object) -> Callable[[Doc], None]:
    """A mutation that sets ``nodes.0.text``-style paths (dotted, with list indices)."""

    def mutate(doc: Doc) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return mutate


def _delete(path: str) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return mutate


def _append(path: str, value: object) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        target: Any = doc
        for part in path.split("."):
            target = target[int(part)] if part.isdigit() else target[part]
        target.append(value)

    return mutate


def _node(node_id: str, kind: str = "claim") -> Doc:
    return {
        "id": node_id,
        "kind": kind,
        "text": "Birds make music.",
        "speaker": "a",
        "base_score": 0.5,
        "rationale": "A test node.",
    }


def _second_source_with_text(doc: Doc) -> None:
    doc["sources"].append({"id": "s2", "title": "Second", "text": doc["sources"][0]["text"]})


STRUCTURAL = [
    (
        "wrong type",
        _set("nodes.0.base_score", "high"),
        "nodes[0].base_score",
        "wrong-type",
        "expected a number",
    ),
    (
        "unknown kind",
        _set("nodes.1.kind", "hypothesis"),
        "nodes[1].kind",
        "unknown-value",
        "unknown kind 'hypothesis'",
    ),
    (
        "unknown relation type",
        _set("relations.0.type", "undercuts"),
        "relations[0].type",
        "unknown-value",
        "supports",
    ),
    ("missing field", _delete("nodes.1.rationale"), "nodes[1].rationale", "missing-field", "'rationale'"),
    ("missing top-level field", _delete("speakers"), "speakers", "missing-field", "'speakers'"),
    (
        "score above 1",
        _set("nodes.0.base_score", 1.5),
        "nodes[0].base_score",
        "out-of-range",
        "1.5 is outside [0, 1]",
    ),
    (
        "score below 0",
        _set("nodes.0.base_score", -0.1),
        "nodes[0].base_score",
        "out-of-range",
        "outside [0, 1]",
    ),
    ("empty text", _set("nodes.1.text", ""), "nodes[1].text", "empty-text", "must not be empty"),
    ("bad id", _set("nodes.1.id", "Bad Id"), "nodes[1].id", "invalid-id", "'Bad Id' is not a valid id"),
    (
        "unknown field",
        _set("nodes.0.qoutes", []),
        "nodes[0].qoutes",
        "unknown-field",
        "did you mean 'quotes'",
    ),
    ("nodes not a list", _set("nodes", {"t": 1}), "nodes", "wrong-type", "expected a list"),
    ("node not a mapping", _set("nodes.1", "c"), "nodes[1]", "wrong-type", "expected a mapping"),
    (
        "weight zero",
        _set("relations.0.weight", 0),
        "relations[0].weight",
        "out-of-range",
        "0 is outside (0, 1]",
    ),
    ("weight above 1", _set("relations.0.weight", 1.2), "relations[0].weight", "out-of-range", "(0, 1]"),
    (
        "negative offset",
        _set("nodes.0.quotes.0.start", -1),
        "nodes[0].quotes[0].start",
        "out-of-range",
        ">= 0",
    ),
    ("nested type", _set("nodes.0.tags", ["ok", 3]), "nodes[0].tags[1]", "wrong-type", "expected a string"),
]

SEMANTIC = [
    (
        "NUL in a text",
        _set("nodes.0.text", "Pets rest\x00 a great deal."),
        "nodes[0].text",
        "control-character",
        "U+0000",
    ),
    ("BEL in a title", _set("sources.0.title", "S\x07"), "sources[0].title", "control-character", "U+0007"),
    (
        "ESC in a speaker",
        _set("speakers.0.name", "\x1b[31mA"),
        "speakers[0].name",
        "control-character",
        "U+001B",
    ),
    ("C1 in a note", _set("relations.0.note", "odd\x85"), "relations[0].note", "control-character", "U+0085"),
    (
        "a text of nothing",
        _set("nodes.1.text", "\u202e\u200b\u0301"),
        "nodes[1].text",
        "invisible-text",
        "nothing",
    ),
    (
        "a javascript url",
        _set("sources.0.url", "javascript:alert(5)"),
        "sources[0].url",
        "unsafe-url",
        "http",
    ),
    ("a data url", _set("sources.0.url", " DATA:text/html,x"), "sources[0].url", "unsafe-url", "http"),
    ("blank text", _set("nodes.1.text", "   "), "nodes[1].text", "empty-text", "must not be blank"),
    ("duplicate node id", _set("nodes.1.id", "t"), "nodes[1].id", "duplicate-id", "first used at nodes[0]"),
    (
        "duplicate speaker id",
        _append("speakers", {"id": "a", "name": "Another A"}),
        "speakers[1].id",
        "duplicate-id",
        "duplicate speaker id 'a'",
    ),
    (
        "duplicate source id",
        _append("sources", {"id": "s", "title": "Again"}),
        "sources[1].id",
        "duplicate-id",
        "duplicate source id 's'",
    ),
    (
        "dangling target",
        _set("relations.0.target", "ghost"),
        "relations[0].target",
        "dangling-relation",
        "'ghost'",
    ),
    (
        "dangling source",
        _set("relations.0.source", "ghost"),
        "relations[0].source",
        "dangling-relation",
        "'ghost'",
    ),
    ("self-loop", _set("relations.0.source", "t"), "relations[0]", "self-loop", "'t' supports itself"),
    (
        "supports and attacks",
        _append("relations", {"source": "c", "target": "t", "type": "attacks"}),
        "relations[1]",
        "contradictory-relation",
        "'c' both supports and attacks 't' (see relations[0])",
    ),
    (
        "same relation twice",
        _append("relations", {"source": "c", "target": "t", "type": "supports"}),
        "relations[1]",
        "duplicate-relation",
        "given twice",
    ),
    ("unknown speaker", _set("nodes.1.speaker", "zed"), "nodes[1].speaker", "unknown-speaker", "known: a"),
    (
        "unknown reporter",
        _set("nodes.1.reported_by", "zed"),
        "nodes[1].reported_by",
        "unknown-speaker",
        "'zed'",
    ),
    (
        "unknown quote source",
        _set("nodes.1.quotes.0.source", "nope"),
        "nodes[1].quotes[0].source",
        "unknown-source",
        "unknown source 'nope'",
    ),
    (
        "omitted quote source with two texts",
        _second_source_with_text,
        "nodes[0].quotes[0].source",
        "unknown-source",
        "2 sources with text: name one",
    ),
    (
        "quote not at its offsets",
        _set("nodes.1.quotes.0.text", "Birds sing"),
        "nodes[1].quotes[0]",
        "quote-mismatch",
        'the source there reads "Dogs bark."; the quoted words are at 29:39',
    ),
    (
        "quote nowhere in the source",
        _set("nodes.1.quotes.0.text", "Dogs purr."),
        "nodes[1].quotes[0]",
        "quote-mismatch",
        "occur nowhere in the source",
    ),
    (
        "end past the text",
        _set("nodes.0.quotes.0.end", 999),
        "nodes[0].quotes[0].end",
        "offset-out-of-range",
        "48 characters",
    ),
    (
        "start past the text",
        _set("nodes.0.quotes.0.start", 900),
        "nodes[0].quotes[0].start",
        "offset-out-of-range",
        "900",
    ),
    (
        "start equals end",
        _set("nodes.0.quotes.0.end", 0),
        "nodes[0].quotes[0]",
        "bad-offsets",
        "start (0) must be before end (0)",
    ),
    ("no thesis", _set("nodes.0.kind", "claim"), "nodes", "no-thesis", "no thesis"),
    ("root not a node", _set("root", "ghost"), "root", "unknown-root", "'ghost' is not a node"),
    (
        "unconnected node",
        _append("nodes", _node("x")),
        "nodes[2]",
        "unconnected-node",
        "'x' does not lead to any thesis",
    ),
    ("source without text", _delete("sources.0.text"), "sources[0]", "source-without-text", "2 quotes"),
    (
        "unknown reported source",
        _set("sources.0.reports_on", "essay"),
        "sources[0].reports_on",
        "unknown-source",
        "'essay'",
    ),
    (
        "computation of the wrong arity",
        _set("nodes.1.computations", [{"operation": "power", "inputs": [2], "stated": 4, "decimals": 0}]),
        "nodes[1].computations[0]",
        "invalid-computation",
        "power takes exactly 2 inputs (base, exponent), got 1",
    ),
    (
        "computation dividing by zero",
        _set("nodes.1.computations", [{"operation": "ratio", "inputs": [2, 0], "stated": 4, "decimals": 0}]),
        "nodes[1].computations[0]",
        "invalid-computation",
        "divides by zero",
    ),
    (
        "same_as to a missing node of this map",
        _set("nodes.1.same_as", [{"map": "pets", "id": "ghost"}]),
        "nodes[1].same_as[0]",
        "dangling-reference",
        "'ghost'",
    ),
    ("unsupported format", _set("format", 2), "format", "unsupported-format", "format 2"),
]


class TestValidationRules:
    def test_the_minimal_document_is_valid(self, minimal_map: Doc) -> None:
        doc = load_document(msgspec.json.encode(minimal_map), media="json")

        assert validate_document(doc) == []

    @pytest.mark.parametrize(
        ("mutate", "path", "code", "fragment"),
        [pytest.param(*case[1:], id=case[0]) for case in STRUCTURAL + SEMANTIC],
    )
    def test_rule_reports_its_problem_at_its_path(
        self, mutate: Callable[[Doc], None], path: str, code: str, fragment: str, minimal_map: Doc
    ) -> None:
        doc = minimal_map
        mutate(doc)

        found = [problem for problem in _problems(doc) if problem.path == path and problem.code == code]

        assert found, _problems(doc)
        assert fragment in found[0].message


class TestSeveralProblems:
    def test_every_problem_is_reported_in_one_error(self, minimal_map: Doc) -> None:
        doc = minimal_map
        doc["nodes"][0]["base_score"] = 2  # structural
        doc["nodes"][1]["speaker"] = "zed"  # semantic, in a node that converted
        doc["nodes"][1]["quotes"][0]["text"] = "Dogs bark!"  # semantic
        doc["relations"].append({"source": "c", "target": "c", "type": "attacks"})  # semantic
        doc["root"] = "ghost"

        with pytest.raises(InvalidArgumentMap) as caught:
            load_document(msgspec.json.encode(doc), media="json")

        paths = {(problem.path, problem.code) for problem in caught.value.problems}
        assert paths >= {
            ("nodes[0].base_score", "out-of-range"),
            ("nodes[1].speaker", "unknown-speaker"),
            ("nodes[1].quotes[0]", "quote-mismatch"),
            ("relations[1]", "self-loop"),
            ("root", "unknown-root"),
        }
        count = len(caught.value.problems)
        assert caught.value.detail.startswith(f"the map document has {count} problems")

    def test_one_node_may_have_several_structural_problems(self, minimal_map: Doc) -> None:
        doc = minimal_map
        doc["nodes"][1].update(kind="idea", base_score="x", text="")

        paths = {problem.path for problem in _problems(doc)}

        assert paths >= {"nodes[1].kind", "nodes[1].base_score", "nodes[1].text"}

    def test_a_broken_node_is_not_reported_as_a_dangling_end(self, minimal_map: Doc) -> None:
        doc = minimal_map
        doc["nodes"][1]["base_score"] = 5

        problems = _problems(doc)

        assert [problem.code for problem in problems] == ["out-of-range"]

    def test_the_rest_of_a_node_with_a_broken_field_is_still_checked(self, minimal_map: Doc) -> None:
        node = minimal_map["nodes"][1]
        node.update(kind="idea", speaker="zed")
        node["quotes"][0]["text"] = "Dogs bark!"

        found = {(problem.path, problem.code) for problem in _problems(minimal_map)}

        assert found == {
            ("nodes[1].kind", "unknown-value"),
            ("nodes[1].speaker", "unknown-speaker"),
            ("nodes[1].quotes[0]", "quote-mismatch"),
        }

    def test_a_stand_in_raises_no_problem_of_its_own(self, minimal_map: Doc) -> None:
        minimal_map["nodes"][1]["speaker"] = "Bad Speaker"

        found = [(problem.path, problem.code) for problem in _problems(minimal_map)]

        assert found == [("nodes[1].speaker", "invalid-id")]

    def test_the_ends_of_a_relation_with_a_broken_weight_are_still_checked(self, minimal_map: Doc) -> None:
        minimal_map["relations"][0].update(weight=0, target="ghost")

        found = [(problem.path, problem.code) for problem in _problems(minimal_map)]

        assert found == [
            ("relations[0].target", "dangling-relation"),
            ("relations[0].weight", "out-of-range"),
        ]

    def test_problems_come_in_document_order(self, minimal_map: Doc) -> None:
        nodes = [{**minimal_map["nodes"][1], "id": f"n{i}", "speaker": "zed"} for i in range(2, 12)]
        minimal_map["nodes"].extend(nodes)
        minimal_map["relations"].extend({"source": n["id"], "target": "t", "type": "supports"} for n in nodes)
        minimal_map["root"] = "ghost"
        minimal_map["nodes"][0]["base_score"] = 3

        paths = [problem.path for problem in _problems(minimal_map)]

        assert paths == ["nodes[0].base_score"] + [f"nodes[{i}].speaker" for i in range(2, 12)] + ["root"]

    def test_a_single_problem_says_so_in_the_singular(self, minimal_map: Doc) -> None:
        doc = minimal_map
        doc["root"] = "ghost"

        with pytest.raises(InvalidArgumentMap) as caught:
            load_document(msgspec.json.encode(doc), media="json")

        assert (
            caught.value.detail
            == "the map document has 1 problem; first: root: root 'ghost' is not a node of this map"
        )


class TestSyntax:
    @pytest.mark.parametrize(
        ("data", "media", "fragment"),
        [
            ("nodes: [unclosed", "yaml", "not valid YAML"),
            ("id: a\nid: b\n", "yaml", "duplicate key 'id'"),
            ('{"id": ', "json", "not valid JSON"),
        ],
    )
    def test_unreadable_input_is_one_syntax_problem(self, data: str, media: str, fragment: str) -> None:
        with pytest.raises(InvalidArgumentMap) as caught:
            parse_document(data, media=media)

        (problem,) = caught.value.problems
        assert (problem.path, problem.code) == ("$", "syntax-error")
        assert fragment in problem.message

    @pytest.mark.parametrize("data", ["[1, 2]", "just text", ""])
    def test_the_top_level_must_be_a_mapping(self, data: str) -> None:
        with pytest.raises(InvalidArgumentMap) as caught:
            parse_document(data)

        (problem,) = caught.value.problems
        assert (problem.path, problem.code) == ("$", "wrong-type")


class TestRequireValid:
    def test_returns_a_valid_document(self, minimal_map: Doc) -> None:
        doc = msgspec.convert(minimal_map, MapDocument)

        assert require_valid(doc) is doc

    def test_raises_with_every_problem(self, minimal_map: Doc) -> None:
        data = minimal_map
        data["root"] = "ghost"
        data["nodes"][1]["speaker"] = "zed"
        doc = msgspec.convert(data, MapDocument)

        with pytest.raises(InvalidArgumentMap) as caught:
            require_valid(doc)

        assert {problem.code for problem in caught.value.problems} == {"unknown-root", "unknown-speaker"}
