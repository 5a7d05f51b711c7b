"""Search text: what the full-text index holds for a node, the user's words as a query, and why a hit matched.

Pure functions, no Cypher: the store writes ``search_fields`` and sends ``lucene_query``; the service explains
each hit with ``explain``.
"""

from graph.search._analysis import (
    ANALYZER,
    FIELD_BOOSTS,
    FIELD_NAMES,
    SEARCH_REVISION,
    fold,
    index_text,
    lucene_query,
    parse_query,
)
from graph.search._fields import search_fields
from graph.search._snippets import Explanation, explain

__all__ = [
    "ANALYZER",
    "FIELD_BOOSTS",
    "FIELD_NAMES",
    "SEARCH_REVISION",
    "Explanation",
    "explain",
    "fold",
    "index_text",
    "lucene_query",
    "parse_query",
    "search_fields",
]
