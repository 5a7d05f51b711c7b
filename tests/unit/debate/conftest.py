"""The essay as a map graph, evaluated once."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.document import load_document_file
from graph.mapgraph import Evaluation, MapGraph, evaluate

ESSAY = Path(__file__).resolve().parents[3] / "maps" / "import-ai-455.yaml"


@pytest.fixture(scope="session")
def essay() -> MapGraph:
    """The Import AI 455 map, as loaded from its YAML."""
    return MapGraph(load_document_file(ESSAY), 1, {})


@pytest.fixture(scope="session")
def essay_evaluation(essay: MapGraph) -> Evaluation:
    """The essay under the defaults (QE, Shapley, its root thesis)."""
    return evaluate(essay)
