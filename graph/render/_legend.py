"""The legend: a cluster that explains shapes, edge styles, colours and thickness on the diagram itself.

A diagram is often embedded far from any documentation (a newsroom CMS, a slide), so it carries its own key.
Legend node ids start with ``_legend-``, which no map node id can produce (see ``_render.dot_id``).
"""

from __future__ import annotations

import itertools

import graphviz

from graph.render._labels import CON_MARK, MINUS, PRO_MARK, SIGMA, TIMES
from graph.render._style import (
    CON_BORDER,
    CON_FILLS,
    FONT,
    KIND_STYLES,
    MUTED,
    NEUTRAL_BORDER,
    PRO_BORDER,
    PRO_FILLS,
    RELATION_STYLES,
)

LEGEND_CLUSTER = "cluster_legend"
LEGEND_PREFIX = "_legend-"


def _swatches(fills: tuple[str, ...], border: str) -> str:
    cells = "".join(f'<TD BGCOLOR="{fill}" WIDTH="14" HEIGHT="10"> </TD>' for fill in fills[1:])
    return f'<TABLE BORDER="1" COLOR="{border}" CELLBORDER="0" CELLSPACING="0"><TR>{cells}</TR></TABLE>'


def _key_label() -> str:
    rows = [
        (_swatches(PRO_FILLS, PRO_BORDER), f"{PRO_MARK} +  pro: raises the root's strength"),
        (_swatches(CON_FILLS, CON_BORDER), f"{CON_MARK} {MINUS}  con: lowers the root's strength"),
    ]
    body = "".join(
        f'<TR><TD ALIGN="LEFT">{swatch}</TD><TD ALIGN="LEFT">{text}</TD></TR>' for swatch, text in rows
    )
    notes = (
        "Darker fill, thicker border and thicker outgoing",
        "arrows = more weight carried, i.e. a larger",
        "|contribution| to the root (heaviest on the map = darkest).",
        f"{SIGMA} = the node's own strength, from 0 to 1.",
        "★ ROOT, double border = the claim being weighed.",
        f"{TIMES}0.5 on an arrow = the relation acts at half weight.",
    )
    text = "<BR/>".join(notes)
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">'
        f"{body}"
        f'<TR><TD COLSPAN="2" BALIGN="LEFT" ALIGN="LEFT"><FONT COLOR="{MUTED}">{text}</FONT></TD></TR>'
        "</TABLE>>"
    )


def add_legend(digraph: graphviz.Digraph, *, label_at: str = "b") -> None:
    """Append the legend cluster to ``digraph``: rows of shape samples, of arrows, and the colour key.

    Each row is one rank (the arrows are flat edges within it), so the legend stays three ranks deep beside
    the map instead of stretching across every rank of a deep argument.

    Args:
        digraph: the diagram to extend.
        label_at: the cluster's ``labelloc``; Graphviz flips it with the rank direction, so the caller
            passes whichever puts the heading on top.
    """
    kind_ids = [f"{LEGEND_PREFIX}kind-{kind.value}" for kind in KIND_STYLES]
    arrow_ids = [
        (f"{LEGEND_PREFIX}{relation.value}-from", f"{LEGEND_PREFIX}{relation.value}-to")
        for relation in RELATION_STYLES
    ]
    key_id = f"{LEGEND_PREFIX}key"
    with digraph.subgraph(name=LEGEND_CLUSTER) as legend:
        legend.attr(
            label="<<B>How to read this diagram</B>>",
            labeljust="l",
            labelloc=label_at,
            style="rounded",
            color=NEUTRAL_BORDER,
            fontname=FONT,
            fontsize="11",
        )
        legend.attr("node", fontsize="9", fillcolor="#ffffff", color=NEUTRAL_BORDER, penwidth="1")
        with legend.subgraph(name=f"{LEGEND_PREFIX}kinds") as kinds:
            kinds.attr(rank="same")
            for kind_id, (kind, kind_style) in zip(kind_ids, KIND_STYLES.items(), strict=True):
                # The sample's own outline shows the shape, so its label only names the kind.
                kinds.node(
                    kind_id,
                    label=kind.value,
                    tooltip=kind_style.description,
                    shape=kind_style.shape,
                    style=",".join(("filled", *kind_style.styles)),
                    height="0.3",
                    margin="0.08,0.02",
                )
        with legend.subgraph(name=f"{LEGEND_PREFIX}relations") as relations:
            relations.attr(rank="same")
            for (tail, head), (relation_type, relation_style) in zip(
                arrow_ids, RELATION_STYLES.items(), strict=True
            ):
                for point in (tail, head):
                    relations.node(point, label="", shape="point", width="0.05", color=MUTED)
                relations.edge(
                    tail,
                    head,
                    label=relation_type.value,
                    color=relation_style.color,
                    fontcolor=relation_style.label_color,
                    style=relation_style.style,
                    arrowhead=relation_style.arrowhead,
                    penwidth="1.8",
                    fontsize="10",
                    tooltip=relation_style.description,
                )
        legend.node(key_id, label=_key_label(), shape="plain", fontsize="9")
        # Invisible flat edges fix the left-to-right order within a row; the two from row to row stack
        # the key under the arrows under the shapes, joined at their middles so the rows stay centred.
        flat = [*itertools.pairwise(kind_ids), *((a[1], b[0]) for a, b in itertools.pairwise(arrow_ids))]
        middle = arrow_ids[len(arrow_ids) // 2]
        for tail, head in flat:
            legend.edge(tail, head, style="invis", minlen="0")
        for tail, head in [(key_id, middle[0]), (middle[1], kind_ids[len(kind_ids) // 2])]:
            legend.edge(tail, head, style="invis")
