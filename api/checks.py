"""``/maps/{map_id}/checks``: every figure a map's source states as following from others, recomputed."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency

from api.errors import COMMON_STATUSES, problem_specs
from api.http import represent
from api.maps import MAP_ID
from api.params import VERSION
from graph.service import MapService
from schemas import MapChecks


class CheckController(Controller):
    """The stated-figure checks of a map."""

    path = "/maps"
    tags = ["maps"]

    @get(
        "/{map_id:str}/checks",
        operation_id="getMapChecks",
        summary="Stated-figure checks",
        responses=problem_specs(COMMON_STATUSES),
    )
    async def get_checks(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        version: VERSION = None,
    ) -> Response[MapChecks]:
        """Each stated computation: what the source states, what it recomputes to, whether they agree.

        With the node and its quote that states the figure; ``failing`` counts disagreements (also in the
        map's ``failing_checks``). Answers ``ETag``; honours ``If-None-Match``.
        """
        return represent(request, await service.checks(map_id, version=version))
