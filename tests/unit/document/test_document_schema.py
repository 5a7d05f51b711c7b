"""The committed JSON Schema, the command line and JSON round trips of the map document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

from graph.document import load_document, map_schema, map_schema_json
from graph.document.__main__ import main
from schemas import MapDocument

REPO = Path(__file__).resolve().parents[3]
SCHEMA_FILE = REPO / "docs" / "map-schema.json"
ESSAY_MAP = REPO / "maps" / "import-ai-455.yaml"
ESSAY_SOURCE = REPO / "maps" / "sources" / "import-ai-455.txt"


# Keys that only annotate a schema: how a msgspec release words or wraps a docstring must not fail the build.
ANNOTATIONS = frozenset({"title", "description", "examples", "$comment"})


def meaning(schema: Any) -> Any:
    """The schema with its annotations removed: what it accepts and refuses, and nothing else."""
    if isinstance(schema, dict):
        # A property may be *named* "title" or "description"; only string-valued annotations are dropped.
        return {
            key: meaning(value)
            for key, value in schema.items()
            if key not in ANNOTATIONS or not isinstance(value, str)
        }
    if isinstance(schema, list):
        return [meaning(item) for item in schema]
    return schema


class TestMapSchema:
    def test_committed_schema_means_what_the_structs_mean(self) -> None:
        # Regenerate with: python -m graph.document schema > docs/map-schema.json
        committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))

        assert meaning(committed) == meaning(map_schema())

    def test_meaning_ignores_wording_but_not_constraints(self) -> None:
        schema = map_schema()
        reworded = json.loads(json.dumps(schema))
        reworded["$defs"]["Node"]["description"] = "Reworded."
        tightened = json.loads(json.dumps(schema))
        tightened["$defs"]["Node"]["properties"]["base_score"]["maximum"] = 0.9

        assert meaning(reworded) == meaning(schema)
        assert meaning(tightened) != meaning(schema)

    def test_describes_the_map_document(self) -> None:
        schema = map_schema()

        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$ref"] == "#/$defs/MapDocument"
        assert set(schema["$defs"]["MapDocument"]["required"]) == {
            "id",
            "title",
            "sources",
            "speakers",
            "nodes",
        }
        assert schema["$defs"]["Node"]["properties"]["base_score"]["maximum"] == 1.0

    def test_is_valid_json(self) -> None:
        assert json.loads(map_schema_json()) == map_schema()


class TestJsonRoundTrip:
    def test_the_essay_map_survives_json(self, essay_map: MapDocument) -> None:
        data = msgspec.json.encode(essay_map)

        assert load_document(data, media="json") == essay_map


class TestCommandLine:
    def test_schema_prints_the_schema(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["schema"]) == 0
        assert capsys.readouterr().out == map_schema_json()

    def test_validate_reports_the_computation_checks(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["validate", str(ESSAY_MAP)]) == 0

        out = capsys.readouterr().out
        assert "valid map 'import-ai-455'" in out
        assert "agrees" in out
        assert "DISAGREES" in out

    def test_validate_lists_problems_and_fails(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = tmp_path / "broken.yaml"
        path.write_text("id: Bad Id\ntitle: x\nsources: []\nspeakers: []\nnodes: []\n", encoding="utf-8")

        assert main(["validate", str(path)]) == 1
        assert "id: 'Bad Id' is not a valid id" in capsys.readouterr().err

    @pytest.mark.parametrize(
        ("quote", "status", "stream", "expected"),
        [
            ("a feel rather than a model", 0, "out", "start: "),
            ("Clark", 1, "err", "occurs"),
        ],
    )
    def test_offsets_finds_a_quote(
        self, capsys: pytest.CaptureFixture[str], quote: str, status: int, stream: str, expected: str
    ) -> None:
        assert main(["offsets", str(ESSAY_SOURCE), quote]) == status

        captured = capsys.readouterr()
        assert expected in (captured.out if stream == "out" else captured.err)
