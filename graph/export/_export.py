"""``export_map``: one entry point that picks the exporter for a format."""

from __future__ import annotations

import datetime as dt

import msgspec

from graph.export._aif import TIMESTAMP_FORMAT, to_aif
from graph.export._argdown import to_argdown
from graph.export._claimreview import claim_review_document
from graph.export._common import MEDIA_TYPES, Exported, ExportFormat, export_filename
from graph.export._csv import to_csv
from graph.mapgraph import Evaluation, MapGraph

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_REVIEWER = "argmap"


def to_json(graph: MapGraph) -> bytes:
    """The map document as JSON: what ``GET /maps/{id}/document`` answers and ``POST /maps`` takes back."""
    return msgspec.json.encode(graph.document)


def export_map(
    graph: MapGraph,
    evaluation: Evaluation,
    format: ExportFormat | str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    reviewer: str = DEFAULT_REVIEWER,
    now: dt.datetime | None = None,
) -> Exported:
    """The map in ``format``, with the media type and a file name to serve or save it under.

    Args:
        graph: The map.
        evaluation: Its scores (strengths, contributions and ranks go into Argdown and CSV).
        format: One of ``ExportFormat`` (or its value).
        base_url: Where argmap is served; ClaimReview ``url`` s point to claim pages there.
        reviewer: The organisation that publishes the ClaimReviews.
        now: The export time (AIF timestamps, ClaimReview ``datePublished``); the current UTC time if omitted.

    Raises:
        ValueError: ``format`` is not an export format.

    Example:
        >>> from graph.document import load_document_file
        >>> from graph.mapgraph import evaluate
        >>> doc = load_document_file("docs/examples/phone-pouches.yaml")
        >>> graph = MapGraph(document=doc, version=1, node_versions={n.id: 1 for n in doc.nodes})
        >>> exported = export_map(graph, evaluate(graph), "csv")
        >>> exported.media_type, exported.filename
        ('text/csv; charset=utf-8; header=present', 'phone-pouches.csv')
        >>> exported.content.splitlines()[0][:30]
        b'id,kind,speaker,reported_by,te'
    """
    chosen = ExportFormat(format)
    when = now or dt.datetime.now(dt.UTC)
    if chosen is ExportFormat.JSON:
        content = to_json(graph)
    elif chosen is ExportFormat.AIF:
        content = to_aif(graph, timestamp=when.strftime(TIMESTAMP_FORMAT))
    elif chosen is ExportFormat.ARGDOWN:
        content = to_argdown(graph, evaluation).encode("utf-8")
    elif chosen is ExportFormat.CLAIMREVIEW:
        document = claim_review_document(
            graph, base_url=base_url, published=when.date().isoformat(), reviewer=reviewer
        )
        content = msgspec.json.encode(document)
    else:
        content = to_csv(graph, evaluation)
    return Exported(content, MEDIA_TYPES[chosen], export_filename(graph.id, chosen))
