"""Fitting a layout to its frame: Graphviz measures each attempt, and the first that fits is drawn.

The type never shrinks. A tree too wide for the frame is stacked into a column; a column whose texts
Graphviz measures wider than estimated is wrapped narrower; and when the chosen nodes still do not fit (a
slide's height), fewer of the heaviest are drawn, the caption saying how many more the map holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from graph.compute import check_deadline
from graph.mapgraph import Evaluation, MapGraph
from graph.render._frame import (
    PAD_IN,
    Attempt,
    FramePart,
    frame_parts,
    frame_statements,
    render_framed,
    stack_plan,
)
from graph.render._layouts import LAYOUTS, PX_PER_PT, LayoutSpec
from graph.render._outline import FOOT_GAP, GAP, Outline, outline
from graph.render._pages import a4_pages
from graph.render._pipe import laid_out, node_sizes, placed_boxes, render_bytes
from graph.render._render import dot_id
from graph.render._select import Selection, select
from graph.render._style import HOUSE_DEFAULT, RELATION_STYLES
from schemas import DiagramOptions, HouseStyle, Layout, Spread

_SIZE = re.compile(rb'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"')
NARROWER = (1.0, 0.85, 0.7)
"""Wrap factors tried in turn when Graphviz measures a stacked column wider than the frame."""


def svg_size(svg: bytes) -> tuple[float, float]:
    """The width and height of Graphviz's SVG in CSS pixels (it writes points).

    Example:
        >>> svg_size(b'<svg width="480pt" height="252pt" viewBox="0 0 480 252">')
        (640.0, 336.0)
    """
    found = _SIZE.search(svg)
    if found is None:
        raise ValueError("not a Graphviz SVG: no width and height in points")
    return float(found[1]) * PX_PER_PT, float(found[2]) * PX_PER_PT


_VIEWBOX = re.compile(rb'viewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+) ([0-9.]+)"')


def exact_size(svg: bytes) -> bytes:
    """The SVG with its width and height exactly its viewBox's, in points.

    Graphviz rounds them to whole points, which shows the drawing a fraction smaller than drawn: a 12 px
    text would be 11.98 px.

    Example:
        >>> exact_size(b'<svg width="440pt" height="90pt" viewBox="0.00 0.00 440.40 89.60" x="1">')
        b'<svg width="440.40pt" height="89.60pt" viewBox="0.00 0.00 440.40 89.60" x="1">'
    """
    view = _VIEWBOX.search(svg)
    if view is None:
        return svg
    return _SIZE.sub(b'<svg width="' + view[1] + b'pt" height="' + view[2] + b'pt"', svg, count=1)


def frame(options: DiagramOptions) -> tuple[LayoutSpec, int | None, int | None]:
    """The layout's spec and the width and height it must fit (the request's, else the layout's).

    A layout that does not fit (``full``) has neither: it is drawn at its own size.
    """
    if options.layout is None:
        raise ValueError("the options name no layout")
    spec = LAYOUTS[Layout(options.layout)]
    if not spec.fit:  # drawn at its own size, however big
        return spec, None, None
    width = options.width if options.width is not None else spec.width
    height = options.height if options.height is not None else spec.height
    return spec, width, height


def draw_layout(
    graph: MapGraph,
    evaluation: Evaluation,
    options: DiagramOptions,
    timeout_s: float,
    pinned: int | None,
    spread: Spread | None = None,
    house: HouseStyle = HOUSE_DEFAULT,
) -> bytes:
    """The drawing of ``options.layout`` in ``options.format`` (CPU-bound: the compute pool's job).

    Raises:
        NotFound, OverBudget: as ``graph.render.draw``.
        RenderTimeout, RenderError: Graphviz ran too long or failed.
        DeadlineExceeded: the compute job's budget ran out between two attempts.
    """
    spec, width, height = frame(options)
    contributions = evaluation.contribution_map()
    top = options.top if options.top is not None else spec.top
    chosen = select(graph, contributions, options, top)
    strengths = evaluation.strengths.strengths

    def build(attempt: Attempt, placed: Outline | None = None) -> str:
        digraph = render_framed(
            graph, attempt, spec=spec, strengths=strengths, pinned=pinned, placed=placed, house=house
        )
        return str(digraph.source)

    def drawn(attempt: Attempt) -> Drawn:
        """The attempt drawn: the map laid out (a tree by ``dot``, a stack as an outline), then framed."""
        head, foot = frame_parts(
            graph,
            attempt,
            spec=spec,
            strengths=strengths,
            semantics=evaluation.semantics,
            pinned=pinned,
            spread=spread,
            house=house,
        )
        parts = [*head, *foot]
        sizes = node_sizes(_digraph(frame_statements(parts)), timeout_s=timeout_s)
        check_deadline()
        if attempt.flow == "stack":
            sizes.update(node_sizes(build(attempt), timeout_s=timeout_s))
            shape = place(graph, attempt.chosen, sizes, head=head, foot=foot)
            positions = {part.name: shape.pos(part.name) for part in parts}
            source = _with(build(attempt, shape), frame_statements(parts, positions))
        else:
            source = framed_tree(laid_out(build(attempt), timeout_s=timeout_s), head, foot, sizes)
        check_deadline()
        return Drawn(source, render_bytes(source, "svg", timeout_s=timeout_s, placed=True))

    def attempt(count: int) -> Drawn | None:
        kept = chosen.keep(chosen.by_weight()[:count])
        for candidate in _attempts(kept, width, spec.fit):
            check_deadline()
            made = drawn(candidate)
            drawn_width, drawn_height = svg_size(made.svg)
            if not spec.fit or (
                (width is None or drawn_width <= width) and (height is None or drawn_height <= height)
            ):
                return made
            if height is not None and drawn_height > height:
                return None  # too tall already: stacking or wrapping narrower only makes it taller
        return None

    def last_resort() -> Drawn:
        """The root alone, stacked and wrapped narrowest: taller than the frame, never in smaller type."""
        return drawn(Attempt(chosen.keep([chosen.root]), "stack", width, NARROWER[-1]))

    best = _fewest_cut(attempt, len(chosen.shown), last_resort)
    if spec.exact and width is not None and height is not None:
        best = exact_frame(best, width, height, timeout_s)
    if options.format == "svg":
        return exact_size(best.svg)
    if options.format == "pdf" and spec.paged:
        pdf = render_bytes(best.source, "pdf", timeout_s=timeout_s, placed=True)
        drawing, boxes = placed_boxes(best.source, timeout_s=timeout_s)
        return a4_pages(pdf, drawing, boxes)
    return render_bytes(best.source, options.format, timeout_s=timeout_s, placed=True, scale=options.scale)


@dataclass(frozen=True, slots=True)
class Drawn:
    """One attempt drawn: its DOT, every position given (``neato -n2`` draws it), and its SVG."""

    source: str
    svg: bytes


def place(
    graph: MapGraph,
    chosen: Selection,
    sizes: Mapping[str, tuple[float, float]],
    *,
    head: list[FramePart],
    foot: list[FramePart],
) -> Outline:
    """The outline of a stacked attempt from the node sizes Graphviz measured."""
    order, parents = stack_plan(graph, chosen)
    names = {node_id: dot_id(node_id) for node_id in order}
    kept = set(order)
    relations = [
        (names[r.source], names[r.target], RELATION_STYLES[r.type].arrowhead)
        for r in sorted(graph.document.relations, key=lambda r: (r.target, r.source, r.type.value))
        if r.source in kept and r.target in kept
    ]
    return outline(
        [names[i] for i in order],
        {names[i]: (None if parent is None else names[parent]) for i, parent in parents.items()},
        sizes,
        relations,
        head=[part.name for part in head],
        foot=[part.name for part in foot],
    )


def _digraph(statements: list[str]) -> str:
    return "digraph {\n" + "".join(statements) + "}\n"


def _with(source: str, statements: list[str]) -> str:
    """``source`` with ``statements`` added at the end of its graph."""
    end = source.rstrip().rfind("}")
    return source[:end] + "".join(statements) + source[end:]


_BB = re.compile(r'\bbb="([-0-9.]+),([-0-9.]+),([-0-9.]+),([-0-9.]+)",?')
_PLACED = re.compile(r'\b(pos|lp)="([^"]*)"')
_PAIR = re.compile(r"(-?[0-9.]+),(-?[0-9.]+)")


def shifted(source: str, dx: float, dy: float) -> str:
    """``source`` with every position (``pos``, ``lp``) moved by ``dx``, ``dy`` points.

    Example:
        >>> shifted('a [pos="1,2!"]; a -> b [pos="e,3,4 5,6 7,8 9,10"]', 10, 1)
        'a [pos="11.00,3.00!"]; a -> b [pos="e,13.00,5.00 15.00,7.00 17.00,9.00 19.00,11.00"]'
    """

    def moved(found: re.Match[str]) -> str:
        pairs = _PAIR.sub(lambda p: f"{float(p[1]) + dx:.2f},{float(p[2]) + dy:.2f}", found[2])
        return f'{found[1]}="{pairs}"'

    return _PLACED.sub(moved, source)


def exact_frame(drawn: Drawn, width: int, height: int, timeout_s: float) -> Drawn:
    """``drawn`` on a canvas of exactly ``width`` x ``height`` CSS pixels, centred on it.

    Two invisible points mark the canvas's corners, and every position moves to put the drawing there.
    """
    drawn_width, drawn_height = svg_size(drawn.svg)
    pad = 2 * PAD_IN * 72  # the drawing's own margin, on both sides, in points
    inner_width, inner_height = width / PX_PER_PT - pad, height / PX_PER_PT - pad
    dx = max(0.0, (width - drawn_width) / PX_PER_PT / 2)
    dy = max(0.0, (height - drawn_height) / PX_PER_PT / 2)
    corners = [
        f'{name} [label="", shape=point, style=invis, width=0, height=0, pos="{x:.2f},{y:.2f}!"]\n'
        for name, x, y in (("card_low", 0.0, 0.0), ("card_high", inner_width, inner_height))
    ]
    source = _with(shifted(drawn.source, dx, dy), corners)
    return Drawn(source, render_bytes(source, "svg", timeout_s=timeout_s, placed=True))


def framed_tree(
    laid: str, head: list[FramePart], foot: list[FramePart], sizes: Mapping[str, tuple[float, float]]
) -> str:
    """A tree ``dot`` laid out (``-Tdot``), moved to make room for the title above and the foot under it.

    The frame's parts stand at the left margin; a map narrower than them is centred under the title.
    """
    laid = laid.replace("\\\n", "")  # -Tdot continues long strings on the next line
    box = _BB.search(laid)
    if box is None:
        raise ValueError("not a laid-out graph: no bb")
    map_width, map_height = float(box[3]) - float(box[1]), float(box[4]) - float(box[2])
    frame_width = max((sizes[part.name][0] for part in [*head, *foot]), default=0.0)
    dx = max(0.0, (frame_width - map_width) / 2) - float(box[1])
    below = sum(sizes[part.name][1] + GAP for part in foot) + (FOOT_GAP - GAP if foot else 0.0)
    dy = below - float(box[2])

    laid = shifted(_BB.sub("", laid), dx, dy)
    positions, y = {}, below + map_height + GAP
    for part in head:
        width, height = sizes[part.name]
        positions[part.name] = f"{width / 2:.2f},{y + height / 2:.2f}!"
        y += height + GAP
    y = 0.0
    for part in reversed(foot):
        width, height = sizes[part.name]
        positions[part.name] = f"{width / 2:.2f},{y + height / 2:.2f}!"
        y += height + GAP
    return _with(laid, frame_statements([*head, *foot], positions))


def _attempts(kept: Selection, width: int | None, fit: bool) -> Iterator[Attempt]:
    yield Attempt(kept, "tree", width)
    if not fit or width is None:
        return
    for narrow in NARROWER:
        yield Attempt(kept, "stack", width, narrow)


def _fewest_cut(
    attempt: Callable[[int], Drawn | None],
    count: int,
    fallback: Callable[[], Drawn],
) -> Drawn:
    """The drawing of the most nodes that fits: all of them, else the largest count found by bisection."""
    whole = attempt(count)
    if whole is not None:
        return whole
    best: Drawn | None = None
    low, high = 1, count - 1  # the counts that may fit; the root alone is 1
    while low <= high:
        middle = (low + high) // 2
        found = attempt(middle)
        if found is None:
            high = middle - 1
        else:
            best, low = found, middle + 1
    return best if best is not None else fallback()
