"""``argmap export`` and ``argmap load --format aif`` against the real Neo4j, bad input included."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from pathlib import Path

import pytest
from neo4j import AsyncDriver
from support.neo4j import Neo4jTarget, environment_for

from api.cli import main

pytestmark = pytest.mark.neo4j
REPO = Path(__file__).resolve().parents[2]
ESSAY = REPO / "maps" / "import-ai-455.yaml"


async def run(argv: list[str]) -> int:
    """Run the CLI in a worker thread: it starts its own event loop, which cannot nest in the test's."""
    return await asyncio.to_thread(main, argv)


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, neo4j_target: Neo4jTarget) -> None:
    """Point the CLI's settings at the tests' Neo4j."""
    for name, value in environment_for(neo4j_target).items():
        monkeypatch.setenv(name, value)


@pytest.fixture
async def essay_loaded(clean_driver: AsyncDriver, cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert await run(["load", "--quiet", str(ESSAY)]) == 0
    capsys.readouterr()


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.err.startswith("argmap: ")
    assert captured.err.count("\n") == 1, captured.err
    return captured.err


async def test_export_every_format_to_a_file(
    essay_loaded: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("json", "aif", "argdown", "claimreview", "csv"):
        target = tmp_path / f"essay.{name}"
        assert await run(["export", "import-ai-455", "--format", name, "-o", str(target)]) == 0
        assert target.stat().st_size > 0
        assert f"import-ai-455: {name} written to {target}" in capsys.readouterr().err
    rows = list(csv.DictReader(io.StringIO((tmp_path / "essay.csv").read_text(encoding="utf-8"))))
    assert rows[0]["id"] == "clark-thesis-automated-rd-2028"
    reviews = json.loads((tmp_path / "essay.claimreview").read_text())["@graph"]
    # Each review's url is a page for people: the viewer, at the version reviewed, on the reviewed node.
    assert all(
        re.match(r"http://127\.0\.0\.1:8000/maps/import-ai-455/view\?version=\d+#node-", review["url"])
        for review in reviews
    )


async def test_export_to_stdout(essay_loaded: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert await run(["export", "import-ai-455", "--format", "argdown"]) == 0

    assert "[clark-thesis-automated-rd-2028]:" in capsys.readouterr().out


async def test_load_aif_round_trip(
    essay_loaded: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aif = tmp_path / "essay.aif.json"
    assert await run(["export", "import-ai-455", "--format", "aif", "-o", str(aif)]) == 0
    capsys.readouterr()

    assert await run(["load", "--format", "aif", "--id", "essay-copy", str(aif)]) == 0
    captured = capsys.readouterr()
    assert "essay-copy: created from AIF, version 1" in captured.out
    assert "defaulted base_score = 0.5" in captured.err
    again = tmp_path / "again.aif.json"
    assert await run(["export", "essay-copy", "--format", "aif", "-o", str(again)]) == 0
    first, second = json.loads(aif.read_text()), json.loads(again.read_text())
    arguments = {"I", "RA", "CA"}
    assert [n for n in second["nodes"] if n["type"] in arguments] == [
        n for n in first["nodes"] if n["type"] in arguments
    ]
    # The file is the truth: loading it again replaces the map, named after the file when --id is not given.
    assert await run(["load", "--format", "aif", "--quiet", str(aif)]) == 0
    assert await run(["load", "--format", "aif", "--quiet", str(aif)]) == 0
    assert "essay: replaced from AIF" in capsys.readouterr().out


async def test_unknown_map_is_one_line_and_exit_1(
    essay_loaded: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await run(["export", "no-such-map", "--format", "csv"]) == 1
    assert "no-such-map" in one_line_error(capsys)


def test_bad_format_is_one_line_and_exit_2(cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "import-ai-455", "--format", "xml"]) == 2
    assert "unknown export format 'xml'" in one_line_error(capsys)
    assert main(["load", "--format", "rdf", str(ESSAY)]) == 2
    assert "unknown load format 'rdf'" in one_line_error(capsys)


def test_missing_aif_file_is_one_line_and_exit_1(cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", "--format", "aif", "/nonexistent/graph.json"]) == 1
    assert "/nonexistent/graph.json" in one_line_error(capsys)


def test_malformed_aif_is_one_line_and_exit_1(
    cli_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"nodes": [{"nodeID": "a", "type": "I"}], "edges": []}')

    assert main(["load", "--format", "aif", str(path)]) == 1
    assert "nodes[0].text" in one_line_error(capsys)


async def test_load_argdown_through_the_official_parser(
    essay_loaded: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    written = tmp_path / "essay.argdown"
    assert await run(["export", "import-ai-455", "--format", "argdown", "-o", str(written)]) == 0
    capsys.readouterr()

    assert await run(["load", "--format", "argdown", "--id", "essay-argdown", str(written)]) == 0
    captured = capsys.readouterr()
    assert "essay-argdown: created from Argdown, version 1" in captured.out
    # The database stores the essay's sources, so the quotes are checked against them and kept.
    assert "quotes" not in captured.err
    again, first = tmp_path / "again.csv", tmp_path / "first.csv"
    assert await run(["export", "essay-argdown", "--format", "csv", "-o", str(again)]) == 0
    assert await run(["export", "import-ai-455", "--format", "csv", "-o", str(first)]) == 0
    rows = list(csv.DictReader(io.StringIO(again.read_text(encoding="utf-8"))))
    assert rows[0]["id"] == "clark-thesis-automated-rd-2028"

    def quoted(path: Path) -> set[tuple[str, ...]]:
        found = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
        return {(r["id"], r["quote_source"], r["quote_start"], r["quote_end"]) for r in found}

    assert quoted(again) == quoted(first)
    assert any(row[2] for row in quoted(first))


def test_argdown_syntax_error_is_one_line_and_exit_1(
    cli_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.argdown"
    path.write_text("[a]: an unescaped [reference] mid-text\n")

    assert main(["load", "--format", "argdown", str(path)]) == 1
    assert "the Argdown parser found 1 error; first: line 1: " in one_line_error(capsys)
