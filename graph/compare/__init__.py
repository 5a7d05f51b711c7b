"""Maps of one source read side by side: two maps compared, and how much of the source a set of maps quotes.

Pure code over ``MapGraph`` versions and their sources (``graph.service`` reads them and scores the verdicts):
no database, no HTTP.
"""

from graph.compare._align import SPAN_THRESHOLD, TEXT_THRESHOLD, Pairing, align
from graph.compare._compare import DEFAULT_TOP, MAX_TOP, common_sources, compare_maps
from graph.compare._coverage import quoted_spans, source_coverage
from graph.compare._coverage_page import coverage_html
from graph.compare._crux import map_crux, reading_of
from graph.compare._print import comparison_html, comparison_markdown
from graph.compare._sentences import sentences
from graph.compare._spans import quote_source

__all__ = [
    "DEFAULT_TOP",
    "MAX_TOP",
    "SPAN_THRESHOLD",
    "TEXT_THRESHOLD",
    "Pairing",
    "align",
    "common_sources",
    "compare_maps",
    "comparison_html",
    "comparison_markdown",
    "coverage_html",
    "map_crux",
    "quote_source",
    "quoted_spans",
    "reading_of",
    "sentences",
    "source_coverage",
]
