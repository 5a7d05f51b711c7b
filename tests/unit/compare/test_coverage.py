"""A source's coverage: each sentence's count equals a direct count of the maps' quotes, made here apart."""

from __future__ import annotations

import re

import msgspec
import pytest
from support.classroom_maps import SOURCE, TEXT, reading

from graph.compare import coverage_html, sentences, source_coverage
from graph.mapgraph import MapGraph
from schemas import MapDocument, Quote, SourceCoverage


def graph(document: MapDocument) -> MapGraph:
    return MapGraph(document, 1, {})


def with_first_quote_at(document: MapDocument, start: int, end: int) -> MapDocument:
    """``document`` with its first node quoting ``TEXT[start:end]`` as well (and no source named)."""
    first = document.nodes[0]
    quote = Quote(start=start, end=end, text=TEXT[start:end])
    node = msgspec.structs.replace(first, quotes=[*first.quotes, quote])
    return msgspec.structs.replace(document, nodes=[node, *document.nodes[1:]])


def direct_counts(maps: list[MapDocument]) -> list[tuple[str, list[str]]]:
    """Each sentence and the maps one of whose quotes covers one of its characters, character by character."""
    covered = {
        document.id: {
            i for node in document.nodes for quote in node.quotes for i in range(quote.start, quote.end)
        }
        for document in maps
    }
    return [
        (TEXT[start:end], sorted(m for m, chars in covered.items() if chars & set(range(start, end))))
        for start, end in sentences(TEXT)
    ]


@pytest.fixture
def maps() -> list[MapDocument]:
    a, b = reading("student-a", 0), reading("student-b", 1)
    # A third reading quotes across a sentence boundary and the blank line, and ends one character into a
    # sentence: each such sentence counts it.
    c = with_first_quote_at(reading("student-c", 1), TEXT.index("attendance"), TEXT.index("also help"))
    c = with_first_quote_at(c, TEXT.index("Critics") - 2, TEXT.index("Critics") + 1)
    return [b, c, a]


class TestCoverage:
    def test_each_count_is_a_direct_count_of_the_quotes(self, maps: list[MapDocument]) -> None:
        found = source_coverage(SOURCE, [graph(document) for document in maps])
        assert [(row.text, row.maps) for row in found.sentences] == direct_counts(maps)
        assert all(row.count == len(row.maps) for row in found.sentences)
        assert all(TEXT[row.start : row.end] == row.text for row in found.sentences)

    def test_the_planted_counts(self, maps: list[MapDocument]) -> None:
        found = source_coverage(SOURCE, [graph(document) for document in maps])
        counts = {row.text.split()[0] + " " + row.text.split()[1]: row.count for row in found.sentences}
        assert counts == {
            "School uniforms": 3,
            "They reduce": 3,
            "They also": 3,
            "Critics say": 3,
            "Yet students": 3,
            "Some schools": 2,
            "Uniforms also": 2,
        }
        assert found.maps == ["student-a", "student-b", "student-c"]
        assert found.quoted == len(found.sentences) == 7
        assert (found.source.id, found.length) == (SOURCE.id, len(TEXT))

    def test_a_map_quoting_nothing_counts_nowhere(self) -> None:
        bare = msgspec.structs.replace(
            reading("bare", 0),
            nodes=[msgspec.structs.replace(n, quotes=[]) for n in reading("bare", 0).nodes],
        )
        found = source_coverage(SOURCE, [graph(bare)])
        assert found.maps == ["bare"]
        assert {row.count for row in found.sentences} == {0}
        assert found.quoted == 0


class TestPage:
    @pytest.fixture
    def coverage(self, maps: list[MapDocument]) -> SourceCoverage:
        return source_coverage(SOURCE, [graph(document) for document in maps])

    def test_shows_each_count_in_words_and_a_legend(self, coverage: SourceCoverage) -> None:
        page = coverage_html(coverage, TEXT)
        badges = re.findall(r'<span class="n">(\d+)<span class="vh"> of 3 maps</span></span>', page)
        assert [int(count) for count in badges] == [row.count for row in coverage.sentences]
        assert "quoted by 2 of 3 maps" in page
        assert "quoted by 3 of 3 maps" in page
        assert "How to read it" in page
        assert "<script" not in page

    def test_keeps_the_sources_paragraphs(self, coverage: SourceCoverage) -> None:
        page = coverage_html(coverage, TEXT)
        text = page.split('<div class="text">')[1]
        assert text.count("<p>") == 2, "the blank line before the last sentence starts a paragraph"

    def test_escapes_the_text(self, coverage: SourceCoverage) -> None:
        hostile = msgspec.structs.replace(
            coverage,
            source=msgspec.structs.replace(coverage.source, title='<img src=x onerror="alert(1)">'),
            sentences=[msgspec.structs.replace(coverage.sentences[0], text="<script>alert(1)</script>")],
        )
        page = coverage_html(hostile, TEXT)
        assert "<script>" not in page
        assert "<img" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
