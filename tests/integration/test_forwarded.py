"""Whose address a rate limit counts: the peer's, unless a configured proxy names the client.

``argmap serve`` once believed ``X-Forwarded-For`` from any loopback peer (uvicorn's default), so one client
rotating the header escaped every rate limit.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from support.neo4j import Neo4jTarget
from support.workers import workers

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
LIMITED = {"ARGMAP_RATE_LIMIT_PER_MINUTE": "1", "ARGMAP_RATE_LIMIT_BURST": "2"}
BODY = json.dumps({"arguments": {"a": 0.5, "b": 0.4}, "attacks": [["b", "a"]], "root": "a"}).encode()


def evaluate(url: str, forwarded_for: str) -> int:
    request = urllib.request.Request(  # noqa: S310 - a loopback worker
        f"{url}/qbaf/evaluate",
        data=BODY,
        headers={"Content-Type": "application/json", "X-Forwarded-For": forwarded_for},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - a loopback worker
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_a_rotated_forwarded_for_does_not_escape_the_rate_limit(neo4j_target: Neo4jTarget) -> None:
    with workers(neo4j_target, count=1, extra=LIMITED) as (url,):
        statuses = [evaluate(url, f"203.0.113.{number}") for number in range(1, 6)]
    assert statuses[:2] == [200, 200]
    assert statuses[2:] == [429, 429, 429]


def test_a_trusted_proxy_names_the_client(neo4j_target: Neo4jTarget) -> None:
    with workers(neo4j_target, count=1, extra={**LIMITED, "ARGMAP_TRUSTED_PROXIES": "127.0.0.1"}) as (url,):
        rotated = [evaluate(url, f"203.0.113.{number}") for number in range(1, 6)]
        one_client = [evaluate(url, "198.51.100.7") for _ in range(3)]
    assert rotated == [200] * 5
    assert one_client == [200, 200, 429]
