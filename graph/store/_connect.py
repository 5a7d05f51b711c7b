"""Driver construction and whole-database utilities."""

from __future__ import annotations

from neo4j import AsyncDriver, AsyncGraphDatabase

from graph.store import _cypher


def open_driver(uri: str, auth: tuple[str, str] | None) -> AsyncDriver:
    """One driver per process: it pools connections and routes reads in a cluster."""
    # A short retry budget: a dead database should surface as a 503 in seconds, not after the default 30 s.
    return AsyncGraphDatabase.driver(
        uri,
        auth=auth,
        connection_timeout=5.0,
        max_connection_pool_size=50,
        max_transaction_retry_time=5.0,
        notifications_min_severity="OFF",
    )


async def server_version(driver: AsyncDriver, database: str | None = None) -> tuple[str, str]:
    """The Neo4j version and edition, proving the database answers a query."""
    # An auto-commit query: health checks must not be retried, they must answer now.
    async with driver.session(database=database, default_access_mode="READ") as session:
        result = await session.run(_cypher.SERVER_INFO)
        records = [record async for record in result]
    kernel = next((record for record in records if record["name"] == "Neo4j Kernel"), records[0])
    return str(kernel["version"]), str(kernel["edition"])


async def count_graph(driver: AsyncDriver, database: str | None = None) -> tuple[int, int]:
    """How many nodes and relationships the whole database holds (tests compare before and after)."""
    records, _, _ = await driver.execute_query(_cypher.COUNT_ALL, database_=database, routing_="r")
    return int(records[0]["nodes"]), int(records[0]["relationships"])


async def clear_database(driver: AsyncDriver, database: str | None = None) -> None:
    """Delete every node and relationship (tests only; the schema stays)."""
    async with driver.session(database=database) as session:
        result = await session.run(_cypher.CLEAR_DATABASE)
        await result.consume()
