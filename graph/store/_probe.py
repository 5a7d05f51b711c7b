"""A blocking one-shot check that a Neo4j answers: for the CLI and for waiting on a starting server."""

from __future__ import annotations

from neo4j import GraphDatabase

from graph.errors import DatabaseUnavailable
from graph.store import _cypher
from graph.store._errors import translated
from graph.store._store import CONNECTION_TIMEOUT_S


def probe(uri: str, auth: tuple[str, str] | None, database: str | None = None) -> str:
    """Connect, run ``RETURN 1`` and return the server's version (``5.26.0``).

    Raises:
        DatabaseUnavailable: nothing answers at ``uri``, or it refused the credentials.
    """
    with (
        translated(),
        GraphDatabase.driver(uri, auth=auth, connection_timeout=CONNECTION_TIMEOUT_S) as driver,
    ):
        # An auto-commit statement: a probe must answer now, not after the driver's retries.
        with driver.session(database=database) as session:
            record = session.run(_cypher.PING).single()
        if record is None or record["ok"] != 1:
            raise DatabaseUnavailable("Neo4j answered RETURN 1 with something else")
        return driver.get_server_info().agent.removeprefix("Neo4j/")
