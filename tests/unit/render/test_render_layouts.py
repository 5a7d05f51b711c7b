"""Layouts measured, not just rendered: text sizes at the width asked for, whole texts, the key's share.

Every figure comes from the SVG Graphviz wrote: a text's effective size is its ``font-size`` times the
drawing's scale, in CSS pixels at the width the drawing is shown (its own, at most the width asked for).
"""

from __future__ import annotations

import itertools
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.document import load_document_file
from graph.mapgraph import Evaluation, MapGraph, evaluate
from graph.render import draw
from graph.render._labels import clean_text
from schemas import DiagramOptions, Layout, MapDocument, Node, NodeKind, Relation, RelationType, Speaker

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
ESSAY = Path(__file__).resolve().parents[3] / "maps" / "import-ai-455.yaml"
MIN_PX = 12.0


@pytest.fixture(scope="module")
def essay() -> tuple[MapGraph, Evaluation]:
    graph = MapGraph(load_document_file(ESSAY), 4, {})
    return graph, evaluate(graph)


@dataclass(frozen=True)
class Measured:
    """An SVG drawing as a reader sees it at ``shown_width`` CSS pixels."""

    root: ET.Element
    shown_width: float
    shown_height: float
    px_per_unit: float
    """CSS pixels per user unit of the drawing's text (its scale and viewBox against the width shown)."""

    def texts(self, within: ET.Element | None = None) -> list[ET.Element]:
        return list((within if within is not None else self.root).iter(f"{SVG}text"))

    def size_px(self, text: ET.Element) -> float:
        return float(text.get("font-size") or "nan") * self.px_per_unit

    def group(self, element_id: str) -> ET.Element:
        (found,) = [g for g in self.root.iter(f"{SVG}g") if g.get("id") == element_id]
        return found

    def height_px(self, within: ET.Element) -> float:
        """The vertical extent of a group's texts: the top of the highest to the baseline of the lowest."""
        texts = self.texts(within)
        tops = [float(t.get("y") or 0) - float(t.get("font-size") or 0) for t in texts]
        bottoms = [float(t.get("y") or 0) for t in texts]
        return (max(bottoms) - min(tops)) * self.px_per_unit


def measure(svg: bytes, requested_width: int) -> Measured:
    root = ET.fromstring(svg)  # noqa: S314 - our own Graphviz output
    width_pt = float((root.get("width") or "").removesuffix("pt"))
    height_pt = float((root.get("height") or "").removesuffix("pt"))
    view = [float(v) for v in (root.get("viewBox") or "").split()]
    (graph0,) = [g for g in root.iter(f"{SVG}g") if g.get("id") == "graph0"]
    scale = float(re.search(r"scale\(([0-9.]+)", graph0.get("transform") or "")[1])  # type: ignore[index]
    natural = width_pt * 4 / 3  # points to CSS pixels: the width a browser gives the file by itself
    shown = min(natural, requested_width)
    return Measured(root, shown, height_pt * 4 / 3 * shown / natural, scale * shown / view[2])


def drawn(essay: tuple[MapGraph, Evaluation], **options: object) -> bytes:
    graph, evaluation = essay
    return draw(graph, evaluation, DiagramOptions(**options))  # type: ignore[arg-type]


def words(element: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in element.iter(f"{SVG}text"))


@pytest.mark.parametrize("width", [640, 375])
class TestArticle:
    def test_every_text_is_at_least_12_px_at_the_width_asked_for(
        self, essay: tuple[MapGraph, Evaluation], width: int
    ) -> None:
        measured = measure(drawn(essay, layout=Layout.ARTICLE, width=width), width)
        sizes = [measured.size_px(text) for text in measured.texts()]
        assert len(sizes) > 40
        assert min(sizes) >= MIN_PX, sorted(sizes)[:5]
        assert measured.shown_width <= width

    def test_the_thesis_is_drawn_whole(self, essay: tuple[MapGraph, Evaluation], width: int) -> None:
        graph, _ = essay
        measured = measure(drawn(essay, layout=Layout.ARTICLE, width=width), width)
        thesis = clean_text(graph.nodes[graph.root].text)
        root_group = measured.group("node-" + graph.root)
        assert thesis in " ".join(words(root_group).split())
        (link,) = root_group.iter(f"{SVG}a")
        assert thesis in (link.get(f"{XLINK}title") or "")  # and again in its tooltip

    def test_the_key_takes_at_most_15_percent_of_the_height(
        self, essay: tuple[MapGraph, Evaluation], width: int
    ) -> None:
        measured = measure(drawn(essay, layout=Layout.ARTICLE, width=width), width)
        share = measured.height_px(measured.group("diagram-key")) / measured.shown_height
        assert 0 < share <= 0.15

    def test_every_node_links_to_the_viewer_focused_on_it(
        self, essay: tuple[MapGraph, Evaluation], width: int
    ) -> None:
        measured = measure(drawn(essay, layout=Layout.ARTICLE, width=width), width)
        nodes = [g for g in measured.root.iter(f"{SVG}g") if "map-node" in (g.get("class") or "").split()]
        assert len(nodes) == 9  # the 8 heaviest fit, stacked if need be, and the root
        for group in nodes:
            (link,) = group.iter(f"{SVG}a")
            node_id = (group.get("id") or "").removeprefix("node-")
            assert link.get(f"{XLINK}href") == f"/maps/import-ai-455/view#node-{node_id}"

    def test_the_caption_reads_the_thesis_and_names_version_and_source(
        self, essay: tuple[MapGraph, Evaluation], width: int
    ) -> None:
        graph, evaluation = essay
        caption = " ".join(
            words(
                measure(drawn(essay, layout="article", width=width), width).group("diagram-caption")
            ).split()
        )
        assert f"stands at strength {evaluation.strengths.strengths[graph.root]:.2f} of 1 (QE)" in caption
        assert "Strength, not probability" in caption  # the thesis is a forecast
        assert "version 4" in caption
        assert graph.document.sources[0].title in caption
        assert f"{len(graph.nodes) - 9} more nodes in the map's viewer" in caption


def test_a_narrow_column_stacks_the_nodes_one_under_another(essay: tuple[MapGraph, Evaluation]) -> None:
    measured = measure(drawn(essay, layout="article", width=375), 375)
    spans = []
    for group in measured.root.iter(f"{SVG}g"):
        if "map-node" in (group.get("class") or "").split():
            ys = [float(t.get("y") or 0) for t in measured.texts(group)]
            spans.append((min(ys), max(ys)))
    spans.sort()
    assert all(upper[1] < lower[0] for upper, lower in itertools.pairwise(spans))


def test_a_slide_draws_fewer_nodes_rather_than_smaller_type(essay: tuple[MapGraph, Evaluation]) -> None:
    measured = measure(drawn(essay, layout="slide"), 1280)
    assert measured.shown_width <= 1280
    assert measured.shown_height <= 720
    assert min(measured.size_px(text) for text in measured.texts()) >= 14
    shown = sum(1 for g in measured.root.iter(f"{SVG}g") if "map-node" in (g.get("class") or "").split())
    assert 1 < shown < 9
    caption = " ".join(words(measured.group("diagram-caption")).split())
    assert f"Drawn: the {shown - 1} heaviest nodes; {len(essay[0].nodes) - shown} more nodes" in caption


@pytest.mark.parametrize("root", [None, "capability-curves-converge"])
def test_a_card_is_exactly_1200_by_630_with_the_claims_best_quote(
    essay: tuple[MapGraph, Evaluation], root: str | None
) -> None:
    graph, _ = essay
    png = drawn(essay, layout="card", root=root, format="png")
    assert struct.unpack(">II", png[16:24]) == (1200, 630)
    measured = measure(drawn(essay, layout="card", root=root), 1200)
    assert (round(measured.shown_width), round(measured.shown_height)) == (1200, 630)
    assert min(measured.size_px(text) for text in measured.texts()) >= MIN_PX
    weighed = root or graph.root
    assert clean_text(graph.nodes[weighed].text) in " ".join(words(measured.group("node-" + weighed)).split())
    caption = " ".join(words(measured.group("diagram-caption")).split())
    quoted = [clean_text(q.text) for q in graph.nodes[weighed].quotes]
    assert any(
        f"\N{LEFT DOUBLE QUOTATION MARK}{text}\N{RIGHT DOUBLE QUOTATION MARK}" in caption for text in quoted
    )
    assert "Jack Clark" in caption  # whose words the quote is


def test_a_png_is_as_wide_as_the_svg_at_most_the_width_asked_for(essay: tuple[MapGraph, Evaluation]) -> None:
    png = drawn(essay, layout="article", width=375, format="png")
    width, _height = struct.unpack(">II", png[16:24])
    assert width <= 375


@pytest.mark.parametrize("layout", [None, Layout.ARTICLE])
def test_scale_2_draws_a_png_with_twice_the_pixels_each_way(
    essay: tuple[MapGraph, Evaluation], layout: Layout | None
) -> None:
    sizes = [
        struct.unpack(">II", drawn(essay, layout=layout, top=3, width=375, format="png", scale=scale)[16:24])
        for scale in (1, 2)
    ]
    assert sizes[1][0] == pytest.approx(2 * sizes[0][0], abs=2)
    assert sizes[1][1] == pytest.approx(2 * sizes[0][1], abs=2)


def test_without_a_layout_a_drawing_is_still_scaled_down_to_its_width(
    essay: tuple[MapGraph, Evaluation],
) -> None:
    measured = measure(drawn(essay, top=8, width=640), 640)
    assert min(measured.size_px(text) for text in measured.texts()) < MIN_PX  # why the layouts exist


def test_the_docs_show_each_layout_with_its_words_and_its_picture() -> None:
    page = (ESSAY.parents[1] / "docs" / "diagrams.md").read_text(encoding="utf-8")
    for layout in Layout:
        (row,) = [line for line in page.splitlines() if line.startswith(f"| `{layout.value}` | ")]
        assert layout.description in row
        pictures = re.findall(r"\]\((images/[^)]+)\)", row)
        assert pictures
        assert all((ESSAY.parents[1] / "docs" / picture).is_file() for picture in pictures)


def small_graph() -> MapGraph:
    """A thesis, a chain under it, a cycle (a and b support each other) and a node bearing on nothing."""

    def node(node_id: str, kind: NodeKind = NodeKind.CLAIM) -> Node:
        return Node(
            id=node_id, kind=kind, text=f"Text of {node_id} " * 6, speaker="s", base_score=0.6, rationale="r"
        )

    document = MapDocument(
        id="small",
        title="A small map",
        sources=[],
        speakers=[Speaker(id="s", name="Sam")],
        nodes=[node("t", NodeKind.THESIS), node("a"), node("b"), node("c", NodeKind.CAVEAT), node("lone")],
        relations=[
            Relation(source="a", target="t", type=RelationType.SUPPORTS),
            Relation(source="b", target="a", type=RelationType.SUPPORTS),
            Relation(source="a", target="b", type=RelationType.SUPPORTS),
            Relation(source="c", target="t", type=RelationType.QUALIFIES),
        ],
    )
    return MapGraph(document, 2, {})


@pytest.mark.parametrize("layout", list(Layout))
@pytest.mark.parametrize("width", [None, 375])
def test_every_layout_draws_a_small_map_with_a_cycle_and_a_lone_node(
    layout: Layout, width: int | None
) -> None:
    graph = small_graph()
    svg = draw(graph, evaluate(graph), DiagramOptions(layout=layout, width=width))
    bounded = width if layout is not Layout.FULL else None  # the full drawing takes no bounds
    measured = measure(svg, bounded or 10_000)
    drawn = {
        (g.get("id") or "").removeprefix("node-")
        for g in measured.root.iter(f"{SVG}g")
        if "map-node" in (g.get("class") or "").split()
    }
    assert "t" in drawn
    assert drawn <= {"t", "a", "b", "c", "lone"}
    if len(drawn) < 5:  # a slide on a phone: what is left out is said
        caption = " ".join(words(measured.group("diagram-caption")).split())
        assert f"{5 - len(drawn)} more node" in caption
    else:
        assert not any(
            g.get("id") == "diagram-caption" and "more node" in words(g) for g in measured.root.iter()
        )
    assert min(measured.size_px(text) for text in measured.texts()) >= MIN_PX
    if bounded is not None:
        assert measured.shown_width <= bounded
