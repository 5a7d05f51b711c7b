"""``/forecasts`` and ``/maps/{map_id}/forecasts``: predictions a map holds, tracked until they resolve."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK

from api.errors import COMMON_STATUSES, problem_specs
from api.http import represent, represent_value, require_if_match
from api.maps import MAP_ID
from api.params import VERSION
from api.policy import WRITE
from graph.service import MapService, Principal
from schemas import ForecastList, ForecastResolution, ForecastStatus

SPEAKER = Parameter(description="Only forecasts made by this speaker id.", max_length=200)
STATUS = Parameter(description="Only forecasts in this state: open, resolved-true or resolved-false.")


class ForecastController(Controller):
    """Forecasts across maps and per map."""

    tags = ["forecasts"]

    @get(
        "/forecasts",
        operation_id="listForecasts",
        summary="Every map's forecasts",
        responses=problem_specs(COMMON_STATUSES),
    )
    async def all_forecasts(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        speaker: Annotated[str | None, SPEAKER] = None,
        status: Annotated[ForecastStatus | None, STATUS] = None,
    ) -> Response[ForecastList]:
        """Forecasts of every map, soonest due first, with each speaker's Brier score over resolved ones.

        Answers ``ETag`` (the answer's content); honours ``If-None-Match``.
        """
        return represent_value(request, await service.all_forecasts(caller, speaker=speaker, status=status))

    @get(
        "/maps/{map_id:str}/forecasts",
        operation_id="listMapForecasts",
        summary="One map's forecasts",
        responses=problem_specs(COMMON_STATUSES),
    )
    async def map_forecasts(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        speaker: Annotated[str | None, SPEAKER] = None,
        status: Annotated[ForecastStatus | None, STATUS] = None,
        version: VERSION = None,
    ) -> Response[ForecastList]:
        """The map's forecasts, soonest due first: probability or range, due date, criterion, status.

        Answers ``ETag`` (the map version's); honours ``If-None-Match``.
        """
        return represent(
            request, await service.forecasts(map_id, speaker=speaker, status=status, version=version)
        )

    @post(
        "/maps/{map_id:str}/forecasts/{node_id:str}/resolution",
        operation_id="resolveForecast",
        summary="Record how a forecast resolved",
        **WRITE.declared(),
        status_code=HTTP_200_OK,
        responses=problem_specs([*COMMON_STATUSES, 401, 403, 409, 412, 422, 428]),
    )
    async def resolve(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        map_id: Annotated[str, MAP_ID],
        node_id: Annotated[str, Parameter(description="The node that carries the forecast.")],
        data: JSONBody[ForecastResolution],
    ) -> Response[ForecastList]:
        """Record the outcome and its source; the speaker's Brier score counts it from now on.

        Needs ``If-Match`` with the map's current ETag; answers the resolved forecast and the new ETag.
        A forecast resolves once (409 after that).
        """
        expected = require_if_match(request, map_id)
        tag, resolved = await service.resolve_forecast(
            map_id, node_id, data, actor=caller, expected_version=expected
        )
        return Response(resolved, headers={"ETag": tag})
