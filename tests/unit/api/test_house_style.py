"""The house style from settings: refused when unsafe or unreadable, served as CSS, applied to every page."""

from __future__ import annotations

from collections.abc import AsyncIterator

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from support.app import TOKEN, Client
from support.memory_store import MemoryStore

from api.app import create_app
from api.settings import Settings, SettingsError, load_settings
from graph.service import MapService
from schemas import HouseStyle

HOUSE = {"ARGMAP_HOUSE_FONT": "Georgia, DejaVu Serif, serif", "ARGMAP_HOUSE_ACCENT": "#003366"}


@pytest.fixture
async def house_client(store: MemoryStore) -> AsyncIterator[Client]:
    settings = msgspec.structs.replace(
        load_settings({**HOUSE, "ARGMAP_PUBLISHER_NAME": "The Daily Example"}), api_token=TOKEN
    )
    async with AsyncTestClient(create_app(settings, MapService(store))) as client:
        yield client


class TestSettings:
    def test_the_house_is_read_from_the_environment(self) -> None:
        house = load_settings({**HOUSE, "ARGMAP_PUBLISHER_NAME": "The Daily Example"}).house
        assert house == HouseStyle(
            font="Georgia, DejaVu Serif, serif", accent="#003366", publisher="The Daily Example"
        )
        assert load_settings({}).house == HouseStyle()

    @pytest.mark.parametrize(
        ("variable", "value", "says"),
        [
            ("ARGMAP_HOUSE_FONT", "Georgia; } body { display: none", "font family names separated by commas"),
            ("ARGMAP_HOUSE_FONT", '"Quoted", serif', "font family names separated by commas"),
            ("ARGMAP_HOUSE_ACCENT", "navy", "as #rrggbb"),
            ("ARGMAP_HOUSE_ACCENT", "#ffcc00", "1.5:1 contrast against white"),
        ],
    )
    def test_an_unsafe_or_unreadable_house_is_refused_naming_the_variable(
        self, variable: str, value: str, says: str
    ) -> None:
        with pytest.raises(SettingsError) as refused:
            load_settings({variable: value})
        assert str(refused.value).startswith(f"{variable}={value!r} is not valid")
        assert says in str(refused.value)


class TestStylesheet:
    async def test_the_house_css_sets_the_font_and_accent_for_every_page(self, house_client: Client) -> None:
        response = await house_client.get("/house.css")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/css")
        assert "--house-font: Georgia, DejaVu Serif, serif;" in response.text
        assert "--house-accent: #003366;" in response.text
        assert response.headers["cache-control"] == "public, max-age=300"
        again = await house_client.get("/house.css", headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304

    async def test_without_a_house_the_css_sets_nothing(self, client: Client) -> None:
        response = await client.get("/house.css")
        assert response.status_code == 200
        assert "--house" not in response.text

    async def test_every_page_loads_the_stylesheet_that_imports_it(self, house_client: Client) -> None:
        stylesheet = (await house_client.get("/static/viewer.css")).text
        first_rule = next(line for line in stylesheet.splitlines() if line and not line.startswith("/*"))
        assert first_rule == '@import url("/house.css");'  # an @import after any other rule is ignored
        assert "var(--house-font," in stylesheet
        assert "var(--house-accent," in stylesheet
        for page in ("/", "/sign-in", "/maps/pets/view"):
            html = (await house_client.get(page)).text
            assert "/static/viewer.css" in html, page


class TestDrawings:
    @pytest.mark.parametrize("path", ["/maps/pets/diagram?format=svg&layout=article", "/maps/pets/card.svg"])
    async def test_diagrams_and_cards_are_drawn_in_the_house_style(
        self, house_client: Client, path: str
    ) -> None:
        response = await house_client.get(path)
        assert response.status_code == 200, response.text
        assert 'font-family="Georgia,DejaVu Serif,serif"' in response.text
        assert "Published by The Daily Example" in response.text
        assert 'font-family="Helvetica' not in response.text


class TestPublisherOnPages:
    @pytest.mark.parametrize("path", ["/", "/maps/pets/view"])
    async def test_the_publishers_name_heads_the_pages(self, house_client: Client, path: str) -> None:
        html = (await house_client.get(path)).text
        assert '<p class="publisher">The Daily Example</p>' in html

    async def test_a_name_with_markup_is_shown_as_text(self, store: MemoryStore) -> None:
        settings = Settings(api_token=TOKEN, publisher_name="<b>Ours</b> & co")
        async with AsyncTestClient(create_app(settings, MapService(store))) as client:
            html = (await client.get("/")).text
        assert "&lt;b&gt;Ours&lt;/b&gt; &amp; co" in html
        assert "<b>Ours</b>" not in html

    async def test_without_a_publisher_no_name_is_shown(self, client: Client) -> None:
        assert 'class="publisher"' not in (await client.get("/")).text
