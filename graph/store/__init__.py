"""The only home of Cypher and of the Neo4j driver: schema, map writes, reads and search.

Private to ``graph/``: the API reaches maps through ``graph.service.MapService`` only.
"""

from graph.store._probe import probe
from graph.store._protocol import MapStore, SearchFilters, SearchHit
from graph.store._store import Neo4jStore, open_driver
from graph.store._transactions import Mutation, Progress, Strengths, WriteResult

__all__ = [
    "MapStore",
    "Mutation",
    "Neo4jStore",
    "Progress",
    "SearchFilters",
    "SearchHit",
    "Strengths",
    "WriteResult",
    "open_driver",
    "probe",
]
