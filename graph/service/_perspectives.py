"""Perspectives kept with a map (listed, written one at a time, compared) and the crux between two readings.

A stored perspective is part of the map's document, so it is versioned, exported and written under the map's
lock like the rest of it; every write of one is a new map version by its writer. Reads of stored perspectives
(the list, their comparison, a crux between two of them) are views of one map version: built once per
version and parameters, in the worker pool. A crux between readings sent in a body is computed per request,
like a what-if.
"""

from __future__ import annotations

import functools

from graph.accounts import Principal
from graph.debate import (
    authored,
    compare_perspectives,
    find_crux,
    stored_perspective,
    with_perspective,
    without_perspective,
)
from graph.errors import InvalidArgumentMap, NotFound
from graph.mapgraph import MapGraph, scenario_problems
from graph.service._access import MapAccessRules
from graph.service._checks import validated_strengths
from graph.service._reads import Representation
from graph.service._semantics_fit import semantics_for
from graph.service._tags import version_tag
from graph.versions import Expected, require_version
from graph.words import counted
from schemas import (
    DEFAULT_SEMANTICS,
    RESERVED_PERSPECTIVE_NAMES,
    Crux,
    CruxRequest,
    MapDocument,
    Perspective,
    PerspectiveBody,
    PerspectiveList,
    Problem,
)


class MapPerspectives(MapAccessRules):
    """A map's stored perspectives, and cruxes between readings of it."""

    async def perspectives(self, map_id: str, *, version: int | None = None) -> Representation:
        """The perspectives a map version keeps, in the order they were added.

        Raises:
            NotFound: no such map or version.
        """
        graph = await self.graph(map_id, version)
        return await self.encoded(graph, ("perspectives",), lambda: _listed(graph))

    async def put_perspective(
        self, map_id: str, name: str, body: PerspectiveBody, *, actor: Principal, expected_version: Expected
    ) -> tuple[Perspective, str, bool]:
        """Keep ``body`` as the map's perspective ``name`` (new, or in place of the one of that name).

        A write of the map under its lock, as ``actor``, who is recorded as the perspective's author. Answers
        the perspective as kept, the map's new tag, and whether the name is new.

        Raises:
            NotFound: no such map, or one ``actor`` may not read.
            Forbidden: ``actor`` may read the map but not write it.
            StaleVersion: the map changed since ``expected_version``.
            InvalidArgumentMap: the perspective names nodes or relations the map lacks (each listed), or
                takes a reserved name.
        """
        perspective = Perspective(
            name=name,
            rationale=body.rationale,
            base_scores=dict(body.base_scores),
            weights=list(body.weights),
            author=actor.author_name,
        )
        created = False

        async def mutate(current: MapGraph) -> tuple[MapDocument, dict[str, float]]:
            nonlocal created
            require_version(map_id, current.version, expected_version)
            problems = _body_problems(current, perspective)
            if problems:
                raise InvalidArgumentMap(
                    f"perspective {name!r} has {counted(len(problems), 'problem')}", problems
                )
            document, created = with_perspective(current.document, perspective)
            return document, await self.pool.run(validated_strengths, document)

        try:
            await self.authorize(actor, map_id, write=True)
            await self.precheck(map_id, expected_version)
            result, _ = await self.store.update_map(
                map_id, mutate, expected_version=expected_version, author=actor.author_name
            )
        finally:
            self.cache.forget(map_id)
        return perspective, version_tag(map_id, result.version), created

    async def delete_perspective(
        self, map_id: str, name: str, *, actor: Principal, expected_version: Expected
    ) -> str:
        """Stop keeping the map's perspective ``name`` (a write of the map by ``actor``); answers the new tag.

        Raises:
            NotFound: no such map or perspective (the message names those it keeps).
            Forbidden: ``actor`` may read the map but not write it.
            StaleVersion: the map changed since ``expected_version``.
        """

        async def mutate(current: MapGraph) -> tuple[MapDocument, dict[str, float]]:
            require_version(map_id, current.version, expected_version)
            document = without_perspective(current, name)
            return document, await self.pool.run(validated_strengths, document)

        try:
            await self.authorize(actor, map_id, write=True)
            await self.precheck(map_id, expected_version)
            result, _ = await self.store.update_map(
                map_id, mutate, expected_version=expected_version, author=actor.author_name
            )
        finally:
            self.cache.forget(map_id)
        return version_tag(map_id, result.version)

    async def stored_comparison(
        self,
        map_id: str,
        *,
        root: str | None = None,
        semantics: str = DEFAULT_SEMANTICS,
        version: int | None = None,
    ) -> Representation:
        """The thesis as mapped and under every perspective the map keeps (``compare_perspectives``).

        Raises:
            NotFound: no such map or version, or ``root`` is not one of its nodes.
            InvalidArgumentMap: a semantics the map cannot take.
        """
        graph = await self.graph(map_id, version)
        canonical = semantics_for(graph, semantics)
        key = ("perspectives-compared", root or graph.root, canonical.value)
        compare = functools.partial(
            compare_perspectives, graph, graph.document.perspectives, root=root, semantics=canonical
        )
        return await self.encoded(graph, key, compare)

    async def crux(
        self,
        map_id: str,
        b: str,
        *,
        a: str | None = None,
        root: str | None = None,
        semantics: str = DEFAULT_SEMANTICS,
        version: int | None = None,
    ) -> Representation:
        """The crux between two perspectives the map keeps (``a`` None: the map as mapped), once per version.

        Raises:
            NotFound: no such map or version, ``root`` is not one of its nodes, or the map keeps no
                perspective of a name given (the message names those it keeps).
            InvalidArgumentMap: a semantics the map cannot take.
            OverBudget: too many disagreements bear on the root (``graph.debate.MAX_DISAGREEMENTS``).
        """
        graph = await self.graph(map_id, version)
        missing = [name for name in dict.fromkeys((a, b)) if name is not None and not _keeps(graph, name)]
        if missing:
            _refuse_unknown(graph, missing)
        first = None if a is None else stored_perspective(graph, a)
        second = stored_perspective(graph, b)
        canonical = semantics_for(graph, semantics)
        key = ("crux", a or "", b, root or graph.root, canonical.value)
        search = functools.partial(find_crux, graph, first, second, root=root, semantics=canonical)
        return await self.encoded(graph, key, search)

    async def crux_of(
        self,
        map_id: str,
        request: CruxRequest,
        *,
        root: str | None = None,
        semantics: str = DEFAULT_SEMANTICS,
    ) -> Crux:
        """The crux between two readings a request sends, on the map's current version; nothing is written.

        Raises:
            NotFound: no such map, or ``root`` is not one of its nodes.
            InvalidArgumentMap: a reading names nodes or relations the map lacks (every one listed), or a
                semantics the map cannot take.
            OverBudget: too many disagreements bear on the root.
        """
        graph = await self.graph(map_id)
        canonical = semantics_for(graph, semantics)
        return await self.pool.run(
            functools.partial(find_crux, graph, request.a, request.b, root=root, semantics=canonical)
        )

    async def with_perspective_authors(self, actor: Principal, document: MapDocument) -> MapDocument:
        """``document`` with each perspective's author: the stored one's when unchanged, else ``actor``'s.

        A whole-document write (``PUT /maps/{id}``, a file loaded) names no authors the server trusts.
        """
        if not document.perspectives:
            return document
        try:
            previous: MapDocument | None = (await self.graph(document.id)).document
        except NotFound:
            previous = None
        return authored(document, previous, actor.author_name)


def _listed(graph: MapGraph) -> PerspectiveList:
    return PerspectiveList(
        map_id=graph.id, version=graph.version, perspectives=list(graph.document.perspectives)
    )


def _keeps(graph: MapGraph, name: str) -> bool:
    return any(perspective.name == name for perspective in graph.document.perspectives)


def _refuse_unknown(graph: MapGraph, names: list[str]) -> None:
    kept = [perspective.name for perspective in graph.document.perspectives]
    known = f"its perspectives are {', '.join(kept)}" if kept else "it keeps no perspectives"
    asked = " or ".join(repr(name) for name in names)
    raise NotFound(f"map {graph.id!r} has no perspective {asked}: {known}")


def _body_problems(graph: MapGraph, perspective: Perspective) -> list[Problem]:
    """What is wrong with a perspective sent alone, at the paths of its body (``base_scores.x``, ``name``)."""
    problems = scenario_problems(
        graph.document, base_scores=perspective.base_scores, weights=perspective.weights
    )
    if perspective.name in RESERVED_PERSPECTIVE_NAMES:
        reserved = ", ".join(RESERVED_PERSPECTIVE_NAMES)
        message = f"{perspective.name!r} is a reserved name ({reserved}): choose another"
        problems.insert(0, Problem(path="name", message=message, code="reserved-name"))
    return problems
