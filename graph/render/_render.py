"""``render_map``: the DOT source of a map, drawn so the claims that carry the most weight stand out.

Pure: it builds a ``graphviz.Digraph`` and never starts ``dot``; ``graph.render._pipe`` does that for callers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote

import graphviz

from graph.mapgraph import QUALIFIES_DEFAULT_WEIGHT, MapGraph, ranked_quotes, whose_words
from graph.render._labels import format_weight, node_label, plain_text, shorten, title_label
from graph.render._layouts import LEGACY, TypeSizes
from graph.render._legend import key_table
from graph.render._select import finite, select
from graph.render._style import (
    HOUSE_DEFAULT,
    INK,
    KIND_STYLES,
    MAX_EDGE_PEN,
    MIN_EDGE_PEN,
    RELATION_STYLES,
    ROOT_BORDER,
    ROOT_FILL,
    fill_and_border,
    pen_width,
)
from schemas import DiagramOptions, HouseStyle, Node, Relation, RelationType

WHOLE_MAP = DiagramOptions()
"""The default drawing: every node, against the map's root."""

NODE_ID_PREFIX = "node-"
"""SVG element ids of map nodes are this prefix and ``dot_id``; Graphviz's own ids (``node1``, ``edge1``,
``graph0``) have no hyphen, so they never collide."""
PIXELS_PER_INCH = 96
"""CSS pixels per inch, and Graphviz's default PNG resolution, so ``width`` means the same in SVG and PNG."""
UNBOUNDED_INCHES = 1000

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
ROOT_PEN = "3"
HEXAGON_WRAP = 0.6


def dot_id(node_id: str) -> str:
    """The DOT name of a map node: the id itself when it is a slug, else ``_`` and its UTF-8 bytes in hex.

    Slugs can hold neither ``_`` nor ``:`` (which DOT reads as a port separator), so the two forms never
    collide, and ids that break the schema still produce valid, distinct DOT names.
    """
    if _SLUG.fullmatch(node_id):
        return node_id
    return "_" + node_id.encode("utf-8", errors="surrogatepass").hex()


def element_id(node_id: str) -> str:
    """The SVG element id of a map node: ``node-`` and its DOT name (a page finds a clicked claim by it).

    Example:
        >>> element_id("claim-a")
        'node-claim-a'
    """
    return NODE_ID_PREFIX + dot_id(node_id)


def view_href(map_id: str, node_id: str, version: int | None = None) -> str:
    """The viewer focused on a node (``#node-<id>``, the id percent-encoded), of a fixed version if given.

    Example:
        >>> view_href("m", "a b")
        '/maps/m/view#node-a%20b'
        >>> view_href("m", "t", 3)
        '/maps/m/view?version=3#node-t'
    """
    pinned = "" if version is None else f"?version={version}"
    return f"/maps/{quote(map_id, safe='')}/view{pinned}#{NODE_ID_PREFIX}{quote(node_id, safe='')}"


def node_tooltip(graph: MapGraph, node: Node) -> str:
    """A node's tooltip: its id and text, who says it, and whose words its best quote is.

    Example:
        >>> from schemas import MapDocument, NodeKind, Quote, QuoteProvenance, Speaker
        >>> quote = Quote(start=0, end=11, text="Tea is good", provenance=QuoteProvenance.SPEAKER_WORDS)
        >>> doc = MapDocument(id="m", title="T", sources=[], speakers=[Speaker(id="a", name="Ann")],
        ...     nodes=[Node(id="t", kind=NodeKind.THESIS, text="Tea is good", speaker="a", base_score=0.5,
        ...                 rationale="r", quotes=[quote])])
        >>> node_tooltip(MapGraph(doc, 1, {}), MapGraph(doc, 1, {}).nodes["t"])
        "t: Tea is good (Ann; quote: Ann's own words)"
    """
    speaker = graph.speakers.get(node.speaker)
    who = speaker.name if speaker is not None else node.speaker
    quotes = ranked_quotes(graph, node)
    if not quotes:
        return f"{node.id}: {node.text} ({who}; no quote)"
    return f"{node.id}: {node.text} ({who}; quote: {whose_words(graph, node, quotes[0])})"


def claim_href(map_id: str, node_id: str) -> str:
    """The path of a node's claim detail, every segment percent-encoded.

    Example:
        >>> claim_href("m", "a b")
        '/claims/m/a%20b'
    """
    return f"/claims/{quote(map_id, safe='')}/{quote(node_id, safe='')}"


def _effective_weight(relation: Relation) -> float:
    """The weight the scoring gives a relation: its own, else 1, except an unweighted ``qualifies``."""
    if relation.weight is not None:
        return relation.weight
    return QUALIFIES_DEFAULT_WEIGHT if relation.type is RelationType.QUALIFIES else 1.0


def weight_label(relation: Relation) -> str | None:
    """The label of a relation's arrow: its weight as the scoring uses it, None at full weight.

    Example:
        >>> weight_label(Relation(source="a", target="b", type=RelationType.QUALIFIES))[1:]
        '0.5'
    """
    return format_weight(_effective_weight(relation))


def _relation_key(relation: Relation) -> tuple[str, str, str, float]:
    return (relation.source, relation.target, relation.type.value, _effective_weight(relation))


def _subtitle(
    graph: MapGraph, shown: int, *, top: int | None, focus: str | None, depth: int | None, min_weight: float
) -> str:
    where = f"map {graph.id}, version {graph.version}"
    total = len(graph.nodes)
    if shown == total:
        return f"{total} nodes, {len(graph.document.relations)} relations · {where}"
    if focus is None and min_weight == 0 and top is not None:
        return (
            f"Summary: the {shown - 1} of {total - 1} nodes carrying the most weight, and the root · {where}"
        )
    parts = []
    if focus is not None:
        levels = "" if depth is None else f", {depth} level{'s' if depth != 1 else ''} deep"
        parts.append(f"the argument under {shorten(focus, 40)}{levels}")
    if top is not None:
        parts.append("the nodes carrying the most weight")
    if min_weight > 0:
        parts.append(f"nodes carrying at least {min_weight:.0%} of the weight of the heaviest")
    return f"Summary: {shown - 1} of {total - 1} nodes and the root; {'; '.join(parts)} · {where}"


def _size(width: int | None, height: int | None) -> dict[str, str]:
    """Graphviz ``size`` (inches, scale down only) for a largest width and height in CSS pixels."""
    if width is None and height is None:
        return {}
    inches = [UNBOUNDED_INCHES if px is None else px / PIXELS_PER_INCH for px in (width, height)]
    # No dpi: PNG output is 96 dpi by default, and SVG counts points (72 per inch, 96 CSS pixels per inch).
    return {"size": f"{inches[0]:.3f},{inches[1]:.3f}"}


def add_node(
    digraph: graphviz.Digraph,
    graph: MapGraph,
    node: Node,
    *,
    strength: float | None,
    contribution: float | None,
    weight: float,
    heaviest: float,
    is_root: bool,
    full: bool,
    href: str,
    sizes: TypeSizes = LEGACY,
    wrap_width: int | None = None,
    pos: str | None = None,
    cut_corners: bool = False,
    arrow: str | None = None,
) -> None:
    """A map node: its label, shape, fill and border by weight, tooltip, element id, class and link.

    ``cut_corners``: a hexagon is drawn as a box with cut corners, as wide as its text (a hexagon grows
    far wider and taller than its text; the layouts draw caveats so).
    """
    kind_style = KIND_STYLES[node.kind]
    speaker = graph.speakers.get(node.speaker)
    hexagon = kind_style.shape == "hexagon" and not cut_corners
    shape, corner = (
        ("box", ["diagonals"]) if kind_style.shape == "hexagon" and not hexagon else (kind_style.shape, [])
    )
    if wrap_width is not None and hexagon:
        # A hexagon grows far wider than its text: wrapped narrower, a caveat is as wide as the others.
        wrap_width = max(12, round(wrap_width * HEXAGON_WRAP))
    styles = ["filled", *kind_style.styles, *corner]
    if is_root:
        fill, border, pen, peripheries = ROOT_FILL, ROOT_BORDER, ROOT_PEN, "2"
        if "bold" not in styles:
            styles.append("bold")
    else:
        fill, border = fill_and_border(contribution, weight, heaviest)
        pen, peripheries = pen_width(weight, heaviest), "1"
    digraph.node(
        dot_id(node.id),
        label=node_label(
            node.text,
            node.kind.value,
            speaker.name if speaker is not None else node.speaker,
            strength,
            contribution,
            is_root=is_root,
            full=full,
            sizes=sizes,
            wrap_width=wrap_width,
            arrow=arrow,
        ),
        shape=shape,
        style=",".join(styles),
        fillcolor=fill,
        color=border,
        penwidth=pen,
        peripheries=peripheries,
        tooltip=plain_text(node_tooltip(graph, node)),
        # Addressable: a page can find the clicked claim by id and class, a reader follows the link to the
        # viewer focused on it (people read the viewer; the JSON is a link away from there).
        id=element_id(node.id),
        **{"class": f"map-node kind-{node.kind.value}"},
        URL=href,
        target="_top",
        **({"margin": "0.02,0.02"} if hexagon else {}),
        **({} if pos is None else {"pos": pos}),
    )


def add_relations(
    digraph: graphviz.Digraph,
    graph: MapGraph,
    shown: Iterable[str],
    weights: Mapping[str, float],
    heaviest: float,
    *,
    downward: bool = False,
    routes: Mapping[tuple[str, str], str] | None = None,
) -> None:
    """An arrow for each relation between drawn nodes, sorted so equal inputs give equal DOT text.

    ``downward``: written from target to source and drawn backwards (the arrowhead still at the target),
    so that with ``rankdir=TB`` what a node bears on is drawn above it. ``routes``: each arrow's ``pos``
    by the DOT names of its source and target (an outline placed by ``graph.render._outline``); such an
    arrow carries no weight label (its tooltip does), there being no room for one beside the rail.
    """
    kept = set(shown)
    relations = (r for r in graph.document.relations if r.source in kept and r.target in kept)
    for relation in sorted(relations, key=_relation_key):
        relation_style = RELATION_STYLES[relation.type]
        weight = format_weight(_effective_weight(relation))
        tooltip = f"{relation.source} {relation.type.value} {relation.target}"
        names = (dot_id(relation.source), dot_id(relation.target))
        placed = {} if routes is None else {"pos": routes[names]}
        label = None if placed or not weight else f" {weight} "
        if placed and weight:
            tooltip += f" ({weight})"
        head = (
            {"dir": "back", "arrowtail": relation_style.arrowhead}
            if downward
            else {"arrowhead": relation_style.arrowhead}
        )
        digraph.edge(
            *(names[::-1] if downward else names),
            label=label,
            color=relation_style.color,
            fontcolor=relation_style.label_color,
            style=relation_style.style,
            penwidth=pen_width(weights[relation.source], heaviest, low=MIN_EDGE_PEN, high=MAX_EDGE_PEN),
            tooltip=plain_text(tooltip),
            **head,
            **placed,
            **{"class": f"relation {relation.type.value}"},
        )


def render_map(
    graph: MapGraph,
    *,
    strengths: Mapping[str, float],
    contributions: Mapping[str, float],
    options: DiagramOptions = WHOLE_MAP,
    title: str | None = None,
    pinned: int | None = None,
    house: HouseStyle = HOUSE_DEFAULT,
) -> graphviz.Digraph:
    """Build the diagram of one map version: a box per node, an arrow per relation, weight made visible.

    A node's weight carried is ``|contributions[id]|``; it sets the border width and fill intensity (teal
    for pro, orange for con, with ▲/▼ markers), relative to the heaviest node on the whole map, so a node
    looks the same in a summary as in the full diagram. Arrows take their width from the weight their
    source carries, and a weight label when the scoring gives them less than full weight, which includes an
    unweighted ``qualifies`` (``QUALIFIES_DEFAULT_WEIGHT``). Iteration is sorted, so the same inputs always
    give the same DOT text.

    Each map node's SVG element has the id ``element_id(node_id)``, the classes ``map-node kind-<kind>``, and
    a link to the viewer focused on it (``view_href``), so a page can tell which claim was clicked.

    Which nodes are drawn: the root's subtree when ``focus`` or ``depth`` is given (else every node); of
    those, the ones carrying at least ``min_weight`` of the heaviest node's weight; of those, the ``top``
    heaviest. The root is always drawn.

    Args:
        graph: the map version to draw.
        strengths: each node's final strength in [0, 1]; missing nodes print a dash.
        contributions: each node's signed contribution to the root's strength; missing nodes carry none.
        options: what to draw (``format``, ``semantics`` and ``contribution`` are the caller's business):
            ``root`` is the node the contributions are measured against (default ``graph.root``) and, when
            given, focuses the drawing on its subtree, as ``depth`` does; ``top``, ``min_weight``,
            ``direction``, ``labels``, ``legend``, ``width`` and ``height`` as ``DiagramOptions`` says.
        title: the heading; defaults to the map's title.
        pinned: the version the links name (a drawing of a fixed version links to that version's viewer).
        house: the publisher's font, accent (the title's colour) and name (at the end of the subtitle).

    Returns:
        The unrendered ``graphviz.Digraph``; ``.source`` is the DOT text.

    Raises:
        NotFound: ``root`` is not a node of the map.
        OverBudget: more than ``MAX_DIAGRAM_NODES`` nodes would be drawn.
        ValueError: an argument is out of its range.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Speaker
        >>> doc = MapDocument(id="m", title="Tea", sources=[], speakers=[Speaker(id="a", name="Ann")],
        ...     nodes=[Node(id="t", kind=NodeKind.THESIS, text="Tea is good", speaker="a",
        ...                 base_score=0.5, rationale="r")])
        >>> dot = render_map(MapGraph(doc, 1, {}), strengths={"t": 0.5}, contributions={}).source
        >>> "0.50" in dot and 'id="node-t"' in dot and 'URL="/maps/m/view#node-t"' in dot
        True
    """
    chosen = select(graph, contributions, options, options.top)
    root_id, weights, heaviest, shown = chosen.root, chosen.weights, chosen.heaviest, chosen.shown
    digraph = graphviz.Digraph(name=plain_text(graph.id))
    subtitle = _subtitle(
        graph,
        len(shown),
        top=options.top,
        focus=root_id if chosen.focused else None,
        depth=options.depth,
        min_weight=options.min_weight or 0.0,
    )
    if house.publisher:
        subtitle += f" · published by {house.publisher}"
    digraph.attr(
        rankdir=options.direction,
        label=title_label(
            title if title is not None else graph.document.title,
            subtitle,
            key_table() if options.legend else None,
        ),
        labelloc="t",
        fontname=house.diagram_font,
        fontcolor=house.diagram_accent,
        bgcolor="#ffffff",
        nodesep="0.3",
        ranksep="0.45",
        pad="0.25",
        tooltip=plain_text(shorten(graph.document.title, 200)),
        **_size(options.width, options.height),
    )
    digraph.attr("node", fontname=house.diagram_font, fontsize="11", fontcolor=INK, margin="0.12,0.06")
    digraph.attr("edge", fontname=house.diagram_font, fontsize="9", arrowsize="0.8")

    for node_id in shown:
        add_node(
            digraph,
            graph,
            graph.nodes[node_id],
            strength=finite(strengths.get(node_id)),
            contribution=chosen.signed[node_id],
            weight=weights[node_id],
            heaviest=heaviest,
            is_root=node_id == root_id,
            full=options.labels == "full",
            href=view_href(graph.id, node_id, pinned),
        )
    add_relations(digraph, graph, shown, weights, heaviest)
    return digraph
