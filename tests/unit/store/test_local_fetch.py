"""Fetching the local Neo4j's jars: two processes asking at once fetch once, and both find them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

FAKE_MVN = textwrap.dedent(
    """\
    #!/bin/sh
    # Stands in for Maven: counts its runs, takes its time, and leaves one jar where it is told to.
    for arg in "$@"; do
      case "$arg" in -Dneo4j.lib.dir=*) dir="${arg#-Dneo4j.lib.dir=}";; esac
    done
    echo run >> "$MVN_RUNS"
    sleep 1
    touch "$dir/neo4j.jar"
    """
)
FETCH = "from pathlib import Path; from graph.server import LocalNeo4j, LocalNeo4jConfig; import sys; " + (
    "print(LocalNeo4j(LocalNeo4jConfig(data_dir=Path(sys.argv[1]) / 'data', "
    "lib_dir=Path(sys.argv[1]) / 'lib')).fetch())"
)


@pytest.fixture
def fake_maven(tmp_path: Path) -> dict[str, str]:
    """A PATH whose ``mvn`` is the stand-in, and where it counts its runs."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    mvn = bin_dir / "mvn"
    mvn.write_text(FAKE_MVN)
    mvn.chmod(mvn.stat().st_mode | stat.S_IXUSR)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "MVN_RUNS": str(tmp_path / "runs")}


def test_two_fetches_at_once_run_maven_once_and_both_succeed(
    tmp_path: Path, fake_maven: dict[str, str]
) -> None:
    root = Path(__file__).resolve().parents[3]
    fetches = [
        subprocess.Popen(
            [sys.executable, "-c", FETCH, str(tmp_path)],
            env=fake_maven,
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    answers = [fetch.communicate(timeout=60) for fetch in fetches]
    assert [fetch.returncode for fetch in fetches] == [0, 0], answers
    assert sorted(out.strip() for out, _ in answers) == ["False", "True"]
    assert (tmp_path / "runs").read_text().count("run") == 1
    assert (tmp_path / "lib" / "neo4j.jar").exists()
