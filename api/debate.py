"""Debate preparation: ``/maps/{map_id}/brief``, ``/gaps``, ``/robustness`` and ``/perspectives/compare``.

The perspectives a map keeps, and cruxes, are ``api.perspectives``'; comparing the kept ones is here, next to
comparing the ones sent, since both share one path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, OpenAPIType, Operation, Schema
from litestar.params import JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK

from api.diagrams import DiagramOperation
from api.errors import COMMON_STATUSES, problem_specs
from api.http import represent
from api.maps import MAP_ID
from api.params import CONTRIBUTION, PERSPECTIVE, ROOT, SEMANTICS, VERSION
from api.policy import COMPUTATION, EXPENSIVE_READ
from graph.debate import DEFAULT_SAMPLES, DEFAULT_SPREAD, MAX_SAMPLES
from graph.render import FORMATS
from graph.service import MapService, Principal
from schemas import (
    DEFAULT_CONTRIBUTION,
    DEFAULT_SEMANTICS,
    Brief,
    DiagramOptions,
    Gaps,
    PerspectiveComparison,
    PerspectiveSet,
    Robustness,
    WhatIf,
)

PRINTED_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
SIDE = Parameter(description="Whose brief: pro (for the thesis) or con (against it).")
FORMAT = Parameter(description="json (default, for tools), markdown, or html (a printable page).")
COMMENTS = Annotated[
    bool,
    Parameter(
        description=(
            "Add the map's comments (feedback on its nodes and relations): for its owner, its group's "
            "editors and admins; anyone else who may read the map is refused (403)."
        )
    ),
]
TOP = Parameter(
    ge=1, le=20, description="How many arguments, unanswered points and unsupported claims to list."
)


@dataclass
class BriefOperation(Operation):
    """Documents the brief's printable media types next to its JSON (Litestar declares one per response)."""

    def __post_init__(self) -> None:
        ok = self.responses.get("200") if self.responses else None
        if isinstance(ok, OpenAPIResponse) and ok.content is not None:
            for media_type in ("text/markdown", "text/html"):
                ok.content[media_type] = OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))


class DebateController(Controller):
    """Briefs for each side, the map's weak spots, perspectives and the verdict's robustness."""

    path = "/maps/{map_id:str}"
    tags = ["debate"]

    @get(
        "/brief",
        operation_id="brief",
        operation_class=BriefOperation,
        summary="A debate brief for one side",
        **EXPENSIVE_READ.declared(),
        responses=problem_specs([*COMMON_STATUSES, 403, 422, 429]),
    )
    async def brief(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        map_id: Annotated[str, MAP_ID],
        side: Annotated[Literal["pro", "con"], SIDE],
        root: ROOT = None,
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
        contribution: CONTRIBUTION = DEFAULT_CONTRIBUTION,
        format: Annotated[Literal["json", "markdown", "html"], FORMAT] = "json",
        top: Annotated[int, TOP] = 5,
        version: VERSION = None,
        perspective: PERSPECTIVE = None,
        comments: COMMENTS = False,
    ) -> Response[Brief]:
        """The side's strongest arguments by contribution, with their evidence, attacks, replies and quotes.

        Also the other side's unanswered points, this side's claims with no evidence, and what the thesis
        strength means in plain words (not a probability). With ``perspective``, the brief of the map as that
        stored perspective reads it.

        With ``comments=true``, the map's comments too (``comments`` in JSON, a "Feedback" section in
        Markdown and HTML), for its owner, its group's editors and admins only (others: 403, or 404).

        Answers ``ETag`` (the map version's); honours ``If-None-Match``.
        """
        options: dict[str, Any] = {
            "root": root,
            "semantics": semantics,
            "contribution": contribution,
            "format": format,
            "top": top,
            "version": version,
            "perspective": perspective,
        }
        if comments:
            found = await service.classroom.commented_brief(caller, map_id, side, **options)
        else:
            found = await service.brief(map_id, side, **options)
        response = represent(request, found)
        if comments:
            response.headers["Cache-Control"] = "private, no-store"  # feedback is for its readers only
        response.headers["X-Content-Type-Options"] = "nosniff"
        if format == "html":
            # A page of the map's words: it may style itself, and nothing else (no script, no load, no frame).
            response.headers["Content-Security-Policy"] = PRINTED_PAGE_POLICY
        return response

    @get(
        "/gaps",
        operation_id="gaps",
        summary="The map's weak spots (a linter)",
        **EXPENSIVE_READ.declared(),
        responses=problem_specs([*COMMON_STATUSES, 422, 429]),
    )
    async def gaps(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
        version: VERSION = None,
    ) -> Response[Gaps]:
        """Each finding has a kind, a severity (error, warning, info), the nodes, an explanation and a fix.

        Answers ``ETag`` (the map version's); honours ``If-None-Match``.
        """
        return represent(request, await service.gaps(map_id, semantics=semantics, version=version))

    @get(
        "/robustness",
        operation_id="robustness",
        summary="How robust the thesis strength is to the base scores",
        **EXPENSIVE_READ.declared(),
        responses=problem_specs([*COMMON_STATUSES, 413, 422, 429]),
    )
    async def robustness(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        root: ROOT = None,
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
        spread: Annotated[
            float, Parameter(gt=0.0, le=0.5, description="Each base score moves within ± this (default 0.1).")
        ] = DEFAULT_SPREAD,
        samples: Annotated[
            int, Parameter(ge=10, le=MAX_SAMPLES, description="How many perturbed maps to score.")
        ] = DEFAULT_SAMPLES,
        seed: Annotated[
            int,
            Parameter(ge=0, le=2**31 - 1, description="The sampling seed: the same seed, the same result."),
        ] = 0,
        version: VERSION = None,
        perspective: PERSPECTIVE = None,
    ) -> Response[Robustness]:
        """The thesis strength's distribution when every base score is redrawn within ±spread.

        Says in plain words whether the verdict is stable, and lists the base scores it is most sensitive to.
        With ``perspective``, the base scores redrawn are that stored perspective's (under its weights).

        Answers ``ETag`` (the map version's); honours ``If-None-Match``.
        """
        found = await service.robustness(
            map_id,
            root=root,
            semantics=semantics,
            spread=spread,
            samples=samples,
            seed=seed,
            version=version,
            perspective=perspective,
        )
        return represent(request, found)

    @post(
        "/what-if/diagram",
        operation_id="whatIfDiagram",
        operation_class=DiagramOperation,
        summary="Draw a what-if",
        **COMPUTATION.declared(),
        status_code=HTTP_200_OK,
        media_type="image/svg+xml",
        responses=problem_specs([*COMMON_STATUSES, 413, 422, 429]),
    )
    async def what_if_diagram(
        self,
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        data: JSONBody[WhatIf],
        format: Annotated[
            Literal["svg", "png", "pdf", "dot"], Parameter(description="svg (default), png, pdf or dot.")
        ] = "svg",
        top: Annotated[
            int | None,
            Parameter(ge=1, le=500, description="Draw only the root and this many heaviest nodes."),
        ] = None,
    ) -> Response[bytes]:
        """The map as the what-if leaves it (same body as ``POST /what-if``), drawn by Graphviz.

        Every node the change moved is marked in its label ("what-if 0.91 → 0.85", or "hypothetical").
        Nothing is written.
        """
        options = DiagramOptions(
            format=format, root=data.root, semantics=data.semantics, contribution=data.contribution, top=top
        )
        body = await service.what_if_diagram(map_id, data, options)
        return Response(content=body, media_type=FORMATS[format])

    @get(
        "/perspectives/compare",
        operation_id="compareStoredPerspectives",
        summary="The thesis under every perspective the map keeps",
        **EXPENSIVE_READ.declared(),
        responses=problem_specs([*COMMON_STATUSES, 422, 429]),
    )
    async def compare_stored(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        root: ROOT = None,
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
        version: VERSION = None,
    ) -> Response[PerspectiveComparison]:
        """The thesis as mapped and under each stored perspective, and where they part ways.

        The same answer as ``POST /perspectives/compare`` sent the perspectives the map keeps. Answers
        ``ETag`` (the map version's); honours ``If-None-Match``.
        """
        found = await service.stored_comparison(map_id, root=root, semantics=semantics, version=version)
        return represent(request, found)

    @post(
        "/perspectives/compare",
        operation_id="comparePerspectives",
        summary="The thesis under several perspectives",
        **COMPUTATION.declared(),
        status_code=HTTP_200_OK,
        responses=problem_specs([*COMMON_STATUSES, 413, 422, 429]),
    )
    async def compare(
        self,
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        data: JSONBody[PerspectiveSet],
        root: ROOT = None,
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
    ) -> PerspectiveComparison:
        """Score the map as mapped and under each perspective sent; nothing is written.

        A perspective is named base scores and relation weights. Answers the thesis side by side, and the
        nodes whose strength differs most.
        """
        return await service.compare_perspectives(map_id, data, root=root, semantics=semantics)
