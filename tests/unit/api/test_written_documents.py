"""The OpenAPI document says what a map write may send: quotes by their words, stored sources by their id."""

from __future__ import annotations

from typing import Any

import pytest
from support.app import TOKEN

from api.app import create_app
from api.settings import Settings


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    document: dict[str, Any] = create_app(Settings(api_token=TOKEN)).openapi_schema.to_schema()
    return document


@pytest.mark.parametrize(("path", "method"), [("/maps", "post"), ("/maps/{map_id}", "put")])
def test_map_writes_take_the_written_document(openapi: dict[str, Any], path: str, method: str) -> None:
    content = openapi["paths"][path][method]["requestBody"]["content"]
    for media in ("application/json", "application/yaml"):
        assert content[media]["schema"] == {"$ref": "#/components/schemas/WrittenMapDocument"}


def test_a_written_quote_may_leave_its_offsets_out(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    written = schemas["WrittenQuote"]
    assert written["required"] == ["text"]
    assert {"occurrence", "near", "start", "end"} <= set(written["properties"])
    assert schemas["WrittenNode"]["properties"]["quotes"]["items"] == {
        "$ref": "#/components/schemas/WrittenQuote"
    }
    document = schemas["WrittenMapDocument"]["properties"]
    assert document["nodes"]["items"] == {"$ref": "#/components/schemas/WrittenNode"}
    assert document["sources"]["items"] == {"$ref": "#/components/schemas/WrittenSource"}
    assert schemas["WrittenSource"]["required"] == ["id"]


def test_a_map_read_back_still_has_every_offset(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    assert set(schemas["Quote"]["required"]) == {"start", "end", "text"}
    assert set(schemas["Source"]["required"]) == {"id", "title"}
