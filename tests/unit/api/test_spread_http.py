"""Every thesis number travels with its spread, every quote with its source: HTTP over the memory store."""

from __future__ import annotations

import msgspec
import pytest
from support.app import Client
from support.maps import small_map

from graph.debate import thesis_spread
from graph.mapgraph import MapGraph, spread_line
from schemas import PUBLISHED_SEMANTICS, Spread

PATHS = [
    "/maps/pets/scores",
    "/maps/pets/tree",
    "/maps/pets/brief?side=pro",
    "/maps/pets/scores?semantics=Euler",
]


def expected_spread(semantics: str = "QE") -> Spread:
    return thesis_spread(MapGraph(small_map(), 1, {}), semantics=semantics)


@pytest.mark.parametrize("path", PATHS)
async def test_scores_tree_and_brief_carry_the_spread_the_engine_computes(client: Client, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    body = response.json()
    spread = body["spread"]
    expected = expected_spread(body["semantics"])

    assert spread["root"] == body["root"] == "thesis"
    assert [item["semantics"] for item in spread["strengths"]] == [i.semantics for i in expected.strengths]
    assert [item["strength"] for item in spread["strengths"]] == pytest.approx(
        [item.strength for item in expected.strengths]
    )
    assert [item["semantics"] for item in spread["strengths"]][:3] == [s.value for s in PUBLISHED_SEMANTICS]
    assert (spread["low"], spread["high"]) == pytest.approx((expected.low, expected.high))
    assert spread["low"] <= spread["strength"] <= spread["high"]
    assert "strengths, not probabilities" in spread["reading"]


async def test_the_printed_brief_and_the_viewer_show_the_spread_beside_the_reading(client: Client) -> None:
    scores = (await client.get("/maps/pets/scores")).json()
    markdown = await client.get("/maps/pets/brief?side=pro&format=markdown")
    page = await client.get("/maps/pets/view")

    assert spread_line(msgspec.convert(scores["spread"], Spread)).split(";")[0] in markdown.text
    assert page.status_code == 200
    assert 'id="thesis-reading"' in page.text
    assert scores["spread"]["reading"].split(";")[0] in page.text


async def test_checks_and_search_hits_name_the_source_of_every_quote(client: Client) -> None:
    found = await client.get("/claims?q=sleep")
    assert found.status_code == 200
    hits = found.json()["hits"]

    assert hits
    for hit in hits:
        assert hit["quote"]["source"] == "pets-note"
        if hit["match"] and hit["match"]["field"] == "quote":
            assert hit["match"]["source"] == "pets-note"
