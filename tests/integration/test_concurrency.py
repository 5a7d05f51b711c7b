"""Writes are linearizable per map, across worker processes: no acknowledged write is ever lost.

Two ``argmap serve`` processes share the real Neo4j, as a deployment with several workers does; an
in-process lock could not make these tests pass.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver
from support.app import AUTH
from support.neo4j import Neo4jTarget
from support.workers import workers

from schemas import MapDocument

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
MAP = "import-ai-455"
WRITERS = 16
SOAK_SECONDS = 8.0


@pytest.fixture
def urls(loaded: AsyncDriver, neo4j_target: Neo4jTarget, tmp_path: Path) -> Iterator[list[str]]:
    """Two worker processes over the database with the essay loaded (their logs in the test's tmp_path)."""
    with workers(neo4j_target, count=2, log_dir=tmp_path) as started:
        yield started


async def claim(http: httpx.AsyncClient, node: str) -> tuple[str, dict[str, Any]]:
    response = await http.get(f"/claims/{MAP}/{node}")
    assert response.status_code == 200, response.text
    return response.headers["etag"], response.json()


class TestOneWinner:
    async def test_of_writes_on_one_version_exactly_one_succeeds(
        self, urls: list[str], essay: MapDocument
    ) -> None:
        node = essay.nodes[1].id
        clients = [httpx.AsyncClient(base_url=url, timeout=30) for url in urls]
        try:
            tag, _ = await claim(clients[0], node)
            # Every write must change the claim: one that sets its current score changes nothing, keeps the
            # version, and so lets the next write on that version succeed too (nothing is lost, yet two 200s).
            current = essay.nodes[1].base_score
            scores = [score for score in (round(0.05 + 0.1 * i, 2) for i in range(9)) if score != current][:8]
            responses = await asyncio.gather(
                *(
                    clients[i % 2].patch(
                        f"/claims/{MAP}/{node}",
                        json={"base_score": score},
                        headers={**AUTH, "If-Match": tag},
                    )
                    for i, score in enumerate(scores)
                )
            )
            statuses = sorted(response.status_code for response in responses)
            assert statuses == [200] + [412] * 7
            (winner,) = [response for response in responses if response.status_code == 200]
            await asyncio.sleep(1.1)  # the other worker trusts the version it saw for ARGMAP_VERSION_TTL_MS
            for http in clients:
                current_tag, body = await claim(http, node)
                assert body["base_score"] == winner.json()["base_score"]
                assert current_tag == winner.headers["etag"], "one ETag, one body, on every worker"
        finally:
            for http in clients:
                await http.aclose()


class TestNoLostWrites:
    async def test_every_acknowledged_write_is_visible_afterwards(
        self, urls: list[str], essay: MapDocument
    ) -> None:
        nodes = [node.id for node in essay.nodes[:WRITERS]]
        acknowledged: dict[str, float] = {}
        versions: list[int] = []
        clients = [httpx.AsyncClient(base_url=url, timeout=60) for url in urls]
        start_version = (await clients[0].get(f"/maps/{MAP}")).json()["version"]
        deadline = time.monotonic() + SOAK_SECONDS

        async def writer(number: int, node: str) -> None:
            http = clients[number % 2]
            value = 0
            while time.monotonic() < deadline:
                tag, _ = await claim(http, node)
                value += 1
                score = round((value % 90 + 5) / 100, 2)
                response = await http.patch(
                    f"/claims/{MAP}/{node}", json={"base_score": score}, headers={**AUTH, "If-Match": tag}
                )
                assert response.status_code in {200, 412}, response.text
                if response.status_code == 200:
                    acknowledged[node] = score
                    versions.append(response.json()["map_version"])

        try:
            await asyncio.gather(*(writer(number, node) for number, node in enumerate(nodes)))
            assert versions, "some writes must succeed for this test to mean anything"
            assert len(versions) == len(set(versions)), "two acknowledged writes got the same version"
            final = (await clients[1].get(f"/maps/{MAP}/document")).json()
            stored = {node["id"]: node["base_score"] for node in final["nodes"]}
            assert {node: stored[node] for node in acknowledged} == acknowledged
            end_version = (await clients[0].get(f"/maps/{MAP}")).json()["version"]
            assert end_version - start_version == len(versions), "every version bump is an acknowledged write"
            kept = await kept_versions(clients[1], start_version)
            assert kept == list(range(start_version, end_version + 1)), "every version is kept, none twice"
        finally:
            for http in clients:
                await http.aclose()

    async def test_a_put_on_a_stale_version_is_refused_across_workers(
        self, urls: list[str], essay: MapDocument
    ) -> None:
        async with (
            httpx.AsyncClient(base_url=urls[0], timeout=30) as first,
            httpx.AsyncClient(base_url=urls[1], timeout=30) as second,
        ):
            read = await first.get(f"/maps/{MAP}/document")
            tag, document = read.headers["etag"], read.json()
            document["title"] = "First title"
            one = await first.put(f"/maps/{MAP}", json=document, headers={**AUTH, "If-Match": tag})
            document["title"] = "Second title"
            two = await second.put(f"/maps/{MAP}", json=document, headers={**AUTH, "If-Match": tag})
            assert (one.status_code, two.status_code) == (200, 412)
            await asyncio.sleep(1.1)
            assert (await second.get(f"/maps/{MAP}")).json()["title"] == "First title"


async def kept_versions(http: httpx.AsyncClient, since: int) -> list[int]:
    """The numbers of the map's kept versions from ``since`` on, oldest first, read page by page."""
    numbers: list[int] = []
    before: int | None = None
    while True:
        params = {"limit": 100} if before is None else {"limit": 100, "before": before}
        page = (await http.get(f"/maps/{MAP}/versions", params=params)).json()
        numbers += [entry["version"] for entry in page["versions"]]
        before = page["next_before"]
        if before is None or before <= since:
            break
    return sorted(number for number in numbers if number >= since)
