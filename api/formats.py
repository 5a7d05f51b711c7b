"""``/formats``: the map document format, as JSON Schema, for editors and validators."""

from __future__ import annotations

from typing import Any

from litestar import Controller, MediaType, get

from api.errors import problem_specs
from graph.document import map_schema


class FormatController(Controller):
    """Published formats."""

    path = "/formats"
    tags = ["formats"]

    @get(
        "/map-document",
        operation_id="getMapDocumentSchema",
        summary="JSON Schema of the map document",
        media_type=MediaType.JSON,
        responses=problem_specs([404, 405, 500]),
    )
    async def map_document(self) -> dict[str, Any]:
        """The JSON Schema a map document (YAML or JSON) must follow; the same as docs/map-schema.json."""
        return map_schema()
