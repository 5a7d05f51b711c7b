"""The errors the render package adds to the domain tree."""

from __future__ import annotations

from graph.errors import DeadlineExceeded, GraphError


class RenderError(GraphError):
    """Graphviz could not turn a diagram into the requested format (not installed, failed or timed out)."""


class RenderTimeout(DeadlineExceeded, RenderError):
    """Graphviz ran past the render deadline and was killed.

    A ``DeadlineExceeded`` first (the API answers 422, ask for a smaller diagram), and still a
    ``RenderError`` for callers that catch every Graphviz failure.
    """
