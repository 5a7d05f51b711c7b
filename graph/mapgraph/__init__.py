"""The immutable in-memory view of one map version, and what is computed from it."""

from graph.mapgraph._analysis import (
    QUALIFIES_DEFAULT_WEIGHT,
    Evaluation,
    analysis_header,
    effective_weight,
    evaluate,
    framework,
    node_strengths,
    require_node,
)
from graph.mapgraph._mapgraph import MapGraph
from graph.mapgraph._provenance import (
    cut_short,
    own_words,
    quote_source,
    ranked_quotes,
    whose_words,
    with_source,
)
from graph.mapgraph._reading import spread_line, strength_reading
from graph.mapgraph._scenario import scenario_document, scenario_problems
from graph.mapgraph._summary import map_checks, map_detail, map_summary
from graph.mapgraph._views import claim_view, scores_view, tree_view
from graph.mapgraph._whatif import what_if_view

__all__ = [
    "QUALIFIES_DEFAULT_WEIGHT",
    "Evaluation",
    "MapGraph",
    "analysis_header",
    "claim_view",
    "cut_short",
    "effective_weight",
    "evaluate",
    "framework",
    "map_checks",
    "map_detail",
    "map_summary",
    "node_strengths",
    "own_words",
    "quote_source",
    "ranked_quotes",
    "require_node",
    "scenario_document",
    "scenario_problems",
    "scores_view",
    "spread_line",
    "strength_reading",
    "tree_view",
    "what_if_view",
    "whose_words",
    "with_source",
]
