"""The CPU-bound checks every write runs in the worker pool before it reaches the store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.document import load_document, require_valid
from graph.mapgraph import node_strengths
from schemas import MapDocument


def decode_document(
    body: bytes, media: str, cited: Mapping[str, str | Mapping[str, Any]] | None = None
) -> MapDocument:
    """Decode and validate a map document body (JSON or YAML); ``cited`` holds stored sources by id."""
    return load_document(body, media=media, cited=cited)


def validated_strengths(document: MapDocument) -> dict[str, float]:
    """Check the whole document, then the strengths the store keeps for filtering searches."""
    return node_strengths(require_valid(document))
