"""The app's OpenAPI document is valid by an outside linter, and says what the app answers.

The linter is Redocly CLI with its recommended rules (``tools/redocly/redocly.yaml``), installed locked by
``make redocly`` into the git-ignored ``var/redocly``. A missing linter fails these tests; it is never a skip.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from support.app import Client

from api.policy import policy_of
from graph.export import MEDIA_TYPES

REPO = Path(__file__).resolve().parents[3]
REDOCLY = REPO / "var" / "redocly" / "node_modules" / ".bin" / "redocly"
CONFIG = REPO / "tools" / "redocly" / "redocly.yaml"
# No telemetry, no update check: the linter reads one local file and nothing else.
QUIET = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}


async def openapi_document(client: Client) -> dict[str, Any]:
    """The document the app serves at /schema/openapi.json."""
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    return document


def lint(path: Path) -> dict[str, Any]:
    """Redocly's findings on the document at ``path`` (its JSON report)."""
    if not REDOCLY.exists():
        pytest.fail(f"the OpenAPI linter is not installed at {REDOCLY}: run `make redocly`")
    done = subprocess.run(
        [str(REDOCLY), "lint", f"--config={CONFIG}", "--format=json", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **QUIET},
        cwd=path.parent,
    )
    try:
        report: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"redocly gave no JSON report (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return report


def described(problem: dict[str, Any]) -> str:
    """One finding as a line: severity, rule, where, what."""
    where = ", ".join(location.get("pointer", "?") for location in problem.get("location", []))
    return f"{problem['severity']} {problem['ruleId']} at {where}: {problem['message']}"


async def test_the_document_has_no_error_by_redocly_recommended_rules(client: Client, tmp_path: Path) -> None:
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(await openapi_document(client)), encoding="utf-8")
    report = lint(path)
    problems = report.get("problems", [])
    errors = [problem for problem in problems if problem["severity"] == "error"]
    assert report["totals"]["errors"] == len(errors) == 0, "\n".join(map(described, problems))


async def test_every_operation_declares_the_security_of_its_routes_policy(client: Client) -> None:
    document = await openapi_document(client)
    app = client.app
    assert isinstance(app, Litestar)
    checked = 0
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler) or not handler.resolve_include_in_schema():
                continue
            for method in handler.http_methods:
                operation = document["paths"][route.path_format or "/"][method.lower()]
                assert operation.get("security") == policy_of(handler).security, (method, route.path)
                checked += 1
    assert checked >= 20
    assert not any(path.startswith("/schema") for path in document["paths"])


@pytest.mark.parametrize("export_format", [str(export_format) for export_format in MEDIA_TYPES])
async def test_each_export_is_the_type_its_media_type_declares(client: Client, export_format: str) -> None:
    document = await openapi_document(client)
    declared = document["paths"]["/maps/{map_id}/export"]["get"]["responses"]["200"]["content"]
    response = await client.get("/maps/pets/export", params={"format": export_format})
    assert response.status_code == 200, response.text
    media_type = response.headers["content-type"].split(";")[0].strip()
    schema = declared[media_type]["schema"]
    assert export_format in schema["description"]
    if schema["type"] == "object":
        assert isinstance(json.loads(response.content), dict)
    else:
        assert schema["type"] == "string"
        response.content.decode("utf-8")


async def test_a_claim_edit_is_documented_as_the_claim_it_answers(client: Client) -> None:
    operation = (await openapi_document(client))["paths"]["/claims/{map_id}/{claim_id}"]["patch"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ClaimPatch"
    }
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ClaimDetail"
    }
