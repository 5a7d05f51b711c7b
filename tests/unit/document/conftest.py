"""Fixtures of the map document tests: a small valid map to break, and the essay map read once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.document import read_document
from schemas import MapDocument

ESSAY_MAP = Path(__file__).resolve().parents[3] / "maps" / "import-ai-455.yaml"
PETS_TEXT = "Cats sleep a lot. Dogs bark. Birds sing at dawn."


@pytest.fixture(scope="session")
def essay_map() -> MapDocument:
    """The essay map with its source text, read once (tests must not change it; Structs are mutable)."""
    return read_document(ESSAY_MAP)


@pytest.fixture
def pets_text() -> str:
    """The source text of ``minimal_map``: 48 characters, three sentences."""
    return PETS_TEXT


@pytest.fixture
def minimal_map() -> dict[str, Any]:
    """A small valid map document as plain data, fresh for each test so it can be broken."""
    return {
        "id": "pets",
        "title": "Pets",
        "sources": [{"id": "s", "title": "S", "text": PETS_TEXT}],
        "speakers": [{"id": "a", "name": "A"}],
        "nodes": [
            {
                "id": "t",
                "kind": "thesis",
                "text": "Pets rest a great deal.",
                "speaker": "a",
                "base_score": 0.5,
                "rationale": "A claim to test.",
                "quotes": [{"start": 0, "end": 17, "text": "Cats sleep a lot."}],
            },
            {
                "id": "c",
                "kind": "claim",
                "text": "Dogs make noise.",
                "speaker": "a",
                "base_score": 0.7,
                "rationale": "Observed.",
                "quotes": [{"start": 18, "end": 28, "text": "Dogs bark.", "source": "s"}],
            },
        ],
        "relations": [{"source": "c", "target": "t", "type": "supports", "weight": 0.5}],
        "root": "t",
    }
