"""``/drafts``: an unsaved map document checked, scored and drawn, for the editor as one types.

The body is a map document as a save takes it (JSON or YAML, quotes by their words or with offsets); nothing
is stored. Only signed-in authors may send one, from this site's own pages, within the computation rate limit.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, post
from litestar.di import NamedDependency
from litestar.status_codes import HTTP_200_OK

from api.errors import COMMON_STATUSES, problem_specs
from api.http import read_map_body
from api.maps import MapDocumentBodyOperation
from api.params import SEMANTICS
from api.policy import DRAFTING
from graph.service import MapService, Principal
from schemas import DEFAULT_SEMANTICS, DraftCheck

DRAFT_ERRORS = problem_specs([*COMMON_STATUSES, 401, 403, 413, 415, 422, 429])


class DraftController(Controller):
    """Checks and drawings of map documents that are not saved."""

    path = "/drafts"
    tags = ["maps"]

    @post(
        "/check",
        operation_id="checkDraft",
        operation_class=MapDocumentBodyOperation,
        summary="Check and score an unsaved map document",
        **DRAFTING.declared(),
        status_code=HTTP_200_OK,
        responses=DRAFT_ERRORS,
    )
    async def check(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
    ) -> DraftCheck:
        """The document's problems, or its strengths and the map linter's findings; nothing is stored.

        ``valid`` false: every problem a save would refuse the document for, and nothing scored. ``valid``
        true: each node's strength under ``semantics``, the node they are weighed against (``root``), and the
        linter's findings.
        """
        body, media = await read_map_body(request)
        return await service.check_draft(body, media, caller=caller, semantics=semantics)

    @post(
        "/diagram",
        operation_id="drawDraft",
        operation_class=MapDocumentBodyOperation,
        summary="Draw an unsaved map document",
        **DRAFTING.declared(),
        status_code=HTTP_200_OK,
        media_type="image/svg+xml",
        responses=DRAFT_ERRORS,
    )
    async def diagram(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
    ) -> Response[bytes]:
        """The document drawn by Graphviz as SVG, as the viewer draws a stored map; nothing is stored.

        A document with problems is a 422 listing them. At most 400 nodes (413 beyond), Graphviz 8 s (422
        beyond).
        """
        body, media = await read_map_body(request)
        svg = await service.draw_draft(body, media, caller=caller, semantics=semantics)
        return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


DRAFT_HANDLERS: list[type[Controller]] = [DraftController]
"""What ``api.app`` registers."""
