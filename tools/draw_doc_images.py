"""Redraw the layout pictures of docs/diagrams.md from the essay map: ``python tools/draw_doc_images.py``.

Run it after the essay or the drawing changes, look at the pictures, and commit them with the change.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from graph.debate import thesis_spread
from graph.document import load_document_file
from graph.mapgraph import MapGraph, evaluate
from graph.render import draw
from schemas import DiagramOptions, Layout

REPO = Path(__file__).resolve().parents[1]
ESSAY = REPO / "maps" / "import-ai-455.yaml"
IMAGES = REPO / "docs" / "images"
PICTURES: dict[str, dict[str, object]] = {
    "layout-article-640.svg": {"layout": Layout.ARTICLE, "width": 640},
    "layout-article-375.svg": {"layout": Layout.ARTICLE, "width": 375},
    "layout-slide.svg": {"layout": Layout.SLIDE},
    "layout-print.svg": {"layout": Layout.PRINT, "top": 12},
    "layout-full.svg": {"layout": Layout.FULL, "top": 12},
    "layout-card.png": {"layout": Layout.CARD, "format": "png"},
    "layout-card-claim.png": {"layout": Layout.CARD, "format": "png", "root": "capability-curves-converge"},
}


def main() -> None:
    """Draw every picture of ``PICTURES`` from the essay, as the API serves it, into docs/images."""
    graph = MapGraph(load_document_file(ESSAY), 1, {})
    for name, changes in PICTURES.items():
        options = msgspec.structs.replace(DiagramOptions(), **changes)
        evaluation = evaluate(graph, root=options.root)
        spread = thesis_spread(graph, root=evaluation.root)  # as the API passes it to a layout's caption
        (IMAGES / name).write_bytes(draw(graph, evaluation, options, spread=spread))
        print(f"docs/images/{name}")


if __name__ == "__main__":
    main()
