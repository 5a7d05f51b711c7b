"""The project's local Neo4j: fetched from Maven Central, started on 127.0.0.1, stopped cleanly."""

from graph.server._local import LocalNeo4j, LocalNeo4jConfig, LocalNeo4jError

__all__ = ["LocalNeo4j", "LocalNeo4jConfig", "LocalNeo4jError"]
