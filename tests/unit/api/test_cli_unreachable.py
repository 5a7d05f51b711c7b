"""The CLI keeps its promise of one-line errors when the database cannot be reached."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.live import free_port

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("command", [["neo4j", "status"], ["load", "maps/import-ai-455.yaml"]])
def test_an_unreachable_database_is_one_line_and_exit_1(command: list[str]) -> None:
    env = {**os.environ, "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}"}  # nothing listens there
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", *command],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("argmap: Neo4j is not reachable")
    assert "NEO4J_URI" in lines[0]
