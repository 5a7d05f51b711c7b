"""Argument-map diagrams: DOT building (pure) and the one place that runs Graphviz's ``dot``."""

from graph.render._errors import RenderError
from graph.render._pipe import FORMATS, render_bytes
from graph.render._render import DIRECTIONS, dot_id, render_map

__all__ = ["DIRECTIONS", "FORMATS", "RenderError", "dot_id", "render_bytes", "render_map"]
