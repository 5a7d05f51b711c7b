"""Perspectives kept with a map, through the real Neo4j: written, read back, carried by every later write.

The store keeps a map's document; these tests check that the perspectives in it come back from the current
version and from kept ones, survive writes that only change something else, and leave with a delete.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest
from support.app import AUTH, Client
from support.maps import small_map

pytestmark = pytest.mark.neo4j
REPO = Path(__file__).resolve().parents[2]
SENT = REPO / "maps" / "perspectives" / "import-ai-455.json"
MAP = "kept-perspectives"


async def created(client: Client) -> str:
    """A new small map (deleted by the harness after the test); answers its tag."""
    document = msgspec.to_builtins(small_map(MAP, source_id=f"{MAP}-src"))
    response = await client.post("/maps", json=document, headers=AUTH)
    assert response.status_code == 201, response.text
    tag: str = response.headers["etag"]
    return tag


async def test_the_essay_comes_back_with_its_two_perspectives(client: Client) -> None:
    sent = msgspec.json.decode(SENT.read_bytes())["perspectives"]

    listed = (await client.get("/maps/import-ai-455/perspectives")).json()["perspectives"]

    assert [p["name"] for p in listed] == [p["name"] for p in sent]
    for kept, wanted in zip(listed, sent, strict=True):
        assert {key: kept[key] for key in wanted} == wanted
    compared = (await client.get("/maps/import-ai-455/perspectives/compare")).json()
    posted = (
        await client.post("/maps/import-ai-455/perspectives/compare", json={"perspectives": sent})
    ).json()
    assert compared == posted
    crux = (await client.get("/maps/import-ai-455/crux?a=benchmark-sceptic&b=engineering-is-enough")).json()
    assert crux["a_root_strength"] < 0.5 <= crux["crux_root_strength"]


async def test_a_stored_perspective_round_trips_and_outlives_other_writes(client: Client) -> None:
    tag = await created(client)
    body: dict[str, Any] = {
        "rationale": "sleep first",
        "base_scores": {"sleep-good": 0.95},
        "weights": [{"source": "sleep-good", "target": "thesis", "weight": 0.5}],
    }

    put = await client.put(f"/maps/{MAP}/perspectives/sleepers", json=body, headers={**AUTH, "If-Match": tag})

    assert put.status_code == 201, put.text
    kept = put.json()
    assert kept["author"] == "api-token"
    listed = (await client.get(f"/maps/{MAP}/perspectives")).json()
    assert listed["perspectives"] == [kept]
    assert (await client.get(f"/maps/{MAP}/document")).json()["perspectives"] == [kept]
    version = listed["version"]
    scores = (await client.get(f"/maps/{MAP}/scores?perspective=sleepers")).json()
    assert {row["id"]: row["base_score"] for row in scores["scores"]}["sleep-good"] == 0.95

    # A write of something else keeps the perspective: the map is rewritten whole from what was read.
    claim = await client.get(f"/claims/{MAP}/thesis")
    patched = await client.patch(
        f"/claims/{MAP}/thesis",
        json={"base_score": 0.45},
        headers={**AUTH, "If-Match": claim.headers["etag"]},
    )
    assert patched.status_code == 200, patched.text
    assert (await client.get(f"/maps/{MAP}/perspectives")).json()["perspectives"] == [kept]
    # The version that added it keeps it too.
    old = (await client.get(f"/maps/{MAP}/perspectives?version={version}")).json()
    assert old["perspectives"] == [kept]

    # The same document written back is the same map: no new version.
    document = (await client.get(f"/maps/{MAP}/document")).json()
    current = (await client.get(f"/maps/{MAP}")).headers["etag"]
    again = await client.put(f"/maps/{MAP}", json=document, headers={**AUTH, "If-Match": current})
    assert again.status_code == 200, again.text
    assert again.json()["changed"] is False

    deleted = await client.delete(f"/maps/{MAP}/perspectives/sleepers", headers={**AUTH, "If-Match": current})
    assert deleted.status_code == 204
    assert (await client.get(f"/maps/{MAP}/perspectives")).json()["perspectives"] == []
    assert (await client.get(f"/maps/{MAP}/scores?perspective=sleepers")).status_code == 404
