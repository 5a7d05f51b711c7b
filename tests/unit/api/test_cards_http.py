"""Cards to share over HTTP: ``/maps/{id}/card.png`` and ``/claims/{map}/{claim}/card.png`` (and ``.svg``) are
exactly 1200x630, name their version in the ETag, answer 304 and a year's cache with ``version``, say the
claim's text, and are rate limited like diagrams."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient
from support.app import TOKEN, Client
from support.maps import small_map
from support.memory_store import MemoryStore
from support.problems import assert_problem

from api.app import create_app
from api.params import IMMUTABLE
from api.settings import Settings
from graph.mapgraph import node_strengths
from graph.service import MapService

SVG = "{http://www.w3.org/2000/svg}"
CARDS = ("/maps/pets/card", "/claims/pets/sleep-good/card")


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels, from its IHDR chunk."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def svg_text(data: bytes) -> str:
    """Every word an SVG draws, however its lines wrap them."""
    svg = ET.fromstring(data)  # noqa: S314 - our own drawing
    return " ".join(" ".join(text.text or "" for text in svg.iter(f"{SVG}text")).split())


@pytest.fixture
async def limited(store: MemoryStore) -> AsyncIterator[Client]:
    """The app with a small rate limit on the expensive endpoints."""
    settings = Settings(api_token=TOKEN, rate_limit_per_minute=6, rate_limit_burst=3)
    async with AsyncTestClient(create_app(settings, MapService(store))) as test_client:
        yield test_client


class TestSize:
    @pytest.mark.parametrize("path", CARDS)
    async def test_a_png_is_exactly_1200_by_630(self, client: Client, path: str) -> None:
        response = await client.get(f"{path}.png")
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/png"
        assert png_size(response.content) == (1200, 630)

    @pytest.mark.parametrize("path", CARDS)
    async def test_an_svg_is_1200_by_630_px(self, client: Client, path: str) -> None:
        response = await client.get(f"{path}.svg")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("image/svg+xml")
        svg = ET.fromstring(response.content)  # noqa: S314 - our own drawing
        sizes = [float((svg.get(side) or "").removesuffix("pt")) * 4 / 3 for side in ("width", "height")]
        assert sizes == [pytest.approx(1200, abs=1), pytest.approx(630, abs=1)]


class TestContent:
    async def test_a_claims_card_says_the_claim_and_who_says_it(self, client: Client) -> None:
        words = svg_text((await client.get("/claims/pets/sleep-good/card.svg")).content)
        assert "Sleep benefits cats." in words
        assert "The Author" in words

    async def test_the_maps_card_weighs_its_thesis(self, client: Client) -> None:
        words = svg_text((await client.get("/maps/pets/card.svg")).content)
        assert "Cats are well rested." in words

    async def test_a_claim_the_map_lacks_is_404(self, client: Client) -> None:
        assert_problem(await client.get("/claims/pets/no-such-claim/card.png"), 404)
        assert_problem(await client.get("/maps/ghost/card.png"), 404)


class TestCaching:
    @pytest.mark.parametrize("path", CARDS)
    async def test_the_etag_names_the_version_and_answers_304(self, client: Client, path: str) -> None:
        card = await client.get(f"{path}.png")
        assert card.headers["etag"] == '"pets-v1"'
        assert card.headers["cache-control"] == "no-cache"
        again = await client.get(f"{path}.png", headers={"If-None-Match": card.headers["etag"]})
        assert again.status_code == 304

    async def test_a_version_is_kept_for_a_year_and_answers_the_same_after_a_write(
        self, client: Client, store: MemoryStore
    ) -> None:
        fixed = await client.get("/maps/pets/card.svg", params={"version": "1"})
        assert fixed.headers["cache-control"] == IMMUTABLE
        document = small_map(thesis_text="Cats are rested beyond doubt.")
        await store.save_map(document, node_strengths(document), must_exist=True)
        assert (await client.get("/maps/pets/card.svg", params={"version": "1"})).content == fixed.content
        assert "beyond doubt" in svg_text((await client.get("/maps/pets/card.svg")).content)
        assert_problem(await client.get("/maps/pets/card.png", params={"version": "9"}), 404)


class TestRateLimit:
    async def test_cards_are_rate_limited_like_diagrams(self, limited: Client) -> None:
        statuses = [(await limited.get("/maps/pets/card.png")).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        refused = await limited.get("/maps/pets/card.png")
        assert int(refused.headers["retry-after"]) >= 1
