"""The browser viewer: ``/`` lists the maps, ``/maps/{id}/view`` shows one, ``/maps/{id}/embed`` frames one.

Pages are server-rendered HTML around the map's SVG, plus one small script and one stylesheet served from
``/static`` (no CDN, no build step). Every map text reaches a page through ``esc`` (or, in the script,
``textContent``), and the Content-Security-Policy forbids inline script, so a claim can never run code.
Only the embed page may be framed by other sites.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import msgspec
from litestar import Controller, MediaType, Request, Response, Router, get
from litestar.di import NamedDependency, Provide
from litestar.params import Parameter
from litestar.static_files import create_static_files_router
from litestar.types import ExceptionHandlersMap

from api.cards import card_path
from api.diagrams import DIRECTION, LABELS, WIDTH
from api.errors import BAD_REQUEST, COMMON_STATUSES, ApiProblem, problem_specs
from api.http import public_origin
from api.maps import MAP_ID
from api.markup import esc, map_path, with_query
from api.narrow import is_wide, narrow_list
from api.page_policy import html_page
from api.pages_accounts import problem_page
from api.params import CONTRIBUTION, MAX_VERSION, ROOT, SEMANTICS, VERSION
from api.pinning import EMBED_SIZE, current_query, embed_snippets, pinned_query, version_line
from api.policy import PAGE
from api.viewer_classroom import feedback_section, form_perspective, perspective_menu
from graph.errors import NotFound
from graph.mapgraph import MapGraph
from graph.render import claim_href
from graph.service import MapService, Principal
from graph.words import counted_kind
from schemas import (
    DEFAULT_CONTRIBUTION,
    DEFAULT_SEMANTICS,
    MAX_PIXELS,
    MIN_PIXELS,
    ContributionFunction,
    DiagramOptions,
    Direction,
    Labels,
    Layout,
    MapSummary,
    Scores,
    Semantics,
)

N = TypeVar("N", int, float)

STATIC_DIR = Path(__file__).parent / "static"
VIEW_TOP = 12
"""The viewer starts with the 12 heaviest nodes: a hundred-node map drawn whole is unreadable on a screen."""
SEMANTICS_CHOICES = tuple(semantics.value for semantics in Semantics if semantics.handles_supports)
"""The menu offers the semantics a map can be scored with (every map may have supports)."""
CONTRIBUTION_CHOICES = tuple(function.value for function in ContributionFunction)
LAYOUT_CHOICES = tuple(layout.value for layout in Layout)
EMBED_CHROME = 48
"""Pixels an embed page adds under its drawing (the link to the viewer), for oEmbed's height."""
_EMBEDDABLE = re.compile(r"^/maps/(?P<map>[^/]+)/(?:view|embed)/?$")

VIEW_TOP_PARAM = Annotated[
    int | None,
    Parameter(ge=0, le=500, description="Draw the N heaviest nodes and the root; 0 draws the whole map."),
]
# The redraw form sends its empty fields as "", which means "no limit": these two are parsed by hand.
FORM_DEPTH = Annotated[
    str | None,
    Parameter(
        max_length=10, description="Draw nodes at most this many relations below the root; empty: all."
    ),
]
FORM_MIN_WEIGHT = Annotated[
    str | None,
    Parameter(
        max_length=20, description="Hide nodes carrying less than this share (0 to 1) of the heaviest's."
    ),
]
SINCE = Annotated[
    int | None,
    Parameter(
        ge=1,
        le=MAX_VERSION,
        description="Mark the nodes added or changed since this version (an earlier one).",
    ),
]
# The perspective menu's "as mapped" choice sends perspective="": parsed by hand too.
FORM_PERSPECTIVE = Annotated[
    str | None,
    Parameter(max_length=80, description="Read the map as this stored perspective of it; empty: as mapped."),
]
LEGEND_PARAM = Annotated[bool, Parameter(description="Include the how-to-read key in the drawing.")]
# The form's "screen (fit)" choice sends layout="", which means none: parsed by hand too.
FORM_LAYOUT = Annotated[
    str | None,
    Parameter(
        max_length=20,
        description=f"Draw for a place, as the diagram's layout ({', '.join(LAYOUT_CHOICES)}); empty: none.",
    ),
]


def publisher_line(request: Request[Any, Any, Any]) -> str:
    """The publisher's name above a page's title (``ARGMAP_PUBLISHER_NAME``), in the accent; or nothing."""
    publisher = request.app.state.settings.house.publisher
    return f'<p class="publisher">{esc(publisher)}</p>' if publisher else ""


def page(
    title: str,
    body: str,
    *,
    frameable: bool = False,
    head: str = "",
    body_class: str = "",
    scripts: tuple[str, ...] = (),
) -> Response[str]:
    """A viewer page: ``body`` (already escaped markup) with ``viewer.js``.

    ``scripts``: more of ``/static``'s scripts the page runs, before ``viewer.js`` and in this order.
    """
    return html_page(
        title, body, scripts=(*scripts, "viewer.js"), head=head, body_class=body_class, frameable=frameable
    )


def inline_svg(svg: bytes, label: str) -> str:
    """Graphviz's SVG file as an element to put in a page: from ``<svg`` on, labelled for screen readers.

    Graphviz writes every text as XML character data, so the markup is safe to inline; the prologue and
    doctype are dropped because they are not allowed inside HTML.
    """
    text = svg.decode("utf-8")
    start = text.find("<svg")
    if start < 0:
        raise ValueError("not an SVG document")
    return text[start:].replace("<svg", f'<svg role="group" aria-label="{esc(label)}"', 1)


def form_number(name: str, text: str | None, kind: type[N], low: N, high: N) -> N | None:
    """A number from a form field: empty means none; anything else must be a number in [low, high].

    Example:
        >>> form_number("depth", "", int, 0, 100) is None
        True
        >>> form_number("min_weight", "0.25", float, 0.0, 1.0)
        0.25

    Raises:
        ApiProblem: 400 for text that is not such a number.
    """
    if text is None or not text.strip():
        return None
    try:
        value = kind(text.strip())
    except ValueError:
        raise ApiProblem(BAD_REQUEST, f"{name}: expected a number, got {text!r}") from None
    if not low <= value <= high:
        raise ApiProblem(BAD_REQUEST, f"{name}: must be between {low} and {high}, got {text!r}")
    return value


def form_layout(text: str | None) -> Layout | None:
    """A layout from a form field: empty means none.

    Raises:
        ApiProblem: 400 for a name that is not a layout.
    """
    if not text:
        return None
    try:
        return Layout(text)
    except ValueError:
        raise ApiProblem(
            BAD_REQUEST, f"layout: expected one of {', '.join(LAYOUT_CHOICES)}, got {text!r}"
        ) from None


def view_query(options: DiagramOptions, top: int | None, version: int | None = None) -> dict[str, str]:
    """The viewer's query parameters for ``options``, leaving out defaults so links stay short."""
    pairs: dict[str, str] = {}
    defaults = DiagramOptions()
    fields: tuple[str, ...] = ("root", "semantics", "contribution", "depth", "min_weight", "direction")
    fields += ("labels", "layout", "perspective")
    for field in (*fields, "width"):
        value = getattr(options, field)
        if value is not None and value != getattr(defaults, field):
            pairs[field] = str(value)
    if top is not None and top != VIEW_TOP:
        pairs["top"] = str(top)
    if not options.legend:
        pairs["legend"] = "false"
    if version is not None:
        pairs["version"] = str(version)
    return pairs


def default_source(graph: MapGraph) -> str:
    """The source a quote without ``source`` indexes: the map's only source with text (else its first)."""
    sources = graph.document.sources
    with_text = [source.id for source in sources if source.text]
    if len(with_text) == 1:
        return with_text[0]
    return sources[0].id if sources else ""


def _select(name: str, label: str, choices: tuple[str, ...], chosen: str, *, blank: str = "") -> str:
    options = "".join(
        f'<option value="{esc(choice)}"{" selected" if choice == chosen else ""}>'
        f"{esc(choice or blank)}</option>"
        for choice in choices
    )
    return f'<label>{esc(label)} <select name="{esc(name)}">{options}</select></label>'


def _number(name: str, label: str, value: object, *, minimum: str, maximum: str, step: str = "1") -> str:
    shown = "" if value is None else esc(value)
    return (
        f'<label>{esc(label)} <input type="number" name="{esc(name)}" value="{shown}" '
        f'min="{minimum}" max="{maximum}" step="{step}" inputmode="decimal"></label>'
    )


def controls(
    graph: MapGraph, options: DiagramOptions, top: int | None, kept: dict[str, str] | None = None
) -> str:
    """The redraw form: a plain GET form, so it works without the script too.

    ``kept``: parameters a redraw keeps as they are (the fixed version, the version changes are marked since).
    """
    hidden = "".join(
        f'<input type="hidden" name="{esc(name)}" value="{esc(value)}">'
        for name, value in (kept or {}).items()
    )
    thesis = graph.nodes[graph.root]
    # The empty value is the map's own root: the whole map stays drawn until a reader picks a focus.
    roots = f'<option value="">the map\'s root: {esc(thesis.text[:80])}</option>' + "".join(
        f'<option value="{esc(node.id)}"{" selected" if node.id == options.root else ""}>'
        f"{esc(node.kind.value)}: {esc(node.text[:80])}</option>"
        for node in sorted(graph.document.nodes, key=lambda n: (n.kind.value, n.id))
    )
    return (
        f'<form class="controls" method="get" action="/maps/{esc(quote(graph.id, safe=""))}/view" '
        'aria-label="Redraw the map">'
        + _select("semantics", "Semantics", SEMANTICS_CHOICES, options.semantics)
        + _select("contribution", "Contribution", CONTRIBUTION_CHOICES, options.contribution)
        + f'<label class="wide">Focus on <select name="root">{roots}</select></label>'
        + _number("depth", "Depth", options.depth, minimum="0", maximum="100")
        + _number("top", "Top (0 = all)", top, minimum="0", maximum="500")
        + _number(
            "min_weight", "Min. weight share", options.min_weight, minimum="0", maximum="1", step="0.05"
        )
        + _select("direction", "Direction", ("BT", "TB", "LR", "RL"), options.direction)
        + _select("labels", "Labels", ("short", "full"), options.labels)
        + _select("layout", "Layout", ("", *LAYOUT_CHOICES), options.layout or "", blank="screen (fit)")
        + hidden
        + '<button type="submit">Redraw</button></form>'
    )


def text_alternative(graph: MapGraph, scores: Scores, drawn: list[str]) -> str:
    """The drawn nodes as a list, heaviest first: the diagram's text version, and a keyboard way in."""
    rows = {row.id: row for row in scores.scores}
    order = sorted(
        drawn,
        key=lambda i: (
            (i != scores.root, rows[i].rank is None, rows[i].rank or 0, i)
            if i in rows
            else (True, True, 0, i)
        ),
    )
    items = []
    for node_id in order:
        node, row = graph.nodes[node_id], rows.get(node_id)
        figures = ""
        if row is not None:
            sign = "pro" if row.contribution > 0 else "con" if row.contribution < 0 else "neutral"
            rank = "root" if row.id == scores.root else row.unranked or f"rank {row.rank}"
            figures = f" ({rank}, strength {row.strength:.2f}, contribution {row.contribution:+.3f}, {sign})"
        items.append(
            f'<li><a href="{esc(claim_href(graph.id, node_id))}" data-node="{esc(node_id)}">'
            f"{esc(node.text)}</a> "
            f'<span class="meta">{esc(node.kind.value)}{esc(figures)}</span></li>'
        )
    return (
        '<details class="text-version"><summary>Text version of this diagram '
        f"({len(drawn)} nodes, heaviest first)</summary><ol>{''.join(items)}</ol></details>"
    )


def spread_note(scores: Scores) -> str:
    """The thesis's reading and its spread under the drawing: one number never travels alone."""
    if scores.spread is None:
        return ""
    return (
        f'<p class="thesis-reading" id="thesis-reading">{esc(scores.reading)} '
        f'<span class="spread">{esc(scores.spread.reading)}</span></p>'
    )


PANEL = (
    '<aside id="panel" class="panel" tabindex="-1" aria-live="polite" aria-labelledby="panel-heading">'
    '<h2 id="panel-heading">Node details</h2><p>Select a node in the diagram to see its text, who says it, '
    "its quotes and evidence, and how much weight it carries.</p></aside>"
)


def whatif_section(root_text: str, strength: float) -> str:
    """The what-if box: the root's strength before and after the reader's changes, and what moved most."""
    return (
        '<section id="whatif" class="whatif" aria-labelledby="whatif-heading">'
        '<h2 id="whatif-heading">What if…</h2>'
        "<p>Select a node, then move its base score or take it (or one of its relations) out: the root is "
        "recomputed. Nothing is saved.</p>"
        f'<p class="root-strength">Root: <span class="root-text">{esc(root_text[:140])}</span><br>'
        f'strength <strong id="whatif-before">{strength:.3f}</strong> → '
        f'<strong id="whatif-after">{strength:.3f}</strong> '
        '<span id="whatif-delta" class="delta">(no change)</span></p>'
        '<p id="whatif-status" class="status" role="status"></p>'
        '<h3>Changed most</h3><ol id="whatif-changes"></ol>'
        '<button type="button" id="whatif-reset">Reset what-if</button></section>'
    )


def embed_section(base: str, graph: MapGraph, query: dict[str, str], view_url: str) -> str:
    """How to embed this drawing: iframes (this version fixed, or always current), oEmbed, pictures.

    ``query`` is the page's, ``view_url`` the page's own URL; both name the version only on a fixed one.
    """
    diagram = f"{map_path(graph.id)}/diagram"
    # Pictures drawn for where they go, at reading size, of this version: the page's own choices, else an
    # article column.
    drawing = pinned_query(current_query(query), graph.version)
    drawing.setdefault("layout", Layout.ARTICLE.value)

    def picture(layout: Layout | None = None, fmt: str = "svg") -> str:
        chosen = drawing if layout is None else {k: v for k, v in drawing.items() if k != "width"}
        return with_query(
            diagram, {**chosen, **({} if layout is None else {"layout": layout.value}), "format": fmt}
        )

    svg_link, png_link = picture(), picture(fmt="png")
    slide_link = picture(Layout.SLIDE, "png")
    card_link = card_path(graph.id, query.get("root") or None, graph.version)
    oembed = with_query("/oembed", {"url": view_url})
    return (
        '<details class="embed"><summary>Embed this diagram</summary>'
        f"{embed_snippets(base, graph.id, graph.document.title, query, graph.version)}"
        "<p>Publishing systems that support oEmbed can embed "
        f'<a href="{esc(view_url)}">this page\'s URL</a> directly '
        f'(<a href="{esc(oembed)}">oEmbed</a>; it fixes the version too, unless asked with '
        "<code>pin=false</code>). "
        f'A picture of version {graph.version} instead: <a href="{esc(svg_link)}">SVG</a>, '
        f'<a href="{esc(png_link)}">PNG</a>, <a href="{esc(slide_link)}">a slide</a>, '
        f'<a href="{esc(card_link)}">a card to share</a>.</p>'
        "</details>"
    )


def share_tags(
    base: str, graph: MapGraph, page_url: str, *, root: str | None = None, version: int | None = None
) -> str:
    """Open Graph and Twitter card tags: what a post or a chat shows for a link to this page.

    The picture is the map's card, or the card of the node the page is focused on (``root``), of the
    version the page is fixed at (``version``).

    Example:
        >>> from schemas import MapDocument
        >>> doc = MapDocument(id="m", title="Tea & cake", sources=[], speakers=[], nodes=[], summary="S")
        >>> tags = share_tags("https://maps.example", MapGraph(doc, 1, {}), "https://maps.example/maps/m/view")
        >>> 'property="og:title" content="Tea &amp; cake"' in tags, "/maps/m/card.png" in tags
        (True, True)
    """
    image = base + card_path(graph.id, root, version)
    focused = graph.nodes[root].text if root is not None and root in graph.nodes else None
    description = " ".join((focused or graph.document.summary or graph.document.title).split())[:300]
    pairs = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", "argmap"),
        ("property", "og:title", graph.document.title),
        ("property", "og:description", description),
        ("property", "og:url", page_url),
        ("property", "og:image", image),
        ("property", "og:image:width", "1200"),
        ("property", "og:image:height", "630"),
        ("property", "og:image:alt", f"Argument map: {graph.document.title}"),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:image", image),
    ]
    return "".join(f'<meta {kind}="{name}" content="{esc(value)}">' for kind, name, value in pairs)


class OEmbed(msgspec.Struct, frozen=True, kw_only=True):
    """An oEmbed 1.0 ``rich`` response: the iframe a publishing system puts in place of a viewer URL."""

    type: Literal["rich"] = "rich"
    version: Literal["1.0"] = "1.0"
    title: str
    provider_name: str = "argmap"
    provider_url: str
    html: str
    width: int
    height: int
    cache_age: int = 3600


@dataclass(frozen=True, slots=True)
class PageDrawing:
    """What a viewer or embed page draws, from its query: the SVG's options and the ``top`` asked for."""

    options: DiagramOptions
    top: int | None
    version: int | None = None
    """The fixed version asked for (its drawing's links name it)."""

    @property
    def query(self) -> dict[str, str]:
        """The page's query parameters, defaults left out so links stay short."""
        return view_query(self.options, self.top, self.version)


def page_drawing(
    root: ROOT = None,
    semantics: SEMANTICS = DEFAULT_SEMANTICS,
    contribution: CONTRIBUTION = DEFAULT_CONTRIBUTION,
    top: VIEW_TOP_PARAM = None,
    depth: FORM_DEPTH = None,
    min_weight: FORM_MIN_WEIGHT = None,
    direction: DIRECTION = "BT",
    labels: LABELS = "short",
    legend: LEGEND_PARAM = True,
    layout: FORM_LAYOUT = None,
    width: WIDTH = None,
    version: VERSION = None,
    perspective: FORM_PERSPECTIVE = None,
) -> PageDrawing:
    """The drawing a page's query asks for (``top=0``: the whole map); the pages' one set of parameters.

    Without ``top``, a page draws the ``VIEW_TOP`` heaviest nodes, or with a ``layout`` as many as the
    layout chooses.

    Raises:
        ApiProblem: 400 for a ``depth`` or ``min_weight`` field that is not a number in range.
    """
    chosen_layout = form_layout(layout)
    if top is None and chosen_layout is None:
        top = VIEW_TOP
    options = DiagramOptions(
        format="svg",
        root=root or None,
        semantics=semantics,
        contribution=contribution,
        top=top or None,
        depth=form_number("depth", depth, int, 0, 100),
        min_weight=form_number("min_weight", min_weight, float, 0.0, 1.0) or None,
        direction=direction,
        labels=labels,
        legend=legend,
        layout=chosen_layout,
        width=width,
        perspective=form_perspective(perspective),
    )
    return PageDrawing(options, top, version)


def _problem_as_page(request: Request[Any, Any, Any], error: Exception) -> Response[str]:
    """A map not found (or hidden from the caller) for a page for people, drawn as a page."""
    return problem_page(request, error)


# Only a map not found is a page (a person followed a link); a malformed query stays problem+json.
PROBLEMS_AS_PAGES: ExceptionHandlersMap = {NotFound: _problem_as_page}


class ViewerController(Controller):
    """HTML pages for people: the map list, the viewer, the embeddable drawing; and oEmbed."""

    path = "/"
    include_in_schema = False
    opt = PAGE.as_opt()

    @get("/", media_type=MediaType.HTML, cache=False)
    async def index(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
    ) -> Response[str]:
        """Every map the caller may read, with its summary and counts, and links to its viewer and JSON."""
        listing = await service.list_maps(caller)
        cards = "".join(_map_card(summary) for summary in listing.maps) or "<p>No maps yet.</p>"
        body = (
            f'<header class="site">{publisher_line(request)}<h1>argmap</h1><p>Argument maps: the claims, '
            "evidence, caveats and counterpoints of a text, and the weight each carries.</p>"
            '<nav><a href="/schema">API documentation</a> · <a href="/maps">maps as JSON</a></nav></header>'
            f'<main id="main"><h2>Maps</h2><ul class="maps">{cards}</ul></main>'
        )
        return page("argmap: argument maps", body)

    @get(
        "/maps/{map_id:str}/view",
        media_type=MediaType.HTML,
        cache=False,
        dependencies={"drawing": Provide(page_drawing, sync_to_thread=False)},
        exception_handlers=PROBLEMS_AS_PAGES,
    )
    async def view(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        drawing: NamedDependency[PageDrawing],
        caller: NamedDependency[Principal],
        since: SINCE = None,
    ) -> Response[str]:
        """The map's diagram with controls, a side panel for the selected node, and what-if.

        ``since``: the page marks the nodes added or changed since that version (its script reads the diff).
        """
        options, top = drawing.options, drawing.top
        semantics, contribution = options.semantics, options.contribution
        drawn = await service.drawing(map_id, options, version=drawing.version)
        graph, svg, scores = drawn.graph, drawn.svg, drawn.scores
        query = drawing.query
        base = public_origin(request)
        view_url = with_query(f"{base}/maps/{quote(graph.id, safe='')}/view", query)
        title = graph.document.title
        root_node = graph.nodes[scores.root]
        figure = (
            f'<figure id="diagram" class="diagram" data-map="{esc(graph.id)}" data-root="{esc(scores.root)}" '
            f'data-semantics="{esc(semantics)}" data-contribution="{esc(contribution)}" '
            f'data-source="{esc(default_source(graph))}" data-explicit-root="{esc(options.root or "")}" '
            f'data-version="{graph.version}" data-pinned="{"true" if drawing.version else "false"}" '
            f'data-title="{esc(title)}" data-since="{since if since and since < graph.version else ""}" '
            f'data-perspective="{esc(options.perspective or "")}">'
            f'<figcaption id="diagram-caption"><span class="figure-title">{esc(title)}. </span>Select a box '
            "(click, or Tab and Enter) to read it in the panel; arrow keys move between boxes.</figcaption>"
            # The frame scrolls without the script; with it, the script adds zoom, pan and focus mode here.
            '<div class="svg-frame" tabindex="0" role="region" aria-label="The drawing">'
            f"{inline_svg(svg, 'Argument map: ' + title)}</div></figure>"
        )
        whatif = whatif_section(root_node.text, scores.root_strength)
        pinned = drawing.version is not None
        kept = {"version": str(graph.version)} if pinned else {}
        if since:
            kept["since"] = str(since)
        if options.perspective:
            kept["perspective"] = options.perspective
        form = controls(graph, options, top, kept)
        classroom = perspective_menu(graph, options.perspective, query)
        classroom += await feedback_section(service, caller, graph)
        embed = embed_section(base, graph, query, view_url)
        body = (
            '<a class="skip" href="#diagram">Skip to the diagram</a>'
            f'<header class="site">{publisher_line(request)}<p class="site-nav"><a href="/">argmap</a> · '
            f'<a href="{esc(map_path(graph.id))}">JSON</a>'
            f' · <a href="/schema">API docs</a></p><h1>{esc(title)}</h1>'
            f"<p>{esc(graph.document.summary or '')}</p>"
            f"{version_line(graph.id, graph.version, drawn.latest, query, pinned=pinned)}"
            f"{classroom}</header>"
            # The drawing first, the redraw form under it: the reader meets (and tabs to) the map first.
            f'<main id="main" class="viewer"><div class="map-column">{figure}{spread_note(scores)}{form}'
            f"{text_alternative(graph, scores, list(drawn.drawn))}{embed}</div>"
            f"{PANEL}{whatif}</main>"
        )
        oembed_link = (
            '<link rel="alternate" type="application/json+oembed" '
            f'href="{esc(with_query(base + "/oembed", {"url": view_url}))}" title="{esc(title)}">'
        )
        tags = share_tags(base, graph, view_url, root=options.root, version=drawing.version)
        scripts = ("explore.js", "classroom.js")
        return page(f"{title} · argmap", body, head=oembed_link + tags, scripts=scripts)

    @get(
        "/maps/{map_id:str}/embed",
        media_type=MediaType.HTML,
        cache=False,
        dependencies={"drawing": Provide(page_drawing, sync_to_thread=False)},
        exception_handlers=PROBLEMS_AS_PAGES,
    )
    async def embed(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        map_id: Annotated[str, MAP_ID],
        drawing: NamedDependency[PageDrawing],
    ) -> Response[str]:
        """The drawing alone, for an ``<iframe>`` on another site; its boxes open the viewer in a new tab."""
        drawn = await service.drawing(map_id, drawing.options, version=drawing.version)
        graph, svg = drawn.graph, drawn.svg
        view = with_query(f"/maps/{quote(graph.id, safe='')}/view", drawing.query)
        title = graph.document.title
        # A layout's drawing carries its title and caption: the page adds one short line, EMBED_CHROME high.
        words = "Explore this map" if drawing.options.layout else esc(title)
        # Below 480 px a drawing made for a wider frame gives way to the same claims as a list (api.narrow).
        wide = " wide" if is_wide(drawn.size[0]) else ""
        body = (
            f'<figure id="diagram" class="diagram embedded{wide}" data-map="{esc(graph.id)}" '
            f'data-view="{esc(view)}">'
            f'<div class="svg-frame">{inline_svg(svg, "Argument map: " + title)}</div>'
            f"{narrow_list(graph, drawn.scores, list(drawn.drawn), view)}"
            f'<figcaption><a href="{esc(view)}" target="_blank" rel="noopener">{words}</a> '
            "· argument map by argmap</figcaption></figure>"
        )
        base = public_origin(request)
        head = share_tags(base, graph, base + view, root=drawing.options.root, version=drawing.version)
        return page(f"{title} · argmap", body, frameable=True, body_class="embed", head=head)

    @get(
        "/oembed",
        operation_id="oEmbed",
        summary="oEmbed for viewer URLs",
        include_in_schema=True,
        tags=["viewer"],
        responses=problem_specs(COMMON_STATUSES),
    )
    async def oembed(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        url: Annotated[str, Parameter(description="A viewer or embed URL of this server.", max_length=2000)],
        maxwidth: Annotated[
            int | None, Parameter(ge=100, le=4000, description="Largest width in px.")
        ] = None,
        maxheight: Annotated[
            int | None, Parameter(ge=100, le=4000, description="Largest height in px.")
        ] = None,
        format: Annotated[
            Literal["json"], Parameter(description="json, the only format served (xml is refused with 400).")
        ] = "json",
        pin: Annotated[bool, Parameter(description=PIN_DESCRIPTION)] = True,
    ) -> Response[OEmbed]:
        """An oEmbed ``rich`` answer for ``/maps/{id}/view`` (or ``/embed``) URLs: an iframe of the drawing.

        The iframe shows the version the URL names, else the current version, fixed (``version=N`` in its
        URL), so an article keeps showing what it published; ``pin=false`` (here or in the URL) embeds the
        always-current drawing instead. 404 for a URL that is not a map viewer of this server; 400 for
        ``format=xml`` (only JSON is served).
        """
        parts = urlsplit(url)
        match = _EMBEDDABLE.match(parts.path)
        if parts.scheme not in ("http", "https") or match is None:
            raise NotFound("not a map viewer URL: expected http(s)://<this server>/maps/<id>/view")
        base = public_origin(request)
        if f"{parts.scheme}://{parts.netloc}".lower() != base.lower():
            raise NotFound(f"not a URL of this server ({base})")
        pairs = parse_qsl(parts.query)
        query = {key: value for key, value in pairs if key in _EMBED_KEYS}
        # Publishing systems send only the URL a writer pasted: it may ask for the always-current kind too.
        pin = pin and all(value.lower() not in _FALSE for key, value in pairs if key == "pin")
        width = EMBED_SIZE[0] if maxwidth is None else min(maxwidth, EMBED_SIZE[0])
        # The embed draws for an article column as wide as the frame, unless the URL names a layout.
        query.setdefault("layout", Layout.ARTICLE.value)
        query.setdefault("width", str(width))
        drawing = embed_drawing(query)
        drawn = await service.drawing(
            unquote(match["map"]), drawing.options, version=drawing.version, pin=pin
        )
        graph = drawn.graph
        drawn_width, drawn_height = drawn.size
        height = math.ceil(drawn_height * min(1.0, width / drawn_width)) + EMBED_CHROME
        if maxheight is not None:
            height = min(height, maxheight)
        shown = pinned_query(drawing.query, graph.version) if pin else drawing.query
        src = with_query(f"{base}/maps/{quote(graph.id, safe='')}/embed", shown)
        title = graph.document.title
        markup = (
            f'<iframe src="{esc(src)}" width="{width}" height="{height}" loading="lazy" '
            f'title="{esc("Argument map: " + title)}" style="border:0"></iframe>'
        )
        return Response(
            OEmbed(title=title, provider_url=f"{base}/", html=markup, width=width, height=height),
            headers={"X-Content-Type-Options": "nosniff"},
        )


PIN_DESCRIPTION = (
    "true: the iframe shows the version drawn now (`version=N` in its URL) however the map changes; "
    "false: always the current version. `pin=false` in the URL asked about does the same."
)
_FALSE = frozenset({"false", "0", "no"})

_EMBED_KEYS = frozenset(
    {
        "root",
        "semantics",
        "contribution",
        "top",
        "depth",
        "min_weight",
        "direction",
        "labels",
        "legend",
        "layout",
        "width",
        "version",
    }
)


class _EmbedQuery(msgspec.Struct, kw_only=True):
    """A viewer URL's query as ``page_drawing`` takes it (its parameters, typed from their text)."""

    root: str | None = None
    semantics: Semantics = DEFAULT_SEMANTICS
    contribution: ContributionFunction = DEFAULT_CONTRIBUTION
    top: Annotated[int, msgspec.Meta(ge=0, le=500)] | None = None
    depth: str | None = None
    min_weight: str | None = None
    direction: Direction = "BT"
    labels: Labels = "short"
    legend: bool = True
    layout: str | None = None
    width: Annotated[int, msgspec.Meta(ge=MIN_PIXELS, le=MAX_PIXELS)] | None = None
    version: Annotated[int, msgspec.Meta(ge=1, le=MAX_VERSION)] | None = None
    perspective: str | None = None


def embed_drawing(query: dict[str, str]) -> PageDrawing:
    """What the embed page of a viewer URL with this query draws (as ``page_drawing`` reads it).

    Raises:
        ApiProblem: 400 for a parameter the pages would refuse.
    """
    try:
        parsed = msgspec.convert(query, _EmbedQuery, strict=False)
    except msgspec.ValidationError as error:
        raise ApiProblem(BAD_REQUEST, f"the URL's query: {error}") from None
    return page_drawing(**msgspec.structs.asdict(parsed))


def _map_card(summary: MapSummary) -> str:
    counts = ", ".join(counted_kind(count, kind) for kind, count in summary.counts.items() if count)
    map_path = f"/maps/{quote(summary.id, safe='')}"
    return (
        f'<li class="map"><h3><a href="{esc(map_path)}/view">{esc(summary.title)}</a></h3>'
        f"<p>{esc(summary.summary or '')}</p>"
        f'<p class="meta">{esc(counts)} · version {summary.version}</p>'
        f'<p class="links"><a href="{esc(map_path)}/view">Open the viewer</a> · '
        f'<a href="{esc(map_path)}">JSON</a> · <a href="{esc(map_path)}/diagram?top=15">SVG</a> · '
        f'<a href="{esc(map_path)}/scores">scores</a></p></li>'
    )


async def _static_headers(response: Response[Any]) -> Response[Any]:
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


STATIC = create_static_files_router(
    path="/static",
    directories=[STATIC_DIR],
    name="viewer-static",
    include_in_schema=False,
    after_request=_static_headers,
    opt=PAGE.as_opt(),
)

VIEWER_HANDLERS: list[Router | type[Controller]] = [ViewerController, STATIC]
"""What ``api.app`` registers: the pages, oEmbed and the script and stylesheet they load."""
