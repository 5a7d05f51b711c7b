"""Interchange: a map out as our JSON, AIF, Argdown, ClaimReview or CSV, and AIF back in.

Pure code over a ``MapGraph`` and its ``Evaluation``; how each format maps the model is in
``docs/interchange.md``.

Example:
    >>> from graph.document import load_document_file
    >>> from graph.mapgraph import MapGraph, evaluate
    >>> doc = load_document_file("docs/examples/phone-pouches.yaml")
    >>> graph = MapGraph(document=doc, version=1, node_versions={n.id: 1 for n in doc.nodes})
    >>> aif = export_map(graph, evaluate(graph), ExportFormat.AIF).content
    >>> back = from_aif(aif, map_id="phone-pouches-copy").document
    >>> sorted(n.text for n in back.nodes) == sorted(n.text for n in doc.nodes)
    True
"""

from graph.export._aif import QUALIFICATION_SCHEME, aif_graph, to_aif
from graph.export._aif_import import AifImport, from_aif
from graph.export._argdown import escape_argdown, to_argdown
from graph.export._argdown_import import argdown_cited_sources, from_argdown
from graph.export._argdown_run import ArgdownUnavailable, parse_argdown_file, parse_argdown_text
from graph.export._claimreview import (
    RATING_SCALE,
    RatingStep,
    ReviewPublisher,
    claim_review_document,
    claim_reviews,
    rate_figure,
)
from graph.export._common import ARGDOWN_MEDIA_TYPE, CSV_MEDIA_TYPE, Exported
from graph.export._csv import COLUMNS, SPREAD_COLUMNS, to_csv
from graph.export._export import (
    EXPORTS,
    MEDIA_TYPES,
    ExportContext,
    ExportSpec,
    export_filename,
    export_map,
    to_json,
)
from schemas import ExportFormat

__all__ = [
    "EXPORTS",
    "ExportContext",
    "ExportSpec",
    "ARGDOWN_MEDIA_TYPE",
    "COLUMNS",
    "CSV_MEDIA_TYPE",
    "MEDIA_TYPES",
    "QUALIFICATION_SCHEME",
    "RATING_SCALE",
    "SPREAD_COLUMNS",
    "RatingStep",
    "ReviewPublisher",
    "AifImport",
    "ArgdownUnavailable",
    "ExportFormat",
    "Exported",
    "aif_graph",
    "argdown_cited_sources",
    "claim_review_document",
    "claim_reviews",
    "escape_argdown",
    "export_filename",
    "export_map",
    "from_aif",
    "from_argdown",
    "parse_argdown_file",
    "parse_argdown_text",
    "rate_figure",
    "to_aif",
    "to_argdown",
    "to_csv",
    "to_json",
]
