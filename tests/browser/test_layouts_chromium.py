"""Graphics where people put them, in a real Chromium: a phone-sized viewer, an embed in an article page.

Sizes are read from the browser itself: a text's size on screen is its ``font-size`` times the scale its
screen transformation matrix applies, so whatever CSS or the SVG's viewBox do to it is counted. Screenshots
land in ``var/test-artifacts/browser/``.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
WAIT_S = 30
MIN_PX = 12 - 0.01  # the browser's float arithmetic, not a tolerance on the rule

TEXT_SIZES = """
return Array.from(document.querySelectorAll(arguments[0] + ' svg text')).map(function (text) {
  var matrix = text.getScreenCTM();
  return parseFloat(text.getAttribute('font-size')) * Math.hypot(matrix.a, matrix.b);
});
"""


def phone(browser: webdriver.Chrome, width: int = 375, height: int = 812) -> None:
    """A phone's viewport: ``width`` CSS pixels, the page's viewport meta honoured."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
    )


def wait_for_drawing(browser: webdriver.Chrome) -> None:
    WebDriverWait(browser, WAIT_S).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#diagram svg")))


def overflow(browser: webdriver.Chrome) -> int:
    """How many CSS pixels the page reaches past the right edge of the viewport (0: none)."""
    reach: int = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return reach


@pytest.mark.parametrize("query", ["", "?layout=article&width=320"])
def test_the_viewer_fits_a_375_px_phone(
    live_server: str, browser: webdriver.Chrome, artifacts: Path, query: str
) -> None:
    phone(browser)
    browser.get(f"{live_server}/maps/import-ai-455/view{query}")
    wait_for_drawing(browser)
    name = "viewer-375" + ("-article" if query else "")
    browser.save_screenshot(str(artifacts / f"{name}.png"))
    assert browser.execute_script("return window.innerWidth") == 375
    assert overflow(browser) == 0
    focus = browser.find_element(By.CSS_SELECTOR, "form.controls select[name=root]").rect
    assert focus["x"] + focus["width"] <= 375 - 16  # the "Focus on" menu keeps the page's margin
    if not query:  # shrunk to fit: the page offers the drawing made for this screen, and it is readable
        browser.find_element(By.ID, "readable").click()
        WebDriverWait(browser, WAIT_S).until(ec.url_contains("layout=article"))
        wait_for_drawing(browser)
        assert overflow(browser) == 0
    sizes = browser.execute_script(TEXT_SIZES, "#diagram")
    assert len(sizes) > 40
    assert min(sizes) >= MIN_PX  # every text at least 12 px on the phone's screen


def test_the_viewer_at_1400_px_shows_the_drawing_above_the_fold(
    live_server: str, browser: webdriver.Chrome, artifacts: Path
) -> None:
    browser.get(f"{live_server}/maps/import-ai-455/view")
    WebDriverWait(browser, WAIT_S).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#diagram svg")))
    browser.save_screenshot(str(artifacts / "viewer-1400.png"))
    drawing = browser.find_element(By.CSS_SELECTOR, "#diagram svg").rect
    assert drawing["y"] < browser.execute_script("return window.innerHeight") / 2
    assert overflow(browser) == 0


@pytest.mark.parametrize("width", [640, 375])
def test_an_oembed_in_an_article_page_fits_its_drawing(
    live_server: str, browser: webdriver.Chrome, artifacts: Path, tmp_path: Path, width: int
) -> None:
    view = f"{live_server}/maps/import-ai-455/view"
    query = urllib.parse.urlencode({"url": view, "maxwidth": width})
    with urllib.request.urlopen(f"{live_server}/oembed?{query}", timeout=30) as response:  # noqa: S310
        answer = json.load(response)
    paragraph = "<p>" + "An article's words around the graphic, as a reader meets them. " * 6 + "</p>"
    article = tmp_path / "article.html"
    article.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>body{{margin:0;font:18px/1.5 Georgia,serif}} article{{max-width:{width}px;margin:0 auto}}"
        f"</style></head><body><article><h1>A report on the essay</h1>{paragraph}{answer['html']}{paragraph}"
        "</article></body></html>",
        encoding="utf-8",
    )
    phone(browser, width, int(answer["height"]) + 640)  # tall enough to show the article around it
    with publisher(tmp_path) as site:  # another origin, as a newspaper's page is
        browser.get(f"{site}/article.html")
        measure_frame(browser, answer, artifacts, width)


@contextmanager
def publisher(folder: Path) -> Iterator[str]:
    """A plain static web server for ``folder`` on a free loopback port: a publisher's site."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


def measure_frame(browser: webdriver.Chrome, answer: dict[str, object], artifacts: Path, width: int) -> None:
    frame = WebDriverWait(browser, WAIT_S).until(ec.presence_of_element_located((By.TAG_NAME, "iframe")))
    assert frame.rect["width"] == answer["width"] == width
    assert frame.rect["height"] == answer["height"]
    browser.switch_to.frame(frame)
    WebDriverWait(browser, WAIT_S).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#diagram svg")))
    inner = browser.execute_script("return document.documentElement.scrollHeight")
    sizes = browser.execute_script(TEXT_SIZES, "#diagram")
    assert overflow(browser) == 0
    browser.switch_to.default_content()
    browser.save_screenshot(str(artifacts / f"embed-in-article-{width}.png"))
    # The frame holds the whole drawing and its link, with at most a line's worth of blank under it.
    height = int(str(answer["height"]))
    assert height - 48 <= inner <= height
    assert min(sizes) >= MIN_PX


LIST_TEXT_SIZES = """
return Array.from(document.querySelectorAll('.narrow-list a, .narrow-list .meta, .narrow-list strong'))
  .map(function (element) { return parseFloat(getComputedStyle(element).fontSize); });
"""


@pytest.mark.parametrize("width", [375, 320])
def test_below_480_px_an_embed_made_wider_shows_its_claims_as_a_list(
    live_server: str, browser: webdriver.Chrome, artifacts: Path, tmp_path: Path, width: int
) -> None:
    # An oEmbed asked for a 640 px column, shown by a responsive page on a phone (iframes at most 100% wide).
    view = f"{live_server}/maps/import-ai-455/view"
    query = urllib.parse.urlencode({"url": view, "maxwidth": 640})
    with urllib.request.urlopen(f"{live_server}/oembed?{query}", timeout=30) as response:  # noqa: S310
        answer = json.load(response)
    article = tmp_path / "article.html"
    article.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>body{margin:0;font:18px/1.5 Georgia,serif} iframe{max-width:100%}</style></head>"
        f"<body><h1>A report on the essay</h1>{answer['html']}</body></html>",
        encoding="utf-8",
    )
    phone(browser, width, 900)
    with publisher(tmp_path) as site:
        browser.get(f"{site}/article.html")
        frame = WebDriverWait(browser, WAIT_S).until(ec.presence_of_element_located((By.TAG_NAME, "iframe")))
        assert frame.rect["width"] <= width
        browser.switch_to.frame(frame)
        listed = WebDriverWait(browser, WAIT_S).until(
            ec.visibility_of_element_located((By.CSS_SELECTOR, ".narrow-list"))
        )
        assert not browser.find_element(By.CSS_SELECTOR, "#diagram .svg-frame").is_displayed()
        items = listed.find_elements(By.CSS_SELECTOR, "ol li")
        assert len(items) == 8  # the drawing's eight heaviest, under the weighed thesis
        assert min(browser.execute_script(LIST_TEXT_SIZES)) >= MIN_PX
        assert overflow(browser) == 0
        full = listed.find_element(By.LINK_TEXT, "Open the full map")
        assert full.location["y"] < 100  # the way to the viewer comes first
        href = urllib.parse.urlsplit(full.get_attribute("href") or "")
        assert href.path == "/maps/import-ai-455/view"
        assert "version=1" in href.query
        browser.switch_to.default_content()
        browser.save_screenshot(str(artifacts / f"embed-narrow-{width}.png"))


def test_at_480_px_and_wider_the_embed_shows_the_drawing(
    live_server: str, browser: webdriver.Chrome, artifacts: Path
) -> None:
    phone(browser, 640, 900)
    browser.get(f"{live_server}/maps/import-ai-455/embed?layout=article&width=640&version=1")
    wait_for_drawing(browser)
    assert browser.find_element(By.CSS_SELECTOR, "#diagram .svg-frame").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, ".narrow-list").is_displayed()
