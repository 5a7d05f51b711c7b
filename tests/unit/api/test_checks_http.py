"""``/maps/{id}/checks`` beyond arithmetic, over the in-memory store: dates, shares, notes, quote sources."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient
from support.app import PUBLIC_URL, TOKEN, Client
from support.memory_store import MemoryStore

from api.app import create_app
from api.settings import Settings
from graph.compute import ComputePool
from graph.mapgraph import node_strengths
from graph.service import MapService
from schemas import MapDocument, Node, NodeKind, Operation, Quote, Source, Speaker, StatedComputation

TEXT = "Out on Sunday, 4 May 2026, it says 2 + 2 is 5. Half the time: 50% heads and 40% tails."


@pytest.fixture
async def report_client() -> AsyncIterator[Client]:
    figure = StatedComputation(operation=Operation.SUM, inputs=[2, 2], stated=5, decimals=0)
    document = MapDocument(
        id="report",
        title="A report",
        sources=[
            Source(id="story", title="The story", text=TEXT, note="It says Sunday; 4 May 2026 was a Monday.")
        ],
        speakers=[Speaker(id="s", name="S")],
        nodes=[
            Node(
                id="t",
                kind=NodeKind.THESIS,
                text="Two and two make five.",
                speaker="s",
                base_score=0.5,
                rationale="r",
                quotes=[Quote(start=27, end=46, text="it says 2 + 2 is 5.")],
                computations=[figure],
            )
        ],
    )
    memory = MemoryStore()
    memory._write(document, node_strengths(document), None, False, False)
    service = MapService(memory, pool=ComputePool(workers=2, queue=4, deadline_s=10.0))
    settings = Settings(api_token=TOKEN, rate_limit_per_minute=0, public_url=PUBLIC_URL)
    async with AsyncTestClient(create_app(settings, service)) as client:
        yield client


async def test_checks_list_dates_shares_notes_and_name_the_quotes_source(report_client: Client) -> None:
    response = await report_client.get("/maps/report/checks")
    assert response.status_code == 200
    body = response.json()

    (day,) = body["dates"]
    assert (day["weekday"], day["day"], day["actual_weekday"], day["agrees"]) == (
        "Sunday",
        "2026-05-04",
        "Monday",
        False,
    )
    assert day["note"] == "It says Sunday; 4 May 2026 was a Monday."
    (shares,) = body["percentages"]
    assert (shares["parts"], shares["total"], shares["agrees"]) == ([50.0, 40.0], 90.0, False)
    assert body["inconsistent"] == 2
    assert body["notes"] == [
        {"source": "story", "title": "The story", "note": "It says Sunday; 4 May 2026 was a Monday."}
    ]
    (figure,) = body["checks"]
    assert figure["quote"]["source"] == "story"  # the map leaves it implicit: its one text


async def test_checks_of_a_map_nobody_has_are_not_found(report_client: Client) -> None:
    response = await report_client.get("/maps/nowhere/checks")

    assert response.status_code == 404
