"""The viewer's pages, oEmbed and the diagram parameters over HTTP: the real app over the real Neo4j."""

from __future__ import annotations

import html
import math
import re
import struct
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from neo4j import AsyncDriver
from support.app import Client
from support.neo4j import Neo4jTarget
from support.problems import assert_problem

from api.viewer import EMBED_CHROME
from graph.mapgraph import node_strengths
from graph.render import MAX_DIAGRAM_NODES
from graph.store import Neo4jStore
from schemas import MapDocument, Node, NodeKind, Relation, RelationType, Source, Speaker

pytestmark = pytest.mark.neo4j
ESSAY_ID = "import-ai-455"
VIEW = f"/maps/{ESSAY_ID}/view"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


class Page(HTMLParser):
    """What a browser would make of a page: its elements, scripts and text."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_bodies: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_bodies.append(data)
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def event_handlers(self) -> list[str]:
        return [name for _, attrs in self.tags for name in attrs if name.startswith("on")]


def csp(response: object) -> dict[str, str]:
    header: str = response.headers["content-security-policy"]  # type: ignore[attr-defined]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


class TestLanding:
    async def test_lists_the_essay_with_links(self, client: Client, essay: MapDocument) -> None:
        response = await client.get("/")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        page = Page(response.text)
        hrefs = {attrs.get("href") for attrs in page.all("a")}
        assert {VIEW, f"/maps/{ESSAY_ID}", "/schema"} <= hrefs
        assert essay.title in "".join(page.text)

    async def test_counts_each_kind_in_words_that_agree(self, client: Client, essay: MapDocument) -> None:
        text = " ".join(Page((await client.get("/")).text).text)
        theses = sum(1 for node in essay.nodes if node.kind.value == "thesis")
        evidence = sum(1 for node in essay.nodes if node.kind.value == "evidence")
        assert theses > 1
        assert evidence > 1
        assert f"{theses} theses" in text
        assert f"{evidence} pieces of evidence" in text
        assert f"{theses} thesis" not in text

    async def test_security_headers(self, client: Client) -> None:
        response = await client.get("/")
        policy = csp(response)
        assert policy["script-src"] == "script-src 'self'"
        assert policy["default-src"] == "default-src 'none'"
        assert policy["frame-ancestors"] == "frame-ancestors 'none'"
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


class TestViewer:
    async def test_inlines_the_svg_with_addressable_nodes(self, client: Client) -> None:
        response = await client.get(VIEW, params={"top": 5})
        assert response.status_code == 200
        start, end = response.text.index("<svg"), response.text.index("</svg>") + len("</svg>")
        svg = ET.fromstring(response.text[start:end])  # noqa: S314 - our own page
        nodes = [g for g in svg.iter(f"{SVG}g") if "map-node" in (g.get("class") or "").split()]
        assert len(nodes) == 6  # the five heaviest and the root
        for group in nodes:
            node_id = (group.get("id") or "").removeprefix("node-")
            (link,) = group.iter(f"{SVG}a")
            assert link.get(f"{XLINK}href") == f"/maps/{ESSAY_ID}/view#node-{node_id}"

    @pytest.mark.parametrize("path", [VIEW, f"/maps/{ESSAY_ID}/embed"])
    async def test_a_shared_link_shows_a_card_of_the_map(self, client: Client, path: str) -> None:
        page = Page((await client.get(path)).text)
        meta = {
            attrs.get("property") or attrs.get("name"): attrs.get("content") for attrs in page.all("meta")
        }
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["og:title"]
        image = urlsplit(meta["og:image"] or "")
        assert meta["twitter:image"] == meta["og:image"]
        assert image.path == f"/maps/{ESSAY_ID}/card.png"
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        card = await client.get(image.path, params=dict(parse_qsl(image.query)))
        assert card.headers["content-type"] == "image/png"
        assert struct.unpack(">II", card.content[16:24]) == (1200, 630)

    async def test_a_page_focused_on_a_claim_shares_its_card_of_that_version(self, client: Client) -> None:
        claim = "capability-curves-converge"
        page = Page((await client.get(VIEW, params={"root": claim, "version": 1})).text)
        meta = {
            attrs.get("property") or attrs.get("name"): attrs.get("content") for attrs in page.all("meta")
        }
        image = urlsplit(meta["og:image"] or "")
        assert (image.path, image.query) == (f"/claims/{ESSAY_ID}/{claim}/card.png", "version=1")
        card = await client.get(image.path, params=dict(parse_qsl(image.query)))
        assert card.headers["content-type"] == "image/png"
        assert struct.unpack(">II", card.content[16:24]) == (1200, 630)

    async def test_draws_a_layout_and_refuses_an_unknown_one(self, client: Client) -> None:
        response = await client.get(VIEW, params={"layout": "article", "width": 375})
        assert response.status_code == 200
        assert 'id="diagram-caption"' in response.text
        assert '<option value="article" selected>' in response.text
        assert_problem(await client.get(VIEW, params={"layout": "poster"}), 400)
        assert (await client.get(VIEW, params={"layout": ""})).status_code == 200  # the form's "none"

    async def test_no_inline_script_and_every_script_is_ours(self, client: Client) -> None:
        page = Page((await client.get(VIEW)).text)
        scripts = page.all("script")
        assert scripts
        assert all((attrs.get("src") or "").startswith("/static/") for attrs in scripts)
        assert page.script_bodies == []
        assert page.event_handlers == []
        assert not page.all("style")
        assert all("style" not in attrs for _, attrs in page.tags)
        stylesheets = [attrs for attrs in page.all("link") if attrs.get("rel") == "stylesheet"]
        assert stylesheets
        assert all((attrs.get("href") or "").startswith("/static/") for attrs in stylesheets)

    async def test_controls_text_version_whatif_and_oembed_discovery(self, client: Client) -> None:
        response = await client.get(VIEW, params={"top": 8, "semantics": "DF-QuAD"})
        page = Page(response.text)
        form = page.all("form")[0]
        assert form["method"] == "get"
        names = {attrs.get("name") for attrs in page.all("select") + page.all("input")}
        assert {"semantics", "contribution", "root", "depth", "top", "min_weight"} <= names
        assert any("selected" in attrs and attrs.get("value") == "DF-QuAD" for attrs in page.all("option"))
        listed = [attrs for attrs in page.all("a") if attrs.get("data-node")]
        assert len(listed) == 9
        ids = {attrs.get("id") for _, attrs in page.tags}
        assert {"panel", "whatif-before", "whatif-after", "whatif-reset", "diagram"} <= ids
        (oembed,) = [attrs for attrs in page.all("link") if attrs.get("type") == "application/json+oembed"]
        assert "/oembed?url=" in (oembed.get("href") or "")

    async def test_the_form_without_script_empty_fields_mean_no_limit(self, client: Client) -> None:
        # A plain form submission sends every field; empty depth, min_weight and root must not be errors.
        empty = {"root": "", "depth": "", "min_weight": "", "top": "6", "semantics": "QE"}
        response = await client.get(VIEW, params=empty)
        assert response.status_code == 200
        assert len([attrs for attrs in Page(response.text).all("a") if attrs.get("data-node")]) == 7

    @pytest.mark.parametrize("params", [{"depth": "deep"}, {"min_weight": "2"}, {"depth": "-1"}])
    async def test_bad_form_numbers_are_400(self, client: Client, params: dict[str, str]) -> None:
        assert_problem(await client.get(VIEW, params=params), 400)

    async def test_unknown_map_is_404(self, client: Client) -> None:
        assert (await client.get("/maps/no-such-map/view")).status_code == 404

    async def test_embed_page_may_be_framed_and_links_to_the_viewer(self, client: Client) -> None:
        response = await client.get(f"/maps/{ESSAY_ID}/embed", params={"top": 5})
        assert response.status_code == 200
        assert csp(response)["frame-ancestors"] == "frame-ancestors *"
        assert "x-frame-options" not in response.headers
        assert csp(response)["script-src"] == "script-src 'self'"
        page = Page(response.text)
        assert any((attrs.get("href") or "").startswith(f"{VIEW}?top=5") for attrs in page.all("a"))

    @pytest.mark.parametrize(
        ("path", "media"), [("/static/viewer.js", "javascript"), ("/static/viewer.css", "css")]
    )
    async def test_assets_are_served_by_the_app(self, client: Client, path: str, media: str) -> None:
        response = await client.get(path)
        assert response.status_code == 200
        assert media in response.headers["content-type"]
        assert response.headers["x-content-type-options"] == "nosniff"


class TestOEmbed:
    async def test_rich_iframe_of_the_embed_route(self, client: Client, essay: MapDocument) -> None:
        url = f"http://testserver.local{VIEW}?top=8&root=clark-thesis-automated-rd-2028&bogus=1"
        response = await client.get("/oembed", params={"url": url, "maxwidth": 640, "maxheight": 480})
        assert response.status_code == 200
        body = response.json()
        assert body["type"] == "rich"
        assert body["version"] == "1.0"
        assert body["title"] == essay.title
        assert (body["width"], body["height"]) == (640, 480)  # the drawing is taller: maxheight bounds it
        src = re.search(r'<iframe src="([^"]+)"', body["html"])
        assert src is not None
        parts = urlsplit(src.group(1).replace("&amp;", "&"))
        assert parts.path == f"/maps/{ESSAY_ID}/embed"
        assert parse_qs(parts.query) == {
            "top": ["8"],
            "root": ["clark-thesis-automated-rd-2028"],
            "layout": ["article"],
            "width": ["640"],
            "version": ["1"],  # the version drawn now, fixed: the article keeps showing what it published
        }
        assert 'width="640" height="480"' in body["html"]

    @pytest.mark.parametrize("maxwidth", [None, 640, 375])
    async def test_the_height_is_the_drawings_at_that_width(
        self, client: Client, maxwidth: int | None
    ) -> None:
        params = {"url": f"http://testserver.local{VIEW}"} | (
            {} if maxwidth is None else {"maxwidth": maxwidth}
        )
        body = (await client.get("/oembed", params=params)).json()
        width = maxwidth or 900
        # The embed is fixed at the version drawn now: its boxes link to that version's viewer.
        diagram = await client.get(
            f"/maps/{ESSAY_ID}/diagram", params={"layout": "article", "width": width, "version": 1}
        )
        svg = ET.fromstring(diagram.content)  # noqa: S314 - our own drawing
        drawn_width = float((svg.get("width") or "").removesuffix("pt")) * 4 / 3
        drawn_height = float((svg.get("height") or "").removesuffix("pt")) * 4 / 3
        assert drawn_width <= width
        assert body["width"] == width
        assert body["height"] == math.ceil(drawn_height) + EMBED_CHROME
        src = urlsplit(html.unescape(re.findall(r'src="([^"]+)"', body["html"])[0]))
        embed = await client.get(src.path, params=dict(parse_qsl(src.query)))
        assert embed.status_code == 200
        assert diagram.text[diagram.text.index("<svg") :].split(">", 1)[1] in embed.text  # the same drawing

    @pytest.mark.parametrize(
        "url",
        [
            f"http://elsewhere.example{VIEW}",
            "http://testserver.local/maps/import-ai-455/scores",
            f"javascript:alert(1)//testserver.local{VIEW}",
            "http://testserver.local/maps/no-such-map/view",
        ],
    )
    async def test_other_urls_are_404(self, client: Client, url: str) -> None:
        assert_problem(await client.get("/oembed", params={"url": url}), 404)

    async def test_xml_is_refused(self, client: Client) -> None:
        response = await client.get(
            "/oembed", params={"url": f"http://testserver.local{VIEW}", "format": "xml"}
        )
        assert_problem(response, 400)


class TestDiagramParameters:
    async def test_width_fits_the_png_to_a_column(self, client: Client) -> None:
        response = await client.get(
            f"/maps/{ESSAY_ID}/diagram", params={"format": "png", "top": 10, "width": 640}
        )
        assert response.status_code == 200
        width, _ = struct.unpack(">II", response.content[16:24])
        assert 600 <= width <= 640

    @pytest.mark.parametrize("layout", [None, "article"])
    async def test_scale_2_draws_twice_the_pixels_each_way(self, client: Client, layout: str | None) -> None:
        params: dict[str, str | int] = {"format": "png", "top": 5, "width": 640}
        if layout is not None:
            params["layout"] = layout
        sizes = []
        for scale in (1, 2):
            response = await client.get(f"/maps/{ESSAY_ID}/diagram", params=params | {"scale": scale})
            assert response.status_code == 200
            sizes.append(struct.unpack(">II", response.content[16:24]))
        (width, height), (width2, height2) = sizes
        assert width <= 640
        assert width2 == pytest.approx(2 * width, abs=2)
        assert height2 == pytest.approx(2 * height, abs=2)

    async def test_root_and_depth_draw_the_subtree(self, client: Client, essay: MapDocument) -> None:
        root = essay.root
        direct = {r.source for r in essay.relations if r.target == root}
        response = await client.get(f"/maps/{ESSAY_ID}/diagram", params={"depth": 1})
        svg = ET.fromstring(response.content)  # noqa: S314 - our own server's output
        drawn = {
            (g.get("id") or "").removeprefix("node-")
            for g in svg.iter(f"{SVG}g")
            if "map-node" in (g.get("class") or "")
        }
        assert drawn == direct | {root}

    async def test_the_same_request_gives_the_same_bytes_and_tag(self, client: Client) -> None:
        params: dict[str, str | int] = {"top": 7, "labels": "full", "legend": "false"}
        first = await client.get(f"/maps/{ESSAY_ID}/diagram", params=params)
        second = await client.get(f"/maps/{ESSAY_ID}/diagram", params=params)
        assert first.content == second.content
        assert first.headers["etag"] == second.headers["etag"]

    @pytest.mark.parametrize(
        "params",
        [
            {"width": 10},
            {"depth": -1},
            {"min_weight": 2},
            {"labels": "huge"},
            {"height": 99999},
            {"scale": 4},
            {"scale": 0},
        ],
    )
    async def test_out_of_range_is_400(self, client: Client, params: dict[str, str | int]) -> None:
        assert_problem(await client.get(f"/maps/{ESSAY_ID}/diagram", params=params), 400)

    async def test_too_many_nodes_is_413(
        self, client: Client, loaded: AsyncDriver, neo4j_target: Neo4jTarget
    ) -> None:
        count = MAX_DIAGRAM_NODES + 1
        document = MapDocument(
            id="too-big",
            title="Too big to draw",
            sources=[],
            speakers=[Speaker(id="ann", name="Ann")],
            nodes=[
                Node(
                    id=f"n{i}",
                    kind=NodeKind.THESIS if i == 0 else NodeKind.CLAIM,
                    text=f"Reason {i}",
                    speaker="ann",
                    base_score=0.5,
                    rationale="r",
                )
                for i in range(count)
            ],
            relations=[
                Relation(source=f"n{i}", target="n0", type=RelationType.SUPPORTS) for i in range(1, count)
            ],
        )
        await Neo4jStore(loaded, neo4j_target.database).save_map(document, node_strengths(document))
        body = assert_problem(
            await client.get("/maps/too-big/diagram", params={"contribution": "removal"}), 413
        )
        assert str(MAX_DIAGRAM_NODES) in body["detail"]
        fine = await client.get("/maps/too-big/diagram", params={"contribution": "removal", "top": 20})
        assert fine.status_code == 200


HOSTILE = '<script>alert("x")</script> & </svg><img src=x onerror=alert(1)> C:\\new\\N {}'


class TestHostileText:
    async def test_map_text_is_inert_in_the_svg_and_the_page(
        self, client: Client, loaded: AsyncDriver, neo4j_target: Neo4jTarget
    ) -> None:
        document = MapDocument(
            id="hostile",
            title=HOSTILE,
            summary=HOSTILE,
            sources=[Source(id="src", title=HOSTILE, text="text")],
            speakers=[Speaker(id="ann", name=HOSTILE)],
            nodes=[
                Node(
                    id="thesis",
                    kind=NodeKind.THESIS,
                    text=HOSTILE,
                    speaker="ann",
                    base_score=0.5,
                    rationale="r",
                ),
                Node(
                    id="claim",
                    kind=NodeKind.CLAIM,
                    text=HOSTILE,
                    speaker="ann",
                    base_score=0.7,
                    rationale="r",
                ),
            ],
            relations=[Relation(source="claim", target="thesis", type=RelationType.SUPPORTS)],
        )
        await Neo4jStore(loaded, neo4j_target.database).save_map(document, node_strengths(document))
        for path in ("/maps/hostile/view", "/maps/hostile/embed", "/"):
            response = await client.get(path)
            assert response.status_code == 200, path
            page = Page(response.text)
            assert not page.script_bodies, path
            assert page.event_handlers == [], path
            assert page.all("img") == [], path
            assert all((attrs.get("src") or "").startswith("/static/") for attrs in page.all("script")), path
            assert HOSTILE in "".join(page.text), path
        view = (await client.get("/maps/hostile/view")).text
        start, end = view.index("<svg"), view.index("</svg>") + len("</svg>")
        svg = ET.fromstring(view[start:end])  # noqa: S314 - our own page; it must be well-formed
        texts = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
        assert "C:\\new\\N {}" in texts
        assert '<script>alert("x")</script>' in texts
