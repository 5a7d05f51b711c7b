"""The only home of Cypher and of the Neo4j driver: schema, map writes, reads and search."""

from graph.store._connect import clear_database, count_graph, open_driver, server_version
from graph.store._repository import MapRepository, WriteResult, ensure_schema, read_map_tx, write_map_tx

__all__ = [
    "MapRepository",
    "WriteResult",
    "clear_database",
    "count_graph",
    "ensure_schema",
    "open_driver",
    "read_map_tx",
    "server_version",
    "write_map_tx",
]
