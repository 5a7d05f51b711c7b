"""The house style as a browser applies it: pages set in the house font, with its accent on buttons."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from support.app import TOKEN
from support.live import serving
from support.maps import small_map
from support.memory_store import MemoryStore

from api.app import create_app
from api.settings import Settings, load_settings
from graph.mapgraph import node_strengths
from graph.service import MapService

pytestmark = [pytest.mark.slow]
WAIT_S = 30  # a ceiling for slow machines, not a speed target


def _app(settings: Settings):  # type: ignore[no-untyped-def]  # a Litestar app, as ``serving`` wants
    store = MemoryStore()
    document = small_map()
    store._write(document, node_strengths(document), None, False, False)
    return create_app(settings, MapService(store))


def test_pages_are_set_in_the_house_font_with_its_accent(browser: webdriver.Chrome, artifacts: Path) -> None:
    house = load_settings({"ARGMAP_HOUSE_FONT": "DejaVu Serif, serif", "ARGMAP_HOUSE_ACCENT": "#003366"})
    with serving(_app, msgspec.structs.replace(house, api_token=TOKEN)) as base:
        browser.get(f"{base}/sign-in")
        button = WebDriverWait(browser, WAIT_S).until(
            ec.presence_of_element_located((By.ID, "sign-in-button"))
        )
        font = browser.execute_script("return getComputedStyle(document.body).fontFamily")
        assert font.startswith('"DejaVu Serif"'), font
        assert button.value_of_css_property("background-color") in ("rgba(0, 51, 102, 1)", "rgb(0, 51, 102)")
        browser.save_screenshot(str(artifacts / "house-style-sign-in.png"))

        browser.get(f"{base}/maps/pets/view")
        WebDriverWait(browser, WAIT_S).until(ec.presence_of_element_located((By.ID, "diagram")))
        heading = browser.find_element(By.CSS_SELECTOR, "header.site h1")
        assert heading.value_of_css_property("font-family").startswith('"DejaVu Serif"')


def test_without_a_house_the_pages_keep_their_own_font(browser: webdriver.Chrome) -> None:
    with serving(_app, Settings(api_token=TOKEN)) as base:
        browser.get(f"{base}/sign-in")
        WebDriverWait(browser, WAIT_S).until(ec.presence_of_element_located((By.ID, "sign-in-button")))
        font = browser.execute_script("return getComputedStyle(document.body).fontFamily")
        assert font.startswith("system-ui"), font
