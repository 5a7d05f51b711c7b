"""A write that changes only a map's perspectives is a version that changes no node and no relation.

Through the real Neo4j: the version list counts nothing added, removed or changed, the diff lists nothing, and
the thesis's strength as mapped is the same before and after; the perspective itself is in the new version.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from support.app import AUTH, Client
from support.maps import small_map

pytestmark = pytest.mark.neo4j
MAP = "perspective-versions"
NOTHING = {
    "nodes_added": 0,
    "nodes_removed": 0,
    "nodes_changed": 0,
    "relations_added": 0,
    "relations_removed": 0,
    "relations_changed": 0,
}


async def test_a_perspective_written_or_removed_changes_no_node_or_relation(client: Client) -> None:
    created = await client.post(
        "/maps", json=msgspec.to_builtins(small_map(MAP, source_id=f"{MAP}-src")), headers=AUTH
    )
    assert created.status_code == 201, created.text
    body: dict[str, Any] = {
        "rationale": "a sceptic of the barking",
        "base_scores": {"dogs-bark": 0.1, "sleep-good": 0.9},
        "weights": [{"source": "sleep-good", "target": "thesis", "weight": 0.5}],
    }
    put = await client.put(
        f"/maps/{MAP}/perspectives/sceptic",
        json=body,
        headers={**AUTH, "If-Match": created.headers["etag"]},
    )
    assert put.status_code == 201, put.text
    removed = await client.delete(
        f"/maps/{MAP}/perspectives/sceptic", headers={**AUTH, "If-Match": put.headers["etag"]}
    )
    assert removed.status_code == 204, removed.text

    versions = (await client.get(f"/maps/{MAP}/versions")).json()["versions"]
    assert [entry["version"] for entry in versions] == [3, 2, 1]
    for entry in versions[:2]:
        assert entry["changes"] == NOTHING, entry
    assert versions[0]["root_strength"] == versions[1]["root_strength"] == versions[2]["root_strength"]
    for first, last in ((1, 2), (2, 3), (1, 3)):
        diff = (await client.get(f"/maps/{MAP}/diff?from={first}&to={last}")).json()
        assert (diff["nodes"], diff["relations"]) == ([], []), (first, last)
    kept = (await client.get(f"/maps/{MAP}/perspectives?version=2")).json()["perspectives"]
    assert [perspective["name"] for perspective in kept] == ["sceptic"]
