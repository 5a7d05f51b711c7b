"""The viewer in a real headless Chromium against a real uvicorn and the real Neo4j.

A reader's path: the map list, the essay's viewer, a click on a box, its panel with a quote, a what-if
slider moved, the thesis strength changed. Screenshots of each step land in ``var/test-artifacts/browser/``.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from schemas import MapDocument

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
WAIT_S = 30  # a ceiling for slow machines, not a speed target: each wait returns as soon as it holds


def waiting(driver: webdriver.Chrome) -> WebDriverWait[webdriver.Chrome]:
    """A wait that looks again when the page redraws the element it reads (a click redraws the panel)."""
    return WebDriverWait(driver, WAIT_S, ignored_exceptions=(StaleElementReferenceException,))


def scores(base: str) -> list[dict[str, object]]:
    with urllib.request.urlopen(f"{base}/maps/import-ai-455/scores", timeout=30) as response:  # noqa: S310
        rows: list[dict[str, object]] = json.load(response)["scores"]
    return rows


def box(driver: webdriver.Chrome, node_id: str) -> WebElement:
    return driver.find_element(By.CSS_SELECTOR, f'#diagram g.map-node[id="node-{node_id}"] a')


def test_a_reader_opens_the_essay_selects_a_claim_and_asks_what_if(
    live_server: str, browser: webdriver.Chrome, artifacts: Path, essay: MapDocument
) -> None:
    wait = waiting(browser)
    # The heaviest non-root node with a quote: its panel must show the quote, and moving its base score must
    # move the thesis.
    heaviest = next(
        str(row["id"])
        for row in scores(live_server)
        if row["rank"] is not None and next(n for n in essay.nodes if n.id == row["id"]).quotes
    )
    node = next(n for n in essay.nodes if n.id == heaviest)

    browser.get(f"{live_server}/")
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "li.map")))
    browser.save_screenshot(str(artifacts / "1-map-list.png"))
    browser.find_element(By.LINK_TEXT, "Open the viewer").click()

    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#diagram svg g.map-node")))
    assert browser.title.startswith(essay.title)
    browser.save_screenshot(str(artifacts / "2-viewer.png"))

    box(browser, heaviest).click()
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#panel h2").text == " ".join(node.text.split()))
    # The quote's context arrives from /sources: the words around it in the source. The panel may be drawn
    # again when it arrives, so its elements are looked up afresh after it.
    wait.until(
        lambda d: d.find_element(By.CSS_SELECTOR, "#panel blockquote.quote .before").text.startswith("…")
    )
    quote = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#panel blockquote.quote mark")))
    assert " ".join(quote.text.split()) == " ".join(node.quotes[0].text.split())
    panel_text = browser.find_element(By.ID, "panel").text
    assert "Contribution to the root" in panel_text
    assert "Rank by weight carried" in panel_text
    assert browser.find_element(By.CSS_SELECTOR, "#panel h2").is_displayed()
    assert "selected" in (browser.find_element(By.ID, f"node-{heaviest}").get_attribute("class") or "")
    browser.save_screenshot(str(artifacts / "3-panel.png"))

    before = browser.find_element(By.ID, "whatif-after").text
    slider = browser.find_element(By.ID, "whatif-base")
    slider.click()
    # Keyboard, as a reader without a mouse would: Home puts the base score at 0 and fires "change".
    slider.send_keys(Keys.HOME)
    wait.until(lambda d: d.find_element(By.ID, "whatif-after").text != before)
    after = browser.find_element(By.ID, "whatif-after").text
    assert float(after) != pytest.approx(float(before), abs=1e-4)
    assert browser.find_element(By.ID, "whatif-before").text == before
    changes = browser.find_elements(By.CSS_SELECTOR, "#whatif-changes li")
    assert changes
    browser.save_screenshot(str(artifacts / "4-what-if.png"))

    # Nothing the page did was refused by its own Content-Security-Policy.
    errors = [
        entry["message"]
        for entry in browser.get_log("browser")  # type: ignore[no-untyped-call]  # Selenium leaves it untyped
        if entry["level"] == "SEVERE" or "Content Security Policy" in entry["message"]
    ]
    assert errors == []


def test_boxes_are_reachable_and_selectable_by_keyboard(
    live_server: str, browser: webdriver.Chrome, artifacts: Path
) -> None:
    wait = waiting(browser)
    browser.get(f"{live_server}/maps/import-ai-455/view?top=5")
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#diagram svg g.map-node")))
    groups = browser.find_elements(By.CSS_SELECTOR, "#diagram g.map-node")
    first_link = groups[0].find_element(By.TAG_NAME, "a")
    browser.execute_script("arguments[0].focus()", first_link)
    first_link.send_keys(Keys.ARROW_RIGHT)
    focused = browser.switch_to.active_element
    assert focused == groups[1].find_element(By.TAG_NAME, "a")
    focused.send_keys(Keys.ENTER)
    second_id = (groups[1].get_attribute("id") or "").removeprefix("node-")
    wait.until(lambda d: second_id in d.find_element(By.CSS_SELECTOR, "#panel .permalink").text)
    assert browser.current_url.endswith(f"#node-{second_id}")
    browser.save_screenshot(str(artifacts / "5-keyboard.png"))
