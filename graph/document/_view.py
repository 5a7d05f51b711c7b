"""A map document as the semantic checks see it: each item with its index in the original lists.

Keeping the original index lets the checks name the right path (``nodes[12].quotes[0]``) even when some items
failed to convert and were left out, so structural and semantic problems can be reported together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas import MapDocument, Node, Perspective, Relation, Source, Speaker


@dataclass(frozen=True, slots=True)
class DocumentView:
    """The converted parts of a map document, indexed as written.

    Attributes:
        map_id: The map's id, if it converted.
        format: The document's format version.
        root: The declared root node id, if any.
        sources: Sources that converted, with their index in ``sources``.
        speakers: Speakers that converted, with their index in ``speakers``.
        nodes: Nodes that converted, with their index in ``nodes``.
        relations: Relations that converted, with their index in ``relations``.
        perspectives: Perspectives that converted, with their index in ``perspectives``.
        broken_nodes: Ids of node entries that failed to convert; references to them are not dangling.
        broken_speakers: Ids of speaker entries that failed to convert.
        broken_sources: Ids of source entries that failed to convert.
        complete: Every entry converted, so whole-map checks (no thesis, unconnected nodes) are meaningful.
    """

    map_id: str | None = None
    format: int = 1
    root: str | None = None
    sources: list[tuple[int, Source]] = field(default_factory=list)
    speakers: list[tuple[int, Speaker]] = field(default_factory=list)
    nodes: list[tuple[int, Node]] = field(default_factory=list)
    relations: list[tuple[int, Relation]] = field(default_factory=list)
    perspectives: list[tuple[int, Perspective]] = field(default_factory=list)
    broken_nodes: frozenset[str] = frozenset()
    broken_speakers: frozenset[str] = frozenset()
    broken_sources: frozenset[str] = frozenset()
    complete: bool = True


def view_of(doc: MapDocument) -> DocumentView:
    """View a fully converted document: every item is present, at its own index."""
    return DocumentView(
        map_id=doc.id,
        format=doc.format,
        root=doc.root,
        sources=list(enumerate(doc.sources)),
        speakers=list(enumerate(doc.speakers)),
        nodes=list(enumerate(doc.nodes)),
        relations=list(enumerate(doc.relations)),
        perspectives=list(enumerate(doc.perspectives)),
    )
