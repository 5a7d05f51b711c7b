"""``GET /maps`` a page at a time: every readable map once, in id order, and none the caller may not read."""

from __future__ import annotations

import msgspec
import pytest
from support.app import AUTH, Client
from support.maps import small_map
from support.memory_store import MemoryStore
from support.people import person, unique
from support.problems import assert_problem

from graph.accounts import ANONYMOUS, Principal, Via
from graph.service import CLI, MapService
from schemas import Role, Visibility


async def _pages(client: Client, limit: int, headers: dict[str, str] | None = None) -> list[list[str]]:
    """Every page of the listing, following ``Link: rel="next"`` as a client would."""
    pages: list[list[str]] = []
    url: str | None = f"/maps?limit={limit}"
    while url is not None:
        response = await client.get(url, headers=headers or {})
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append([entry["id"] for entry in body["maps"]])
        link = response.headers.get("link")
        assert (link is None) == (body.get("next_cursor") is None)
        url = None if link is None else link.split(">", 1)[0].removeprefix("<")
        assert len(pages) < 50, "the pages never end"
    return pages


class TestPages:
    async def test_pages_hold_every_map_once_in_id_order(self, client: Client) -> None:
        created_ids = [unique("listed") for _ in range(6)]
        for map_id in created_ids:
            created = await client.post("/maps", json=msgspec.to_builtins(small_map(map_id)), headers=AUTH)
            assert created.status_code == 201, created.text
        pages = await _pages(client, limit=3)
        assert [len(page) for page in pages] == [3, 3, 1]
        assert [map_id for page in pages for map_id in page] == sorted(["pets", *created_ids])

    async def test_the_default_page_holds_a_hundred_and_the_limit_is_bounded(self, client: Client) -> None:
        listed = await client.get("/maps")
        assert listed.json()["maps"][0]["id"] == "pets"
        assert "next_cursor" not in listed.json() or listed.json()["next_cursor"] is None
        for limit in ("0", "501", "many"):
            assert_problem(await client.get(f"/maps?limit={limit}"), 400)

    async def test_a_cursor_past_the_last_map_is_an_empty_last_page(self, client: Client) -> None:
        response = await client.get("/maps?cursor=zzzz")
        assert response.json()["maps"] == []
        assert "link" not in response.headers


class TestWhoSeesWhat:
    async def test_private_maps_are_left_out_of_pages_without_leaving_short_pages(
        self, client: Client
    ) -> None:
        author = await person(client, "Ada", "author", None)
        for index in range(5):
            document = msgspec.structs.replace(
                small_map(f"mine-{index}"),
                visibility=Visibility.PRIVATE if index % 2 == 0 else Visibility.PUBLIC,
            )
            created = await client.post("/maps", json=msgspec.to_builtins(document), headers=author.auth)
            assert created.status_code == 201, created.text
        anonymous = [map_id for page in await _pages(client, limit=2) for map_id in page]
        assert anonymous == ["mine-1", "mine-3", "pets"]
        owner = await _pages(client, limit=2, headers=author.auth)
        assert [len(page) for page in owner] == [2, 2, 2]
        assert [map_id for page in owner for map_id in page] == [*[f"mine-{i}" for i in range(5)], "pets"]


@pytest.mark.parametrize("limit", [1, 2, 5])
async def test_the_service_fills_each_page_past_unreadable_maps(limit: int) -> None:
    service = MapService(MemoryStore())
    owner = Principal(id="owner", name="Owner", role=Role.AUTHOR, group=None, via=Via.TOKEN)
    for index in range(12):
        hidden = index % 3 != 0
        document = msgspec.structs.replace(
            small_map(f"m{index:02d}"), visibility=Visibility.PRIVATE if hidden else Visibility.PUBLIC
        )
        await service.save(document, actor=owner)
    seen: list[str] = []
    cursor = None
    while True:
        page = await service.list_maps(ANONYMOUS, after=cursor, limit=limit)
        assert len(page.maps) == limit or page.next_cursor is None
        seen += [entry.id for entry in page.maps]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == ["m00", "m03", "m06", "m09"]
    everything = await service.list_maps(CLI)
    assert [entry.id for entry in everything.maps] == [f"m{index:02d}" for index in range(12)]
