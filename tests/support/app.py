"""Settings for apps under test: pointed at the tests' Neo4j, writes enabled with a known token."""

from __future__ import annotations

from typing import TypeAlias

from litestar import Litestar
from litestar.testing import AsyncTestClient

from api.settings import Settings
from support.neo4j import Neo4jTarget

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PUBLIC_URL = "http://testserver.local"
"""Where Litestar's test clients send requests: apps under test are configured to be served there."""


def settings_for(
    target: Neo4jTarget,
    *,
    token: str | None = TOKEN,
    max_body_bytes: int = 2 * 1024 * 1024,
    rate_limit_per_minute: int = 0,
    public_url: str = PUBLIC_URL,
) -> Settings:
    """App settings pointing at the tests' Neo4j (rate limits off unless a test is about them)."""
    user, password = target.auth or ("neo4j", "")
    return Settings(
        rate_limit_per_minute=rate_limit_per_minute,
        neo4j_uri=target.uri,
        neo4j_user=user,
        neo4j_password=password,
        neo4j_database=target.database,
        api_token=token,
        max_body_bytes=max_body_bytes,
        public_url=public_url,
    )


Client: TypeAlias = AsyncTestClient[Litestar]
"""The test client type of the argmap app."""
