"""Every stated-figure check of the essay in one place, over the real Neo4j."""

from __future__ import annotations

import pytest
from support.app import Client

from graph.document import check_computation
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
