"""Stored perspectives and cruxes: ``/maps/{map_id}/perspectives``, ``/perspectives/{name}`` and ``/crux``.

Their comparison, ``GET /perspectives/compare``, is the debate controller's: it shares its path with
``POST /perspectives/compare``, and one path is one controller's.

A perspective kept with a map is part of its document: writing one is a write of the map (``If-Match`` with
the map's ETag, a token or session that may write it), and answers the map's new ETag. Reads of them (the
list, their comparison, a crux between two) are reads of one map version, tagged by it.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.errors import COMMON_STATUSES, problem_specs
from api.http import represent, require_if_match
from api.maps import MAP_ID, WRITE_ERRORS
from api.params import ROOT, SEMANTICS, VERSION
from api.policy import COMPUTATION, EXPENSIVE_READ, WRITE
from graph.service import MapService, Principal
from schemas import (
    DEFAULT_SEMANTICS,
    Crux,
    CruxRequest,
    Perspective,
    PerspectiveBody,
    PerspectiveList,
)

NAME = Parameter(
    min_length=1,
    max_length=80,
    pattern=r"^[a-z0-9][a-z0-9-]*$",
    description="The perspective's name: lower-case letters, digits and hyphens (benchmark-sceptic).",
)
STORED = Annotated[
    str,
    Parameter(
        min_length=1,
        max_length=80,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="A perspective the map keeps; unknown names are 404 naming those it keeps.",
    ),
]
FIRST = Annotated[
    str | None,
    Parameter(
        min_length=1,
        max_length=80,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="The reading the crux moves: a perspective the map keeps; left out, the map as mapped.",
    ),
]
CREATED = ResponseSpec(data_container=Perspective, description="The perspective is new: kept as answered.")


class PerspectiveController(Controller):
    """Perspectives kept with a map, compared, and the crux between two readings."""

    path = "/maps/{map_id:str}"
    tags = ["debate"]

    @get(
        "/perspectives",
        operation_id="listPerspectives",
        summary="The perspectives a map keeps",
        responses=problem_specs(COMMON_STATUSES),
    )
    async def list_perspectives(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        version: VERSION = None,
    ) -> Response[PerspectiveList]:
        """Every perspective the map keeps: name, rationale, base scores, weights and who last wrote it.

        Answers ``ETag`` (the map version's); honours ``If-None-Match``.
        """
        return represent(request, await service.perspectives(map_id, version=version))

    @put(
        "/perspectives/{name:str}",
        operation_id="putPerspective",
        summary="Keep a perspective with the map",
        **WRITE.declared(),
        responses={**WRITE_ERRORS, 201: CREATED},
    )
    async def put_perspective(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        map_id: Annotated[str, MAP_ID],
        name: Annotated[str, NAME],
        data: JSONBody[PerspectiveBody],
    ) -> Response[Perspective]:
        """Create or replace the map's perspective ``name``: a write of the map, a new version of it.

        Body ``{"rationale", "base_scores", "weights"}``; the author is the caller (a body naming one is
        refused). Needs ``If-Match`` with the map's ETag. Answers the perspective as kept, 201 when it is new
        and 200 when it replaced one, with the map's new ``ETag``. A perspective naming nodes or relations the
        map lacks is 422 listing each.
        """
        expected = require_if_match(request, map_id)
        kept, tag, created = await service.put_perspective(
            map_id, name, data, actor=caller, expected_version=expected
        )
        headers = {"ETag": tag}
        if created:
            headers["Location"] = f"/maps/{map_id}/perspectives"
        return Response(kept, status_code=HTTP_201_CREATED if created else HTTP_200_OK, headers=headers)

    @delete(
        "/perspectives/{name:str}",
        operation_id="deletePerspective",
        summary="Stop keeping a perspective",
        **WRITE.declared(),
        status_code=HTTP_204_NO_CONTENT,
        responses=WRITE_ERRORS,
    )
    async def delete_perspective(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        map_id: Annotated[str, MAP_ID],
        name: Annotated[str, NAME],
    ) -> Response[None]:
        """Remove the map's perspective ``name`` (a new version of the map). Needs ``If-Match``.

        Answers 204 with the map's new ``ETag``; an unknown name is 404 naming the perspectives it keeps.
        """
        expected = require_if_match(request, map_id)
        tag = await service.delete_perspective(map_id, name, actor=caller, expected_version=expected)
        return Response(None, status_code=HTTP_204_NO_CONTENT, headers={"ETag": tag})

    @get(
        "/crux",
        operation_id="crux",
        summary="The crux between two stored perspectives",
        **EXPENSIVE_READ.declared(),
        responses=problem_specs([*COMMON_STATUSES, 413, 422, 429]),
    )
    async def crux(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        b: STORED,
        a: FIRST = None,
        root: ROOT = None,
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
        version: VERSION = None,
    ) -> Response[Crux]:
        """The fewest of ``b``'s base scores and weights that, taken into ``a``, flip the thesis's verdict.

        The verdict is whether the root's strength is at least 0.5. Each member of the crux comes with the
        root's strength with only it taken (``alone``) and with the rest of the crux but not it
        (``without``); ``crux_root_strength`` is the root's with the whole crux. When both readings leave the
        root on the same side, ``agree`` is true, ``crux`` is empty, and ``movers`` lists the disagreements
        that move it most. The search tries every set by size, within a budget (docs/api.md); beyond it the
        answer is greedy and says so (``minimal: false``). Answers ``ETag``; honours ``If-None-Match``.
        """
        found = await service.crux(map_id, b, a=a, root=root, semantics=semantics, version=version)
        return represent(request, found)

    @post(
        "/crux",
        operation_id="cruxOf",
        summary="The crux between two readings sent",
        **COMPUTATION.declared(),
        status_code=HTTP_200_OK,
        responses=problem_specs([*COMMON_STATUSES, 413, 422, 429]),
    )
    async def crux_of(
        self,
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        data: JSONBody[CruxRequest],
        root: ROOT = None,
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
    ) -> Crux:
        """``GET /crux`` for readings sent in the body: ``{"a": perspective or null, "b": perspective}``.

        A reading is a perspective (``name``, ``rationale``, ``base_scores``, ``weights``); ``a`` null is the
        map as mapped. Nodes or relations the map lacks are 422, each listed. Nothing is written.
        """
        return await service.crux_of(map_id, data, root=root, semantics=semantics)
