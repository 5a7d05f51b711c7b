"""docs/journalists.md: every ``sh`` block runs, in order, against a live argmap and shows what the page says.

The page's commands run in a scratch folder (``support.doc_pages``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.doc_pages import examples, run_page
from support.neo4j import Neo4jTarget

pytestmark = pytest.mark.neo4j
PAGE = Path(__file__).resolve().parents[2] / "docs" / "journalists.md"


def test_the_page_has_examples_with_expected_output() -> None:
    found = examples(PAGE)

    assert len(found) >= 8
    assert all(expected for _, expected in found), "every command shows what it prints"


@pytest.mark.slow
def test_every_command_runs_and_prints_what_the_page_shows(
    live_url: str, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    run_page(PAGE, live_url, neo4j_target, tmp_path, timeout_s=120)
