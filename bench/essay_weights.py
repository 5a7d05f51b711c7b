"""Where the weight of a map's root comes from: top contributors and the effect of switching off evidence.

Run from the project folder: ``python -m bench.essay_weights maps/import-ai-455.yaml``. Prints the ten
heaviest contributors to the root (QE, Shapley, as the API computes them) and how far the root moves when
every relation out of an evidence node is removed.
"""

from __future__ import annotations

import sys

from graph.document import read_document
from graph.mapgraph import MapGraph, evaluate, framework
from graph.scoring import compute_strengths
from schemas import MapDocument, NodeKind


def evidence_off_delta(document: MapDocument, root: str, semantics: str = "QE") -> tuple[float, float]:
    """The root's strength with every relation and with none out of an evidence node."""
    evidence = {node.id for node in document.nodes if node.kind is NodeKind.EVIDENCE}
    cut = {(r.source, r.target) for r in document.relations if r.source in evidence}
    full = compute_strengths(framework(document), semantics).strengths[root]
    off = compute_strengths(framework(document, removed_relations=cut), semantics).strengths[root]
    return full, off


def main(path: str) -> None:
    document = read_document(path)
    graph = MapGraph(document=document, version=1, node_versions={n.id: 1 for n in document.nodes})
    evaluation = evaluate(graph)
    nodes = graph.nodes
    strengths = evaluation.strengths.strengths
    root = evaluation.root
    print(f"root {root}: base {nodes[root].base_score:.2f}, strength {strengths[root]:.4f}")
    print("| rank | node | kind | speaker | base | strength | contribution |")
    print("|---|---|---|---|---|---|---|")
    for item in evaluation.contributions.contributions[:10]:
        node = nodes[item.argument]
        print(
            f"| {item.rank} | {node.id} | {node.kind.value} | {node.speaker} | {node.base_score:.2f} "
            f"| {strengths[node.id]:.3f} | {item.value:+.4f} |"
        )
    # Nodes with no path to the root have no rank: they are not among the evidence ranked.
    contributions = evaluation.contributions.contributions
    ranks = {item.argument: item.rank for item in contributions if item.rank is not None}
    best = min(
        (ranks[n.id] for n in document.nodes if n.kind is NodeKind.EVIDENCE and n.id in ranks), default=None
    )
    full, off = evidence_off_delta(document, root)
    print(f"evidence off: {full:.4f} -> {off:.4f} (delta {full - off:+.4f}); best evidence rank {best}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "maps/import-ai-455.yaml")
