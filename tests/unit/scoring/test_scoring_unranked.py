"""Arguments with no path to the topic cannot move it: they have no rank, and they say why."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import api._cli_score as cli
from graph.document import read_document
from graph.mapgraph import MapGraph, evaluate, scores_view
from graph.scoring import QBAF, Edge, compute_contributions

ESSAY = Path(__file__).resolve().parents[3] / "maps" / "import-ai-455.yaml"


def _qbaf() -> QBAF:
    # b and c reach a; d only reaches c's sibling x, which bears on nothing that reaches a.
    edges = [Edge("b", "a", "support"), Edge("c", "a", "attack"), Edge("d", "x", "support")]
    return QBAF.build({"a": 0.5, "b": 0.8, "c": 0.4, "d": 0.9, "x": 0.5}, edges)


def test_only_the_arguments_that_reach_the_topic_are_ranked() -> None:
    for function in ("shapley", "removal", "removal-intrinsic", "gradient"):
        result = compute_contributions(_qbaf(), "a", "QE", function)

        ranked = [(c.argument, c.rank) for c in result.contributions if c.rank is not None]
        unranked = [(c.argument, c.value, c.unranked) for c in result.contributions if c.rank is None]

        assert ranked == [("b", 1), ("c", 2)], function
        assert unranked == [
            ("d", 0.0, "no path to 'a': it cannot move it"),
            ("x", 0.0, "no path to 'a': it cannot move it"),
        ]


def test_the_command_line_prints_no_rank_for_them(tmp_path: Path) -> None:
    path = tmp_path / "q.json"
    path.write_text(
        json.dumps(
            {"arguments": {"a": 0.5, "b": 0.8, "d": 0.9, "x": 0.5}, "supports": [["b", "a"], ["d", "x"]]}
        ),
        encoding="utf-8",
    )
    parser = argparse.ArgumentParser(prog="argmap")
    cli.register(parser.add_subparsers())
    args = parser.parse_args(["score", str(path), "--topic", "a"])
    out = io.StringIO()

    assert args.func(args, out, io.StringIO()) == 0
    lines = out.getvalue().splitlines()
    assert any(line.split()[:2] == ["1", "b"] for line in lines)
    assert any(
        line.split()[:2] == ["-", "d"] and "(no path to 'a': it cannot move it)" in line for line in lines
    )


def test_the_essays_scores_rank_only_the_nodes_that_reach_the_forecast() -> None:
    document = read_document(ESSAY)
    graph = MapGraph(document=document, version=1, node_versions={node.id: 1 for node in document.nodes})
    scores = scores_view(graph, evaluate(graph))
    root, *rows = scores.scores
    ranked = [row for row in rows if row.rank is not None]
    unranked = [row for row in rows if row.rank is None]

    assert root.id == scores.root
    assert root.unranked is None
    assert [row.rank for row in ranked] == list(range(1, len(ranked) + 1))
    assert rows == ranked + unranked  # ranked first, the rest after them
    assert {row.id for row in unranked} >= {
        "reporter-verdict",
        "society-not-ready",
        "forecast-2027-thirty-percent",
    }
    assert {(row.contribution, row.unranked) for row in unranked} == {
        (0.0, "no path to 'clark-thesis-automated-rd-2028': it cannot move it")
    }
