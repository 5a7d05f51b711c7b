"""A 403 is one problem type with one title; a token no one holds is a 401, with or without a server token."""

from __future__ import annotations

from litestar.testing import AsyncTestClient
from support.app import AUTH, Client
from support.memory_store import MemoryStore

from api.app import create_app
from api.errors import FORBIDDEN, PROBLEM_MEDIA_TYPE
from api.settings import Settings
from graph.compute import ComputePool
from graph.service import MapService


def assert_forbidden(body: dict[str, object]) -> None:
    assert (body["type"], body["title"], body["status"]) == (FORBIDDEN.uri, FORBIDDEN.title, 403)


async def test_a_write_from_another_origin_is_the_forbidden_problem(client: Client) -> None:
    refused = await client.delete("/maps/pets", headers={"Origin": "https://news.example", **AUTH})
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith(PROBLEM_MEDIA_TYPE)
    assert_forbidden(refused.json())


async def test_a_token_a_server_without_its_own_token_does_not_know_is_unauthorized(
    store: MemoryStore,
) -> None:
    service = MapService(store, pool=ComputePool(workers=1, queue=2, deadline_s=10.0))
    app = create_app(Settings(api_token=None, rate_limit_per_minute=0), service)
    async with AsyncTestClient(app) as client:
        refused = await client.delete("/maps/pets", headers=AUTH)
    assert refused.status_code == 401
    assert refused.json()["type"].endswith("/unauthorized")
    assert refused.headers["www-authenticate"].startswith("Bearer")
