"""The ``author-cited`` voice: the source author's sentence on a node another speaker asserts (a reader's)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from graph.document import load_document
from graph.errors import InvalidArgumentMap
from schemas import Problem, QuoteProvenance

Doc = dict[str, Any]


def _problems(doc: Doc) -> list[Problem]:
    try:
        load_document(json.dumps(doc), media="json")
    except InvalidArgumentMap as error:
        return list(error.problems)
    return []


@pytest.fixture
def answered(minimal_map: Doc) -> Doc:
    """The author ('a') wrote the text; a reader's node answers the author's sentence and quotes it."""
    minimal_map["speakers"].append({"id": "reader", "name": "A reader"})
    minimal_map["sources"][0]["written_by"] = "a"
    minimal_map["nodes"][0]["speaker"] = "a"
    minimal_map["nodes"][0]["quotes"][0]["provenance"] = "author-voice"
    minimal_map["nodes"][1]["speaker"] = "reader"
    minimal_map["nodes"][1]["quotes"][0]["provenance"] = "author-cited"
    return minimal_map


def test_the_value_is_declared_once_in_the_enum() -> None:
    assert QuoteProvenance("author-cited") is QuoteProvenance.AUTHOR_CITED


def test_the_authors_sentence_on_a_readers_node_is_valid(answered: Doc) -> None:
    assert _problems(answered) == []


def test_author_voice_there_names_author_cited_as_the_fix(answered: Doc) -> None:
    answered["nodes"][1]["quotes"][0]["provenance"] = "author-voice"

    (problem,) = _problems(answered)

    assert (problem.path, problem.code) == ("nodes[1].quotes[0]", "quote-provenance")
    assert "author-cited if 'reader' answers or rests on the author's sentence" in problem.message


def test_author_cited_on_the_authors_own_node_is_author_voice(answered: Doc) -> None:
    answered["nodes"][0]["quotes"][0]["provenance"] = "author-cited"

    (problem,) = _problems(answered)

    assert (problem.path, problem.code) == ("nodes[0].quotes[0]", "quote-provenance")
    assert problem.message.endswith("mark it author-voice")
