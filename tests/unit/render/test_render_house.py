"""Diagrams in the house style: the publisher's font on every text, its accent on the title, its name in the
caption, and the layouts' reading sizes kept."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import msgspec
import pytest

from graph.document import load_document_file
from graph.mapgraph import Evaluation, MapGraph, evaluate
from graph.render import draw
from schemas import DiagramOptions, HouseStyle, Layout

SVG = "{http://www.w3.org/2000/svg}"
ESSAY = Path(__file__).resolve().parents[3] / "maps" / "import-ai-455.yaml"
HOUSE = HouseStyle(font="DejaVu Serif, serif", accent="#003366", publisher="The Daily Example")


@pytest.fixture(scope="module")
def essay() -> tuple[MapGraph, Evaluation]:
    graph = MapGraph(load_document_file(ESSAY), 4, {})
    return graph, evaluate(graph)


def _texts(svg: bytes) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}text"))  # noqa: S314 - our own Graphviz output


@pytest.mark.parametrize("layout", [Layout.ARTICLE, Layout.CARD, None])
def test_every_text_is_in_the_house_font_and_the_publisher_is_named(
    essay: tuple[MapGraph, Evaluation], layout: Layout | None
) -> None:
    graph, evaluation = essay
    options = msgspec.structs.replace(DiagramOptions(), layout=layout, top=8)
    svg = draw(graph, evaluation, options, house=HOUSE)
    texts = _texts(svg)
    assert texts
    assert {text.get("font-family") for text in texts} == {"DejaVu Serif,serif"}
    words = " ".join("".join(text.itertext()) for text in texts)
    assert re.search(r"[Pp]ublished by The Daily Example", words)


def test_the_title_is_in_the_accent_and_the_type_sizes_are_kept(essay: tuple[MapGraph, Evaluation]) -> None:
    graph, evaluation = essay
    options = msgspec.structs.replace(DiagramOptions(), layout=Layout.ARTICLE)
    house = draw(graph, evaluation, options, house=HOUSE)
    own = draw(graph, evaluation, options)
    title = next(g for g in ET.fromstring(house).iter(f"{SVG}g") if g.get("id") == "diagram-title")  # noqa: S314
    assert {text.get("fill") for text in title.iter(f"{SVG}text")} == {"#003366"}
    sizes = sorted({float(t.get("font-size") or 0) for t in _texts(house)})
    assert sizes == sorted({float(t.get("font-size") or 0) for t in _texts(own)})
    assert {text.get("font-family") for text in _texts(own)} == {"Helvetica,Arial,sans-serif"}
    assert "Published by" not in own.decode()
