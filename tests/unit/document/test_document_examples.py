"""The example map shipped in docs/examples validates, and its stated figures check out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.document import (
    check_computations,
    find_offsets,
    load_document,
    load_document_file,
    validate_document,
)
from schemas import NodeKind, Operation

EXAMPLE_MAP = Path(__file__).resolve().parents[3] / "docs" / "examples" / "phone-pouches.yaml"


class TestPhonePouchesExample:
    def test_validates(self) -> None:
        doc = load_document_file(EXAMPLE_MAP)

        assert validate_document(doc) == []
        assert 8 <= len(doc.nodes) <= 15

    def test_quotes_match_the_shipped_text(self) -> None:
        doc = load_document_file(EXAMPLE_MAP)
        (source,) = doc.sources
        assert source.text is not None

        for node in doc.nodes:
            assert node.quotes, node.id
            for quote in node.quotes:
                assert source.text[quote.start : quote.end] == quote.text

    def test_stated_figures_agree_with_an_independent_computation(self) -> None:
        doc = load_document_file(EXAMPLE_MAP)

        for check in check_computations(doc):
            if check.operation is Operation.PERCENT_CHANGE:
                expected = (check.inputs[1] - check.inputs[0]) / check.inputs[0]
            else:
                assert check.operation is Operation.PRODUCT
                expected = check.inputs[0] * check.inputs[1]
            assert check.agrees is (abs(expected - check.stated) <= 0.5 * 10**-check.decimals + 1e-12)

    @pytest.mark.parametrize("kind", list(NodeKind))
    def test_shows_every_kind(self, kind: NodeKind) -> None:
        assert any(node.kind is kind for node in load_document_file(EXAMPLE_MAP).nodes)


class TestMapFormatDoc:
    def test_the_minimal_map_in_the_format_guide_is_valid(self) -> None:
        guide = (Path(__file__).resolve().parents[3] / "docs" / "map-format.md").read_text(encoding="utf-8")
        block = re.search(r"## A minimal map\n\n```yaml\n(?P<yaml>.*?)```", guide, re.DOTALL)
        assert block is not None

        doc = load_document(block.group("yaml"))

        assert validate_document(doc) == []
        assert doc.root == "uniforms-help"

    def test_the_offsets_shown_in_the_format_guide_are_right(self) -> None:
        repo = Path(__file__).resolve().parents[3]
        guide = (repo / "docs" / "map-format.md").read_text(encoding="utf-8")
        shown = re.search(
            r'offsets (?P<file>\S+) "(?P<quote>[^"]+)"\nstart: (?P<start>\d+), end: (?P<end>\d+)', guide
        )
        assert shown is not None
        text = (repo / shown.group("file")).read_bytes().decode("utf-8")

        assert find_offsets(text, shown.group("quote")) == (
            int(shown.group("start")),
            int(shown.group("end")),
        )
