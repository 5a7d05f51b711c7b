"""``GET /health``: is the service up and is its database answering."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency

from api import __version__
from api.errors import problem_specs
from graph.service import MapService
from schemas import Health, Pong


class HealthController(Controller):
    """Liveness (``/ping``, no database) and readiness (``/health``, asks Neo4j)."""

    path = "/"
    tags = ["service"]

    @get("/ping", operation_id="ping", summary="Liveness: the process answers", cache=False)
    async def ping(self) -> Pong:
        """Answers without touching the database: for load-balancer liveness probes."""
        return Pong(status="ok", service="argmap", version=__version__)

    @get(
        "/health",
        operation_id="getHealth",
        summary="Service and database health",
        description="200 when the database answers a query; 503 when it does not.",
        responses=problem_specs([503]),
        cache=False,
    )
    async def health(self, service: NamedDependency[MapService]) -> Health:
        """Ask the database a question: that proves it is reachable and answering.

        The answer names neither its software, version, database name nor address: a readiness probe needs
        none of them, and an attacker would use each (``argmap neo4j status`` tells an operator).
        """
        return await service.health()
