"""``/sources``: the texts maps quote from, whole or one span with context."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import Parameter

from api.errors import BAD_REQUEST, COMMON_STATUSES, ApiProblem, problem_specs
from graph.service import MapService
from schemas._api import SourceDetail, SourceSpan

CONTEXT = 120


class SourceController(Controller):
    """Source documents."""

    path = "/sources"
    tags = ["sources"]

    @get(
        "/{source_id:str}",
        operation_id="getSource",
        summary="A source text",
        responses=problem_specs(COMMON_STATUSES),
    )
    async def get_source(
        self,
        service: NamedDependency[MapService],
        source_id: Annotated[str, Parameter(description="The source's id.")],
        start: Annotated[int | None, Parameter(ge=0, description="Span start (character offset).")] = None,
        end: Annotated[int | None, Parameter(ge=0, description="Span end (exclusive).")] = None,
    ) -> Response[SourceDetail | SourceSpan]:
        """Source metadata and full text; with ``start`` and ``end``, just that span and some context."""
        props, maps = await service.repository.source(source_id)
        text: str = props.get("text") or ""
        if start is None and end is None:
            return Response(
                SourceDetail(
                    id=source_id,
                    title=props["title"],
                    length=len(text),
                    maps=sorted(maps),
                    text=text,
                    outlet=props.get("outlet"),
                    author=props.get("author"),
                    published=props.get("published"),
                    url=props.get("url"),
                )
            )
        if start is None or end is None:
            raise ApiProblem(BAD_REQUEST, "give both start and end for a span, or neither for the whole text")
        if not start < end <= len(text):
            raise ApiProblem(
                BAD_REQUEST,
                f"the span must satisfy 0 <= start < end <= {len(text)} (got start={start}, end={end})",
            )
        return Response(
            SourceSpan(
                source_id=source_id,
                start=start,
                end=end,
                text=text[start:end],
                before=text[max(0, start - CONTEXT) : start],
                after=text[end : end + CONTEXT],
            )
        )
