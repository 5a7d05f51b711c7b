"""A 403 is one problem type with one title, whether the edge refuses another origin or the app a write."""

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


async def test_a_write_to_a_server_without_a_token_is_the_same_problem(store: MemoryStore) -> None:
    service = MapService(store, pool=ComputePool(workers=1, queue=2, deadline_s=10.0))
    app = create_app(Settings(api_token=None, rate_limit_per_minute=0), service)
    async with AsyncTestClient(app) as client:
        refused = await client.delete("/maps/pets", headers=AUTH)
    assert refused.status_code == 403
    assert_forbidden(refused.json())
