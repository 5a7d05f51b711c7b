"""Sources as resources: a stored source and its revisions, and quotes re-anchored in a corrected text."""

from graph.sources._reanchor import FUZZY_THRESHOLD, Anchor, reanchor
from graph.sources._records import (
    PER_MAP,
    Revision,
    StoredSource,
    content_hash,
    metadata,
    own_fields,
    source_id_of,
    with_text,
)
from graph.sources._report import anchor_report, quote_anchors

__all__ = [
    "PER_MAP",
    "FUZZY_THRESHOLD",
    "Anchor",
    "Revision",
    "StoredSource",
    "anchor_report",
    "content_hash",
    "metadata",
    "own_fields",
    "quote_anchors",
    "reanchor",
    "source_id_of",
    "with_text",
]
