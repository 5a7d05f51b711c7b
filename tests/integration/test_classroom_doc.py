"""docs/classroom.md: every ``sh`` block runs, in order, against a live argmap and prints what the page shows.

The page's commands run in a scratch folder that sees the project's ``maps/`` (``support.doc_pages``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.doc_pages import examples, run_page
from support.neo4j import Neo4jTarget

pytestmark = pytest.mark.neo4j
REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "docs" / "classroom.md"


def test_every_command_shows_its_output() -> None:
    found = examples(PAGE)
    assert len(found) >= 6
    assert all(expected for _, expected in found)


@pytest.mark.slow
def test_every_command_runs_and_prints_what_the_page_shows(
    live_url: str, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    (tmp_path / "maps").symlink_to(REPO / "maps")
    run_page(PAGE, live_url, neo4j_target, tmp_path, timeout_s=180)
