"""The documentation pages that are also tests: each ``sh`` block runs against a live argmap, in order.

A page's commands address ``http://127.0.0.1:8000`` (where ``make run`` serves); the tests serve the real app
over the tests' Neo4j on a free port and run them against that instead. A ``text`` block right after a command
lists lines its output must contain.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from support.neo4j import Neo4jTarget, environment_for

DOC_URL = "http://127.0.0.1:8000"
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def examples(page: Path) -> list[tuple[str, list[str]]]:
    """Each ``sh`` block of ``page``, with the lines its output must contain (the ``text`` block after it)."""
    blocks = _BLOCK.findall(page.read_text(encoding="utf-8"))
    found = []
    for index, (language, body) in enumerate(blocks):
        if language != "sh":
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else ("", "")
        expected = following[1].splitlines() if following[0] == "text" else []
        found.append((body, [line for line in expected if line.strip()]))
    return found


def page_environment(neo4j_target: Neo4jTarget) -> dict[str, str]:
    """The environment a page's commands run in: the project's argmap first on PATH, the tests' Neo4j."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path} | environment_for(neo4j_target)


def run_page(page: Path, live_url: str, neo4j_target: Neo4jTarget, cwd: Path, timeout_s: float) -> None:
    """Run every command of ``page`` in ``cwd`` against ``live_url``; each must succeed and print its lines.

    Raises:
        AssertionError: a command failed or did not print a line the page shows for it.
    """
    env = page_environment(neo4j_target)
    for number, (script, expected) in enumerate(examples(page), start=1):
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script.replace(DOC_URL, live_url)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
        where = f"sh block {number} of {page.name}:\n{script}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        assert done.returncode == 0, where
        for line in expected:
            shown = line.strip().replace(DOC_URL, live_url)
            assert shown in done.stdout, f"{shown!r} missing from the output of {where}"
