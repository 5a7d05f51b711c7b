"""``/maps/{map_id}/export``: a map in another tool's format; the negotiation for ``GET /maps/{id}``.

Formats and their mappings are in docs/interchange.md: our JSON document, AIF, Argdown, schema.org
ClaimReview JSON-LD and CSV.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Operation, Schema
from litestar.params import Parameter

from api.errors import COMMON_STATUSES, PRECONDITION_FAILED, ApiProblem, ProblemType, problem_specs
from api.http import (
    matches_if_match,
    not_modified,
    not_modified_response,
    public_origin,
    review_publisher,
)
from api.params import VERSION
from graph.export import ARGDOWN_MEDIA_TYPE, CSV_MEDIA_TYPE, MEDIA_TYPES
from graph.service import MapService, Representation
from schemas import ExportFormat

NOT_ACCEPTABLE = ProblemType(406, "not-acceptable", "No representation matches the Accept header")
# What GET /maps/{id} can answer besides its JSON detail, by the media type a client asks for.
NEGOTIATED = {CSV_MEDIA_TYPE: ExportFormat.CSV, ARGDOWN_MEDIA_TYPE: ExportFormat.ARGDOWN}
JSON = "application/json"
EXPORT_RESPONSES = problem_specs([*COMMON_STATUSES])
DOWNLOAD = ResponseHeader(
    name="Content-Disposition",
    documentation_only=True,
    value='attachment; filename="import-ai-455.csv"',  # never sent: its type gives the schema, a string
    description="`attachment` with the file name to save the export under.",
)


@dataclass
class ExportOperation(Operation):
    """Documents every media type an export comes in (Litestar declares one per response).

    A JSON media type (``application/json``, ``application/ld+json``) carries an object; a text one a string.
    """

    def __post_init__(self) -> None:
        ok = self.responses.get("200") if self.responses else None
        if isinstance(ok, OpenAPIResponse):
            ok.content = {
                media_type: OpenAPIMediaType(schema=export_schema(media_type, formats))
                for media_type, formats in sorted(formats_by_media_type().items())
            }


def formats_by_media_type() -> dict[str, list[ExportFormat]]:
    """The export formats answered with each media type (parameters such as ``charset`` left out).

    Example:
        >>> formats_by_media_type()["application/json"]
        [<ExportFormat.JSON: 'json'>, <ExportFormat.AIF: 'aif'>]
    """
    found: dict[str, list[ExportFormat]] = {}
    for export_format, media_type in MEDIA_TYPES.items():
        found.setdefault(media_type.split(";")[0].strip(), []).append(export_format)
    return found


def export_schema(media_type: str, formats: list[ExportFormat]) -> Schema:
    """The schema of an export's body: a JSON object for a JSON media type, else text.

    Example:
        >>> export_schema("application/ld+json", [ExportFormat.CLAIMREVIEW]).type
        <OpenAPIType.OBJECT: 'object'>
        >>> export_schema("text/csv", [ExportFormat.CSV]).type
        <OpenAPIType.STRING: 'string'>
    """
    is_json = media_type == JSON or media_type.endswith("+json")
    return Schema(
        type=OpenAPIType.OBJECT if is_json else OpenAPIType.STRING,
        description="format=" + ", ".join(export_format.value for export_format in formats),
    )


@dataclass
class NegotiatedMapOperation(Operation):
    """Documents the CSV and Argdown bodies ``GET /maps/{id}`` answers when ``Accept`` asks for them."""

    def __post_init__(self) -> None:
        ok = self.responses.get("200") if self.responses else None
        if isinstance(ok, OpenAPIResponse) and ok.content is not None:
            for media_type in NEGOTIATED:
                ok.content[media_type] = OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))


def exported_response(request: Request[Any, Any, Any], found: Representation, filename: str) -> Response[Any]:
    """An export as a download: its media type, ``ETag`` (304 when the client has it) and a file name."""
    if not matches_if_match(request, found.tag):
        raise ApiProblem(
            PRECONDITION_FAILED,
            "If-Match names no current version of this export: read it again for its ETag",
        )
    if not_modified(request, found.tag):
        return not_modified_response(found.tag, found.media_type)
    headers = {
        "ETag": found.tag,
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Vary": "Accept",
    }
    # Litestar adds "; charset=utf-8" to every text/* type itself; saying it twice would repeat it.
    media_type = found.media_type.replace("; charset=utf-8", "")
    return Response(content=found.body, media_type=media_type, headers=headers)


def negotiated_format(request: Request[Any, Any, Any]) -> ExportFormat | None:
    """The export ``Accept`` asks ``GET /maps/{id}`` for; None for the JSON detail.

    Raises:
        ApiProblem: 406 when ``Accept`` names nothing the map is served as.
    """
    if "accept" not in request.headers:
        return None
    best = request.accept.best_match([JSON, CSV_MEDIA_TYPE, ARGDOWN_MEDIA_TYPE])
    if best is None:
        offered = ", ".join([JSON, CSV_MEDIA_TYPE, ARGDOWN_MEDIA_TYPE])
        raise ApiProblem(NOT_ACCEPTABLE, f"a map is served as {offered}; Accept asked for none of them")
    return NEGOTIATED.get(best)


class ExportController(Controller):
    """Maps in other tools' formats."""

    path = "/maps"
    tags = ["maps"]

    @get(
        "/{map_id:str}/export",
        operation_id="exportMap",
        operation_class=ExportOperation,
        summary="A map in another tool's format",
        responses=EXPORT_RESPONSES,
        response_headers=[DOWNLOAD],
        media_type=JSON,
    )
    async def export(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, Parameter(description="The map's id, e.g. import-ai-455.")],
        format: Annotated[
            ExportFormat,
            Parameter(
                description=f"One of {', '.join(ExportFormat)} (default json); docs/interchange.md says what "
                "each holds and which tools read it."
            ),
        ] = ExportFormat.JSON,
        version: VERSION = None,
    ) -> Response[bytes]:
        """The map exported, as a download (``Content-Disposition``) with an ``ETag``.

        Scores (Argdown, CSV) are the default evaluation's. How each format maps the model, including how a
        qualification is encoded in AIF and Argdown, is in docs/interchange.md.
        """
        found, filename = await service.export(
            map_id,
            format,
            base_url=public_origin(request),
            publisher=review_publisher(request),
            version=version,
        )
        return exported_response(request, found, filename)
