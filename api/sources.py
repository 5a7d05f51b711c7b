"""``/sources``: the texts maps quote from, whole or one span with context."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import Parameter

from api.errors import COMMON_STATUSES, problem_specs
from api.http import represent_value
from graph.service import MapService, Principal
from schemas import SourceDetail, SourceSpan


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
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        source_id: Annotated[str, Parameter(description="The source's id.")],
        start: Annotated[int | None, Parameter(ge=0, description="Span start (character offset).")] = None,
        end: Annotated[int | None, Parameter(ge=0, description="Span end (exclusive).")] = None,
    ) -> Response[SourceDetail | SourceSpan]:
        """Source metadata and full text; with ``start`` and ``end``, just that span and some context.

        Answers ``ETag``; honours ``If-None-Match``.
        """
        return represent_value(request, await service.source(source_id, caller=caller, start=start, end=end))
