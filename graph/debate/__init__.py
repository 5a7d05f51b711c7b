"""Debate preparation over one map version: briefs for each side, weak spots, perspectives, robustness.

Pure: every function takes a ``MapGraph`` (and an ``Evaluation`` where it reads contributions) and returns
msgspec Structs from ``schemas``; the service runs them in the worker pool.
"""

from graph.debate._brief import build_brief
from graph.debate._common import side_of
from graph.debate._drawing import what_if_drawing
from graph.debate._gaps import find_gaps
from graph.debate._perspectives import AS_MAPPED, compare_perspectives, perspective_strengths
from graph.debate._print import brief_html, brief_markdown
from graph.debate._robustness import DEFAULT_SAMPLES, DEFAULT_SPREAD, MAX_SAMPLES, robustness
from graph.debate._similar import near_duplicates

__all__ = [
    "AS_MAPPED",
    "DEFAULT_SAMPLES",
    "DEFAULT_SPREAD",
    "MAX_SAMPLES",
    "brief_html",
    "brief_markdown",
    "build_brief",
    "compare_perspectives",
    "find_gaps",
    "near_duplicates",
    "perspective_strengths",
    "robustness",
    "side_of",
    "what_if_drawing",
]
