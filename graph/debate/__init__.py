"""Debate preparation over one map version: briefs, weak spots, perspectives, cruxes, robustness.

Pure: every function takes a ``MapGraph`` (and an ``Evaluation`` where it reads contributions) and returns
msgspec Structs from ``schemas``; the service runs them in the worker pool.
"""

from graph.debate._brief import build_brief
from graph.debate._common import side_of
from graph.debate._crux import MAX_DISAGREEMENTS, MAX_EVALUATIONS, find_crux
from graph.debate._drawing import what_if_drawing
from graph.debate._gaps import find_gaps
from graph.debate._perspectives import (
    AS_MAPPED,
    authored,
    compare_perspectives,
    perspective_graph,
    perspective_strengths,
    stored_perspective,
    with_perspective,
    without_perspective,
)
from graph.debate._print import brief_html, brief_markdown
from graph.debate._robustness import DEFAULT_SAMPLES, DEFAULT_SPREAD, MAX_SAMPLES, robustness
from graph.debate._similar import content_words, near_duplicates
from graph.debate._spread import thesis_spread

__all__ = [
    "AS_MAPPED",
    "DEFAULT_SAMPLES",
    "DEFAULT_SPREAD",
    "MAX_DISAGREEMENTS",
    "MAX_EVALUATIONS",
    "MAX_SAMPLES",
    "authored",
    "brief_html",
    "brief_markdown",
    "build_brief",
    "compare_perspectives",
    "content_words",
    "find_crux",
    "find_gaps",
    "near_duplicates",
    "perspective_graph",
    "perspective_strengths",
    "robustness",
    "side_of",
    "stored_perspective",
    "thesis_spread",
    "what_if_drawing",
    "with_perspective",
    "without_perspective",
]
