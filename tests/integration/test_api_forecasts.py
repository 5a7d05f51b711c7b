"""Forecasts over HTTP against the real Neo4j: listed per map and across maps, resolved once, scored."""

from __future__ import annotations

from typing import Any

import pytest
from support.app import AUTH, Client
from support.problems import assert_problem

pytestmark = pytest.mark.neo4j
MAP = "/maps/import-ai-455"
RESOLUTION = {
    "outcome": False,
    "resolution_source": "https://example.org/metr-time-horizons-2026",
    "resolved_on": "2027-01-15",
}


async def forecast_of(client: Client, node: str) -> dict[str, Any]:
    listed = (await client.get(f"{MAP}/forecasts")).json()["forecasts"]
    (entry,) = [item for item in listed if item["node"] == node]
    found: dict[str, Any] = entry
    return found


class TestListing:
    async def test_the_essays_forecasts_soonest_due_first(self, client: Client) -> None:
        response = await client.get(f"{MAP}/forecasts")
        assert response.status_code == 200
        assert response.headers["etag"]
        forecasts = response.json()["forecasts"]
        dates = [item["forecast"]["resolves_by"] for item in forecasts]
        assert dates == sorted(dates)
        by_node = {item["node"]: item for item in forecasts}
        assert by_node["clark-thesis-automated-rd-2028"]["forecast"]["probability_low"] == 0.6
        assert by_node["forecast-2027-thirty-percent"]["forecast"]["probability"] == 0.3
        assert by_node["cotra-100-hour-forecast"]["speaker"] == "ajeya-cotra"
        speakers = {item["speaker"] for item in forecasts}
        assert "jack-clark" in speakers
        assert len(speakers) >= 2, "the forecasts Clark cites are their makers' own"
        assert {"2027-12-31", "2028-12-31"} <= set(dates)

    async def test_filters_by_speaker_and_status(self, client: Client) -> None:
        clark = (await client.get(f"{MAP}/forecasts", params={"speaker": "jack-clark"})).json()
        assert clark["forecasts"]
        assert {item["speaker"] for item in clark["forecasts"]} == {"jack-clark"}
        resolved = (await client.get("/forecasts", params={"status": "resolved-true"})).json()
        assert resolved["forecasts"] == []
        assert_problem(await client.get("/forecasts", params={"status": "maybe"}), 400)

    async def test_not_modified_with_the_map_tag(self, client: Client) -> None:
        first = await client.get(f"{MAP}/forecasts")
        again = await client.get(f"{MAP}/forecasts", headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304


class TestResolution:
    async def first_due(self, client: Client) -> tuple[str, str]:
        listed = await client.get(f"{MAP}/forecasts")
        node = listed.json()["forecasts"][0]["node"]
        tag = (await client.get(MAP)).headers["etag"]
        return node, tag

    async def test_resolving_records_the_outcome_and_scores_the_speaker(self, client: Client) -> None:
        node, tag = await self.first_due(client)
        url = f"{MAP}/forecasts/{node}/resolution"
        response = await client.post(url, json=RESOLUTION, headers={**AUTH, "If-Match": tag})
        assert response.status_code == 200, response.text
        assert response.headers["etag"] != tag
        (entry,) = response.json()["forecasts"]
        assert entry["forecast"]["status"] == "resolved-false"
        assert entry["forecast"]["resolution_source"] == RESOLUTION["resolution_source"]
        stored = await forecast_of(client, node)
        assert stored["forecast"] == entry["forecast"]
        again = await client.post(
            url, json=RESOLUTION, headers={**AUTH, "If-Match": response.headers["etag"]}
        )
        assert_problem(again, 409)

    async def test_a_resolution_needs_the_token_and_the_current_tag(self, client: Client) -> None:
        node, tag = await self.first_due(client)
        url = f"{MAP}/forecasts/{node}/resolution"
        assert_problem(await client.post(url, json=RESOLUTION, headers={"If-Match": tag}), 401)
        assert_problem(await client.post(url, json=RESOLUTION, headers=AUTH), 428)
        stale = '"import-ai-455-v999"'
        assert_problem(await client.post(url, json=RESOLUTION, headers={**AUTH, "If-Match": stale}), 412)
        assert (await forecast_of(client, node))["forecast"]["status"] == "open"

    async def test_a_node_without_a_forecast_is_404(self, client: Client) -> None:
        tag = (await client.get(MAP)).headers["etag"]
        url = f"{MAP}/forecasts/capability-curves-converge/resolution"
        assert_problem(await client.post(url, json=RESOLUTION, headers={**AUTH, "If-Match": tag}), 404)
