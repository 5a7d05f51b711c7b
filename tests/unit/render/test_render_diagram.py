"""Diagrams as pages use them: addressable nodes, focus, size, limits, hostile text; drawn by real ``dot``."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import pytest

from graph.errors import NotFound, OverBudget
from graph.mapgraph import MapGraph, evaluate
from graph.render import (
    MAX_DIAGRAM_NODES,
    check_drawable,
    claim_href,
    draw,
    element_id,
    render_map,
    subtree,
    view_href,
)
from schemas import DiagramOptions, Layout, MapDocument, Node, NodeKind, Relation, RelationType, Speaker

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def node(node_id: str, kind: NodeKind = NodeKind.CLAIM, text: str | None = None) -> Node:
    return Node(
        id=node_id, kind=kind, text=text or f"Text of {node_id}", speaker="ann", base_score=0.6, rationale="r"
    )


def rel(source: str, target: str, type_: RelationType = RelationType.SUPPORTS) -> Relation:
    return Relation(source=source, target=target, type=type_)


def chain_graph() -> MapGraph:
    """thesis <- a <- b <- c, thesis <-| x, and a lone node nobody links to the thesis."""
    document = MapDocument(
        id="chain",
        title="A chain of support",
        sources=[],
        speakers=[Speaker(id="ann", name="Ann")],
        nodes=[
            node("thesis", NodeKind.THESIS),
            node("a"),
            node("b", NodeKind.EVIDENCE),
            node("c"),
            node("x", NodeKind.COUNTERPOINT),
            node("lone"),
        ],
        relations=[
            rel("a", "thesis"),
            rel("b", "a"),
            rel("c", "b"),
            rel("x", "thesis", RelationType.ATTACKS),
        ],
    )
    return MapGraph(document, 3, {})


def svg_of(graph: MapGraph, **options: object) -> ET.Element:
    opts = DiagramOptions(**options)  # type: ignore[arg-type]
    evaluation = evaluate(graph, root=opts.root)
    return ET.fromstring(draw(graph, evaluation, opts))  # noqa: S314 - our own dot output


def drawn_ids(svg: ET.Element) -> set[str]:
    return {
        (g.get("id") or "").removeprefix("node-")
        for g in svg.iter(f"{SVG}g")
        if "map-node" in (g.get("class") or "").split()
    }


class TestAddressableNodes:
    def test_each_node_has_its_id_classes_and_a_link_to_the_viewer_focused_on_it(self) -> None:
        svg = svg_of(chain_graph())
        groups = {g.get("id"): g for g in svg.iter(f"{SVG}g") if "map-node" in (g.get("class") or "")}
        assert set(groups) == {f"node-{i}" for i in ("thesis", "a", "b", "c", "x", "lone")}
        assert "kind-evidence" in (groups["node-b"].get("class") or "").split()
        (link,) = groups["node-b"].iter(f"{SVG}a")
        assert link.get(f"{XLINK}href") == "/maps/chain/view#node-b"
        assert link.get("target") == "_top"

    def test_a_drawing_of_a_fixed_version_links_to_that_version(self) -> None:
        graph = chain_graph()
        svg = ET.fromstring(draw(graph, evaluate(graph), DiagramOptions(), True))  # noqa: S314 - our own dot
        hrefs = {
            a.get(f"{XLINK}href") for a in svg.iter(f"{SVG}a") if "#node-" in (a.get(f"{XLINK}href") or "")
        }
        assert "/maps/chain/view?version=3#node-b" in hrefs
        assert all(href.startswith("/maps/chain/view?version=3#node-") for href in hrefs if href)

    def test_ids_and_links_of_odd_ids_are_encoded(self) -> None:
        assert element_id("a b") == "node-_" + b"a b".hex()
        assert claim_href("m/1", 'x"<y>') == "/claims/m%2F1/x%22%3Cy%3E"
        assert view_href("m/1", 'x"<y>') == "/maps/m%2F1/view#node-x%22%3Cy%3E"


class TestFocus:
    def test_subtree_distances(self) -> None:
        assert subtree(chain_graph(), "thesis", None) == {"thesis": 0, "a": 1, "x": 1, "b": 2, "c": 3}
        assert subtree(chain_graph(), "a", 1) == {"a": 0, "b": 1}
        assert subtree(chain_graph(), "thesis", 0) == {"thesis": 0}

    def test_depth_draws_the_levels_under_the_root(self) -> None:
        assert drawn_ids(svg_of(chain_graph(), depth=1)) == {"thesis", "a", "x"}

    def test_an_explicit_root_draws_its_subtree_only(self) -> None:
        assert drawn_ids(svg_of(chain_graph(), root="a")) == {"a", "b", "c"}
        assert drawn_ids(svg_of(chain_graph(), root="a", depth=1)) == {"a", "b"}

    def test_without_root_or_depth_every_node_is_drawn(self) -> None:
        assert "lone" in drawn_ids(svg_of(chain_graph()))

    def test_the_subtitle_says_what_is_shown(self) -> None:
        graph = chain_graph()
        dot = render_map(
            graph, strengths={}, contributions={}, options=DiagramOptions(root="a", depth=1)
        ).source
        assert "Summary: 1 of 5 nodes and the root; the argument under a, 1 level deep" in dot

    def test_an_unknown_root_is_not_found(self) -> None:
        with pytest.raises(NotFound):
            render_map(chain_graph(), strengths={}, contributions={}, options=DiagramOptions(root="nope"))


class TestMinWeight:
    def test_hides_nodes_below_the_share_of_the_heaviest(self) -> None:
        contributions = {"a": 0.4, "b": 0.15, "c": 0.05, "x": -0.3}
        dot = render_map(
            chain_graph(), strengths={}, contributions=contributions, options=DiagramOptions(min_weight=0.5)
        ).source
        names = {line.split(" [")[0].strip() for line in dot.splitlines() if "map-node" in line}
        assert names == {"thesis", "a", "x"}
        assert "at least 50% of the weight of the heaviest" in dot

    def test_a_positive_share_drops_nodes_carrying_nothing(self) -> None:
        dot = render_map(
            chain_graph(), strengths={}, contributions={}, options=DiagramOptions(min_weight=0.01)
        ).source
        names = {line.split(" [")[0].strip() for line in dot.splitlines() if "map-node" in line}
        assert names == {"thesis"}

    def test_out_of_range_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="min_weight"):
            render_map(chain_graph(), strengths={}, contributions={}, options=DiagramOptions(min_weight=1.5))


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def wide_graph(count: int) -> MapGraph:
    nodes = [node("thesis", NodeKind.THESIS), *(node(f"n{i}") for i in range(count))]
    document = MapDocument(
        id="wide",
        title="Many reasons",
        sources=[],
        speakers=[Speaker(id="ann", name="Ann")],
        nodes=nodes,
        relations=[rel(f"n{i}", "thesis") for i in range(count)],
    )
    return MapGraph(document, 1, {})


class TestSize:
    def test_width_scales_a_wide_png_down_to_the_column(self) -> None:
        graph = wide_graph(12)
        evaluation = evaluate(graph)
        natural, _ = png_size(draw(graph, evaluation, DiagramOptions(format="png")))
        fitted, _ = png_size(draw(graph, evaluation, DiagramOptions(format="png", width=600)))
        assert natural > 600
        assert 590 <= fitted <= 600

    def test_height_bounds_the_svg(self) -> None:
        graph = wide_graph(3)
        svg = svg_of(graph, direction="LR", height=200)
        assert float((svg.get("height") or "").removesuffix("pt")) <= 200 * 72 / 96 + 1

    def test_a_small_drawing_is_not_blown_up(self) -> None:
        graph = wide_graph(1)
        natural, _ = png_size(draw(graph, evaluate(graph), DiagramOptions(format="png", legend=False)))
        fitted, _ = png_size(
            draw(graph, evaluate(graph), DiagramOptions(format="png", legend=False, width=5000))
        )
        assert fitted == natural

    def test_the_compact_key_keeps_a_small_map_narrow(self) -> None:
        graph = wide_graph(1)
        with_key, _ = png_size(draw(graph, evaluate(graph), DiagramOptions(format="png")))
        assert with_key < 800


class TestLabels:
    def test_full_labels_keep_every_word(self) -> None:
        long_text = " ".join(f"word{i}" for i in range(60))
        graph = MapGraph(
            MapDocument(
                id="long",
                title="t",
                sources=[],
                speakers=[Speaker(id="ann", name="Ann")],
                nodes=[node("thesis", NodeKind.THESIS, long_text)],
            ),
            1,
            {},
        )
        short = " ".join(t.text or "" for t in svg_of(graph).iter(f"{SVG}text"))
        full = " ".join(t.text or "" for t in svg_of(graph, labels="full").iter(f"{SVG}text"))
        assert "word59" not in short
        assert "…" in short
        assert "word59" in full


class TestLimits:
    def test_more_nodes_than_the_budget_is_refused_before_dot_runs(self) -> None:
        graph = wide_graph(MAX_DIAGRAM_NODES)
        with pytest.raises(OverBudget, match=f"more than the {MAX_DIAGRAM_NODES}"):
            render_map(graph, strengths={}, contributions={})

    def test_too_big_is_known_before_scoring(self) -> None:
        graph = wide_graph(MAX_DIAGRAM_NODES)
        with pytest.raises(OverBudget):
            check_drawable(graph, DiagramOptions())
        check_drawable(graph, DiagramOptions(top=10))  # only the scores can tell: left to draw
        check_drawable(graph, DiagramOptions(depth=0))  # the root alone
        with pytest.raises(NotFound):
            check_drawable(graph, DiagramOptions(root="nope"))

    def test_a_summary_of_a_big_map_is_within_budget(self) -> None:
        graph = wide_graph(MAX_DIAGRAM_NODES)
        options = DiagramOptions(top=10)
        dot = render_map(graph, strengths={}, contributions={}, options=options).source
        assert dot.count("map-node") == 11


HOSTILE = [
    "C:\\new\\table \\N \\G \\L \\\\ end\\",
    '"quoted" }; digraph evil { node [shape=box] } <script>alert(1)</script> &amp; &lt;',
    "</TD></TR></TABLE>> ]; edge -> strict subgraph graph",
]


class TestHostileText:
    def hostile_graph(self) -> MapGraph:
        nodes = [
            node("thesis", NodeKind.THESIS, HOSTILE[0]),
            node("node", NodeKind.CLAIM, HOSTILE[1]),
            node("graph", NodeKind.CAVEAT, HOSTILE[2]),
            node("edge", NodeKind.EVIDENCE, "plain"),
        ]
        document = MapDocument(
            id="hostile",
            title=HOSTILE[1],
            sources=[],
            speakers=[Speaker(id="ann", name='Ann "\\N" <b>')],
            nodes=nodes,
            relations=[
                rel("node", "thesis"),
                rel("graph", "node", RelationType.QUALIFIES),
                rel("edge", "graph"),
            ],
        )
        return MapGraph(document, 1, {})

    @pytest.mark.parametrize(
        "options",
        [
            DiagramOptions(labels="full"),
            DiagramOptions(layout=Layout.ARTICLE, width=375),
            DiagramOptions(layout=Layout.SLIDE),
            DiagramOptions(layout=Layout.PRINT),
            DiagramOptions(layout=Layout.FULL),
        ],
        ids=["no layout", "article", "slide", "print", "full"],
    )
    def test_text_arrives_in_the_svg_exactly_as_written_and_inert(self, options: DiagramOptions) -> None:
        graph = self.hostile_graph()
        raw = draw(graph, evaluate(graph), options)
        svg = ET.fromstring(raw)  # noqa: S314 - well-formed XML is part of what is checked
        texts = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
        words = " ".join(HOSTILE)
        for token in (
            "C:\\new\\table \\N \\G \\L \\\\ end\\",
            '"quoted" };',
            "digraph evil",
            "<script>alert(1)</script>",
        ):
            assert token in words
            assert token in texts
        assert "&amp; &lt;" in texts  # entities in a claim stay the characters the author typed
        assert "</TD></TR></TABLE>>" in texts
        assert 'Ann "\\N" <b>' in texts
        titles = [a.get(f"{XLINK}title") or "" for a in svg.iter(f"{SVG}a")]
        assert any(HOSTILE[0] in title for title in titles)
        # Nothing became markup: no script element, and exactly the four map nodes (DOT keywords as ids too).
        assert not list(svg.iter(f"{SVG}script"))
        assert b"<script" not in raw
        assert drawn_ids(svg) == {"thesis", "node", "graph", "edge"}
