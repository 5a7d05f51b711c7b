"""Fixtures of the export tests: the maps of ``support.export_maps``, read and scored once."""

from __future__ import annotations

import pytest
from support.export_maps import REPO, TRICKY_YAML, Scored, scored

from graph.document import load_document, read_document


@pytest.fixture(scope="session")
def essay() -> Scored:
    """The Import AI 455 map (read from disk, its source text included) and its scores."""
    return scored(read_document(REPO / "maps" / "import-ai-455.yaml"))


@pytest.fixture(scope="session")
def pouches() -> Scored:
    """The phone-pouches example map and its scores."""
    return scored(read_document(REPO / "docs" / "examples" / "phone-pouches.yaml"))


@pytest.fixture(scope="session")
def tricky() -> Scored:
    """Five nodes whose texts, names and notes start formulas and open markup, with every relation type."""
    return scored(load_document(TRICKY_YAML))


@pytest.fixture(params=["essay", "pouches", "tricky"])
def any_map(request: pytest.FixtureRequest) -> Scored:
    """Each of the three maps in turn."""
    found: Scored = request.getfixturevalue(request.param)
    return found
