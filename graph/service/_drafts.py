"""Map documents that are not saved yet, checked, scored and drawn as a save would read them (the editor's).

Nothing here reads or writes a stored map: a draft is the request's body. Decoding, scoring, the linter and
Graphviz all run in the worker pool, within the budgets a save and a diagram already keep (the body's size,
``MAX_DIAGRAM_NODES``, Graphviz's deadline).
"""

from __future__ import annotations

from collections.abc import Mapping

from graph.accounts import Principal
from graph.debate import find_gaps
from graph.mapgraph import MapGraph, evaluate
from graph.render import check_drawable, draw
from graph.service._authoring import MapAuthoring
from graph.service._checks import decode_document
from graph.service._semantics_fit import semantics_for
from schemas import DEFAULT_SEMANTICS, DiagramOptions, DraftCheck


class MapDrafts(MapAuthoring):
    """The editor's live view of a document before it is saved: its problems, strengths, findings, drawing."""

    async def check_draft(
        self, body: bytes, media: str, *, caller: Principal, semantics: str = DEFAULT_SEMANTICS
    ) -> DraftCheck:
        """The strengths and linter findings of a document a save would take; nothing is stored.

        Raises:
            InvalidArgumentMap: every problem a save would refuse the document for (the editor shows them as
                one types), or ``semantics`` is unknown.
        """
        cited = await self.cited_sources(body, media, caller=caller)
        return await self.pool.run(checked_draft, body, media, cited, semantics)

    async def draw_draft(
        self, body: bytes, media: str, *, caller: Principal, semantics: str = DEFAULT_SEMANTICS
    ) -> bytes:
        """The SVG drawing of the document ``body``, as the viewer draws a stored map; nothing is stored.

        Raises:
            InvalidArgumentMap: the document has problems, or ``semantics`` cannot score it.
            OverBudget, RenderError, RenderTimeout, DeadlineExceeded: as ``MapService.diagram``.
        """
        cited = await self.cited_sources(body, media, caller=caller)
        return await self.pool.run(drawn_draft, body, media, cited, semantics)


def checked_draft(body: bytes, media: str, cited: Mapping[str, str], semantics: str) -> DraftCheck:
    """The check of one draft (CPU-bound: the pool runs it).

    Raises:
        InvalidArgumentMap: every problem a save would refuse the document for (422 over HTTP).

    Example:
        >>> checked_draft(b"{}", "json", {}, "DF-QuAD")
        Traceback (most recent call last):
        graph.errors.InvalidArgumentMap: the map document has 5 problems; first: id: missing required ...
        >>> from pathlib import Path
        >>> body = Path("docs/examples/school-uniforms.yaml").read_bytes()
        >>> found = checked_draft(body, "yaml", {}, "DF-QuAD")
        >>> found.root in found.strengths, sum(found.counts.values()) == len(found.findings)
        (True, True)
    """
    document = decode_document(body, media, cited)
    graph = MapGraph(document, 0, {})
    chosen = semantics_for(graph, semantics)
    evaluation = evaluate(graph, semantics=chosen)
    gaps = find_gaps(graph, chosen)
    return DraftCheck(
        map_id=document.id,
        root=evaluation.root,
        semantics=evaluation.semantics,
        strengths=dict(evaluation.strengths.strengths),
        findings=gaps.findings,
        counts=gaps.counts,
    )


def drawn_draft(body: bytes, media: str, cited: Mapping[str, str], semantics: str) -> bytes:
    """The SVG of one valid draft (CPU-bound: the pool runs it)."""
    graph = MapGraph(decode_document(body, media, cited), 0, {})
    options = DiagramOptions(format="svg", semantics=semantics_for(graph, semantics))
    check_drawable(graph, options)
    return draw(graph, evaluate(graph, semantics=options.semantics), options)
