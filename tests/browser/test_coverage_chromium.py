"""A source's coverage page in a real headless Chromium, at a desktop's 1400 px and a phone's 375 px.

The essay and a second reading of its report (every third node of the essay left out) are in the database,
so sentences are quoted by none, one or both maps. The page must be readable at both widths: no text under
14 px, nothing wider than the screen, each sentence's count in its text as well as its shade, no script,
and nothing the Content-Security-Policy refuses. Screenshots land in ``var/test-artifacts/browser/``.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import msgspec
import pytest
from neo4j import AsyncDriver
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from support.neo4j import Neo4jTarget

from graph.mapgraph import node_strengths
from graph.store import Neo4jStore
from schemas import MapDocument

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
WAIT_S = 30  # a ceiling for slow machines, not a speed target
SOURCE_ID = "virtuesig-clark-automated-rd-2028"
PAGE = f"/sources/{SOURCE_ID}/coverage.html"
MIN_TEXT_PX = 14
SMALL_TEXT = """
const small = [];
for (const element of document.querySelectorAll('body *')) {
  const own = [...element.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const box = element.getBoundingClientRect();
  if (!own || box.width <= 1 || box.height <= 1) continue;  // visually hidden text is for screen readers
  const size = parseFloat(getComputedStyle(element).fontSize);
  if (size < arguments[0]) small.push(`${element.tagName}.${element.className}: ${size}px`);
}
return small;
"""
TOO_WIDE = """
const width = document.documentElement.clientWidth;
return [...document.querySelectorAll('body *')]
  .filter(element => {
    const box = element.getBoundingClientRect();
    return box.width > 1 && (box.right > width + 0.5 || box.left < -0.5);
  })
  .map(element => `${element.tagName}.${element.className}`);
"""


@pytest.fixture
async def second_reading(loaded: AsyncDriver, essay: MapDocument, neo4j_target: Neo4jTarget) -> MapDocument:
    """A second map of the essay's report: every third node left out, with its relations."""
    kept = [node for index, node in enumerate(essay.nodes) if index % 3 != 1 or node.id == essay.root]
    ids = {node.id for node in kept}
    reading = msgspec.structs.replace(
        essay,
        id="import-ai-455-second-reading",
        title="Import AI 455, read again",
        nodes=kept,
        relations=[r for r in essay.relations if r.source in ids and r.target in ids],
    )
    await Neo4jStore(loaded, neo4j_target.database).save_map(reading, node_strengths(reading))
    return reading


def coverage_json(base: str) -> dict[str, object]:
    with urllib.request.urlopen(f"{base}/sources/{SOURCE_ID}/coverage", timeout=30) as response:  # noqa: S310
        found: dict[str, object] = json.load(response)
        return found


def console_errors(browser: webdriver.Chrome) -> list[str]:
    return [
        entry["message"]
        for entry in browser.get_log("browser")  # type: ignore[no-untyped-call]  # Selenium leaves it untyped
        if entry["level"] == "SEVERE" or "Content Security Policy" in entry["message"]
    ]


@pytest.mark.parametrize("width", [1400, 375])
def test_the_coverage_page_reads_at_a_desktops_and_a_phones_width(
    live_server: str, second_reading: MapDocument, browser: webdriver.Chrome, artifacts: Path, width: int
) -> None:
    coverage = coverage_json(live_server)
    assert coverage["maps"] == ["import-ai-455", second_reading.id]
    sentences = coverage["sentences"]
    assert isinstance(sentences, list)
    assert {row["count"] for row in sentences} == {0, 1, 2}, "the page has every shade to show"

    browser.set_window_size(width, 1000)
    browser.get(f"{live_server}{PAGE}")
    heading = WebDriverWait(browser, WAIT_S).until(ec.visibility_of_element_located((By.TAG_NAME, "h1")))
    assert "Anthropic's Jack Clark" in heading.text
    legend = browser.find_element(By.CSS_SELECTOR, ".legend").text
    for said in ("quoted by no map", "quoted by 1 of 2 maps", "quoted by 2 of 2 maps"):
        assert said in legend

    # The count is in the text: each sentence ends with it, and a screen reader hears "N of 2 maps".
    shown = browser.execute_script(
        "return [...document.querySelectorAll('.text .n')].map(b => [b.firstChild.data, b.textContent])"
    )
    assert shown == [[str(row["count"]), f"{row['count']} of 2 maps"] for row in sentences]

    assert browser.execute_script(SMALL_TEXT, MIN_TEXT_PX) == []
    assert browser.execute_script(TOO_WIDE) == []
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    browser.save_screenshot(str(artifacts / f"coverage-{width}.png"))

    # Further down, where the shades differ from one sentence to the next.
    mixed = next(
        index
        for index, row in enumerate(sentences)
        if row["count"] == 1 and any(other["count"] == 2 for other in sentences[index - 3 : index + 3])
    )
    badge = browser.find_elements(By.CSS_SELECTOR, ".text .n")[mixed]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", badge)
    browser.save_screenshot(str(artifacts / f"coverage-{width}-shades.png"))
    assert browser.find_elements(By.TAG_NAME, "script") == []
    assert console_errors(browser) == []
