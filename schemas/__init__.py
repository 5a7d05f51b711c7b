"""msgspec types at every boundary: the map document format, API bodies and results, problem details."""

from schemas._base import Output, Struct
from schemas._map import (
    FORMAT_VERSION,
    Evidence,
    MapDocument,
    Node,
    NodeKind,
    NodeRef,
    Observation,
    Operation,
    Quote,
    Relation,
    RelationType,
    Source,
    Speaker,
    StatedComputation,
)
from schemas._problem import Problem, ProblemDetails
from schemas._service import Health, Pong

__all__ = [
    "FORMAT_VERSION",
    "Evidence",
    "Health",
    "MapDocument",
    "Node",
    "NodeKind",
    "NodeRef",
    "Observation",
    "Operation",
    "Output",
    "Pong",
    "Problem",
    "ProblemDetails",
    "Quote",
    "Relation",
    "RelationType",
    "Source",
    "Speaker",
    "StatedComputation",
    "Struct",
]
