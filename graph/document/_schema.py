"""The JSON Schema of the map document, generated from the Structs so it cannot drift from them."""

from __future__ import annotations

from typing import Any

import msgspec

from schemas import MapDocument


def map_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a map document, with every Struct under ``$defs``."""
    schema = msgspec.json.schema(MapDocument)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "argmap map document",
        **schema,
    }


def map_schema_json() -> str:
    """The map document's JSON Schema as stable, indented JSON text ending in a newline."""
    encoded = msgspec.json.encode(map_schema(), order="sorted")
    return msgspec.json.format(encoded, indent=2).decode("utf-8") + "\n"
