"""The project's own Neo4j: start, a second start is a no-op, status, stop; and /health over it."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient
from support.neo4j import SPARE_PORT

from api.app import create_app
from api.settings import load_settings
from graph.server import LocalNeo4j

pytestmark = pytest.mark.slow
LIFECYCLE_PORT = SPARE_PORT  # the run's spare server, beside the suite's


@pytest.fixture(scope="module")
def lifecycle_server(spare_neo4j: LocalNeo4j) -> LocalNeo4j:
    """The run's spare Neo4j, stopped to begin with."""
    spare_neo4j.stop()
    return spare_neo4j


class TestLifecycle:
    def test_start_status_second_start_and_stop(self, lifecycle_server: LocalNeo4j) -> None:
        assert lifecycle_server.status().startswith("stopped")
        assert lifecycle_server.start() is True
        pid = lifecycle_server.running_pid()
        assert pid is not None
        assert lifecycle_server.status().startswith(f"running (pid {pid}, Neo4j 5.26.")
        assert lifecycle_server.start() is False, "a second start must be a no-op"
        assert lifecycle_server.running_pid() == pid
        assert lifecycle_server.fetch() is False, "the jars are cached after the first fetch"
        assert lifecycle_server.stop() is True
        assert lifecycle_server.running_pid() is None
        assert lifecycle_server.status().startswith("stopped")
        assert lifecycle_server.stop() is False

    async def test_health_follows_the_database(self, lifecycle_server: LocalNeo4j) -> None:
        lifecycle_server.start()
        user, password = lifecycle_server.config.auth
        settings = load_settings(
            {"NEO4J_URI": lifecycle_server.config.uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}
        )
        async with AsyncTestClient(create_app(settings)) as client:
            up = await client.get("/health")
            assert up.status_code == 200
            body = up.json()
            assert body["status"] == "ok"
            assert body == {"status": "ok", "database": "answering"}
            lifecycle_server.stop()
            down = await client.get("/health")
            assert down.status_code == 503
            assert down.headers["content-type"].startswith("application/problem+json")
            problem = down.json()
            assert problem["status"] == 503
            assert problem["type"].endswith("/database-unavailable")
            assert "not reachable" in problem["detail"]
            assert str(LIFECYCLE_PORT) not in down.text, "the database's address is not for the public"
            assert "neo4j_uri" not in body
