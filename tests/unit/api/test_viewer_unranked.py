"""The viewer's text version of a diagram says which node is the root and which have no rank, and why."""

from __future__ import annotations

from pathlib import Path

from api.viewer import text_alternative
from graph.document import read_document
from graph.mapgraph import MapGraph, evaluate, scores_view

ESSAY = Path(__file__).resolve().parents[3] / "maps" / "import-ai-455.yaml"


def test_the_text_version_names_the_root_ranks_and_nodes_without_a_path_to_the_root() -> None:
    document = read_document(ESSAY)
    graph = MapGraph(document=document, version=1, node_versions={node.id: 1 for node in document.nodes})
    scores = scores_view(graph, evaluate(graph))
    drawn = ["reporter-verdict", "coding-automates-rd-component", scores.root]

    page = text_alternative(graph, scores, drawn)
    items = page.split("<li>")[1:]

    assert "(root, strength 0.68" in items[0]
    assert "(rank 2, strength 0.68" in items[1]
    unranked = "(no path to &#x27;clark-thesis-automated-rd-2028&#x27;: it cannot move it, strength 0.87"
    assert unranked in items[2]
