"""Kept versions in a real headless Chromium: a page of a fixed version says a newer one exists and links to
it, its panel describes the version drawn and offers a permalink naming it.

A small map is written three times through the live server's API; screenshots of the pinned viewer at 1400
and 375 px land in ``var/test-artifacts/browser/``.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import msgspec
import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from support.app import AUTH
from support.maps import small_map

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
WAIT_S = 30  # a ceiling for slow machines, not a speed target
THESES = ("Cats are well rested.", "Cats are very well rested.", "Cats are rested beyond doubt.")


def write(base: str, method: str, path: str, body: bytes, etag: str | None = None) -> str:
    """One write to the live server with the tests' token; the map's new ETag."""
    headers = {**AUTH, "Content-Type": "application/json"} | ({"If-Match": etag} if etag else {})
    request = urllib.request.Request(f"{base}{path}", data=body, headers=headers, method=method)  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own loopback server
        return str(response.headers["ETag"])


def pets_at_version_3(base: str) -> None:
    """``pets`` written three times: versions 1, 2 and 3, each with its own thesis text."""
    etag = write(base, "POST", "/maps", msgspec.json.encode(small_map(thesis_text=THESES[0])))
    for text in THESES[1:]:
        etag = write(base, "PUT", "/maps/pets", msgspec.json.encode(small_map(thesis_text=text)), etag)
    with urllib.request.urlopen(f"{base}/maps/pets", timeout=30) as response:  # noqa: S310
        assert json.load(response)["version"] == 3


def drawing_text(browser: webdriver.Chrome) -> str:
    """The words of the drawing, however its boxes wrap them."""
    return " ".join(browser.find_element(By.CSS_SELECTOR, "#diagram svg").text.split())


def console_errors(browser: webdriver.Chrome) -> list[str]:
    return [
        entry["message"]
        for entry in browser.get_log("browser")  # type: ignore[no-untyped-call]  # Selenium leaves it untyped
        if entry["level"] == "SEVERE" or "Content Security Policy" in entry["message"]
    ]


@pytest.mark.parametrize("width", [1400, 375])
def test_a_fixed_version_says_a_newer_one_exists_and_cites_itself(
    live_server: str, browser: webdriver.Chrome, artifacts: Path, width: int
) -> None:
    pets_at_version_3(live_server)
    browser.set_window_size(width, 900)
    wait = WebDriverWait(browser, WAIT_S, ignored_exceptions=(StaleElementReferenceException,))
    browser.get(f"{live_server}/maps/pets/view?version=1")
    notice = wait.until(ec.visibility_of_element_located((By.ID, "newer-version")))
    assert "A newer version exists" in notice.text
    assert "now at version 3" in notice.text
    assert "Version 1, fixed" in browser.find_element(By.ID, "map-version").text
    # Seen without scrolling, and nothing reaches past the screen's edge.
    viewport = browser.execute_script("return [window.innerWidth, window.innerHeight]")
    assert notice.location["y"] + notice.size["height"] <= viewport[1]
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    # The drawing is of version 1, whatever the map says now.
    drawing = drawing_text(browser)
    assert THESES[0] in drawing
    assert THESES[2] not in drawing
    browser.save_screenshot(str(artifacts / f"pinned-version-{width}.png"))

    # The panel reads the version drawn and offers a link to the node as it stands in it.
    thesis = browser.find_element(By.CSS_SELECTOR, '#diagram g.map-node[id="node-thesis"] a')
    browser.execute_script("arguments[0].scrollIntoView()", thesis)
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", thesis)
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#panel h2").text == THESES[0])
    link = wait.until(ec.presence_of_element_located((By.ID, "cite-link")))
    parts = urlsplit(link.get_attribute("href") or "")
    assert (parts.path, parse_qs(parts.query), parts.fragment) == (
        "/maps/pets/view",
        {"version": ["1"]},
        "node-thesis",
    )
    citation = browser.find_element(By.ID, "cite-text").get_attribute("value") or ""
    assert THESES[0] in citation
    assert "version 1" in citation
    browser.execute_script("arguments[0].scrollIntoView()", link)
    panel = browser.find_element(By.ID, "panel")
    assert int(panel.get_property("scrollWidth")) <= int(panel.get_property("clientWidth"))  # type: ignore[arg-type]
    browser.save_screenshot(str(artifacts / f"pinned-version-{width}-cite.png"))

    # The notice's link leads to the current version, which has no notice.
    browser.get(browser.find_element(By.LINK_TEXT, "See the current version").get_attribute("href") or "")
    line = wait.until(ec.visibility_of_element_located((By.ID, "map-version")))
    assert "Version 3, the current one" in line.text
    assert browser.find_elements(By.ID, "newer-version") == []
    assert THESES[2] in drawing_text(browser)

    # The changes since version 1, marked on the current map: the thesis's box, and named in a list.
    browser.get(f"{live_server}/maps/pets/view?since=1")
    listed = wait.until(ec.visibility_of_element_located((By.ID, "changes-since")))
    assert "Changed since version 1" in listed.text
    assert " ".join(listed.find_element(By.TAG_NAME, "li").text.split()) == f"{THESES[2]} (changed)"
    marked = browser.find_elements(By.CSS_SELECTOR, "#diagram g.map-node.revised")
    assert [group.get_attribute("id") for group in marked] == ["node-thesis"]
    browser.save_screenshot(str(artifacts / f"changes-since-{width}.png"))
    assert console_errors(browser) == []
