"""No request can stall the others: heavy work runs off the event loop, and hostile bodies fail fast."""

from __future__ import annotations

import asyncio

import httpx
from support.app import AUTH, TOKEN, Client
from support.live import serving
from support.maps import layered_qbaf
from support.memory_store import MemoryStore
from support.problems import assert_problem

from api.app import create_app
from api.settings import Settings
from graph.service import MAX_ARGUMENTS, MapService


class TestEventLoopStaysFree:
    async def test_ping_answers_while_a_heavy_evaluation_runs(self, store: MemoryStore) -> None:
        settings = Settings(api_token=TOKEN, rate_limit_per_minute=0)
        with serving(lambda chosen: create_app(chosen, MapService(store)), settings) as url:
            async with httpx.AsyncClient(base_url=url, timeout=60) as http:
                heavy = asyncio.create_task(http.post("/qbaf/evaluate", json=layered_qbaf(800)))
                await asyncio.sleep(0.5)  # the evaluation is now running in a worker thread
                assert not heavy.done(), "the evaluation must still run for this test to mean anything"
                for _ in range(5):
                    response = await http.get("/ping")
                    assert response.status_code == 200
                # A loop blocked by the evaluation would answer no ping before the evaluation ended. How fast
                # the pings come is for the benchmarks: a timing assertion fails on a busy machine.
                assert not heavy.done(), "every ping was answered while the evaluation ran"
                evaluated = await heavy
        assert evaluated.status_code == 200
        contributions = evaluated.json()["contributions"]
        assert contributions["method"] == "sampled"
        assert contributions["permutations"] < 1000, "sampling was scaled down to fit the work budget"


class TestHostileBodies:
    async def test_a_yaml_alias_bomb_is_refused_at_once(self, client: Client) -> None:
        lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
        response = await client.post(
            "/maps", content="\n".join(lines), headers={**AUTH, "Content-Type": "application/yaml"}
        )
        body = assert_problem(response, 422)
        assert "aliases" in body["problems"][0]["message"]

    async def test_deeply_nested_json_map_is_refused(self, client: Client) -> None:
        response = await client.post(
            "/maps", content=b"[" * 5000 + b"]" * 5000, headers={**AUTH, "Content-Type": "application/json"}
        )
        body = assert_problem(response, 422)
        assert "nested deeper" in body["problems"][0]["message"]

    async def test_deeply_nested_json_elsewhere_is_a_client_error(self, client: Client) -> None:
        response = await client.post(
            "/qbaf/evaluate", content=b"[" * 5000 + b"]" * 5000, headers={"Content-Type": "application/json"}
        )
        assert 400 <= response.status_code < 500
        assert response.headers["content-type"].startswith("application/problem+json")

    async def test_duplicate_json_keys_are_refused(self, client: Client) -> None:
        response = await client.post(
            "/maps", content=b'{"id": "a", "id": "b"}', headers={**AUTH, "Content-Type": "application/json"}
        )
        body = assert_problem(response, 422)
        assert body["problems"][0]["code"] == "duplicate-key"


class TestQBAFBudget:
    async def test_too_many_arguments_is_413(self, client: Client) -> None:
        body = {"arguments": {f"a{i}": 0.5 for i in range(MAX_ARGUMENTS + 1)}}
        problem = assert_problem(await client.post("/qbaf/evaluate", json=body), 413)
        assert str(MAX_ARGUMENTS) in problem["detail"]

    async def test_shapley_beyond_any_sampling_budget_is_413(self, client: Client) -> None:
        # A chain: every argument is an ancestor of the root, so Shapley needs players x arguments per draw.
        n = 1800  # cells per permutation 1800 x 1800: fewer than 20 permutations fit the budget
        body = {
            "arguments": {f"a{i}": 0.5 for i in range(n)},
            "supports": [[f"a{i + 1}", f"a{i}"] for i in range(n - 1)],
            "root": "a0",
        }
        problem = assert_problem(await client.post("/qbaf/evaluate", json=body), 413)
        assert "contribution=removal" in problem["detail"]
        cheaper = await client.post("/qbaf/evaluate", json=body, params={"contribution": "removal"})
        assert cheaper.status_code == 200
