"""A map described rather than analysed: its listing entry and its detail."""

from __future__ import annotations

from graph.document import check_computations
from graph.mapgraph._mapgraph import MapGraph
from graph.mapgraph._provenance import with_source
from graph.mapgraph._source_checks import stated_days, stated_shares
from schemas import (
    DateCheck,
    FigureCheck,
    MapChecks,
    MapDetail,
    MapSummary,
    PercentageCheck,
    Quote,
    RelationType,
    SourceNote,
    SourceRef,
    Visibility,
)


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
    """Every check of what the map's sources state, and the sources' notes.

    The stated figures recomputed, each with its node and the quote that states it; the weekdays stated with
    dates, and the shares that should make a whole, in the sources' texts.
    """
    checks = []
    for check in check_computations(graph.document):
        node = graph.nodes[check.node or ""]
        stating: Quote | None = next(
            (quote for quote in node.quotes if check.stated_as and check.stated_as in quote.text),
            node.quotes[0] if node.quotes else None,
        )
        quote = None if stating is None else with_source(graph, stating)
        checks.append(FigureCheck(node=node.id, node_text=node.text, check=check, quote=quote))
    dates, percentages = source_checks(graph)
    return MapChecks(
        map=graph.id,
        version=graph.version,
        total=len(checks),
        failing=sum(not item.check.agrees for item in checks),
        checks=checks,
        dates=dates,
        percentages=percentages,
        inconsistent=sum(not item.agrees for item in dates) + sum(not item.agrees for item in percentages),
        notes=[
            SourceNote(source=source.id, title=source.title, note=source.note)
            for source in graph.document.sources
            if source.note
        ],
    )


def source_checks(graph: MapGraph) -> tuple[list[DateCheck], list[PercentageCheck]]:
    """Weekdays stated with dates, and shares of a whole, in every source text of the map."""
    dates: list[DateCheck] = []
    percentages: list[PercentageCheck] = []
    for source in graph.document.sources:
        text = source.text
        if not text:
            continue
        reported = graph.sources.get(source.reports_on or "")
        published = [
            ("published", source.published),
            ("reported source", reported.published if reported is not None else None),
        ]
        for found in stated_days(text, published=published):
            year = found.day.year
            explanation = (
                f"{found.date} {year} was a {found.actual_weekday}, as stated."
                if found.agrees
                else f"The source states {found.weekday} and {found.date} together, but {found.date} {year} "
                f"was a {found.actual_weekday}: if both name the same day, one of them is wrong."
            )
            noted = source.note is not None and any(
                word.lower() in source.note.lower() for word in (found.weekday, found.date)
            )
            dates.append(
                DateCheck(
                    source=source.id,
                    start=found.start,
                    end=found.end,
                    text=text[found.start : found.end],
                    weekday=found.weekday,
                    date=found.date,
                    day=found.day.isoformat(),
                    year_from=found.year_from,
                    actual_weekday=found.actual_weekday,
                    agrees=found.agrees,
                    explanation=explanation,
                    note=source.note if noted else None,
                )
            )
        for shares in stated_shares(text):
            parts = " + ".join(f"{part:g}%" for part in shares.parts)
            percentages.append(
                PercentageCheck(
                    source=source.id,
                    start=shares.start,
                    end=shares.end,
                    text=text[shares.start : shares.end].strip(),
                    parts=list(shares.parts),
                    total=shares.total,
                    agrees=shares.agrees,
                    explanation=f"{parts} = {shares.total:g}%"
                    + (", the whole." if shares.agrees else ", not 100%: the shares do not make one whole."),
                )
            )
    return dates, percentages
