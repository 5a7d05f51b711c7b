"""Use cases over the store: read maps through the version cache, evaluate them, and write them validated.

The API and the CLI both call this layer; it holds no HTTP and no Cypher.
"""

from __future__ import annotations

import msgspec

from graph.document import require_valid
from graph.errors import NotFound, StaleVersion
from graph.mapgraph import (
    DEFAULT_CONTRIBUTION,
    DEFAULT_SEMANTICS,
    Evaluation,
    MapCache,
    MapGraph,
    evaluate,
    node_strengths,
)
from graph.store import MapRepository, WriteResult
from schemas import MapDocument
from schemas._api import ClaimPatch


class MapService:
    """Maps for one request: a repository bound to its session, and the process-wide cache."""

    def __init__(self, repository: MapRepository, cache: MapCache) -> None:
        self.repository = repository
        self.cache = cache

    async def graph(self, map_id: str) -> MapGraph:
        """The current version of a map, read whole only when this process has not seen that version.

        Raises:
            NotFound: there is no such map.
        """
        version = self.cache.known_version(map_id)
        if version is None:
            version = await self.repository.map_version(map_id)
            self.cache.saw_version(map_id, version)
        cached = self.cache.graph(map_id, version)
        if cached is not None:
            return cached
        graph = await self.repository.read_map(map_id)
        self.cache.keep_graph(graph)
        self.cache.saw_version(map_id, graph.version)
        return graph

    async def evaluation(
        self,
        map_id: str,
        *,
        semantics: str = DEFAULT_SEMANTICS,
        root: str | None = None,
        contribution: str = DEFAULT_CONTRIBUTION,
    ) -> tuple[MapGraph, Evaluation]:
        """The map and its evaluation, computed once per (version, semantics, root, contribution)."""
        graph = await self.graph(map_id)
        key = (semantics.lower(), root or graph.root, contribution.lower())
        found = self.cache.evaluation(
            graph, key, lambda: evaluate(graph, semantics=semantics, root=root, contribution=contribution)
        )
        return graph, found

    async def save(
        self,
        document: MapDocument,
        *,
        expected_version: int | None = None,
        must_exist: bool = False,
        must_not_exist: bool = False,
    ) -> WriteResult:
        """Validate and write a whole map in one transaction.

        Raises:
            InvalidArgumentMap: the document breaks the rules (nothing is written).
            NotFound, Conflict, StaleVersion: as ``MapRepository.save_map``.
        """
        require_valid(document)
        result = await self.repository.save_map(
            document,
            node_strengths(document),
            expected_version=expected_version,
            must_exist=must_exist,
            must_not_exist=must_not_exist,
        )
        self.cache.forget(document.id)
        return result

    async def delete(self, map_id: str, *, expected_version: int | None) -> None:
        """Delete a map in one transaction."""
        await self.repository.delete_map(map_id, expected_version=expected_version)
        self.cache.forget(map_id)

    async def patch_node(
        self, map_id: str, node_id: str, patch: ClaimPatch, *, expected_node_version: int | None
    ) -> tuple[WriteResult, MapDocument]:
        """Edit a node's text, base score or tags; the read, check and write happen in one transaction.

        Raises:
            NotFound: no such map or node.
            StaleVersion: the node changed since ``expected_node_version``.
            InvalidArgumentMap: the edited map breaks the rules.
        """

        def mutate(current: MapGraph) -> tuple[MapDocument, dict[str, float]]:
            if node_id not in current.nodes:
                raise NotFound(f"map {map_id!r} has no node {node_id!r}")
            version = current.node_versions[node_id]
            if expected_node_version is not None and version != expected_node_version:
                raise StaleVersion(f"node {node_id!r} is at version {version}, not {expected_node_version}")
            changes = {
                field: getattr(patch, field)
                for field in ("text", "base_score", "tags")
                if getattr(patch, field) is not msgspec.UNSET
            }
            nodes = [
                msgspec.structs.replace(node, **changes) if node.id == node_id else node
                for node in current.document.nodes
            ]
            document = require_valid(msgspec.structs.replace(current.document, nodes=nodes))
            return document, node_strengths(document)

        outcome = await self.repository.update_map(map_id, mutate, expected_version=None)
        self.cache.forget(map_id)
        return outcome
