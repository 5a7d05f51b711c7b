"""The JSON Schema of the map document, generated from the Structs so it cannot drift from them."""

from __future__ import annotations

from typing import Any

import msgspec

from schemas import MapDocument


def map_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a map document, with every Struct under ``$defs``."""
    schema = msgspec.json.schema(MapDocument)
    _words_only_quotes(schema["$defs"]["Quote"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "argmap map document",
        **schema,
    }


def map_schema_json() -> str:
    """The map document's JSON Schema as stable, indented JSON text ending in a newline."""
    encoded = msgspec.json.encode(map_schema(), order="sorted")
    return msgspec.json.format(encoded, indent=2).decode("utf-8") + "\n"


def _words_only_quotes(quote: dict[str, Any]) -> None:
    """A written quote may give only its words: its offsets are filled in when the map is read.

    The Struct keeps ``start`` and ``end`` required, since every quote a map holds has them; the document a
    person writes may leave them out and say which place it means with ``occurrence`` or ``near``.
    """
    quote["required"] = [name for name in quote["required"] if name not in ("start", "end")]
    properties = quote["properties"]
    properties["start"]["description"] = (
        "Offset of the first character in the source text; left out, it is found from the words."
    )
    properties["end"]["description"] = "Offset just after the last character (end exclusive)."
    properties["occurrence"] = {
        "type": "integer",
        "minimum": 1,
        "description": "Without offsets: the place the words occur that is meant, counting from 1.",
    }
    properties["near"] = {
        "type": "integer",
        "minimum": 0,
        "description": "Without offsets: the place the words occur closest to this character offset.",
    }
