"""What every exporter shares: the result of an export, unregistered media types, and node scores."""

from __future__ import annotations

from dataclasses import dataclass

from graph.mapgraph import Evaluation, MapGraph
from schemas import Node

# Argdown has no registered media type; text/x-argdown is the conventional unregistered one.
ARGDOWN_MEDIA_TYPE = "text/x-argdown"
CSV_MEDIA_TYPE = "text/csv"


@dataclass(frozen=True, slots=True)
class Exported:
    r"""One export: its bytes, the media type to serve them with, and a file name to save them under.

    Example:
        >>> Exported(b"id\r\n", "text/csv", "essay.csv").filename
        'essay.csv'
    """

    content: bytes
    media_type: str
    filename: str


@dataclass(frozen=True, slots=True)
class NodeScores:
    """A node's scores under one evaluation: strength, signed contribution to the root, and its rank."""

    strength: float
    contribution: float
    rank: int | None


def scores_of(evaluation: Evaluation) -> dict[str, NodeScores]:
    """Every node's scores, by node id; nodes that do not reach the root contribute 0 and have no rank."""
    ranked = {item.argument: item for item in evaluation.contributions.contributions}
    result = {}
    for node_id, strength in evaluation.strengths.strengths.items():
        item = ranked.get(node_id)
        result[node_id] = NodeScores(
            strength=strength,
            contribution=item.value if item else 0.0,
            rank=item.rank if item else None,
        )
    return result


def speaker_name(graph: MapGraph, speaker_id: str | None) -> str | None:
    """The display name of a speaker of the map (its id when the map does not list it)."""
    if speaker_id is None:
        return None
    speaker = graph.speakers.get(speaker_id)
    return speaker.name if speaker else speaker_id


def first_quote_source(graph: MapGraph, node: Node) -> str | None:
    """The source the node's first quote points into (the map's only source with text, when unnamed)."""
    if not node.quotes:
        return None
    named = node.quotes[0].source
    if named is not None:
        return named
    with_text = [source.id for source in graph.document.sources if source.text is not None]
    return with_text[0] if len(with_text) == 1 else None


def rounded(value: float) -> float:
    """A score rounded to 6 decimals: finer digits are solver noise, and readers compare exports as text.

    Example:
        >>> rounded(0.45012345678)
        0.450123
    """
    return round(value, 6)
