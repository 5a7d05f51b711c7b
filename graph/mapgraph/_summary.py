"""A map described rather than analysed: its listing entry and its detail."""

from __future__ import annotations

from graph.document import check_computations
from graph.mapgraph._mapgraph import MapGraph
from graph.mapgraph._provenance import with_source
from schemas import FigureCheck, MapChecks, MapDetail, MapSummary, Quote, RelationType, SourceRef, Visibility


def map_summary(graph: MapGraph) -> MapSummary:
    """The listing entry of a map version (the store builds the same entry without reading the map)."""
    return MapSummary(
        id=graph.id,
        title=graph.document.title,
        version=graph.version,
        root=graph.root,
        thesis_ids=graph.thesis_ids,
        counts=graph.counts_by_kind(),
        sources=[SourceRef(id=s.id, title=s.title, outlet=s.outlet) for s in graph.document.sources],
        summary=graph.document.summary,
        visibility=graph.document.visibility or Visibility.PUBLIC,
        owner=graph.owner,
        group=graph.group,
    )


def map_detail(graph: MapGraph) -> MapDetail:
    """One map with its theses, speakers, sources, and counts of nodes and relations."""
    relations = {kind.value: 0 for kind in RelationType}
    for relation in graph.document.relations:
        relations[relation.type.value] += 1
    summary = map_summary(graph)
    return MapDetail(
        id=summary.id,
        title=summary.title,
        version=summary.version,
        root=summary.root,
        thesis_ids=summary.thesis_ids,
        counts=summary.counts,
        sources=summary.sources,
        summary=summary.summary,
        visibility=summary.visibility,
        owner=summary.owner,
        group=summary.group,
        relations=relations,
        speakers=list(graph.document.speakers),
        failing_checks=sum(not check.agrees for check in check_computations(graph.document)),
    )


def map_checks(graph: MapGraph) -> MapChecks:
    """Every stated figure of the map recomputed, with its node and the quote that states it."""
    checks = []
    for check in check_computations(graph.document):
        node = graph.nodes[check.node or ""]
        stating: Quote | None = next(
            (quote for quote in node.quotes if check.stated_as and check.stated_as in quote.text),
            node.quotes[0] if node.quotes else None,
        )
        quote = None if stating is None else with_source(graph, stating)
        checks.append(FigureCheck(node=node.id, node_text=node.text, check=check, quote=quote))
    return MapChecks(
        map=graph.id,
        version=graph.version,
        total=len(checks),
        failing=sum(not item.check.agrees for item in checks),
        checks=checks,
    )
