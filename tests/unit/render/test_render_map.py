"""``render_map``: the DOT text of a map diagram (no ``dot`` process, except in the escaping round trip)."""

# The assertions spell the glyphs a reader sees (sigma, minus sign, times, en dash) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from graph.errors import NotFound
from graph.mapgraph import QUALIFIES_DEFAULT_WEIGHT, MapGraph
from graph.render import dot_id, render_bytes, render_map
from schemas import DiagramOptions, MapDocument, Node, NodeKind, Relation, RelationType, Speaker

SPEAKERS = [Speaker(id="ann", name="Ann Analyst"), Speaker(id="bo", name="Bo Critic")]
SVG = "{http://www.w3.org/2000/svg}"


def node(node_id: str, kind: NodeKind, text: str | None = None, speaker: str = "ann") -> Node:
    return Node(
        id=node_id,
        kind=kind,
        text=text or f"Text of {node_id}",
        speaker=speaker,
        base_score=0.5,
        rationale="because",
    )


def rel(source: str, target: str, type_: RelationType, weight: float | None = None) -> Relation:
    return Relation(source=source, target=target, type=type_, weight=weight)


def make_graph(
    nodes: list[Node], relations: list[Relation], *, speakers: list[Speaker] | None = None
) -> MapGraph:
    document = MapDocument(
        id="test-map",
        title="Is tea good for you?",
        sources=[],
        speakers=SPEAKERS if speakers is None else speakers,
        nodes=nodes,
        relations=relations,
    )
    return MapGraph(document, 7, {})


SMALL_NODES = [
    node("thesis", NodeKind.THESIS, "Tea is good for you"),
    node("claim-a", NodeKind.CLAIM, "Tea has antioxidants"),
    node("ev1", NodeKind.EVIDENCE, "A 2019 cohort study of 100,000 adults"),
    node("counter", NodeKind.COUNTERPOINT, "Tea stains teeth", speaker="bo"),
    node("cav", NodeKind.CAVEAT, "Only without sugar"),
    node("claim-b", NodeKind.CLAIM, "Tea is calming"),
]
SMALL_RELATIONS = [
    rel("claim-a", "thesis", RelationType.SUPPORTS),
    rel("ev1", "claim-a", RelationType.SUPPORTS),
    rel("counter", "thesis", RelationType.ATTACKS),
    rel("cav", "claim-a", RelationType.QUALIFIES, weight=0.5),
    rel("claim-b", "thesis", RelationType.SUPPORTS),
]
STRENGTHS = {"thesis": 0.72, "claim-a": 0.8, "ev1": 0.9, "counter": 0.6, "cav": 0.5, "claim-b": 0.55}
CONTRIBUTIONS = {"claim-a": 0.3, "ev1": 0.1, "counter": -0.2, "cav": -0.05, "claim-b": 0.02}


def small_dot(
    *,
    root: str | None = None,
    title: str | None = None,
    top: int | None = None,
    direction: str = "BT",
    legend: bool = True,
) -> str:
    graph = make_graph(SMALL_NODES, SMALL_RELATIONS)
    digraph = render_map(
        graph,
        strengths=STRENGTHS,
        contributions=CONTRIBUTIONS,
        options=DiagramOptions(root=root, top=top, direction=direction, legend=legend),  # type: ignore[arg-type]
        title=title,
    )
    source: str = digraph.source
    return source


# --- reading the DOT text back ---

_ATTR = re.compile(r'(?:^|\s)([a-z]+)=("(?:[^"\\]|\\.)*"|[^\s\]"]+)')


def quoted(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else f'"{name}"'


def split_label(statement: str) -> tuple[str, str]:
    """The HTML-like label and the other attributes (escaped text never holds a raw ``<`` to miscount)."""
    start = statement.find("label=<")
    if start < 0:
        return "", statement
    depth, index = 0, start + len("label=")
    for index in range(start + len("label="), len(statement)):
        depth += {"<": 1, ">": -1}.get(statement[index], 0)
        if depth == 0:
            break
    return statement[start + len("label=") : index + 1], statement[:start] + statement[index + 1 :]


def attrs(statement: str) -> dict[str, str]:
    _, rest = split_label(statement)
    return {key: value.strip('"') for key, value in _ATTR.findall(rest.split("[", 1)[1])}


def lines(dot: str) -> list[str]:
    return [line.strip() for line in dot.splitlines()]


def node_stmt(dot: str, name: str) -> str:
    found = [line for line in lines(dot) if line.startswith(f"{quoted(name)} [")]
    assert len(found) == 1, f"expected one statement for node {name!r}, found {found}"
    return found[0]


def edge_stmts(dot: str, source: str, target: str) -> list[str]:
    return [line for line in lines(dot) if line.startswith(f"{quoted(source)} -> {quoted(target)} ")]


def map_node_names(dot: str) -> set[str]:
    names = set()
    for line in lines(dot):
        match = re.match(r'^("(?:[^"\\]|\\.)*"|[A-Za-z0-9_]+) \[', line)
        if match and match.group(1) not in ("node", "edge", "graph") and "_legend-" not in line[:40]:
            names.add(match.group(1).strip('"'))
    return names


def pen(dot: str, name: str) -> float:
    return float(attrs(node_stmt(dot, name))["penwidth"])


# --- tests ---


class TestNodesAndEdges:
    def test_every_node_and_edge_is_drawn(self) -> None:
        dot = small_dot()
        assert map_node_names(dot) == {n.id for n in SMALL_NODES}
        for relation in SMALL_RELATIONS:
            assert len(edge_stmts(dot, relation.source, relation.target)) == 1

    @pytest.mark.parametrize(
        ("source", "target", "arrowhead", "style", "color"),
        [
            ("claim-a", "thesis", "normal", "solid", "#009e73"),
            ("counter", "thesis", "tee", "solid", "#d55e00"),
            ("cav", "claim-a", "odot", "dashed", "#6a5fa8"),
        ],
    )
    def test_relation_type_sets_arrowhead_style_and_colour(
        self, source: str, target: str, arrowhead: str, style: str, color: str
    ) -> None:
        (edge,) = edge_stmts(small_dot(), source, target)
        edge_attrs = attrs(edge)
        assert (edge_attrs["arrowhead"], edge_attrs["style"], edge_attrs["color"]) == (
            arrowhead,
            style,
            color,
        )

    def test_edge_label_shows_weight_only_when_below_one(self) -> None:
        dot = small_dot()
        (weighted,) = edge_stmts(dot, "cav", "claim-a")
        assert attrs(weighted)["label"] == " ×0.5 "
        for source, target in [("claim-a", "thesis"), ("counter", "thesis"), ("ev1", "claim-a")]:
            (edge,) = edge_stmts(dot, source, target)
            assert "label" not in attrs(edge)

    @pytest.mark.parametrize(
        ("weight", "label"), [(None, f" ×{QUALIFIES_DEFAULT_WEIGHT:g} "), (1.0, None), (0.25, " ×0.25 ")]
    )
    def test_qualifies_is_labelled_with_the_weight_the_scoring_uses(
        self, weight: float | None, label: str | None
    ) -> None:
        nodes = [node("t", NodeKind.THESIS), node("q", NodeKind.CAVEAT)]
        graph = make_graph(nodes, [rel("q", "t", RelationType.QUALIFIES, weight)])
        (edge,) = edge_stmts(render_map(graph, strengths={}, contributions={}).source, "q", "t")
        assert attrs(edge).get("label") == label

    @pytest.mark.parametrize(
        ("name", "shape", "style"),
        [
            ("claim-a", "box", "filled"),
            ("ev1", "note", "filled"),
            ("counter", "box", "filled,dashed"),
            ("cav", "hexagon", "filled"),
        ],
    )
    def test_kind_sets_shape_and_border(self, name: str, shape: str, style: str) -> None:
        node_attrs = attrs(node_stmt(small_dot(), name))
        assert (node_attrs["shape"], node_attrs["style"]) == (shape, style)

    def test_label_shows_kind_speaker_strength_and_signed_contribution(self) -> None:
        dot = small_dot()
        label, _ = split_label(node_stmt(dot, "counter"))
        assert "COUNTERPOINT · Bo Critic" in label
        assert "σ 0.60" in label
        assert "▼ −0.200" in label
        label, _ = split_label(node_stmt(dot, "claim-a"))
        assert "CLAIM · Ann Analyst" in label
        assert "▲ +0.300" in label

    def test_unknown_speaker_falls_back_to_its_id(self) -> None:
        graph = make_graph([node("t", NodeKind.THESIS, speaker="ghost")], [], speakers=[])
        label, _ = split_label(node_stmt(render_map(graph, strengths={}, contributions={}).source, "t"))
        assert "THESIS · ghost" in label

    def test_missing_and_non_finite_scores_print_as_unknown(self) -> None:
        graph = make_graph(SMALL_NODES, SMALL_RELATIONS)
        dot = render_map(graph, strengths={"ev1": float("nan")}, contributions={"ev1": float("inf")}).source
        label, _ = split_label(node_stmt(dot, "ev1"))
        assert "σ –" in label
        assert "○ 0.000" in label
        assert attrs(node_stmt(dot, "ev1"))["penwidth"] == "1.00"

    def test_long_text_wraps_to_four_lines_with_an_ellipsis(self) -> None:
        text = " ".join(["antioxidant"] * 30)
        graph = make_graph([node("t", NodeKind.THESIS, text)], [])
        label, _ = split_label(node_stmt(render_map(graph, strengths={}, contributions={}).source, "t"))
        text_cell = re.search(r"<B>(.*?)</B>", label)
        assert text_cell is not None
        wrapped = text_cell.group(1).split("<BR/>")
        assert len(wrapped) == 4
        assert all(len(line) <= 28 for line in wrapped)
        assert wrapped[-1].endswith("…")


class TestWeight:
    def test_heavier_contributors_get_thicker_pens(self) -> None:
        dot = small_dot()
        by_weight = sorted(CONTRIBUTIONS, key=lambda i: abs(CONTRIBUTIONS[i]), reverse=True)
        pens = [pen(dot, name) for name in by_weight]
        assert pens == sorted(pens, reverse=True)
        assert len(set(pens)) == len(pens)
        assert pens[0] == 6.0

    def test_pro_and_con_differ_in_marker_fill_and_border(self) -> None:
        dot = small_dot()
        pro, con = attrs(node_stmt(dot, "claim-a")), attrs(node_stmt(dot, "counter"))
        assert pro["fillcolor"] != con["fillcolor"]
        assert pro["color"] != con["color"]
        assert "▲" in split_label(node_stmt(dot, "claim-a"))[0]
        assert "▼" in split_label(node_stmt(dot, "counter"))[0]

    def test_heaviest_node_gets_the_most_intense_fill(self) -> None:
        dot = small_dot()
        assert attrs(node_stmt(dot, "claim-a"))["fillcolor"] == "#66bba7"
        assert attrs(node_stmt(dot, "claim-b"))["fillcolor"] == "#e3f4f0"

    def test_edge_pen_follows_the_weight_its_source_carries(self) -> None:
        dot = small_dot()
        edge_pen = {
            (s, t): float(attrs(edge_stmts(dot, s, t)[0])["penwidth"])
            for s, t in [("claim-a", "thesis"), ("counter", "thesis"), ("claim-b", "thesis")]
        }
        assert (
            edge_pen[("claim-a", "thesis")]
            > edge_pen[("counter", "thesis")]
            > edge_pen[("claim-b", "thesis")]
        )

    def test_root_is_distinct_and_carries_no_weight_of_its_own(self) -> None:
        graph = make_graph(SMALL_NODES, SMALL_RELATIONS)
        dot = render_map(graph, strengths=STRENGTHS, contributions={**CONTRIBUTIONS, "thesis": 9.0}).source
        root_attrs = attrs(node_stmt(dot, "thesis"))
        assert root_attrs["peripheries"] == "2"
        assert "bold" in root_attrs["style"].split(",")
        label, _ = split_label(node_stmt(dot, "thesis"))
        assert "★ ROOT · σ 0.72" in label
        assert "<B>Tea is good for you</B>" in label
        assert pen(dot, "claim-a") == 6.0  # the root's own contribution does not rescale the others

    def test_explicit_root_moves_the_emphasis_and_focuses_on_its_subtree(self) -> None:
        dot = small_dot(root="claim-a")
        assert attrs(node_stmt(dot, "claim-a"))["peripheries"] == "2"
        assert map_node_names(dot) == {"claim-a", "ev1", "cav"}

    def test_root_defaults_to_the_first_thesis(self) -> None:
        assert attrs(node_stmt(small_dot(), "thesis"))["peripheries"] == "2"


class TestTop:
    def test_keeps_the_heaviest_nodes_the_root_and_edges_among_them(self) -> None:
        dot = small_dot(top=2)
        assert map_node_names(dot) == {"thesis", "claim-a", "counter"}
        assert len(edge_stmts(dot, "claim-a", "thesis")) == 1
        assert len(edge_stmts(dot, "counter", "thesis")) == 1
        assert edge_stmts(dot, "ev1", "claim-a") == []
        assert "Summary: the 2 of 5 nodes carrying the most weight" in dot

    def test_zero_keeps_only_the_root(self) -> None:
        dot = small_dot(top=0)
        assert map_node_names(dot) == {"thesis"}
        assert " -> " not in "\n".join(line for line in lines(dot) if "_legend-" not in line)

    def test_more_than_the_map_keeps_everything(self) -> None:
        dot = small_dot(top=50)
        assert map_node_names(dot) == {n.id for n in SMALL_NODES}
        assert "6 nodes, 5 relations" in dot

    def test_ties_are_broken_by_id(self) -> None:
        nodes = [node("t", NodeKind.THESIS), node("b", NodeKind.CLAIM), node("a", NodeKind.CLAIM)]
        graph = make_graph(
            nodes, [rel("a", "t", RelationType.SUPPORTS), rel("b", "t", RelationType.SUPPORTS)]
        )
        dot = render_map(
            graph, strengths={}, contributions={"a": 0.1, "b": 0.1}, options=DiagramOptions(top=1)
        ).source
        assert map_node_names(dot) == {"t", "a"}

    def test_negative_top_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="top must be zero or more"):
            small_dot(top=-1)


class TestArguments:
    def test_unknown_root_is_not_found(self) -> None:
        with pytest.raises(NotFound, match="'nope' is not in map 'test-map'"):
            small_dot(root="nope")

    @pytest.mark.parametrize("direction", ["BT", "TB", "LR", "RL"])
    def test_direction_sets_rankdir(self, direction: str) -> None:
        assert f"rankdir={direction}" in small_dot(direction=direction)

    def test_unknown_direction_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="direction must be one of"):
            small_dot(direction="sideways")

    def test_title_defaults_to_the_map_title(self) -> None:
        assert "<B>Is tea good for you?</B>" in small_dot()
        assert "<B>Tea, briefly</B>" in small_dot(title="Tea, briefly")


class TestLegend:
    def test_the_key_under_the_title_explains_shapes_arrows_and_weight(self) -> None:
        dot = small_dot()
        title = next(line for line in lines(dot) if line.startswith("bgcolor="))
        assert "How to read this diagram" in title
        for words in ("evidence: folded note", "caveat: hexagon", "counterpoint: dashed box"):
            assert words in title
        for relation in ("supports", "attacks", "qualifies"):
            assert relation in title
        assert "thicker border" in title
        assert "▲" in title
        assert "▼" in title

    def test_the_key_adds_no_nodes_and_can_be_left_out(self) -> None:
        with_key, without = small_dot(), small_dot(legend=False)
        assert map_node_names(with_key) == map_node_names(without)
        assert "How to read this diagram" not in without
        assert "cluster" not in with_key


class TestDeterminism:
    def test_same_input_gives_the_same_text(self) -> None:
        assert small_dot() == small_dot()

    def test_document_order_does_not_matter(self) -> None:
        shuffled = make_graph(list(reversed(SMALL_NODES)), list(reversed(SMALL_RELATIONS)))
        reordered = render_map(
            shuffled,
            strengths=dict(reversed(STRENGTHS.items())),
            contributions=dict(reversed(CONTRIBUTIONS.items())),
        )
        assert reordered.source == small_dot()


NASTY = "He said \"no\" & <b>left</b>\n\tthen 'ok' \\N {x} [y]; 日本語 café 🙂\x00\x07 </TD></TABLE>"


class TestEscaping:
    def nasty_graph(self) -> MapGraph:
        nodes = [
            node("thesis", NodeKind.THESIS, NASTY, speaker="evil"),
            node("a-b", NodeKind.CLAIM, "<<HTML>>", speaker="evil"),
            node('we"ird:id <x>', NodeKind.EVIDENCE, "&amp; already escaped?"),
            node("x y", NodeKind.CAVEAT, "\\"),
        ]
        relations = [
            rel("a-b", "thesis", RelationType.SUPPORTS, 0.25),
            rel('we"ird:id <x>', "a-b", RelationType.ATTACKS),
            rel("x y", 'we"ird:id <x>', RelationType.QUALIFIES),
        ]
        speakers = [Speaker(id="evil", name='Dr. "Quote" <O\'Brien> & Co.\n')]
        return make_graph(nodes, relations, speakers=speakers)

    def nasty_dot(self) -> str:
        graph = self.nasty_graph()
        contributions = {"a-b": 0.4, 'we"ird:id <x>': -0.3, "x y": 0.01}
        source: str = render_map(graph, strengths={}, contributions=contributions, title=NASTY).source
        return source

    def test_text_reaches_labels_only_as_entities(self) -> None:
        dot = self.nasty_dot()
        label, _ = split_label(node_stmt(dot, "thesis"))
        assert "&lt;b&gt;left&lt;/b&gt;" in label
        assert "&quot;no&quot; &amp;" in label
        assert "&lt;/TD&gt; &lt;/TABLE&gt;" not in label  # the wrap may split them, but they stay entities
        assert label.count("<TABLE") == 1
        assert "\x00" not in dot
        assert "\x07" not in dot
        assert "Dr. &quot;Quote&quot; &lt;O&#x27;Brien&gt; &amp; Co." in dot
        assert "&amp;amp; already escaped?" in dot

    def test_odd_node_ids_get_safe_distinct_dot_names(self) -> None:
        assert dot_id("claim-a") == "claim-a"
        odd = dot_id('we"ird:id <x>')
        assert re.fullmatch(r"_[0-9a-f]+", odd)
        assert odd != dot_id("x y")
        assert bytes.fromhex(odd[1:]).decode() == 'we"ird:id <x>'
        dot = self.nasty_dot()
        assert len(edge_stmts(dot, odd, "a-b")) == 1
        assert len(edge_stmts(dot, dot_id("x y"), odd)) == 1

    def test_dot_parses_it_and_the_svg_shows_the_original_text(self) -> None:
        svg = render_bytes(self.nasty_dot(), "svg")
        root = ET.fromstring(svg)  # noqa: S314  (our own dot output, parsed to check it is well formed)
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
        assert 'He said "no" &' in texts
        assert "<b>left</b>" in texts
        assert "日本語 café 🙂" in texts
        assert "<<HTML>>" in texts
        assert 'Dr. "Quote" <O\'Brien> & Co.' in texts
        titles = [t.text or "" for t in root.iter(f"{SVG}title")]
        assert "_" + b'we"ird:id <x>'.hex() in titles
        tooltips = {a.get("{http://www.w3.org/1999/xlink}title") for a in root.iter(f"{SVG}a")}
        # Graphviz expands "\N" to the node's name unless escaped: the backslash must arrive as written
        assert "\\N {x}" in texts
        assert any(t and "then 'ok' \\N {x} [y]" in t for t in tooltips)
        assert "thesis {x}" not in texts
        assert not any(t and "thesis {x}" in t for t in tooltips)
