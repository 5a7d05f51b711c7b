"""The anchors report: every quote of the maps citing a source, re-anchored in its latest revision. Pure.

Example:
    >>> from schemas import Node, NodeKind, Quote, Source, Speaker
    >>> old, new = "Cats slep. Dogs bark.", "Cats sleep. Dogs bark."
    >>> quotes = [Quote(start=0, end=10, text="Cats slep."), Quote(start=11, end=21, text="Dogs bark.")]
    >>> node = Node(id="n", kind=NodeKind.CLAIM, text="Pets", speaker="a", base_score=0.5, rationale="R",
    ...             quotes=quotes)
    >>> document = MapDocument(id="m", title="M", sources=[Source(id="s", title="S", text=old)],
    ...                        speakers=[Speaker(id="a", name="A")], nodes=[node])
    >>> found = quote_anchors(document, 3, "s", 1, old, new)
    >>> [(a.status.value, a.new_start, a.new_end) for a in found]
    [('fuzzy', 0, 11), ('moved', 12, 22)]
    >>> anchor_report("s", 2, found).counts
    {'exact': 0, 'moved': 1, 'fuzzy': 1, 'ambiguous': 0, 'orphaned': 0}
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.sources._reanchor import reanchor
from schemas import AnchorReport, AnchorStatus, MapDocument, Quote, QuoteAnchor

CONTEXT = 60
"""Characters of the latest revision shown either side of a quote's new place."""


def quote_anchors(
    document: MapDocument, map_version: int, source_id: str, cited_revision: int, old: str, new: str
) -> list[QuoteAnchor]:
    """Each quote ``document`` takes from ``source_id`` (its text there: ``old``), anchored in ``new``."""
    found = []
    for node in document.nodes:
        for index, quote in enumerate(node.quotes):
            if _source_of(document, quote) != source_id:
                continue
            anchor = reanchor(quote.text, quote.start, quote.end, old, new)
            start = anchor.start if anchor.start is not None else min(quote.start, len(new))
            end = anchor.end if anchor.end is not None else start
            found.append(
                QuoteAnchor(
                    map_id=document.id,
                    map_version=map_version,
                    node_id=node.id,
                    quote=index,
                    text=quote.text,
                    cited_revision=cited_revision,
                    status=anchor.status,
                    old_start=quote.start,
                    old_end=quote.end,
                    new_start=anchor.start,
                    new_end=anchor.end,
                    new_text=new[anchor.start : anchor.end] if anchor.start is not None else None,
                    similarity=anchor.similarity,
                    candidates=list(anchor.candidates),
                    before=new[max(0, start - CONTEXT) : start],
                    after=new[end : end + CONTEXT],
                )
            )
    return found


def anchor_report(source_id: str, latest: int, anchors: Iterable[QuoteAnchor]) -> AnchorReport:
    """The report of ``anchors``, with how many quotes each status has (every status counted, even at 0)."""
    listed = list(anchors)
    counts = {status.value: 0 for status in AnchorStatus}
    for anchor in listed:
        counts[anchor.status.value] += 1
    return AnchorReport(source_id=source_id, latest_revision=latest, counts=counts, anchors=listed)


def _source_of(document: MapDocument, quote: Quote) -> str | None:
    """The source a quote's offsets index: its own, else the map's only source with text (as validated)."""
    if quote.source is not None:
        return quote.source
    with_text = [source.id for source in document.sources if source.text is not None]
    return with_text[0] if len(with_text) == 1 else None
