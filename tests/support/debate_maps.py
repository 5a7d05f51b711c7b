"""Small argument maps built in code, for seeding one defect at a time into a map the tests can read whole."""

from __future__ import annotations

from graph.mapgraph import MapGraph
from schemas import MapDocument, Node, NodeKind, Quote, Relation, RelationType, Source, Speaker

TEXT = "Uniforms help. Uniforms cost money. A survey found fewer fights."


def node(
    node_id: str, kind: NodeKind, score: float = 0.5, text: str | None = None, quoted: bool = True
) -> Node:
    """A node of a small test map; evidence is quoted unless ``quoted`` is False."""
    quotes = [Quote(start=0, end=14, text="Uniforms help.")] if quoted else []
    return Node(
        id=node_id,
        kind=kind,
        text=text or f"The point called {node_id}.",
        speaker="teacher",
        base_score=score,
        rationale="a test node",
        quotes=quotes,
    )


def relation(source: str, target: str, kind: RelationType = RelationType.SUPPORTS) -> Relation:
    """A relation of a small test map."""
    return Relation(source=source, target=target, type=kind)


def small(nodes: list[Node], relations: list[Relation]) -> MapGraph:
    """A small map around the thesis ``t``: the shape each test needs and nothing else."""
    document = MapDocument(
        id="uniforms",
        title="School uniforms",
        sources=[Source(id="note", title="A note", text=TEXT)],
        speakers=[Speaker(id="teacher", name="The Teacher")],
        nodes=nodes,
        relations=relations,
    )
    return MapGraph(document, 1, {})
