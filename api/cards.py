"""Cards to share: a map's or a claim's 1200x630 picture, for posts, chats and Open Graph previews.

A card is the diagram's ``card`` layout under its own short URL: the weighed node (the map's thesis, or the
claim) with its best quote and whose words it is, its strength in plain words, and the heaviest nodes for and
against it. Drawn once per map version, like every diagram; with ``version`` it never changes.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import Parameter

from api.diagrams import CACHE_CONTROL, DIAGRAM_RESPONSES
from api.http import represent
from api.maps import MAP_ID
from api.markup import map_path, with_query
from api.params import IMMUTABLE, SEMANTICS, VERSION
from api.policy import EXPENSIVE_READ
from graph.render import FORMATS
from graph.service import MapService, Representation
from schemas import DEFAULT_SEMANTICS, DiagramFormat, DiagramOptions, Layout, Semantics

CARD_SIZE = (1200, 630)
"""A card's width and height in pixels: what Open Graph and Twitter's large cards show."""
CLAIM_ID = Annotated[str, Parameter(description="The node the card is about.", max_length=200)]


def card_options(fmt: DiagramFormat, semantics: Semantics, root: str | None = None) -> DiagramOptions:
    """The diagram options of a card: the ``card`` layout at exactly 1200x630, weighing ``root``.

    Example:
        >>> from schemas import Semantics
        >>> options = card_options("png", Semantics.QE, "some-claim")
        >>> (options.layout.value, options.width, options.height, options.root)
        ('card', 1200, 630, 'some-claim')
    """
    width, height = CARD_SIZE
    return DiagramOptions(
        format=fmt, layout=Layout.CARD, width=width, height=height, root=root, semantics=semantics
    )


def card_path(map_id: str, claim_id: str | None = None, version: int | None = None, fmt: str = "png") -> str:
    """The path of a card: the map's, or a claim's; of a fixed version, or the current.

    Example:
        >>> card_path("m", "a claim", 3)
        '/claims/m/a%20claim/card.png?version=3'
        >>> card_path("m")
        '/maps/m/card.png'
    """
    if claim_id is None:
        path = f"{map_path(map_id)}/card.{fmt}"
    else:
        path = f"/claims/{quote(map_id, safe='')}/{quote(claim_id, safe='')}/card.{fmt}"
    return with_query(path, {} if version is None else {"version": str(version)})


async def _card(
    request: Request[Any, Any, Any],
    service: MapService,
    map_id: str,
    options: DiagramOptions,
    version: int | None,
) -> Response[bytes]:
    tag, data = await service.diagram(map_id, options, version=version)
    response = represent(request, Representation(tag=tag, body=data, media_type=FORMATS[options.format]))
    if version is not None:
        response.headers["Cache-Control"] = IMMUTABLE
    return response


_DOC = (
    "Exactly 1200x630 px: the {what} with its best quote and whose words it is, its strength in plain words, "
    "and the nodes carrying the most weight for and against it. Answers `ETag`; with `version` it may be "
    "cached for a year. Rate limited like diagrams."
)


class CardController(Controller):
    """Cards of maps and claims, as PNG (for posts) and SVG."""

    tags = ["maps"]

    @get(
        "/maps/{map_id:str}/card.png",
        operation_id="getMapCard",
        summary="The map's card to share (PNG)",
        description=_DOC.format(what="map's thesis"),
        **EXPENSIVE_READ.declared(),
        responses=DIAGRAM_RESPONSES,
        media_type="image/png",
        response_headers=[CACHE_CONTROL],
    )
    async def map_card_png(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
        version: VERSION = None,
    ) -> Response[bytes]:
        """The map's card, a 1200x630 PNG."""
        return await _card(request, service, map_id, card_options("png", semantics), version)

    @get(
        "/maps/{map_id:str}/card.svg",
        operation_id="getMapCardSvg",
        summary="The map's card to share (SVG)",
        description=_DOC.format(what="map's thesis"),
        **EXPENSIVE_READ.declared(),
        responses=DIAGRAM_RESPONSES,
        media_type="image/svg+xml",
        response_headers=[CACHE_CONTROL],
    )
    async def map_card_svg(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
        version: VERSION = None,
    ) -> Response[bytes]:
        """The map's card, a 1200x630 SVG."""
        return await _card(request, service, map_id, card_options("svg", semantics), version)

    @get(
        "/claims/{map_id:str}/{claim_id:str}/card.png",
        operation_id="getClaimCard",
        summary="A claim's card to share (PNG)",
        description=_DOC.format(what="claim, who says it,"),
        **EXPENSIVE_READ.declared(),
        responses=DIAGRAM_RESPONSES,
        media_type="image/png",
        response_headers=[CACHE_CONTROL],
    )
    async def claim_card_png(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        claim_id: CLAIM_ID,
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
        version: VERSION = None,
    ) -> Response[bytes]:
        """A claim's card, a 1200x630 PNG."""
        return await _card(request, service, map_id, card_options("png", semantics, claim_id), version)

    @get(
        "/claims/{map_id:str}/{claim_id:str}/card.svg",
        operation_id="getClaimCardSvg",
        summary="A claim's card to share (SVG)",
        description=_DOC.format(what="claim, who says it,"),
        **EXPENSIVE_READ.declared(),
        responses=DIAGRAM_RESPONSES,
        media_type="image/svg+xml",
        response_headers=[CACHE_CONTROL],
    )
    async def claim_card_svg(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        claim_id: CLAIM_ID,
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
        version: VERSION = None,
    ) -> Response[bytes]:
        """A claim's card, a 1200x630 SVG."""
        return await _card(request, service, map_id, card_options("svg", semantics, claim_id), version)
