"""Every stated-figure check of the essay in one place, over the real Neo4j."""

from __future__ import annotations

import msgspec
import pytest
from support.app import Client

from graph.document import check_computation
from graph.mapgraph import MapGraph, map_checks
from schemas import MapDocument

pytestmark = pytest.mark.neo4j


async def test_the_essays_checks_are_all_there(client: Client, essay: MapDocument) -> None:
    body = (await client.get("/maps/import-ai-455/checks")).json()
    expected = [(node.id, c) for node in essay.nodes for c in node.computations]
    assert body["total"] == len(expected) > 0
    assert [item["node"] for item in body["checks"]] == [node_id for node_id, _ in expected]
    failing = sum(not check_computation(c).agrees for _, c in expected)
    assert body["failing"] == failing
    assert (await client.get("/maps/import-ai-455")).json()["failing_checks"] == failing
    for item, (_, computation) in zip(body["checks"], expected, strict=True):
        assert item["check"]["stated"] == computation.stated
        if computation.stated_as and item["quote"] is not None:
            assert computation.stated_as in item["quote"]["text"] or not any(
                computation.stated_as in q.text
                for node in essay.nodes
                for q in node.quotes
                if node.id == item["node"]
            )


async def test_the_checks_go_beyond_arithmetic_and_name_every_quotes_source(
    client: Client, essay: MapDocument
) -> None:
    """The report's Sunday beside 4 May, its shares, and its notes, as the pure checks compute them."""
    body = (await client.get("/maps/import-ai-455/checks")).json()
    graph = MapGraph(essay, 1, {node.id: 1 for node in essay.nodes})
    expected = map_checks(graph)

    assert body["dates"] == msgspec.to_builtins(expected.dates)
    assert body["percentages"] == msgspec.to_builtins(expected.percentages)
    assert body["inconsistent"] == expected.inconsistent
    assert [note["source"] for note in body["notes"]] == [s.id for s in essay.sources if s.note]
    sundays = [item for item in body["dates"] if item["weekday"] == "Sunday" and item["date"] == "4 May"]
    assert sundays
    assert not sundays[0]["agrees"]
    assert all(item["quote"]["source"] for item in body["checks"] if item["quote"] is not None)
