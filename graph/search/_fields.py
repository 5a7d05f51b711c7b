"""The search fields of one node: its words and everything that describes it, as the index stores them.

Example:
    >>> from schemas import Node, NodeKind, Speaker
    >>> node = Node(id="n", kind=NodeKind.CLAIM, text="Amdahl's law bites", speaker="e", base_score=0.5,
    ...             rationale="Well known", tags=["compute-bottleneck"])
    >>> fields = search_fields(node, {"e": Speaker(id="e", name="Thomas Edison", role="Inventor")})
    >>> fields["s_text"], fields["s_speaker"], fields["s_tags"]
    ("Amdahl's law bites", 'Thomas Edison, Inventor', 'compute bottleneck')
"""

from __future__ import annotations

from collections.abc import Mapping

from graph.search._analysis import SEARCH_REVISION, index_text
from schemas import Node, Speaker


def _speaker_text(speaker: Speaker | None) -> str | None:
    if speaker is None:
        return None
    return index_text(", ".join(part for part in (speaker.name, speaker.role) if part))


def search_fields(node: Node, speakers: Mapping[str, Speaker]) -> dict[str, str | int | None]:
    """The node's ``s_*`` properties (None where it has nothing to say) and the revision they follow."""
    evidence = node.evidence
    evidence_parts: list[str] = []
    if evidence is not None:
        evidence_parts.append(evidence.metric)
        points = [*evidence.observations, *([evidence.baseline] if evidence.baseline else [])]
        for point in points:
            evidence_parts.extend(part for part in (point.system, point.unit) if part)
    quotes = "\n".join(quote.text for quote in node.quotes)
    return {
        "s_text": index_text(node.text),
        "s_quotes": index_text(quotes) if quotes else None,
        # Tags are slugs: their words, not the slug, are what a reader types.
        "s_tags": " ".join(tag.replace("-", " ") for tag in node.tags) or None,
        "s_evidence": index_text("\n".join(dict.fromkeys(evidence_parts))) if evidence_parts else None,
        "s_speaker": _speaker_text(speakers.get(node.speaker)),
        "s_reported": _speaker_text(speakers.get(node.reported_by)) if node.reported_by else None,
        "s_rationale": index_text(node.rationale),
        "search_rev": SEARCH_REVISION,
    }
