"""``GET /maps/{map_id}/diagram``: the Graphviz map showing which claims carry the most weight."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency, Provide
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
from api.http import represent
from api.maps import MAP_ID
from api.params import CONTRIBUTION, IMMUTABLE, PERSPECTIVE, ROOT, SEMANTICS, VERSION
from api.policy import EXPENSIVE_READ
from graph.render import FORMATS
from graph.service import MapService, Representation
from schemas import (
    DEFAULT_CONTRIBUTION,
    DEFAULT_SEMANTICS,
    MAX_PIXELS,
    MIN_PIXELS,
    DiagramFormat,
    DiagramOptions,
    Direction,
    Labels,
    Layout,
    layout_help,
)

DIAGRAM_RESPONSES: dict[int, ResponseSpec] = problem_specs([*COMMON_STATUSES, 413, 422, 429])

TOP = Annotated[
    int | None, Parameter(ge=1, le=500, description="Keep only the N heaviest nodes and the root.")
]
DEPTH = Annotated[
    int | None,
    Parameter(ge=0, le=100, description="Draw only nodes at most this many relations below the root."),
]
MIN_WEIGHT = Annotated[
    float | None,
    Parameter(
        ge=0.0,
        le=1.0,
        description="Hide nodes carrying less than this share of the heaviest node's weight (e.g. 0.25).",
    ),
]
FORMAT = Annotated[DiagramFormat, Parameter(description="svg (default), png, pdf or dot (the source).")]
DIRECTION = Annotated[Direction, Parameter(description="Layout direction; BT puts the root on top.")]
WIDTH = Annotated[
    int | None,
    Parameter(
        ge=MIN_PIXELS,
        le=MAX_PIXELS,
        description="Largest width in CSS pixels; a wider drawing is scaled down.",
    ),
]
HEIGHT = Annotated[
    int | None,
    Parameter(
        ge=MIN_PIXELS,
        le=MAX_PIXELS,
        description="Largest height in CSS pixels; a taller drawing is scaled down.",
    ),
]
LABELS = Annotated[Labels, Parameter(description="short: texts cut to four lines; full: whole texts.")]
LEGEND = Annotated[bool, Parameter(description="Include the compact how-to-read key.")]
SCALE = Annotated[
    int,
    Parameter(
        ge=1,
        le=3,
        description="Pixels per CSS pixel of a PNG: 2 for high-density screens (`width` stays CSS pixels).",
    ),
]
LAYOUT = Annotated[
    Layout | None,
    Parameter(
        description=(
            "Draw for a place, every text at least 12 px tall at `width` (the layout's own width when "
            "`width` is left out), never scaled down: nodes are stacked when the tree is too wide, fewer "
            f"are drawn when they do not fit (the caption says how many more). {layout_help()}. Without "
            "it, the drawing is scaled down to `width` and `height`, however small its text becomes."
        )
    ),
]
CACHE_CONTROL = ResponseHeader(
    name="Cache-Control",
    documentation_only=True,
    value="no-cache",  # never sent (documentation only): its type gives the header's schema, a string
    description=f"`no-cache`: keep the body, revalidate before use. With `version`: `{IMMUTABLE}`.",
)


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


def diagram_options(
    format: Annotated[
        DiagramFormat, Parameter(description="svg (default), png, pdf or dot (the source).")
    ] = "svg",
    root: ROOT = None,
    semantics: SEMANTICS = DEFAULT_SEMANTICS,
    contribution: CONTRIBUTION = DEFAULT_CONTRIBUTION,
    top: TOP = None,
    depth: DEPTH = None,
    min_weight: MIN_WEIGHT = None,
    direction: DIRECTION = "BT",
    width: WIDTH = None,
    height: HEIGHT = None,
    labels: LABELS = "short",
    legend: LEGEND = True,
    layout: LAYOUT = None,
    scale: SCALE = 1,
    perspective: PERSPECTIVE = None,
) -> DiagramOptions:
    """The drawing a diagram's query asks for: the query parameters of ``DiagramOptions``, declared once."""
    return DiagramOptions(
        format=format,
        root=root,
        semantics=semantics,
        contribution=contribution,
        top=top,
        depth=depth,
        min_weight=min_weight,
        direction=direction,
        width=width,
        height=height,
        labels=labels,
        legend=legend,
        layout=layout,
        scale=scale,
        perspective=perspective,
    )


class DiagramController(Controller):
    """Diagrams of maps."""

    path = "/maps"
    tags = ["maps"]

    @get(
        "/{map_id:str}/diagram",
        operation_id="getDiagram",
        **EXPENSIVE_READ.declared(),
        operation_class=DiagramOperation,
        summary="The map as a Graphviz diagram",
        responses=DIAGRAM_RESPONSES,
        media_type="image/svg+xml",
        response_headers=[CACHE_CONTROL],
        dependencies={"options": Provide(diagram_options, sync_to_thread=False)},
    )
    async def diagram(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        options: NamedDependency[DiagramOptions],
        version: VERSION = None,
    ) -> Response[bytes]:
        """The map drawn by Graphviz.

        Boxes are nodes, arrows relations; a node's border width and fill show the weight it carries for the
        root (its contribution), ▲ pro and ▼ con. In SVG each node has the element id ``node-<id>`` and
        links to the viewer focused on it (of this version, with ``version``). With ``layout``, the
        drawing is made for an article, a slide, a page or a screen, at reading size. An explicit
        ``root`` (or ``depth``) draws only the root's subtree. At most 400 nodes are drawn (413 beyond);
        Graphviz gets 8 s (422 beyond). Answers ``ETag``; embed it with an ``<img>`` tag. With ``version``
        (the current one) it may be cached for a year. With ``perspective``, the map as that stored
        perspective reads it.
        """
        tag, data = await service.diagram(map_id, options, version=version)
        response = represent(request, Representation(tag=tag, body=data, media_type=FORMATS[options.format]))
        if version is not None:
            response.headers["Cache-Control"] = IMMUTABLE
        return response
