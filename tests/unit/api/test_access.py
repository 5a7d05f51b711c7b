"""Access rules over HTTP: preconditions as RFC 9110 says, rate limits, request ids, nothing secret leaked."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient
from support.app import AUTH, TOKEN, Client
from support.memory_store import MemoryStore
from support.problems import assert_problem

from api.app import create_app
from api.settings import Settings
from graph.service import MapService


@pytest.fixture
async def limited(store: MemoryStore) -> AsyncIterator[Client]:
    """The app with a small rate limit on the expensive endpoints."""
    settings = Settings(api_token=TOKEN, rate_limit_per_minute=6, rate_limit_burst=3)
    async with AsyncTestClient(create_app(settings, MapService(store))) as test_client:
        yield test_client


class TestPreconditions:
    @pytest.mark.parametrize(
        ("if_match", "status"),
        [
            (None, 428),
            ("*", 428),
            ('W/"pets/thesis-v1"', 412),
            ('"pets/thesis-v7"', 412),
            ('"pets-v1"', 412),
            ("garbage", 412),
        ],
    )
    async def test_a_patch_needs_the_current_strong_tag(
        self, client: Client, if_match: str | None, status: int
    ) -> None:
        headers = {**AUTH, **({"If-Match": if_match} if if_match else {})}
        response = await client.patch("/claims/pets/thesis", json={"base_score": 0.3}, headers=headers)
        assert_problem(response, status)
        assert (await client.get("/claims/pets/thesis")).json()["base_score"] == 0.5

    async def test_one_of_several_tags_may_match(self, client: Client) -> None:
        headers = {**AUTH, "If-Match": '"pets/thesis-v9", "pets/thesis-v1"'}
        response = await client.patch("/claims/pets/thesis", json={"base_score": 0.3}, headers=headers)
        assert response.status_code == 200
        assert response.headers["etag"] == '"pets/thesis-v2"'

    async def test_if_none_match_compares_weakly(self, client: Client) -> None:
        tag = (await client.get("/maps/pets")).headers["etag"]
        again = await client.get("/maps/pets", headers={"If-None-Match": f"W/{tag}"})
        assert again.status_code == 304


class TestRateLimits:
    async def test_over_the_burst_is_429_with_retry_after(self, limited: Client) -> None:
        statuses = [
            (await limited.post("/maps/pets/what-if", json={"base_scores": {"thesis": 0.2}})).status_code
            for _ in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
        refused = await limited.post("/maps/pets/what-if", json={})
        body = assert_problem(refused, 429)
        assert int(refused.headers["retry-after"]) >= 1
        assert "try again" in body["detail"]

    async def test_each_endpoint_has_its_own_bucket_and_reads_are_free(self, limited: Client) -> None:
        for _ in range(3):
            assert (await limited.post("/maps/pets/what-if", json={})).status_code == 200
        assert (await limited.post("/qbaf/evaluate", json={"arguments": {"a": 0.5}})).status_code == 200
        for _ in range(10):
            assert (await limited.get("/maps/pets")).status_code == 200

    async def test_new_searches_count_against_the_rate_and_repeated_ones_do_not(
        self, limited: Client
    ) -> None:
        # Each new filter is a database query and an encoding: a client inventing them without end once
        # filled a worker's memory and held its event loop. Asking the same search again costs nothing.
        for i in range(3):
            assert (await limited.get("/claims", params={"min_strength": f"0.00{i}"})).status_code == 200
        refused = await limited.get("/claims", params={"min_strength": "0.009"})
        assert_problem(refused, 429)
        assert int(refused.headers["retry-after"]) >= 1
        for _ in range(5):
            assert (await limited.get("/claims", params={"min_strength": "0.000"})).status_code == 200


class TestRequestIds:
    async def test_every_answer_carries_an_id_and_problems_repeat_it(self, client: Client) -> None:
        ok = await client.get("/maps/pets")
        assert len(ok.headers["x-request-id"]) == 32
        missing = await client.get("/maps/nope")
        body = assert_problem(missing, 404)
        assert body["request_id"] == missing.headers["x-request-id"]

    async def test_a_path_nothing_serves_is_logged_and_answered_with_its_id(
        self, client: Client, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.INFO, logger="argmap.access"):
            missing = await client.get("/no-such-route")
        body = assert_problem(missing, 404)
        assert body["request_id"] == missing.headers["x-request-id"]
        logged = [json.loads(r.getMessage()) for r in caplog.records if r.name == "argmap.access"]
        assert [(line["path"], line["status"], line["request_id"]) for line in logged] == [
            ("/no-such-route", 404, body["request_id"])
        ]

    async def test_a_refused_cross_origin_write_is_a_problem_with_its_id(self, client: Client) -> None:
        refused = await client.patch(
            "/claims/pets/thesis", json={"base_score": 0.3}, headers={"Origin": 'https://x.example"}'}
        )
        body = assert_problem(refused, 403)
        assert body["request_id"] == refused.headers["x-request-id"]
        assert 'x.example"}' in body["detail"]

    @pytest.mark.parametrize(
        ("sent", "kept"), [("trace-42.a_b", True), ("bad id!", False), ("x" * 65, False)]
    )
    async def test_a_clients_own_id_is_kept_when_sane(self, client: Client, sent: str, kept: bool) -> None:
        response = await client.get("/maps/pets", headers={"X-Request-Id": sent})
        assert (response.headers["x-request-id"] == sent) is kept

    async def test_one_json_log_line_per_request_without_secrets(
        self, client: Client, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.INFO, logger="argmap.access"):
            response = await client.patch(
                "/claims/pets/thesis?token=leak", json={"base_score": 0.3}, headers={**AUTH, "If-Match": "*"}
            )
        lines = [
            json.loads(record.getMessage()) for record in caplog.records if record.name == "argmap.access"
        ]
        assert lines == [
            {
                "method": "PATCH",
                "path": "/claims/pets/thesis",
                "status": response.status_code,
                "duration_ms": lines[0]["duration_ms"],
                "request_id": response.headers["x-request-id"],
            }
        ]
        ours = " ".join(record.getMessage() for record in caplog.records if record.name.startswith("argmap"))
        assert TOKEN not in ours
        assert "leak" not in ours
