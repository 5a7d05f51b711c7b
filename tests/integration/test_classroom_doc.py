"""docs/classroom.md: every ``sh`` block runs, in order, against a live argmap and prints what the page shows.

The page's commands address ``http://127.0.0.1:8000``; the test serves the real app over the tests' Neo4j on
a free port and runs them there, in a scratch folder that sees the project's ``maps/``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import AsyncDriver
from support.neo4j import Neo4jTarget, clear_database, environment_for
from support.workers import workers

from graph.document import load_document_file
from graph.mapgraph import node_strengths
from graph.store import Neo4jStore

pytestmark = pytest.mark.neo4j
REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "docs" / "classroom.md"
DOC_URL = "http://127.0.0.1:8000"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def examples() -> list[tuple[str, list[str]]]:
    """Each ``sh`` block, with the lines its output must contain (the ``text`` block right after it)."""
    blocks = BLOCK.findall(PAGE.read_text(encoding="utf-8"))
    found = []
    for index, (language, body) in enumerate(blocks):
        if language == "sh":
            following = blocks[index + 1] if index + 1 < len(blocks) else ("", "")
            lines = following[1].splitlines() if following[0] == "text" else []
            found.append((body, [line for line in lines if line.strip()]))
    return found


def _env(neo4j_target: Neo4jTarget) -> dict[str, str]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return env | environment_for(neo4j_target)


@pytest.fixture(scope="module")
async def essay_only(driver: AsyncDriver, neo4j_target: Neo4jTarget) -> None:
    """The tests' Neo4j holding only the essay."""
    await clear_database(driver, neo4j_target.database)
    essay = load_document_file(REPO / "maps" / "import-ai-455.yaml")
    await Neo4jStore(driver, neo4j_target.database).save_map(essay, node_strengths(essay))


@pytest.fixture(scope="module")
def live_url(essay_only: None, neo4j_target: Neo4jTarget) -> Iterator[str]:
    """``argmap serve`` on a free loopback port over the tests' Neo4j."""
    with workers(neo4j_target, count=1) as (url,):
        yield url


def test_every_command_shows_its_output() -> None:
    found = examples()
    assert len(found) >= 6
    assert all(expected for _, expected in found)


def test_every_command_runs_and_prints_what_the_page_shows(
    live_url: str, neo4j_target: Neo4jTarget, tmp_path: Path
) -> None:
    (tmp_path / "maps").symlink_to(REPO / "maps")
    for number, (script, expected) in enumerate(examples(), start=1):
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script.replace(DOC_URL, live_url)],
            cwd=tmp_path,
            env=_env(neo4j_target),
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        where = f"sh block {number} of {PAGE.name}:\n{script}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        assert done.returncode == 0, where
        for line in expected:
            assert line.strip() in done.stdout, f"{line.strip()!r} missing from the output of {where}"
