"""Whose words a quote is and which quote to cite: one answer in briefs, captions, tooltips, exports."""

from __future__ import annotations

import pytest

from graph.debate import brief_markdown, build_brief
from graph.mapgraph import MapGraph, cut_short, evaluate, own_words, ranked_quotes, whose_words
from graph.render._render import node_tooltip
from schemas import (
    MapDocument,
    Node,
    NodeKind,
    Quote,
    QuoteProvenance,
    Relation,
    RelationType,
    Source,
    Speaker,
)

TEXT = (
    'Clark said: "Automation of research is near." The reporter thinks the curves converge. '
    "and the curves, he says, bend together. The curves converge across coding and research benchmarks."
)


def span(text: str, provenance: QuoteProvenance | None) -> Quote:
    start = TEXT.index(text)
    return Quote(start=start, end=start + len(text), text=text, provenance=provenance)


REPORTER_OWN = span("The reporter thinks the curves converge.", QuoteProvenance.AUTHOR_VOICE)
CLARK_OWN = span('"Automation of research is near."', QuoteProvenance.SPEAKER_WORDS)
CUT = span("and the curves, he says, bend together", QuoteProvenance.AUTHOR_PARAPHRASE)
WHOLE = span("The curves converge across coding and research benchmarks.", QuoteProvenance.AUTHOR_PARAPHRASE)


def reported() -> MapGraph:
    document = MapDocument(
        id="report",
        title="A report",
        sources=[Source(id="story", title="The story", outlet="Daily", text=TEXT, written_by="reporter")],
        speakers=[Speaker(id="clark", name="Jack Clark"), Speaker(id="reporter", name="The reporter")],
        nodes=[
            Node(
                id="near",
                kind=NodeKind.THESIS,
                text="Automation of research is near.",
                speaker="clark",
                base_score=0.5,
                rationale="r",
                quotes=[CLARK_OWN],
            ),
            Node(
                id="converge",
                kind=NodeKind.CLAIM,
                text="The capability curves converge across coding and research benchmarks.",
                speaker="clark",
                base_score=0.5,
                rationale="r",
                quotes=[CUT, WHOLE],
            ),
            Node(
                id="reading",
                kind=NodeKind.CLAIM,
                text="The curves converge.",
                speaker="reporter",
                base_score=0.6,
                rationale="r",
                quotes=[REPORTER_OWN],
            ),
        ],
        relations=[
            Relation(source="converge", target="near", type=RelationType.SUPPORTS),
            Relation(source="reading", target="near", type=RelationType.SUPPORTS),
        ],
    )
    return MapGraph(document, 1, {})


class TestWhoseWords:
    @pytest.mark.parametrize(
        ("node_id", "quote", "own", "whose"),
        [
            ("near", CLARK_OWN, True, "Jack Clark's own words"),
            ("reading", REPORTER_OWN, True, "The reporter's own words"),
            ("converge", WHOLE, False, "The reporter paraphrasing Jack Clark"),
        ],
    )
    def test_each_voice(self, node_id: str, quote: Quote, own: bool, whose: str) -> None:
        graph = reported()
        node = graph.nodes[node_id]

        assert own_words(graph, node, quote) is own
        assert whose_words(graph, node, quote) == whose

    def test_a_quote_without_provenance_says_so(self) -> None:
        graph = reported()
        bare = span("The reporter thinks the curves converge.", None)

        assert own_words(graph, graph.nodes["reading"], bare) is None
        assert whose_words(graph, graph.nodes["reading"], bare) == "whose words: not recorded"


class TestChoice:
    def test_a_whole_sentence_that_covers_the_node_comes_before_the_first_cut_one(self) -> None:
        graph = reported()

        assert cut_short(CUT)
        assert not cut_short(WHOLE)
        assert [quote.text for quote in ranked_quotes(graph, graph.nodes["converge"])] == [
            WHOLE.text,
            CUT.text,
        ]

    def test_every_ranked_quote_names_its_source(self) -> None:
        graph = reported()

        assert {quote.source for n in graph.document.nodes for quote in ranked_quotes(graph, n)} == {"story"}


class TestBrief:
    def test_the_reporters_own_claim_is_in_their_own_words_not_a_paraphrase(self) -> None:
        graph = reported()
        brief = build_brief(graph, evaluate(graph), "pro")
        quotes = {argument.node.id: argument.quotes for argument in brief.arguments}

        (reporter,) = quotes["reading"]
        assert (reporter.own_words, reporter.whose) == (True, "The reporter's own words")
        assert quotes["converge"][0].text == WHOLE.text  # not the first quote, which is cut short
        markdown = brief_markdown(brief)
        assert "(The reporter's own words)" in markdown
        assert "as the source paraphrases" not in markdown

    def test_the_tooltip_says_who_speaks_and_whose_words_the_quote_is(self) -> None:
        graph = reported()

        assert node_tooltip(graph, graph.nodes["converge"]) == (
            "converge: The capability curves converge across coding and research benchmarks. "
            "(Jack Clark; quote: The reporter paraphrasing Jack Clark)"
        )
