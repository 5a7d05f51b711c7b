"""The one error the render package adds to the domain tree."""

from __future__ import annotations

from graph.errors import GraphError


class RenderError(GraphError):
    """Graphviz could not turn a diagram into the requested format (not installed, failed or timed out)."""
