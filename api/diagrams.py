"""``GET /maps/{map_id}/diagram``: the Graphviz map showing which claims carry the most weight."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

import anyio.to_thread
from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import (
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Schema,
)
from litestar.params import Parameter

from api.errors import COMMON_STATUSES, problem_specs
from api.http import not_modified, not_modified_response
from api.maps import MAP_ID, map_tag
from api.params import CONTRIBUTION, ROOT, SEMANTICS
from graph.render import FORMATS, render_bytes, render_map
from graph.service import MapService

DiagramFormat = Literal["svg", "png", "pdf", "dot"]
DIAGRAM_RESPONSES: dict[int, ResponseSpec] = problem_specs([*COMMON_STATUSES])


@dataclass
class DiagramOperation(Operation):
    """Documents every media type the diagram comes in (Litestar declares one per response)."""

    def __post_init__(self) -> None:
        ok = self.responses.get("200") if self.responses else None
        if isinstance(ok, OpenAPIResponse):
            ok.content = {
                media_type: OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING, format=format_of(fmt)))
                for fmt, media_type in FORMATS.items()
            }


def format_of(fmt: str) -> OpenAPIFormat | None:
    """SVG and DOT are text; PNG and PDF are binary."""
    return OpenAPIFormat.BINARY if fmt in {"png", "pdf"} else None


class DiagramController(Controller):
    """Diagrams of maps."""

    path = "/maps"
    tags = ["maps"]

    @get(
        "/{map_id:str}/diagram",
        operation_id="getDiagram",
        operation_class=DiagramOperation,
        summary="The map as a Graphviz diagram",
        responses=DIAGRAM_RESPONSES,
        media_type="image/svg+xml",
    )
    async def diagram(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        format: Annotated[
            DiagramFormat, Parameter(description="svg (default), png, pdf or dot (the source).")
        ] = "svg",
        root: ROOT = None,
        semantics: SEMANTICS = "QE",
        contribution: CONTRIBUTION = "shapley",
        top: Annotated[
            int | None, Parameter(ge=1, le=500, description="Keep only the N heaviest nodes and the root.")
        ] = None,
        direction: Annotated[
            Literal["BT", "TB", "LR", "RL"],
            Parameter(description="Layout direction; BT puts the root on top."),
        ] = "BT",
        legend: Annotated[bool, Parameter(description="Include the how-to-read legend.")] = True,
    ) -> Response[bytes]:
        """The map drawn by Graphviz.

        Boxes are nodes, arrows relations; a node's border width and fill show the weight it carries for the
        root (its contribution), ▲ pro and ▼ con. Answers ``ETag``; embed it with an ``<img>`` tag.
        """
        graph, evaluation = await service.evaluation(
            map_id, semantics=semantics, root=root, contribution=contribution
        )
        tag = map_tag(graph)
        media_type = FORMATS[format]
        if not_modified(request, tag):
            return not_modified_response(tag, media_type)
        key = (format, evaluation.root, evaluation.semantics, evaluation.contribution, top, direction, legend)
        data = service.cache.rendered(graph, key)
        if data is None:
            digraph = render_map(
                graph,
                strengths=evaluation.strengths.strengths,
                contributions=evaluation.contribution_map(),
                root=evaluation.root,
                top=top,
                direction=direction,
                legend=legend,
            )
            # dot is a subprocess that can take a while on big maps: keep the event loop free meanwhile.
            data = await anyio.to_thread.run_sync(render_bytes, digraph.source, format)
            service.cache.keep_rendered(graph, key, data)
        return Response(content=data, media_type=media_type, headers={"ETag": tag})
