"""What each worker process keeps to itself, shown with two ``argmap serve`` processes over one Neo4j.

Workers share nothing but the database: a worker's cached map versions are refreshed from Neo4j (at once
with ``ARGMAP_VERSION_TTL_MS=0``), and its rate-limit buckets are its own, so N workers allow a client N
times the rate (docs/deploy.md says so and tells how to enforce an exact limit).
"""

from __future__ import annotations

import json

import httpx
import pytest
from neo4j import AsyncDriver
from support.app import AUTH
from support.neo4j import Neo4jTarget
from support.workers import workers

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
ESSAY = "import-ai-455"
LIMITED = {"ARGMAP_RATE_LIMIT_PER_MINUTE": "1", "ARGMAP_RATE_LIMIT_BURST": "2"}
QBAF = {"arguments": {"a": 0.5, "b": 0.4}, "attacks": [["b", "a"]], "root": "a"}


def test_with_no_version_ttl_a_worker_reads_another_worker_s_write_at_once(
    loaded: AsyncDriver, neo4j_target: Neo4jTarget
) -> None:
    with workers(neo4j_target, count=2, extra={"ARGMAP_VERSION_TTL_MS": "0"}) as urls:
        writer, reader = (httpx.Client(base_url=url, timeout=30) for url in urls)
        with writer, reader:
            node = reader.get(f"/maps/{ESSAY}/document").json()["nodes"][1]
            before = reader.get(f"/claims/{ESSAY}/{node['id']}")
            assert before.status_code == 200, before.text  # the reader now holds this version in memory
            score = 0.15 if node["base_score"] != 0.15 else 0.25
            written = writer.patch(
                f"/claims/{ESSAY}/{node['id']}",
                json={"base_score": score},
                headers={**AUTH, "If-Match": before.headers["etag"]},
            )
            assert written.status_code == 200, written.text
            after = reader.get(f"/claims/{ESSAY}/{node['id']}")
            assert after.json()["base_score"] == score
            assert after.headers["etag"] == written.headers["etag"] != before.headers["etag"]
            # The tag the reader served before names a version that is gone: a write on it is refused.
            stale = reader.patch(
                f"/claims/{ESSAY}/{node['id']}",
                json={"base_score": 0.5},
                headers={**AUTH, "If-Match": before.headers["etag"]},
            )
            assert stale.status_code == 412, stale.text


def test_each_worker_keeps_its_own_rate_limit_buckets(neo4j_target: Neo4jTarget) -> None:
    body = json.dumps(QBAF)
    headers = {"Content-Type": "application/json"}
    with workers(neo4j_target, count=2, extra=LIMITED) as urls:
        statuses = []
        for url in urls:
            with httpx.Client(base_url=url, timeout=30) as http:
                statuses.append(
                    [http.post("/qbaf/evaluate", content=body, headers=headers).status_code for _ in range(3)]
                )
    # One client, one endpoint: each worker grants its own burst of two, so two workers grant four.
    assert statuses == [[200, 200, 429], [200, 200, 429]]
