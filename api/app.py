"""The application factory: ``create_app(settings)`` builds the Litestar app; nothing happens at import."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

import anyio
import swagger_ui_bundle  # type: ignore[import-untyped]  # no type information shipped
from litestar import Litestar, Router
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, License, SecurityScheme
from litestar.static_files import create_static_files_router

from api import __version__
from api.accounts import AccountController, SessionController
from api.auth import SESSION_COOKIE, access_guard, provide_caller
from api.bodies import StrictJSONRequest
from api.cards import CardController
from api.checks import CheckController
from api.claims import ClaimController
from api.classroom import CLASSROOM_HANDLERS
from api.compare import CompareController
from api.compression import CompressedBodies
from api.cors import CorsPolicy
from api.debate import DebateController
from api.dependencies import provide_service, provide_settings
from api.diagrams import DiagramController
from api.drafts import DRAFT_HANDLERS
from api.edge import EDGE_MIDDLEWARE, ArgmapApp
from api.errors import EXCEPTION_HANDLERS
from api.exports import ExportController
from api.forecasts import ForecastController
from api.formats import FormatController
from api.health import HealthController
from api.house import house_stylesheet
from api.http import complete_allow_header
from api.limits import RateLimiter
from api.maps import MapController
from api.openapi_extras import CORS_DESCRIPTION, declare_http_behaviour
from api.pages_accounts import ACCOUNT_PAGE_HANDLERS
from api.pages_classroom import CLASSROOM_PAGE_HANDLERS
from api.pages_editor import EDITOR_PAGE_HANDLERS
from api.perspectives import PerspectiveController
from api.policy import BEARER, PAGE, SESSION
from api.qbaf import QBAFController
from api.settings import Settings
from api.sources import SourceController
from api.strict import strict_query
from api.versions import VersionController
from api.viewer import VIEWER_HANDLERS
from graph.compute import ComputePool
from graph.errors import DatabaseUnavailable, GraphError
from graph.service import WARM_BUDGET_S, MapCache, MapService, warm_up

logger = logging.getLogger("argmap.api")


async def _warm(maps: MapService, count: int) -> None:
    """Warm the first ``count`` maps within ``WARM_BUDGET_S``.

    A map that fails to warm is left for its first request, which reports the failure to its caller.
    """
    with anyio.move_on_after(WARM_BUDGET_S):
        try:
            warmed = await warm_up(maps, maps=count)
        except DatabaseUnavailable:
            raise
        except GraphError as error:
            logger.warning("warming the maps at start-up stopped: %s", error)
            return
        if warmed.maps:
            logger.info("warmed %d maps in %.2f s", warmed.maps, warmed.seconds)


DOCS_ASSETS = "/schema-assets"


def create_app(settings: Settings, service: MapService | None = None) -> Litestar:
    """Build the argmap API for ``settings`` (over ``service`` when given: tests pass one on a fake store).

    The Neo4j driver is created in the lifespan (one per process) and closed on shutdown. The app starts
    even when Neo4j is down, so ``/health`` can say so with a 503.
    """

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncGenerator[None, None]:
        maps = service or MapService.connect(
            settings.effective_neo4j_uri,
            settings.neo4j_auth,
            settings.neo4j_database,
            cache=MapCache(
                searches=settings.search_answers,
                search_bytes=settings.search_answer_bytes,
                render_bytes=settings.render_bytes,
                graph_bytes=settings.graph_bytes,
                evaluation_bytes=settings.evaluation_bytes,
                version_ttl_s=settings.version_ttl_ms / 1000,
            ),
            pool=ComputePool(
                workers=settings.compute_workers,
                queue=settings.compute_queue,
                deadline_s=settings.compute_deadline_s,
                processes=settings.compute_processes,
            ),
        )
        maps.house = settings.house  # diagrams and cards in the publisher's font, accent and name
        app.state.service = maps
        app.state.settings = settings
        app.state.limiter = (
            RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
            if settings.rate_limit_per_minute
            else None
        )
        try:
            try:
                await maps.pool.start()
                await maps.prepare()
                await _warm(maps, settings.warm_maps)
            except DatabaseUnavailable as error:
                logger.warning(
                    "Neo4j is not reachable at start-up (%s); /health answers 503 until it is", error
                )
            yield
        finally:
            await maps.close()

    app = ArgmapApp(
        route_handlers=[
            HealthController,
            MapController,
            CheckController,
            DiagramController,
            CardController,
            ExportController,
            ClaimController,
            SourceController,
            CompareController,
            QBAFController,
            FormatController,
            ForecastController,
            VersionController,
            DebateController,
            PerspectiveController,
            AccountController,
            SessionController,
            *CLASSROOM_HANDLERS,
            *VIEWER_HANDLERS,
            *ACCOUNT_PAGE_HANDLERS,
            *EDITOR_PAGE_HANDLERS,
            *DRAFT_HANDLERS,
            *CLASSROOM_PAGE_HANDLERS,
            house_stylesheet,
            create_static_files_router(
                path=DOCS_ASSETS,
                directories=[swagger_ui_bundle.swagger_ui_path],
                include_in_schema=False,
                opt=PAGE.as_opt(),
            ),
        ],
        lifespan=[lifespan],
        state=None,
        dependencies={
            "settings": Provide(provide_settings, sync_to_thread=False, use_cache=True),
            "service": Provide(provide_service, sync_to_thread=False, use_cache=True),
            "caller": Provide(provide_caller, sync_to_thread=False),
        },
        guards=[access_guard],
        exception_handlers=EXCEPTION_HANDLERS,
        request_class=StrictJSONRequest,
        middleware=[*EDGE_MIDDLEWARE, complete_allow_header],
        before_request=strict_query,
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="argmap",
            version=__version__,
            description=(
                "Annotated argument maps: claims, evidence, caveats, counterpoints and their weight."
                + CORS_DESCRIPTION
            ),
            license=License(name="MIT", identifier="MIT"),
            path="/schema",
            # The docs' own pages are served, not documented: they are not part of the API.
            openapi_router=Router(
                path="/schema", route_handlers=[], include_in_schema=False, opt=PAGE.as_opt()
            ),
            # Swagger UI from the app's own pinned files (swagger-ui-bundle-v2): the docs work offline and
            # load nothing from another site.
            render_plugins=[
                SwaggerRenderPlugin(
                    path=["/", "/swagger"],
                    js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                    css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                    standalone_preset_js_url=f"{DOCS_ASSETS}/swagger-ui-standalone-preset.js",
                    favicon=f"<link rel='icon' type='image/png' href='{DOCS_ASSETS}/favicon-32x32.png'>",
                )
            ],
            components=Components(
                security_schemes={
                    BEARER: SecurityScheme(
                        type="http",
                        scheme="bearer",
                        description="A personal API token (amt_...), or the server's ARGMAP_API_TOKEN",
                    ),
                    SESSION: SecurityScheme(
                        type="apiKey",
                        security_scheme_in="cookie",
                        name=SESSION_COOKIE,
                        description="The browser session /sign-in sets; its writes need X-CSRF-Token too",
                    ),
                }
            ),
        ),
        debug=False,
        # Logging is the process's (argmap serve: JSON lines, api.observability), never Litestar's default
        # configuration, which would take over the root logger and log every access line a second way.
        logging_config=None,
    )
    app.cors = CorsPolicy.from_settings(
        settings.cors_origins, settings.cors_write_origins, own=settings.public_origin
    )
    app.compressed_bodies = CompressedBodies(max_bytes=settings.compressed_bytes)
    declare_http_behaviour(app)
    return app
