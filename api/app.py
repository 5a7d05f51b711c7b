"""The application factory: ``create_app(settings)`` builds the Litestar app; nothing happens at import."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from api import __version__
from api.claims import ClaimController
from api.dependencies import (
    provide_driver,
    provide_repository,
    provide_service,
    provide_session,
    provide_settings,
)
from api.diagrams import DiagramController
from api.errors import EXCEPTION_HANDLERS
from api.formats import FormatController
from api.health import HealthController
from api.http import complete_allow_header
from api.maps import MapController
from api.qbaf import QBAFController
from api.settings import Settings
from api.sources import SourceController
from graph.mapgraph import MapCache
from graph.store import ensure_schema, open_driver

logger = logging.getLogger("argmap.api")


def create_app(settings: Settings) -> Litestar:
    """Build the argmap API for ``settings``.

    The Neo4j driver is created in the lifespan (one per process) and closed on shutdown. The app starts
    even when Neo4j is down, so ``/health`` can say so with a 503.
    """

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncGenerator[None, None]:
        driver = open_driver(settings.effective_neo4j_uri, settings.neo4j_auth)
        app.state.driver = driver
        app.state.settings = settings
        app.state.cache = MapCache(version_ttl_s=settings.version_ttl_ms / 1000)
        try:
            try:
                await driver.verify_connectivity()
                await ensure_schema(driver, settings.neo4j_database)
            except (ServiceUnavailable, Neo4jError, OSError) as error:
                logger.warning(
                    "Neo4j is not reachable at start-up (%s); /health reports 503 until it is", error
                )
            yield
        finally:
            await driver.close()

    return Litestar(
        route_handlers=[
            HealthController,
            MapController,
            DiagramController,
            ClaimController,
            SourceController,
            QBAFController,
            FormatController,
        ],
        lifespan=[lifespan],
        state=None,
        dependencies={
            "settings": Provide(provide_settings, sync_to_thread=False),
            "driver": Provide(provide_driver, sync_to_thread=False),
            "session": Provide(provide_session),
            "repository": Provide(provide_repository, sync_to_thread=False),
            "service": Provide(provide_service, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        before_send=[complete_allow_header],
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="argmap",
            version=__version__,
            description=(
                "Annotated argument maps: claims, evidence, caveats, counterpoints and their weight."
            ),
            path="/schema",
            render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin(path="/swagger")],
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(
                        type="http", scheme="bearer", description="ARGMAP_API_TOKEN, needed for writes"
                    )
                }
            ),
        ),
        debug=False,
    )
