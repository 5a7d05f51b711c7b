"""Whose words a quote is, checked against who the node says is speaking.

A source that names its author among the map's speakers (``written_by``) lets the map check attribution:
a span in the author's own voice belongs to a node the author asserts, and a span that quotes or paraphrases
someone else belongs to a node that someone else asserts. The rule catches a reporter's gloss filed under the
person reported on, and a quoted speaker's words filed under the reporter.
"""

from __future__ import annotations

from graph.document._view import DocumentView
from schemas import Problem, QuoteProvenance

_OTHERS = {QuoteProvenance.SPEAKER_WORDS, QuoteProvenance.AUTHOR_PARAPHRASE, QuoteProvenance.AUTHOR_CITED}
"""Spans that sit on another speaker's node: their words, the author's restatement of them, or the author's
sentence that the other speaker answers (the span is the author's, the proposition is not)."""


def attribution_problems(view: DocumentView) -> list[Problem]:
    """Quotes whose provenance contradicts the node's speaker, and authors that are not speakers.

    Example:
        >>> from graph.document._view import view_of
        >>> from schemas import MapDocument, Node, NodeKind, Quote, QuoteProvenance, Source, Speaker
        >>> quote = Quote(start=0, end=10, text="I said so.", provenance=QuoteProvenance.SPEAKER_WORDS)
        >>> doc = MapDocument(
        ...     id="m", title="M", root="n",
        ...     sources=[Source(id="s", title="S", text="I said so.", written_by="reporter")],
        ...     speakers=[Speaker(id="reporter", name="R")],
        ...     nodes=[Node(id="n", kind=NodeKind.THESIS, text="So.", speaker="reporter", base_score=0.5,
        ...                 rationale="r", quotes=[quote])])
        >>> [problem.code for problem in attribution_problems(view_of(doc))]
        ['quote-provenance']
    """
    speakers = {speaker.id for _, speaker in view.speakers} | view.broken_speakers
    authors: dict[str, str] = {}
    problems: list[Problem] = []
    for index, source in view.sources:
        if source.written_by is None:
            continue
        if source.written_by not in speakers:
            message = f"unknown speaker {source.written_by!r}: the author must be one of the map's speakers"
            problems.append(
                Problem(path=f"sources[{index}].written_by", message=message, code="unknown-speaker")
            )
            continue  # one problem for the source, not one more per quote
        authors[source.id] = source.written_by
    with_text = [source.id for _, source in view.sources if source.text is not None]
    default = with_text[0] if len(with_text) == 1 else None
    for index, node in view.nodes:
        for number, quote in enumerate(node.quotes):
            author = authors.get(quote.source or default or "")
            if quote.provenance is None or author is None:
                continue
            by_author = node.speaker == author
            if quote.provenance is QuoteProvenance.AUTHOR_VOICE and not by_author:
                message = (
                    f"the quote is in the voice of the source's author {author!r}, but the node's speaker is "
                    f"{node.speaker!r}: mark it author-paraphrase if it restates {node.speaker!r}, "
                    f"author-cited if {node.speaker!r} answers or rests on the author's sentence, or give "
                    "the proposition to the author"
                )
            elif quote.provenance is QuoteProvenance.AUTHOR_CITED and by_author:
                message = (
                    f"the quote is marked author-cited, the author's sentence on another speaker's node, but "
                    f"the node's speaker is the source's author {author!r}: mark it author-voice"
                )
            elif quote.provenance in _OTHERS and by_author:
                message = (
                    f"the quote is marked {quote.provenance.value}, someone else's words, but the node's "
                    f"speaker is the source's author {author!r}: mark it author-voice, or give the "
                    "proposition to the speaker it quotes"
                )
            else:
                continue
            problems.append(
                Problem(path=f"nodes[{index}].quotes[{number}]", message=message, code="quote-provenance")
            )
    return problems
