"""``/sources``: the texts maps quote, stored on their own, read whole or a span, revised, re-anchored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, Operation, Reference, RequestBody, Schema
from litestar.params import JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from api.bodies import EMPTY_BODY, refuse_deep, refuse_duplicate_keys
from api.errors import BAD_REQUEST, COMMON_STATUSES, INVALID, UNSUPPORTED_MEDIA, ApiProblem, problem_specs
from api.http import represent_value
from api.policy import READ, SIGNED_IN
from graph.service import MapService, Principal
from schemas import AnchorReport, NewRevision, NewSource, SourceDetail, SourceReceipt, SourceSpan, Visibility

SOURCE_ID = Parameter(description="The source's id.")
SOURCE_WRITE_ERRORS = problem_specs([*COMMON_STATUSES, 401, 403, 409, 413, 415, 422])
ALREADY_STORED = {
    HTTP_200_OK: ResponseSpec(
        SourceReceipt,
        description="Already stored exactly so: the same receipt, with `created` false; nothing is written.",
        generate_examples=False,
    )
}
JSON_MEDIA = "application/json"
MULTIPART_MEDIA = "multipart/form-data"
METADATA = ("id", "title", "url", "author", "published", "outlet", "note", "visibility")
"""The fields of a multipart upload besides ``text`` (the file part)."""


def _fields(*, text: Schema) -> dict[str, Schema | Reference]:
    nullable = [OpenAPIType.STRING, OpenAPIType.NULL]
    return {
        "title": Schema(type=OpenAPIType.STRING, min_length=1, max_length=2000, description="The title."),
        "text": text,
        "id": Schema(
            type=nullable,
            pattern=r"^[a-z0-9][a-z0-9-]{0,79}$",
            description="The id to store it under; left out, one made from the title.",
        ),
        "url": Schema(type=nullable, description="Where it is published."),
        "author": Schema(type=nullable, description="Who wrote it."),
        "published": Schema(type=nullable, description="When it was published (ISO date as written)."),
        "outlet": Schema(type=nullable, description="Where it appeared (a newsletter, a newspaper)."),
        "note": Schema(type=nullable, description="An editorial note about the source itself."),
        "visibility": Schema(
            type=nullable,
            enum=[*(v.value for v in Visibility), None],
            description="Who may read it until a map cites it: private, group or public (as a new map).",
        ),
    }


@dataclass
class SourceBodyOperation(Operation):
    """Documents the new source's body: JSON, or a multipart upload whose ``text`` part is the file.

    The handler reads the body itself, as either media type, so it cannot be declared as a typed parameter.
    """

    def __post_init__(self) -> None:
        text = Schema(type=OpenAPIType.STRING, min_length=1, description="The whole text (UTF-8).")
        upload = Schema(type=OpenAPIType.STRING, description="The text file (UTF-8).")
        self.request_body = RequestBody(
            content={
                JSON_MEDIA: OpenAPIMediaType(
                    schema=Schema(
                        type=OpenAPIType.OBJECT,
                        properties=_fields(text=text),
                        required=["text", "title"],
                        additional_properties=False,
                    )
                ),
                MULTIPART_MEDIA: OpenAPIMediaType(
                    schema=Schema(
                        type=OpenAPIType.OBJECT,
                        properties=_fields(text=upload),
                        required=["text", "title"],
                    )
                ),
            },
            description="A source: its text and metadata as JSON, or a multipart upload of the text file "
            "(the part named `text`) with the metadata as fields.",
            required=True,
        )


class SourceController(Controller):
    """Source documents."""

    path = "/sources"
    tags = ["sources"]

    @post(
        operation_id="createSource",
        operation_class=SourceBodyOperation,
        summary="Store a source",
        status_code=HTTP_201_CREATED,
        responses={**SOURCE_WRITE_ERRORS, **ALREADY_STORED},
        **SIGNED_IN.declared(),
    )
    async def create_source(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
    ) -> Response[SourceReceipt]:
        """Store a source on its own: 201 with its id, revision and content hash, and ``Location``.

        Posting the identical source again answers 200 with the same receipt; other content under a stored
        id is a 409 saying which field differs (and for the text, where). Maps then cite it by its id alone.
        """
        new = await _new_source(request)
        receipt = await service.store_source(new, actor=caller)
        return Response(
            receipt,
            status_code=HTTP_201_CREATED if receipt.created else HTTP_200_OK,
            headers={"Location": f"/sources/{receipt.id}"},
        )

    @get(
        "/{source_id:str}",
        operation_id="getSource",
        summary="A source text",
        responses=problem_specs(COMMON_STATUSES),
        **READ.declared(),
    )
    async def get_source(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        source_id: Annotated[str, SOURCE_ID],
        start: Annotated[int | None, Parameter(ge=0, description="Span start (character offset).")] = None,
        end: Annotated[int | None, Parameter(ge=0, description="Span end (exclusive).")] = None,
        revision: Annotated[
            int | None,
            Parameter(ge=1, le=2**53, description="A revision of the text (the latest when left out)."),
        ] = None,
    ) -> Response[SourceDetail | SourceSpan]:
        """Source metadata, revisions and full text; with ``start`` and ``end``, that span and some context.

        Answers ``ETag``; honours ``If-None-Match``.
        """
        found = await service.source(source_id, caller=caller, start=start, end=end, revision=revision)
        return represent_value(request, found)

    @post(
        "/{source_id:str}/revisions",
        operation_id="reviseSource",
        summary="Store a corrected text as the next revision",
        status_code=HTTP_201_CREATED,
        responses={**SOURCE_WRITE_ERRORS, **ALREADY_STORED},
        **SIGNED_IN.declared(),
    )
    async def revise_source(
        self,
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        source_id: Annotated[str, SOURCE_ID],
        data: JSONBody[NewRevision],
    ) -> Response[SourceReceipt]:
        """Keep a corrected text as the source's next revision: 201 with ``Location`` naming it.

        A stored text never changes. Maps keep citing the revision they were written against; see
        ``GET /sources/{source_id}/anchors`` for where their quotes stand in the new text. The latest text
        sent again adds no revision (200). Its owner, their group's editors and admins revise a source.
        """
        receipt = await service.revise_source(source_id, data, actor=caller)
        return Response(
            receipt,
            status_code=HTTP_201_CREATED if receipt.created else HTTP_200_OK,
            headers={"Location": f"/sources/{receipt.id}?revision={receipt.revision}"},
        )

    @get(
        "/{source_id:str}/anchors",
        operation_id="getSourceAnchors",
        summary="Quotes of the maps citing a source, re-anchored in its latest revision",
        responses=problem_specs([*COMMON_STATUSES, 422]),
        **READ.declared(),
    )
    async def anchors(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        source_id: Annotated[str, SOURCE_ID],
    ) -> Response[AnchorReport]:
        """Was the quoted text changed after publication? Each quote of the maps you may read citing it.

        Every quote is compared from the revision its map cites to the latest: ``exact``, ``moved`` (new
        offsets), ``fuzzy`` (close words, with a similarity), ``ambiguous`` (several places) or ``orphaned``,
        with the latest text around its place. Answers ``ETag``; honours ``If-None-Match``.
        """
        return represent_value(request, await service.source_anchors(source_id, caller=caller))


async def _new_source(request: Request[Any, Any, Any]) -> NewSource:
    """The new source a request carries, as JSON or as a multipart upload.

    Raises:
        ApiProblem: 415 for another media type, 400 for a malformed body, 422 for a source that breaks the
            rules (a missing title, an empty or non-UTF-8 text, an id that is not a slug...).
    """
    media = request.headers.get("content-type", JSON_MEDIA).split(";")[0].strip().lower()
    if media == MULTIPART_MEDIA:
        return await _uploaded(request)
    if media != JSON_MEDIA:
        raise ApiProblem(
            UNSUPPORTED_MEDIA, f"send a source as {JSON_MEDIA} or {MULTIPART_MEDIA}, not {media[:100]}"
        )
    body = await request.body()
    if not body.strip():
        raise ApiProblem(BAD_REQUEST, EMPTY_BODY)
    try:
        decoded = msgspec.json.decode(body)
    except msgspec.DecodeError as error:
        raise ApiProblem(BAD_REQUEST, f"the body is not JSON: {error}") from None
    refuse_deep(body, decoded)
    refuse_duplicate_keys(body, decoded)
    return _converted(decoded)


async def _uploaded(request: Request[Any, Any, Any]) -> NewSource:
    form = await request.form()
    fields: dict[str, Any] = {}
    for name in ("text", *METADATA):
        values = form.getall(name) if name in form else []
        if len(values) > 1:
            raise ApiProblem(BAD_REQUEST, f"the upload names the field {name!r} twice: send each once")
        if not values:
            continue
        value = values[0]
        if isinstance(value, UploadFile):
            data = await value.read()
            try:
                value = data.decode("utf-8")
            except UnicodeDecodeError as error:
                where = f"byte 0x{data[error.start]:02x} at byte {error.start}"
                raise ApiProblem(INVALID, f"the {name} part is not UTF-8: {where}") from None
        fields[name] = value
    unknown = sorted(set(form) - {"text", *METADATA})
    if unknown:
        raise ApiProblem(INVALID, f"the upload has fields a source does not: {', '.join(unknown)[:200]}")
    return _converted(fields)


def _converted(decoded: object) -> NewSource:
    try:
        return msgspec.convert(decoded, NewSource)
    except msgspec.ValidationError as error:
        raise ApiProblem(INVALID, f"not a source: {error}") from None
