"""``GET /health``: is the service up and is its database answering."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency

from api import __version__
from api.errors import problem_specs
from api.settings import Settings
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
        description="200 with the Neo4j version when the database answers a query; 503 when it does not.",
        responses=problem_specs([503]),
        cache=False,
    )
    async def health(
        self, service: NamedDependency[MapService], settings: NamedDependency[Settings]
    ) -> Health:
        """Ask Neo4j for its version: that proves the database is reachable and answering.

        The answer names the database's version and edition, never its address (which may carry credentials).
        """
        return await service.health(settings.neo4j_database or "neo4j")
