"""Argument-map diagrams: DOT building (pure) and the one place that runs Graphviz's ``dot``."""

from graph.render._draw import DOT_TIMEOUT_S, check_drawable, draw, drawn_nodes
from graph.render._errors import RenderError, RenderTimeout
from graph.render._fit import svg_size
from graph.render._pipe import FORMATS, render_bytes
from graph.render._render import claim_href, dot_id, element_id, render_map, view_href
from graph.render._select import DIRECTIONS, MAX_DIAGRAM_NODES, subtree
from graph.render._style import HOUSE_DEFAULT

__all__ = [
    "drawn_nodes",
    "DIRECTIONS",
    "DOT_TIMEOUT_S",
    "FORMATS",
    "HOUSE_DEFAULT",
    "MAX_DIAGRAM_NODES",
    "RenderError",
    "RenderTimeout",
    "check_drawable",
    "claim_href",
    "dot_id",
    "draw",
    "element_id",
    "render_bytes",
    "render_map",
    "subtree",
    "svg_size",
    "view_href",
]
