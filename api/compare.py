"""Maps of one source side by side: ``/maps/{map_id}/compare/{other_id}``, ``/sources/{source_id}/coverage``.

The app's guard checks the map a path names in ``{map_id}``; every other map these read (``other_id``, the
maps of ``maps=``) is checked by the service, with the caller passed in.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, MediaType, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import Parameter

from api.debate import PRINTED_PAGE_POLICY, BriefOperation
from api.errors import COMMON_STATUSES, problem_specs
from api.http import represent, represent_value
from api.maps import MAP_ID
from api.params import SEMANTICS
from api.policy import EXPENSIVE_READ
from graph.service import (
    COMPARE_TOP,
    MAX_COMPARE_TOP,
    MAX_COVERAGE_MAPS,
    MapService,
    Principal,
    PrintedFormat,
)
from schemas import DEFAULT_SEMANTICS, MapComparison, MapCrux, SourceCoverage

OTHER_ID = Parameter(description="Map B: the map compared with the one in the path (map A).")
SOURCE_ID = Parameter(description="The source's id.")
FORMAT = Parameter(
    description="json (default, for tools), markdown (notes to edit), or html (a page to read or print)."
)
TOP = Parameter(
    ge=1, le=MAX_COMPARE_TOP, description="How many of the largest base-score and weight differences to list."
)
MAPS = Annotated[
    str | None,
    Parameter(
        max_length=20_000,
        description=(
            f"The maps to count, comma-separated (at most {MAX_COVERAGE_MAPS}); default: every map you may "
            "read that cites the source. One you may not read, or that does not exist, is a 404 naming it; "
            "one that does not cite the source, a 422 naming it."
        ),
    ),
]
ASSIGNMENT = Annotated[
    str | None,
    Parameter(
        max_length=63,
        description=(
            "Count the maps the students of this assignment started (for its group's editors and admins: "
            "a student is refused, 403; another group's assignment is a 404). Not with maps=."
        ),
    ),
]


def _listed(maps: str | None) -> list[str] | None:
    """The ids of a comma-separated list, in order, blanks dropped; None when it names none."""
    ids = [part.strip() for part in (maps or "").split(",") if part.strip()]
    return ids or None


class CompareController(Controller):
    """Two readings of one text compared, and how much of a text the class's maps quote."""

    tags = ["classroom"]

    @get(
        "/maps/{map_id:str}/compare/{other_id:str}",
        operation_id="compareMaps",
        operation_class=BriefOperation,
        summary="Two maps of the same source compared",
        **EXPENSIVE_READ.declared(),
        responses=problem_specs([*COMMON_STATUSES, 422, 429]),
    )
    async def compare(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        map_id: Annotated[str, MAP_ID],
        other_id: Annotated[str, OTHER_ID],
        format: Annotated[PrintedFormat, FORMAT] = "json",
        top: Annotated[int, TOP] = COMPARE_TOP,
    ) -> Response[MapComparison]:
        """The points both maps make, those only one makes, and where they connect or weigh them differently.

        Nodes are matched by the characters their quotes cover (same source), else by their words. Each
        map's verdict is its root's strength under the default semantics. Markdown and HTML read as a
        teacher's notes, never as a grade. 422 when the maps cite no common source, naming both and their
        sources; 404 for a map B you may not read. Answers ``ETag`` (both versions); honours
        ``If-None-Match``.
        """
        found = await service.compare(map_id, other_id, caller=caller, format=format, top=top)
        response = represent(request, found)
        if format == "html":
            # A page of the maps' words: it may style itself, and nothing else (no script, no load, no frame).
            response.headers["Content-Security-Policy"] = PRINTED_PAGE_POLICY
        return response

    @get(
        "/maps/{map_id:str}/compare/{other_id:str}/crux",
        operation_id="mapCrux",
        summary="The crux between two maps of the same source",
        **EXPENSIVE_READ.declared(),
        responses=problem_specs([*COMMON_STATUSES, 413, 422, 429]),
    )
    async def crux(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        map_id: Annotated[str, MAP_ID],
        other_id: Annotated[str, OTHER_ID],
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
    ) -> Response[MapCrux]:
        """The fewest of B's numbers that, taken into map A, carry A's root across 0.5.

        The maps are aligned as ``compare`` aligns them; B's numbers are the base scores it gives the points
        both maps make and the weights of the relations both draw alike. Each member of the crux comes with
        A's root strength with it alone (``alone``) and with the rest but not it (``without``); when even all
        of B's numbers leave A's verdict where it is, ``crux.agree`` is true and ``crux.movers`` lists those
        that move it most. ``counterparts`` names B's node for each of A's named. 422 when the maps cite no
        common source; 404 for a map B you may not read; 413 when too many numbers differ. Answers ``ETag``
        (both versions); honours ``If-None-Match``.
        """
        found = await service.map_crux(map_id, other_id, caller=caller, semantics=semantics)
        return represent(request, found)

    @get(
        "/sources/{source_id:str}/coverage",
        operation_id="sourceCoverage",
        summary="Which sentences of a source the maps quote",
        **EXPENSIVE_READ.declared(),
        responses=problem_specs([*COMMON_STATUSES, 403, 413, 422, 429]),
    )
    async def coverage(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        source_id: Annotated[str, SOURCE_ID],
        maps: MAPS = None,
        assignment: ASSIGNMENT = None,
    ) -> Response[SourceCoverage]:
        """The source in sentences, each with its offsets and how many of the maps quote any part of it.

        ``text[start:end]`` of the source is each sentence exactly. Answers ``ETag``; honours
        ``If-None-Match``.
        """
        found = await service.coverage(source_id, caller=caller, maps=_listed(maps), assignment=assignment)
        return represent_value(request, found)

    @get(
        "/sources/{source_id:str}/coverage.html",
        operation_id="sourceCoveragePage",
        summary="A source shaded by how many maps quote each sentence",
        media_type=MediaType.HTML,
        **EXPENSIVE_READ.declared(),
        responses=problem_specs([*COMMON_STATUSES, 403, 413, 422, 429]),
    )
    async def coverage_page(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        source_id: Annotated[str, SOURCE_ID],
        maps: MAPS = None,
        assignment: ASSIGNMENT = None,
    ) -> Response[str]:
        """A page of the source's text, each sentence shaded by how many maps quote it, its count in words.

        A legend says how to read it; no script. Answers ``ETag``; honours ``If-None-Match``.
        """
        found = await service.coverage_page(
            source_id, caller=caller, maps=_listed(maps), assignment=assignment
        )
        response = represent(request, found, kept=False)
        response.headers["Content-Security-Policy"] = PRINTED_PAGE_POLICY
        return response
