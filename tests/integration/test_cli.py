"""The ``argmap`` command line against the real Neo4j: validate, load, reload, bad input."""

from __future__ import annotations

import asyncio
from pathlib import Path

import msgspec
import pytest
from neo4j import AsyncDriver
from support.maps import small_map
from support.neo4j import Neo4jTarget, count_graph, environment_for

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


class TestValidate:
    def test_the_essay_is_valid(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["validate", str(ESSAY)]) == 0
        assert "valid map 'import-ai-455'" in capsys.readouterr().out

    def test_problems_are_listed_and_exit_non_zero(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        broken = msgspec.to_builtins(small_map())
        broken["nodes"][0]["base_score"] = 3
        broken["relations"][0]["target"] = "ghost"
        path = tmp_path / "broken.json"
        path.write_bytes(msgspec.json.encode(broken))
        assert main(["validate", str(path)]) == 1
        err = capsys.readouterr().err
        assert "nodes[0].base_score" in err
        assert "relations[0].target" in err

    def test_json_report(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["validate", "--json", str(ESSAY)]) == 0
        report = msgspec.json.decode(capsys.readouterr().out)
        assert report["valid"] is True
        assert report["map_id"] == "import-ai-455"


class TestLoad:
    async def test_load_twice_is_idempotent(
        self, clean_driver: AsyncDriver, cli_env: None, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert await run(["load", "--quiet", str(ESSAY)]) == 0
        assert "import-ai-455: created, version 1" in capsys.readouterr().out
        first = await count_graph(clean_driver)
        assert await run(["load", "--quiet", str(ESSAY)]) == 0
        assert "import-ai-455: unchanged, version 1" in capsys.readouterr().out
        assert await count_graph(clean_driver) == first

    async def test_one_bad_file_loads_nothing(
        self, clean_driver: AsyncDriver, cli_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        broken = msgspec.to_builtins(small_map())
        broken["nodes"] = []
        path = tmp_path / "broken.json"
        path.write_bytes(msgspec.json.encode(broken))
        assert await run(["load", str(ESSAY), str(path)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1, "one line on the CLI"
        assert await count_graph(clean_driver) == (0, 0)

    def test_missing_file_is_one_line(self, cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["load", "/nonexistent/map.yaml"]) == 1
        err = capsys.readouterr().err
        assert err.startswith("argmap: ")
        assert err.count("\n") == 1
