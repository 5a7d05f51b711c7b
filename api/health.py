"""``GET /health``: is the service up and is its database answering."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.response import Response
from neo4j import AsyncDriver
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from api import __version__
from api.errors import PROBLEM_MEDIA_TYPE, UNAVAILABLE, problem_specs
from api.settings import Settings
from graph.store import server_version
from schemas import Health, Pong, ProblemDetails


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
        self, driver: NamedDependency[AsyncDriver], settings: NamedDependency[Settings]
    ) -> Response[Health | ProblemDetails]:
        """Ask Neo4j for its version: that proves the database is reachable and answering."""
        try:
            version, edition = await server_version(driver, settings.neo4j_database)
        except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as error:
            body = ProblemDetails(
                type=UNAVAILABLE.uri,
                title=UNAVAILABLE.title,
                status=503,
                detail=f"Neo4j at {settings.effective_neo4j_uri} is not answering: {type(error).__name__}",
                instance="/health",
            )
            return Response(body, status_code=503, media_type=PROBLEM_MEDIA_TYPE)
        return Response(
            Health(
                status="ok",
                neo4j_version=version,
                neo4j_edition=edition,
                database=settings.neo4j_database or "neo4j",
                neo4j_uri=settings.effective_neo4j_uri,
            )
        )
