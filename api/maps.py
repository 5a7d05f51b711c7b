"""``/maps``: list, read, write and analyse maps (trees, scores, what-if)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import NamedDependency
from litestar.openapi.spec import (
    Example,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Reference,
    RequestBody,
    Schema,
)
from litestar.params import JSONBody, Parameter, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.errors import BAD_REQUEST, COMMON_STATUSES, UNSUPPORTED_MEDIA, ApiProblem, problem_specs
from api.exports import NegotiatedMapOperation, exported_response, negotiated_format
from api.http import (
    public_origin,
    read_map_body,
    represent,
    represent_value,
    require_if_match,
    review_publisher,
)
from api.openapi_documents import WRITTEN_DOCUMENT
from api.params import CONTRIBUTION, DEPTH, PERSPECTIVE, ROOT, SEMANTICS, VERSION
from api.policy import COMPUTATION, WRITE
from graph.errors import InvalidArgumentMap
from graph.export import ARGDOWN_MEDIA_TYPE
from graph.service import MapService, Principal, version_tag
from schemas import (
    DEFAULT_CONTRIBUTION,
    DEFAULT_SEMANTICS,
    Defaulted,
    ImportReceipt,
    MapDetail,
    MapDocument,
    MapList,
    Problem,
    Scores,
    Tree,
    WhatIf,
    WhatIfOutcome,
    WriteReceipt,
)

MAP_ID = Parameter(description="The map's id, e.g. import-ai-455.", examples=[Example(value="import-ai-455")])
READ_ERRORS = problem_specs([*COMMON_STATUSES])
LISTED = 100
"""Maps per page of ``GET /maps`` when the request gives no ``limit``: a newsroom's or a school's thousands
of maps come a page at a time."""
MAX_LISTED = 500
SCORED_READ_ERRORS = problem_specs([*COMMON_STATUSES, 422])  # a semantics the map cannot take
WRITE_ERRORS = problem_specs([*COMMON_STATUSES, 401, 403, 409, 412, 413, 415, 422, 428])
CREATE_ERRORS = problem_specs([*COMMON_STATUSES, 401, 403, 409, 412, 413, 415, 422, 428, 501])


BODY_DESCRIPTION = (
    "A map document, as JSON or as YAML (Content-Type application/yaml). A quote may give only its `text` "
    "(with `occurrence` or `near` where the words occur more than once): its `start` and `end` are filled "
    "in. A source may give only its `id` and `text_file` when the server already stores that source."
)


@dataclass
class MapDocumentBodyOperation(Operation):
    """Documents the map document request body.

    The handler decodes the body itself so that every problem in it is reported at once (422), not only the
    first one, so the body cannot be declared as a typed parameter. An import's receipt is a write receipt
    with more fields, so the answer is one receipt or the other (``anyOf``), never exactly one (``oneOf``).
    """

    def __post_init__(self) -> None:
        answered = [
            media.schema
            for response in (self.responses or {}).values()
            if isinstance(response, OpenAPIResponse)
            for media in (response.content or {}).values()
        ]
        for schema in answered:
            if isinstance(schema, Schema) and schema.one_of:
                schema.any_of, schema.one_of = schema.one_of, None
        schema = Reference(ref=f"#/components/schemas/{WRITTEN_DOCUMENT}")
        self.request_body = RequestBody(
            content={
                "application/json": OpenAPIMediaType(schema=schema),
                "application/yaml": OpenAPIMediaType(schema=schema),
                **(
                    {ARGDOWN_MEDIA_TYPE: OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))}
                    if self.operation_id == "createMap"
                    else {}
                ),
            },
            description=BODY_DESCRIPTION
            + (
                " To create a map, also Argdown text with format=argdown."
                if self.operation_id == "createMap"
                else ""
            ),
            required=True,
        )


class MapController(Controller):
    """Maps and their analyses."""

    path = "/maps"
    tags = ["maps"]

    @get(operation_id="listMaps", summary="List maps", responses=READ_ERRORS)
    async def list_maps(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        limit: Annotated[int, Parameter(ge=1, le=MAX_LISTED, description="Maps per page.")] = LISTED,
        cursor: Annotated[
            str | None,
            Parameter(max_length=200, description="next_cursor from the previous page: the maps after it."),
        ] = None,
    ) -> Response[MapList]:
        """The maps the caller may read, by id, a page at a time (``ETag``).

        Each entry gives the title, root, theses, sources, node counts and visibility; ``next_cursor`` and
        ``Link: rel="next"`` name the next page.
        """
        page = await service.list_maps(caller, after=cursor, limit=limit)
        response = represent_value(request, page)
        if page.next_cursor is not None:
            following = urlencode({"limit": limit, "cursor": page.next_cursor})
            response.headers["Link"] = f'</maps?{following}>; rel="next"'
        return response

    @get(
        "/{map_id:str}",
        operation_id="getMap",
        operation_class=NegotiatedMapOperation,
        summary="One map",
        responses=problem_specs([*COMMON_STATUSES, 406]),
    )
    async def get_map(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        version: VERSION = None,
    ) -> Response[MapDetail]:
        """A map with its theses, speakers, sources and counts; answers ``ETag``, honours If-None-Match.

        Negotiated: ``Accept: text/csv`` answers the CSV export, ``Accept: text/x-argdown`` the Argdown one
        (as ``/maps/{map_id}/export`` does), and an ``Accept`` naming none of these and not JSON a 406.
        """
        chosen = negotiated_format(request)
        if chosen is not None:
            found, filename = await service.export(
                map_id,
                chosen,
                base_url=public_origin(request),
                publisher=review_publisher(request),
                version=version,
            )
            return exported_response(request, found, filename)
        response = represent(request, await service.detail(map_id, version=version))
        response.headers["Vary"] = "Accept"  # the JSON detail is one of the representations Accept picks
        return response

    @get(
        "/{map_id:str}/document",
        operation_id="getMapDocument",
        summary="A map as a map document",
        responses=READ_ERRORS,
    )
    async def get_document(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        version: VERSION = None,
    ) -> Response[MapDocument]:
        """The map as a map document (JSON), ready to edit and ``PUT`` back."""
        return represent(request, await service.document(map_id, version=version))

    @get(
        "/{map_id:str}/tree",
        operation_id="getTree",
        summary="The argument tree",
        responses=SCORED_READ_ERRORS,
    )
    async def tree(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        root: ROOT = None,
        depth: DEPTH = 25,
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
        contribution: CONTRIBUTION = DEFAULT_CONTRIBUTION,
        version: VERSION = None,
        perspective: PERSPECTIVE = None,
    ) -> Response[Tree]:
        """The argument tree under ``root`` (default: the thesis).

        Nested supporters, attackers and qualifiers with strengths and each node's contribution to the root.
        A node already shown appears again only as ``ref``. With ``perspective``, as that stored perspective
        reads the map.
        """
        found = await service.tree(
            map_id,
            root=root,
            depth=depth,
            semantics=semantics,
            contribution=contribution,
            version=version,
            perspective=perspective,
        )
        return represent(request, found)

    @get(
        "/{map_id:str}/scores",
        operation_id="getScores",
        summary="Strengths and contributions",
        responses=SCORED_READ_ERRORS,
    )
    async def scores(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        root: ROOT = None,
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
        contribution: CONTRIBUTION = DEFAULT_CONTRIBUTION,
        version: VERSION = None,
        perspective: PERSPECTIVE = None,
    ) -> Response[Scores]:
        """Every node's base score, strength, contribution to the root and rank by weight carried.

        With ``perspective``, the base scores and weights are that stored perspective's.
        """
        found = await service.scores(
            map_id,
            root=root,
            semantics=semantics,
            contribution=contribution,
            version=version,
            perspective=perspective,
        )
        return represent(request, found)

    @post(
        "/{map_id:str}/what-if",
        operation_id="whatIf",
        **COMPUTATION.declared(),
        summary="Recompute under hypothetical changes",
        status_code=HTTP_200_OK,
        responses=problem_specs([*COMMON_STATUSES, 413, 422, 429]),
    )
    async def what_if(
        self,
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        data: JSONBody[WhatIf],
        version: VERSION = None,
    ) -> WhatIfOutcome:
        """Recompute with base scores overridden and nodes or relations removed; nothing is written.

        Answers the new strengths and contributions next to the baseline, with the change for each node.
        With ``version``, the changes apply to that kept version.
        """
        return await service.what_if(map_id, data, version=version)

    @post(
        operation_id="createMap",
        operation_class=MapDocumentBodyOperation,
        summary="Create a map",
        **WRITE.declared(),
        status_code=HTTP_201_CREATED,
        responses=CREATE_ERRORS,
    )
    async def create_map(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        format: Annotated[
            Literal["document", "aif", "argdown"],
            Parameter(
                description="document (a map document, the default), aif (an AIFdb JSON graph) or argdown "
                "(an Argdown text, read by the official parser)."
            ),
        ] = "document",
        new_id: Annotated[
            str | None,
            QueryParameter(
                name="id",
                pattern=r"^[a-z0-9][a-z0-9-]{0,79}$",
                description="The new map's id; required with format=aif and format=argdown (they have none).",
            ),
        ] = None,
        title: Annotated[
            str | None,
            Parameter(
                min_length=1, max_length=2000, description="With format=aif or argdown: the new map's title."
            ),
        ] = None,
    ) -> Response[WriteReceipt | ImportReceipt]:
        """Validate and store a new map in one transaction; 201 with ``Location`` and ``ETag``.

        With ``format=aif`` the body is an AIF graph (JSON) and ``id`` names the new map: I-nodes become
        claims, RA and CA nodes supports and attacks, locutions speakers and quotes; the answer lists every
        default the import chose (kinds, base scores...) and what it skipped (docs/interchange.md). With
        ``format=argdown`` the body is Argdown text (``text/x-argdown`` or ``text/plain``), read as ``argmap
        load --format argdown`` reads a file; the parser's errors name their Argdown line.
        """
        if format == "argdown":
            return await _import_argdown(request, service, caller, new_id, title)
        body, media = await read_map_body(request)
        if format == "aif":
            return await _import_aif(service, caller, body, media, new_id, title)
        document = await service.decode(body, media, caller=caller)
        result = await service.save(document, actor=caller, must_not_exist=True)
        receipt = _receipt(document, result.version, created=True, changed=True)
        return Response(
            receipt,
            status_code=HTTP_201_CREATED,
            headers={"Location": f"/maps/{document.id}", "ETag": version_tag(document.id, result.version)},
        )

    @put(
        "/{map_id:str}",
        operation_id="replaceMap",
        operation_class=MapDocumentBodyOperation,
        summary="Replace a map",
        **WRITE.declared(),
        responses=WRITE_ERRORS,
    )
    async def replace_map(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        map_id: Annotated[str, MAP_ID],
    ) -> Response[WriteReceipt]:
        """Replace a map's content in one transaction. Needs ``If-Match`` with the map's current ETag."""
        expected = require_if_match(request, map_id)
        body, media = await read_map_body(request)
        document = await service.decode(body, media, caller=caller)
        if document.id != map_id:
            raise InvalidArgumentMap(
                "the document's id differs from the map in the URL",
                [
                    Problem(
                        path="id", message=f"is {document.id!r}, the URL names {map_id!r}", code="id-mismatch"
                    )
                ],
            )
        result = await service.save(document, actor=caller, expected_version=expected, must_exist=True)
        receipt = _receipt(document, result.version, created=False, changed=result.changed)
        return Response(receipt, headers={"ETag": version_tag(map_id, result.version)})

    @delete(
        "/{map_id:str}",
        operation_id="deleteMap",
        summary="Delete a map",
        **WRITE.declared(),
        status_code=HTTP_204_NO_CONTENT,
        responses=WRITE_ERRORS,
    )
    async def delete_map(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        map_id: Annotated[str, MAP_ID],
    ) -> None:
        """Delete a map, its nodes and quotes, and sources no other map cites. Needs ``If-Match``."""
        expected = require_if_match(request, map_id)
        await service.delete(map_id, actor=caller, expected_version=expected)


async def _import_aif(
    service: MapService, caller: Principal, body: bytes, media: str, map_id: str | None, title: str | None
) -> Response[WriteReceipt | ImportReceipt]:
    if media != "json":
        raise ApiProblem(UNSUPPORTED_MEDIA, "send an AIF graph as application/json")
    if map_id is None:
        raise InvalidArgumentMap(
            "an AIF graph has no map id: name the new map with ?id=",
            [Problem(path="id", message="required with format=aif", code="missing-field")],
        )
    result, imported = await service.import_aif(body, actor=caller, map_id=map_id, title=title)
    return _import_response(result.version, imported.document, imported.defaulted, imported.skipped, "aif")


def _import_response(
    version: int, document: MapDocument, defaulted: list[Defaulted], skipped: list[Defaulted], format: str
) -> Response[WriteReceipt | ImportReceipt]:
    """The 201 of an import, with what it defaulted and skipped."""
    receipt = ImportReceipt(
        **msgspec.structs.asdict(_receipt(document, version, created=True, changed=True)),
        format=format,
        defaulted=defaulted,
        skipped=skipped,
    )
    return Response(
        receipt,
        status_code=HTTP_201_CREATED,
        headers={"Location": f"/maps/{document.id}", "ETag": version_tag(document.id, version)},
    )


ARGDOWN_BODY_TYPES = frozenset({ARGDOWN_MEDIA_TYPE, "text/plain", "text/markdown"})


async def _import_argdown(
    request: Request[Any, Any, Any],
    service: MapService,
    caller: Principal,
    map_id: str | None,
    title: str | None,
) -> Response[WriteReceipt | ImportReceipt]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in ARGDOWN_BODY_TYPES:
        shown = content_type[:100] or "no content type"
        raise ApiProblem(
            UNSUPPORTED_MEDIA, f"send Argdown as {ARGDOWN_MEDIA_TYPE} or text/plain, not {shown}"
        )
    if map_id is None:
        raise InvalidArgumentMap(
            "an Argdown document has no map id: name the new map with ?id=",
            [Problem(path="id", message="required with format=argdown", code="missing-field")],
        )
    body = await request.body()
    if not body.strip():
        raise ApiProblem(BAD_REQUEST, "the request body is empty: send an Argdown document")
    result, imported = await service.import_argdown(body, actor=caller, map_id=map_id, title=title)
    return _import_response(
        result.version, imported.document, imported.defaulted, imported.skipped, "argdown"
    )


def _receipt(document: MapDocument, version: int, *, created: bool, changed: bool) -> WriteReceipt:
    return WriteReceipt(
        id=document.id,
        version=version,
        created=created,
        changed=changed,
        nodes=len(document.nodes),
        relations=len(document.relations),
    )
