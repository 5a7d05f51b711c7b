"""Service-level responses."""

from __future__ import annotations

from schemas._base import Output


class Health(Output, frozen=True, kw_only=True):
    """The service is up and Neo4j answered a query."""

    status: str
    neo4j_version: str
    neo4j_edition: str
    database: str


class Pong(Output, frozen=True, kw_only=True):
    """The process is alive."""

    status: str
    service: str
    version: str
