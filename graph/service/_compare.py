"""Maps of one source side by side: two maps compared (a teacher's notes), and a source's coverage by maps.

Both read maps other than the one a request's path names, so both take the caller and check every map they
read: one the caller may not read is answered as one that does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from graph.accounts import Principal
from graph.compare import (
    DEFAULT_TOP,
    MAX_TOP,
    common_sources,
    compare_maps,
    comparison_html,
    comparison_markdown,
    coverage_html,
    map_crux,
    source_coverage,
)
from graph.errors import InvalidArgumentMap, NotFound, OverBudget
from graph.mapgraph import MapGraph
from graph.service._access import MapAccessRules
from graph.service._classroom import Classroom
from graph.service._printed import PRINTED_MEDIA, PrintedFormat
from graph.service._reads import Representation
from graph.service._semantics_fit import semantics_for
from graph.service._tags import content_tag, version_tag
from schemas import DEFAULT_SEMANTICS, MapComparison, MapVerdict, Problem, Source, SourceCoverage

COMPARE_TOP = DEFAULT_TOP
"""Base-score and weight differences a comparison lists unless asked for another number."""
MAX_COMPARE_TOP = MAX_TOP
MAX_COVERAGE_MAPS = 200
"""Maps one coverage counts at most (each is read whole): a class, or a newsroom's desk, many times over."""


class MapComparisons(MapAccessRules):
    """Two maps of one source compared, and how much of a source the maps a caller may read quote."""

    classroom: Classroom

    async def compare(
        self,
        map_id: str,
        other_id: str,
        *,
        caller: Principal,
        format: PrintedFormat = "json",
        top: int = COMPARE_TOP,
    ) -> Representation:
        """Maps ``map_id`` (A) and ``other_id`` (B) compared on the sources both cite: JSON, Markdown or HTML.

        Built once per pair of versions, ``top`` and format, and tagged by both versions.

        Raises:
            NotFound: either map does not exist, or ``caller`` may not read it.
            InvalidArgumentMap: the two maps cite no common source, or one cannot be scored.
        """
        for checked in (map_id, other_id):
            await self.authorize(caller, checked, write=False)
        a, b = await self.graph(map_id), await self.graph(other_id)
        common_sources(a, b)  # refuse before paying for the scores
        verdicts = (await self._verdict(a), await self._verdict(b))
        body = await self.computed(
            a,
            ("compare", b.id, b.version, top, format),
            lambda: self.pool.run(_printed_comparison, a, b, verdicts, top, format),
        )
        tag = version_tag(map_id, a.version, f"compare-{b.id}-v{b.version}", top, format)
        return Representation(tag=tag, body=body, media_type=PRINTED_MEDIA[format])

    async def map_crux(
        self, map_id: str, other_id: str, *, caller: Principal, semantics: str = DEFAULT_SEMANTICS
    ) -> Representation:
        """The crux of A's verdict against B's numbers on the points both make (``graph.compare.map_crux``).

        Built once per pair of versions and semantics, in the pool, and tagged by both versions.

        Raises:
            NotFound: either map does not exist, or ``caller`` may not read it.
            InvalidArgumentMap: the two maps cite no common source, or A cannot be scored that way.
            OverBudget: too many disagreements bear on A's root.
        """
        for checked in (map_id, other_id):
            await self.authorize(caller, checked, write=False)
        a, b = await self.graph(map_id), await self.graph(other_id)
        common_sources(a, b)
        canonical = semantics_for(a, semantics).value
        verdicts = (await self._verdict(a), await self._verdict(b))
        body = await self.computed(
            a,
            ("map-crux", b.id, b.version, canonical),
            lambda: self.pool.run(_encoded_crux, a, b, verdicts, canonical),
        )
        tag = version_tag(map_id, a.version, f"crux-{b.id}-v{b.version}", canonical)
        return Representation(tag=tag, body=body, media_type=PRINTED_MEDIA["json"])

    async def _verdict(self, graph: MapGraph) -> MapVerdict:
        """Where the map's root ends under the default semantics, from the evaluation every view shares."""
        graph, evaluation = await self.evaluation(graph.id, version=graph.version)
        return MapVerdict(
            map_id=graph.id,
            version=graph.version,
            title=graph.document.title,
            root=evaluation.root,
            root_text=graph.nodes[evaluation.root].text,
            semantics=evaluation.semantics,
            strength=evaluation.strengths.strengths[evaluation.root],
        )

    async def coverage(
        self,
        source_id: str,
        *,
        caller: Principal,
        maps: Sequence[str] | None = None,
        assignment: str | None = None,
    ) -> SourceCoverage:
        """The source in sentences, each with how many of ``maps`` quote any part of it.

        ``maps`` defaults to every map ``caller`` may read that cites the source; ``assignment`` counts the
        maps its students started instead (for its teachers and admins).

        Raises:
            NotFound: no such source, none ``caller`` may read, or a map of ``maps`` that does not exist or
                that ``caller`` may not read (named).
            InvalidArgumentMap: a map of ``maps`` does not cite the source (named).
            OverBudget: more than ``MAX_COVERAGE_MAPS`` maps to count.
            NotFound, Forbidden, InvalidArgumentMap: as ``Classroom.assignment_maps`` for ``assignment``;
                both ``maps`` and ``assignment`` (422).
        """
        source, graphs = await self._coverage_of(source_id, caller, maps, assignment)
        return await self.pool.run(source_coverage, source, graphs)

    async def coverage_page(
        self,
        source_id: str,
        *,
        caller: Principal,
        maps: Sequence[str] | None = None,
        assignment: str | None = None,
    ) -> Representation:
        """``coverage`` as a standalone HTML page, each sentence shaded by its count; tagged by its bytes."""
        source, graphs = await self._coverage_of(source_id, caller, maps, assignment)
        body = await self.pool.run(_coverage_page, source, graphs)
        return Representation(tag=content_tag(body), body=body, media_type=PRINTED_MEDIA["html"])

    async def _coverage_of(
        self, source_id: str, caller: Principal, maps: Sequence[str] | None, assignment: str | None
    ) -> tuple[Source, list[MapGraph]]:
        if maps and assignment is not None:
            message = "count the maps of maps= or those of assignment=, not both"
            raise InvalidArgumentMap(message, [Problem(path="assignment", message=message, code="both")])
        source, cited_by = await self.store.source(source_id)
        readable = await self.readable(caller)
        visible = cited_by if readable is None else sorted(set(cited_by) & set(readable))
        if not visible and assignment is None:
            raise NotFound(f"there is no source {source_id!r}")
        if assignment is not None:
            wanted = await self.classroom.assignment_maps(caller, assignment, source_id)
        else:
            wanted = list(dict.fromkeys(maps)) if maps else visible
        if len(wanted) > MAX_COVERAGE_MAPS:
            raise OverBudget(
                f"{len(wanted)} maps to count: at most {MAX_COVERAGE_MAPS}; name fewer with maps="
            )
        graphs = []
        for map_id in wanted:
            await self.authorize(caller, map_id, write=False)
            graph = await self.graph(map_id)
            if source_id not in graph.sources:
                raise InvalidArgumentMap(
                    f"map {map_id!r} does not cite source {source_id!r}: only maps of that text are counted",
                    [
                        Problem(
                            path="maps", message=f"{map_id!r} does not cite {source_id!r}", code="not-cited"
                        )
                    ],
                )
            graphs.append(graph)
        return source, graphs


def _printed_comparison(
    a: MapGraph, b: MapGraph, verdicts: tuple[MapVerdict, MapVerdict], top: int, format: PrintedFormat
) -> bytes:
    comparison: MapComparison = compare_maps(a, b, verdicts, top=top)
    if format == "markdown":
        return comparison_markdown(comparison).encode()
    if format == "html":
        return comparison_html(comparison).encode()
    return msgspec.json.encode(comparison)


def _encoded_crux(a: MapGraph, b: MapGraph, verdicts: tuple[MapVerdict, MapVerdict], semantics: str) -> bytes:
    return msgspec.json.encode(map_crux(a, b, verdicts, semantics=semantics))


def _coverage_page(source: Source, graphs: list[MapGraph]) -> bytes:
    return coverage_html(source_coverage(source, graphs), source.text or "").encode()
