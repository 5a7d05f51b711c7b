"""Dependency providers: the driver lives on the app state; each request gets its own session."""

from __future__ import annotations

from collections.abc import AsyncGenerator

from litestar.datastructures import State
from litestar.di import NamedDependency
from neo4j import READ_ACCESS, AsyncDriver, AsyncSession

from api.settings import Settings
from graph.mapgraph import MapCache
from graph.service import MapService
from graph.store import MapRepository


def provide_settings(state: State) -> Settings:
    """The settings the app was created with."""
    settings: Settings = state.settings
    return settings


def provide_driver(state: State) -> AsyncDriver:
    """The process-wide driver created in the lifespan."""
    driver: AsyncDriver = state.driver
    return driver


async def provide_session(
    driver: NamedDependency[AsyncDriver], settings: NamedDependency[Settings]
) -> AsyncGenerator[AsyncSession, None]:
    """One session per request: sessions are cheap and must not be shared between tasks."""
    # Reads are the common case; writes go through execute_write, which routes to the leader regardless.
    async with driver.session(database=settings.neo4j_database, default_access_mode=READ_ACCESS) as session:
        yield session


def provide_repository(session: NamedDependency[AsyncSession]) -> MapRepository:
    """The map repository bound to this request's session."""
    return MapRepository(session)


def provide_service(repository: NamedDependency[MapRepository], state: State) -> MapService:
    """The map use cases for this request, sharing the process-wide cache."""
    cache: MapCache = state.cache
    return MapService(repository, cache)
