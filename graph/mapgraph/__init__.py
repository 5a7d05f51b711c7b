"""The immutable in-memory view of one map version, and what is computed from it."""

from graph.mapgraph._mapgraph import MapGraph

__all__ = ["MapGraph"]
