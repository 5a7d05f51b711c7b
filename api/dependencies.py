"""Dependency providers: the settings and the process-wide ``MapService`` built in the lifespan."""

from __future__ import annotations

from litestar.datastructures import State

from api.settings import Settings
from graph.service import MapService


def provide_settings(state: State) -> Settings:
    """The settings the app was created with."""
    settings: Settings = state.settings
    return settings


def provide_service(state: State) -> MapService:
    """The one door to maps; it opens a database session per operation, so requests share it safely."""
    service: MapService = state.service
    return service
