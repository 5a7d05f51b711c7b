"""Service-level responses."""

from __future__ import annotations

from schemas._base import Output


class Health(Output, frozen=True, kw_only=True):
    """The service is up and its database answered a query (its software and version are not public)."""

    status: str
    database: str


class Pong(Output, frozen=True, kw_only=True):
    """The process is alive."""

    status: str
    service: str
    version: str
