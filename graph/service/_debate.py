"""Debate preparation: briefs for each side, the map linter, perspectives and how robust the verdict is.

Briefs, gaps and robustness are reads of one map version (as mapped, or as one of its stored perspectives
reads it): built in the worker pool once per version and parameters and answered as encoded bodies. A
comparison of perspectives sent with the request depends on them, so it is computed per request (in the pool,
like a what-if).
"""

from __future__ import annotations

import functools

import msgspec

from graph.debate import (
    DEFAULT_SAMPLES,
    DEFAULT_SPREAD,
    brief_html,
    brief_markdown,
    build_brief,
    compare_perspectives,
    find_gaps,
    robustness,
    thesis_spread,
    what_if_drawing,
)
from graph.mapgraph import Evaluation, MapGraph, evaluate
from graph.render import check_drawable
from graph.service._perspectives import MapPerspectives
from graph.service._printed import PRINTED_MEDIA, PrintedFormat
from graph.service._reads import Representation
from graph.service._semantics_fit import semantics_for
from schemas import (
    DEFAULT_CONTRIBUTION,
    DEFAULT_SEMANTICS,
    DiagramOptions,
    Gaps,
    MapDocument,
    PerspectiveComparison,
    PerspectiveSet,
    Side,
    Spread,
    WhatIf,
)


class MapDebate(MapPerspectives):
    """Briefs, weak spots, perspectives and robustness of a map version."""

    async def brief(
        self,
        map_id: str,
        side: Side,
        *,
        root: str | None = None,
        semantics: str = DEFAULT_SEMANTICS,
        contribution: str = DEFAULT_CONTRIBUTION,
        format: PrintedFormat = "json",
        top: int = 5,
        version: int | None = None,
        perspective: str | None = None,
    ) -> Representation:
        """The debate brief for ``side`` of ``root`` (default: the map's root), as JSON, Markdown or HTML.

        With ``perspective``, the brief of the map as that stored perspective reads it.

        Raises:
            NotFound: no such map, ``root`` is not one of its nodes, or no such stored perspective.
            InvalidArgumentMap: unknown semantics or contribution function.
        """
        graph, evaluation = await self.evaluation(
            map_id,
            semantics=semantics,
            root=root,
            contribution=contribution,
            version=version,
            perspective=perspective,
        )
        key = (
            "brief",
            side,
            evaluation.root,
            evaluation.semantics,
            evaluation.contribution,
            top,
            perspective,
        )
        spread = await self.spread(graph, evaluation, perspective)
        found = await self.encoded(
            graph, key, functools.partial(build_brief, graph, evaluation, side, top=top, spread=spread)
        )
        if format == "json":
            return found
        body = await self.computed(
            graph,
            (*key, format),
            lambda: self.pool.run(_printed, graph, evaluation, side, top, format, spread),
        )
        return Representation(tag=found.tag, body=body, media_type=PRINTED_MEDIA[format])

    async def gaps(
        self, map_id: str, *, semantics: str = DEFAULT_SEMANTICS, version: int | None = None
    ) -> Representation:
        """The map's weak spots (the linter), errors first.

        Raises:
            NotFound: no such map.
            InvalidArgumentMap: unknown semantics, or one the map cannot take.
        """
        graph = await self.graph(map_id, version)
        semantics = semantics_for(graph, semantics)
        return await self.encoded(graph, ("gaps", semantics), functools.partial(find_gaps, graph, semantics))

    async def document_gaps(self, document: MapDocument, *, semantics: str = DEFAULT_SEMANTICS) -> Gaps:
        """The weak spots of a map document that is not stored (a student's file)."""
        graph = MapGraph(document, 0, {})
        return await self.pool.run(find_gaps, graph, semantics_for(graph, semantics))

    async def document_brief(
        self,
        document: MapDocument,
        side: Side,
        *,
        root: str | None = None,
        semantics: str = DEFAULT_SEMANTICS,
        format: PrintedFormat = "markdown",
        top: int = 5,
    ) -> bytes:
        """The brief of a map document that is not stored, encoded in ``format``.

        Raises:
            NotFound: ``root`` is not one of its nodes.
        """
        graph = MapGraph(document, 0, {})
        evaluation = await self.pool.run(_evaluation, graph, root, semantics)
        spread = await self.pool.run(_spread, graph, evaluation)
        if format == "json":
            return await self.pool.run(_encoded_brief, graph, evaluation, side, top, spread)
        return await self.pool.run(_printed, graph, evaluation, side, top, format, spread)

    async def robustness(
        self,
        map_id: str,
        *,
        root: str | None = None,
        semantics: str = DEFAULT_SEMANTICS,
        spread: float = DEFAULT_SPREAD,
        samples: int = DEFAULT_SAMPLES,
        seed: int = 0,
        version: int | None = None,
        perspective: str | None = None,
    ) -> Representation:
        """The thesis strength with every base score perturbed within ±``spread`` (seeded, reproducible).

        With ``perspective``, the base scores perturbed are that stored perspective's (under its weights).

        Raises:
            NotFound: no such map, ``root`` is not one of its nodes, or no such stored perspective.
        """
        graph = await self.read_as(map_id, version, perspective)
        semantics = semantics_for(graph, semantics)
        key = ("robustness", root or graph.root, semantics, spread, samples, seed, perspective)
        run = functools.partial(
            robustness, graph, root=root, semantics=semantics, spread=spread, samples=samples, seed=seed
        )
        return await self.encoded(graph, key, run)

    async def what_if_diagram(self, map_id: str, request: WhatIf, options: DiagramOptions) -> bytes:
        """The scenario of a what-if drawn by Graphviz, every node it moved marked; nothing is written.

        Raises:
            InvalidArgumentMap: the request does not fit the map.
            OverBudget, RenderError, RenderTimeout, DeadlineExceeded: as ``MapService.diagram``.
        """
        check_drawable(await self.graph(map_id), options)  # refuse before paying for the scores
        graph, baseline = await self.evaluation(
            map_id, semantics=request.semantics, root=request.root, contribution=request.contribution
        )
        return await self.pool.run(what_if_drawing, graph, request, baseline, options)

    async def compare_perspectives(
        self,
        map_id: str,
        perspectives: PerspectiveSet,
        *,
        root: str | None = None,
        semantics: str = DEFAULT_SEMANTICS,
    ) -> PerspectiveComparison:
        """The thesis under the map as mapped and under each perspective sent, and where they part ways.

        Raises:
            NotFound: no such map, or ``root`` is not one of its nodes.
            InvalidArgumentMap: a perspective names nodes or relations the map lacks, or repeats a name.
        """
        graph = await self.graph(map_id)
        compare = functools.partial(
            compare_perspectives,
            graph,
            perspectives.perspectives,
            root=root,
            semantics=semantics_for(graph, semantics),
        )
        return await self.pool.run(compare)


def _printed(
    graph: MapGraph, evaluation: Evaluation, side: Side, top: int, format: PrintedFormat, spread: Spread
) -> bytes:
    brief = build_brief(graph, evaluation, side, top=top, spread=spread)
    return (brief_markdown(brief) if format == "markdown" else brief_html(brief)).encode()


def _evaluation(graph: MapGraph, root: str | None, semantics: str) -> Evaluation:
    return evaluate(graph, root=root, semantics=semantics)


def _encoded_brief(graph: MapGraph, evaluation: Evaluation, side: Side, top: int, spread: Spread) -> bytes:
    return msgspec.json.encode(build_brief(graph, evaluation, side, top=top, spread=spread))


def _spread(graph: MapGraph, evaluation: Evaluation) -> Spread:
    return thesis_spread(graph, root=evaluation.root, semantics=evaluation.semantics)
