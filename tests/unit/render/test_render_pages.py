"""The print layout's PDF on A4 pages, read back with pypdf: every line of text whole on exactly one page."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import msgspec
import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.document import load_document_file
from graph.mapgraph import MapGraph, evaluate
from graph.render import draw
from graph.render._pages import A4, CLEARANCE, MARGIN, page_slices
from schemas import DiagramOptions, Layout

ESSAY = Path(__file__).resolve().parents[3] / "maps" / "import-ai-455.yaml"
NUMBER = r"(-?[0-9.]+)"
WINDOW = re.compile(rf"{NUMBER} {NUMBER} {NUMBER} {NUMBER} re W n")
PLACED = re.compile(rf"{NUMBER} 0 0 {NUMBER} {NUMBER} {NUMBER} cm")


@pytest.fixture(scope="module")
def printed() -> pypdf.PdfReader:
    graph = MapGraph(load_document_file(ESSAY), 4, {})
    options = msgspec.structs.replace(DiagramOptions(), layout=Layout.PRINT, format="pdf")
    return pypdf.PdfReader(io.BytesIO(draw(graph, evaluate(graph), options)))


def _windows(reader: pypdf.PdfReader) -> list[tuple[float, float, float]]:
    """Each page's window onto the drawing, in the drawing's coordinates: (low, high, scale)."""
    windows = []
    for page in reader.pages:
        content = page.get_contents()
        assert content is not None
        text = content.get_data().decode("latin-1")
        window, placed = WINDOW.search(text), PLACED.search(text)
        assert window is not None
        assert placed is not None
        scale, y_offset = float(placed[1]), float(placed[4])
        bottom, height = float(window[2]), float(window[4])
        windows.append(((bottom - y_offset) / scale, (bottom + height - y_offset) / scale, scale))
    return windows


def _lines(reader: pypdf.PdfReader) -> list[tuple[float, float, str]]:
    """Every line of text the drawing holds: its baseline, its font size and its words."""
    lines: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            lines.append((cm[5] + tm[5] * cm[3], size * tm[3] * cm[3], text.strip()))

    reader.pages[0].extract_text(visitor_text=visit)
    return lines


def test_a_tall_map_prints_on_several_a4_pages(printed: pypdf.PdfReader) -> None:
    assert len(printed.pages) > 1
    for page in printed.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.01)


def test_the_pages_follow_one_another_without_a_gap_and_keep_the_type_size(printed: pypdf.PdfReader) -> None:
    windows = _windows(printed)
    for (low, _high, scale), (_, next_high, _) in itertools.pairwise(windows):
        assert next_high == pytest.approx(low, abs=0.01)
        assert scale == 1.0
    for low, high, scale in windows:
        assert (high - low) * scale <= A4[1] - 2 * MARGIN + 0.01


def test_every_line_of_text_is_whole_on_exactly_one_page(printed: pypdf.PdfReader) -> None:
    windows = _windows(printed)
    lines = _lines(printed)
    assert any("better-than-even" in words for _, _, words in lines)  # the thesis is among them
    for baseline, size, words in lines:
        holding = [
            (low, high)
            for low, high, _ in windows
            if low <= baseline - size * 0.25 and baseline + size <= high
        ]
        assert len(holding) == 1, f"{words!r} at {baseline:.1f} is cut or on no page"


def _rows(gaps_and_heights: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Boxes in rows, as a drawing's nodes are: each row below the last, a gap between them."""
    boxes, top = [], 3000.0
    for gap, height in gaps_and_heights:
        top -= gap
        boxes.append((top - height, top))
        top -= height
    return boxes


@given(
    boxes=st.lists(st.tuples(st.floats(8, 60), st.floats(1, 900)), max_size=30).map(_rows),
    page=st.floats(320, 800),
)
def test_slices_cover_the_drawing_and_cut_no_box_that_fits_a_page(
    boxes: list[tuple[float, float]], page: float
) -> None:
    top = max((high for _, high in boxes), default=100.0) + 10
    bottom = min((low for low, _ in boxes), default=0.0) - 10
    slices = page_slices(boxes, top=top, bottom=bottom, page_height=page)
    assert slices[0][1] == top
    assert slices[-1][0] == bottom
    for (low, _high), (_, next_high) in itertools.pairwise(slices):
        assert next_high == low
    for low, high in slices:
        assert 0 < high - low <= page + 1e-9
    cuts = [low for low, _ in slices[:-1]]
    for low, high in boxes:
        if high - low + 2 * CLEARANCE < page / 2:  # a box that fits a page with room to spare is never cut
            assert not any(low < cut < high for cut in cuts), (low, high, cuts)
