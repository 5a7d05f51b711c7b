"""Each closed set is declared once, and what shows it (OpenAPI, viewer menus, docs, exports) agrees."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from support.app import Client

from api.viewer import CONTRIBUTION_CHOICES, SEMANTICS_CHOICES
from graph.export import EXPORTS, export_filename
from graph.scoring import parse_contribution, parse_semantics
from graph.scoring._semantics import KERNELS
from schemas import ContributionFunction, ExportFormat, Semantics

DOCS = Path(__file__).resolve().parents[3] / "docs"


def _enum(document: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    """The values a schema allows, through ``$ref``, ``allOf`` and ``oneOf``."""
    if "$ref" in schema:
        return _enum(document, document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]])
    parts = schema.get("allOf", []) + schema.get("oneOf", [])
    return sorted(schema.get("enum", []) + [value for part in parts for value in _enum(document, part)])


def _parameter_enum(document: dict[str, Any], path: str, name: str) -> list[str]:
    for parameter in document["paths"][path]["get"]["parameters"]:
        if parameter["name"] == name:
            return _enum(document, parameter["schema"])
    raise AssertionError(f"{path} has no parameter {name}")


async def test_the_openapi_document_lists_exactly_the_declared_names(client: Client) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    assert _parameter_enum(document, "/maps/{map_id}/scores", "semantics") == sorted(Semantics)
    assert _parameter_enum(document, "/maps/{map_id}/scores", "contribution") == sorted(ContributionFunction)
    assert _parameter_enum(document, "/maps/{map_id}/export", "format") == sorted(ExportFormat)


def test_every_declared_name_is_understood_by_the_engine() -> None:
    assert set(KERNELS) == set(Semantics)
    assert all(parse_semantics(item.value) is item for item in Semantics)
    assert all(parse_contribution(item.value) is item for item in ContributionFunction)
    assert {item for item, kernel in KERNELS.items() if kernel.attack_only} == {
        item for item in Semantics if not item.handles_supports
    }


def test_the_viewer_menus_offer_the_declared_names() -> None:
    assert set(SEMANTICS_CHOICES) == {item.value for item in Semantics if item.handles_supports}
    assert tuple(item.value for item in ContributionFunction) == CONTRIBUTION_CHOICES


def test_every_export_format_has_one_spec_and_its_row_in_the_docs() -> None:
    assert set(EXPORTS) == set(ExportFormat)
    table = (DOCS / "interchange.md").read_text()
    for item, spec in EXPORTS.items():
        row = re.search(rf"^\| `{item.value}` +\| `([^`]+)` +\| `MAP\.([^`]+)` ", table, re.MULTILINE)
        assert row is not None, f"docs/interchange.md has no row for {item.value}"
        assert (row.group(1), row.group(2)) == (spec.media_type, spec.extension)
        assert export_filename("m", item) == f"m.{spec.extension}"


def test_the_api_guide_lists_every_semantics_and_contribution_function() -> None:
    guide = (DOCS / "api.md").read_text()
    paragraph = guide[guide.index("`semantics` is one of") :].split("\n\n", 1)[0]
    named = re.findall(r"`([^`]+)`", paragraph)
    for item in [*Semantics, *ContributionFunction]:
        assert item.value in named, f"docs/api.md does not name {item.value}"


async def test_every_operation_that_takes_a_semantics_declares_the_422_of_an_unfit_one(
    client: Client,
) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    scored = [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if any(parameter["name"] == "semantics" for parameter in operation.get("parameters", []))
    ]
    assert len(scored) >= 8
    assert [(method, path) for method, path, operation in scored if "422" not in operation["responses"]] == []
