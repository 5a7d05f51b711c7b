"""Exploring the drawing in a real headless Chromium: zoom and pan by keyboard and pointer, fit to width on a
phone, focus mode, and the printed page.

Scales are read from the browser: the drawing's screen transformation matrix, so whatever the script and
the stylesheet do to it is counted. Screenshots land in ``var/test-artifacts/browser/``.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
WAIT_S = 30  # a ceiling for slow machines, not a speed target
VIEW = "/maps/import-ai-455/view"
HUB = "capability-curves-converge"  # a claim with supporters under it and the thesis above it

SCALE = """
var matrix = document.querySelector('#diagram svg g.graph').getScreenCTM();
return Math.hypot(matrix.a, matrix.b);
"""
FRAME = """
var frame = document.querySelector('#diagram .svg-frame');
return {scrollLeft: frame.scrollLeft, scrollTop: frame.scrollTop, clientWidth: frame.clientWidth,
        clientHeight: frame.clientHeight, scrollWidth: frame.scrollWidth, scrollHeight: frame.scrollHeight,
        maxHeight: parseFloat(getComputedStyle(frame).maxHeight)};
"""


def open_viewer(browser: webdriver.Chrome, base: str, query: str = "") -> WebElement:
    """The essay's viewer, once the script has put its tools on it: the drawing's frame."""
    browser.get(f"{base}{VIEW}{query}")
    WebDriverWait(browser, WAIT_S).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".zoom-tools")))
    return browser.find_element(By.CSS_SELECTOR, "#diagram .svg-frame")


def scale(browser: webdriver.Chrome) -> float:
    value: float = browser.execute_script(SCALE)
    return value


def frame_state(browser: webdriver.Chrome) -> dict[str, float]:
    state: dict[str, float] = browser.execute_script(FRAME)
    return state


def page_overflow(browser: webdriver.Chrome) -> int:
    reach: int = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return reach


def refused(browser: webdriver.Chrome) -> list[str]:
    """Errors in the browser's log, and anything the page's Content-Security-Policy blocked."""
    return [
        entry["message"]
        for entry in browser.get_log("browser")  # type: ignore[no-untyped-call]  # Selenium leaves it untyped
        if entry["level"] == "SEVERE" or "Content Security Policy" in entry["message"]
    ]


def test_keys_wheel_and_drag_zoom_and_pan_the_drawing(
    live_server: str, browser: webdriver.Chrome, artifacts: Path
) -> None:
    frame = open_viewer(browser, live_server)
    opened = scale(browser)  # at reading size, as the next test checks
    browser.execute_script("arguments[0].focus()", frame)

    frame.send_keys("+")
    assert scale(browser) == pytest.approx(opened * 1.25, rel=0.01)
    frame.send_keys("+", "+", "+")
    zoomed = scale(browser)
    assert zoomed == pytest.approx(opened * 1.25**4, rel=0.01)
    # The level shown is the drawing's size against its own (Graphviz draws in points: 4/3 px each).
    zoom = float(browser.find_element(By.ID, "diagram").get_attribute("data-zoom") or "nan")
    assert browser.find_element(By.CSS_SELECTOR, ".zoom-level").text == f"{round(zoom * 100)}%"
    browser.save_screenshot(str(artifacts / "explore-zoomed.png"))

    # Arrow keys pan the frame that has focus.
    frame.send_keys("+", "+")
    before = frame_state(browser)
    assert before["scrollHeight"] > before["clientHeight"]
    frame.send_keys(Keys.ARROW_RIGHT)
    frame.send_keys(Keys.ARROW_DOWN)
    after = frame_state(browser)
    assert after["scrollLeft"] > before["scrollLeft"]
    assert after["scrollTop"] > before["scrollTop"]

    frame.send_keys("-")
    assert scale(browser) == pytest.approx(zoomed * 1.25, rel=0.01)

    # 0 fits the whole drawing in the frame.
    frame.send_keys("0")
    fitted = frame_state(browser)
    drawing = browser.find_element(By.CSS_SELECTOR, "#diagram svg").rect
    assert drawing["width"] <= fitted["clientWidth"]
    assert drawing["height"] <= fitted["maxHeight"]
    assert fitted["scrollWidth"] <= fitted["clientWidth"]

    # Ctrl and the wheel zoom in around the pointer, as the browser's own input sends them.
    box = frame.rect
    centre = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
    start = scale(browser)
    browser.execute_cdp_cmd(
        "Input.dispatchMouseEvent",
        {"type": "mouseWheel", **centre, "deltaX": 0, "deltaY": -200, "modifiers": 2},  # 2: Ctrl
    )
    WebDriverWait(browser, WAIT_S).until(lambda _: scale(browser) > start * 1.2)

    # A drag pans the zoomed drawing and selects nothing.
    before = frame_state(browser)
    ActionChains(browser).move_to_element(frame).click_and_hold().move_by_offset(
        -150, -60
    ).release().perform()
    after = frame_state(browser)
    assert after["scrollLeft"] > before["scrollLeft"]
    assert browser.find_elements(By.CSS_SELECTOR, "#diagram g.map-node.selected") == []
    # ...and a click after it still selects a box.
    frame.send_keys("0")
    browser.find_element(By.CSS_SELECTOR, f'#diagram g.map-node[id="node-{HUB}"] a').click()
    assert browser.find_elements(By.CSS_SELECTOR, "#diagram g.map-node.selected")
    assert page_overflow(browser) == 0
    assert refused(browser) == []


BODY_PX = """
var sizes = {};
document.querySelectorAll('#diagram g.node text').forEach(function (text) {
  var matrix = text.getScreenCTM();
  var px = (parseFloat(text.getAttribute('font-size')) * Math.hypot(matrix.a, matrix.b)).toFixed(2);
  sizes[px] = (sizes[px] || 0) + 1;
});
return Object.keys(sizes).map(function (px) { return [parseFloat(px), sizes[px]]; });
"""


@pytest.mark.parametrize("width", [1400, 375])
def test_the_drawing_opens_at_reading_size_with_the_thesis_in_view(
    live_server: str, browser: webdriver.Chrome, artifacts: Path, width: int
) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 500},
    )
    frame = open_viewer(browser, live_server)
    counts: list[list[float]] = browser.execute_script(BODY_PX)
    body_px, _ = max(counts, key=lambda pair: pair[1])  # the size most lines are set in: the statements'
    assert body_px >= 12 - 0.01
    root = browser.find_element(By.ID, "diagram").get_attribute("data-root")
    thesis = browser.find_element(By.CSS_SELECTOR, f'#diagram g.map-node[id="node-{root}"]').rect
    view = frame.rect
    assert view["x"] <= thesis["x"] + thesis["width"] / 2 <= view["x"] + view["width"]
    assert page_overflow(browser) == 0
    browser.save_screenshot(str(artifacts / f"explore-opens-{width}.png"))
    assert refused(browser) == []


def test_fit_to_width_on_a_375_px_phone_reaches_no_further_than_the_screen(
    live_server: str, browser: webdriver.Chrome, artifacts: Path
) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 375, "height": 812, "deviceScaleFactor": 1, "mobile": True},
    )
    frame = open_viewer(browser, live_server, "?top=0")  # the whole map: far wider than a phone
    browser.find_element(By.ID, "zoom-actual").click()
    assert frame_state(browser)["scrollWidth"] > 375  # at its own size the frame scrolls, not the page
    assert page_overflow(browser) == 0

    browser.find_element(By.ID, "zoom-width").click()
    state = frame_state(browser)
    drawing = browser.find_element(By.CSS_SELECTOR, "#diagram svg").rect
    assert state["scrollWidth"] <= state["clientWidth"]
    assert state["clientWidth"] - 1 <= drawing["width"] <= state["clientWidth"]
    assert frame.rect["x"] + frame.rect["width"] <= 375
    assert page_overflow(browser) == 0
    browser.save_screenshot(str(artifacts / "explore-fit-width-375.png"))
    assert refused(browser) == []


def neighbours(base: str, node_id: str) -> set[str]:
    with urllib.request.urlopen(f"{base}/claims/import-ai-455/{node_id}", timeout=30) as response:  # noqa: S310
        claim = json.load(response)
    fields = ("supporters", "attackers", "qualifiers", "bears_on")
    return {related["id"] for field in fields for related in claim[field] or []}


OPACITIES = """
return Array.from(document.querySelectorAll('#diagram g.map-node')).map(function (group) {
  return [group.id, parseFloat(getComputedStyle(group).opacity)];
});
"""


def opacities(browser: webdriver.Chrome) -> dict[str, float]:
    pairs: list[list[object]] = browser.execute_script(OPACITIES)
    return {str(name).removeprefix("node-"): float(str(value)) for name, value in pairs}


def test_focus_mode_dims_all_but_the_selected_node_and_its_neighbours(
    live_server: str, browser: webdriver.Chrome, artifacts: Path
) -> None:
    open_viewer(browser, live_server)
    browser.find_element(By.CSS_SELECTOR, f'#diagram g.map-node[id="node-{HUB}"] a').click()
    toggle = browser.find_element(By.ID, "focus-mode")
    browser.execute_script("arguments[0].focus()", toggle)
    toggle.send_keys(Keys.ENTER)  # a button: the keyboard reaches it as the pointer does
    assert toggle.get_attribute("aria-pressed") == "true"

    shown = opacities(browser)
    near = (neighbours(live_server, HUB) & shown.keys()) | {HUB}
    assert len(near) >= 3
    assert {node: shown[node] for node in near} == dict.fromkeys(near, 1.0)
    dimmed = {node: value for node, value in shown.items() if node not in near}
    assert dimmed
    assert max(dimmed.values()) <= 0.25
    status = browser.find_element(By.ID, "focus-status").text
    assert f"its {len(near) - 1} neighbours" in status
    browser.save_screenshot(str(artifacts / "explore-focus.png"))

    # Focus follows the selection: a neighbour selected from the text version becomes the centre.
    other = next(node for node in sorted(near - {HUB}) if node in shown)
    browser.find_element(By.CSS_SELECTOR, "details.text-version summary").click()
    browser.find_element(By.CSS_SELECTOR, f'details.text-version a[data-node="{other}"]').click()
    followed = opacities(browser)
    around = (neighbours(live_server, other) & followed.keys()) | {other}
    assert {node for node, value in followed.items() if value == 1.0} == around

    toggle.send_keys(Keys.SPACE)
    assert toggle.get_attribute("aria-pressed") == "false"
    assert set(opacities(browser).values()) == {1.0}
    assert refused(browser) == []


def test_the_printed_viewer_is_the_drawing_and_its_text_version(
    live_server: str, browser: webdriver.Chrome, artifacts: Path
) -> None:
    open_viewer(browser, live_server)
    browser.find_element(By.ID, "zoom-in").click()  # a screen's zoom does not reach the paper
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = ("form.controls", "#panel", "#whatif", ".zoom-tools", "details.embed", "#diagram-caption")
        for selector in hidden:
            assert not browser.find_element(By.CSS_SELECTOR, selector).is_displayed(), selector
        drawing = browser.find_element(By.CSS_SELECTOR, "#diagram svg")
        assert drawing.is_displayed()
        width = browser.execute_script("return document.documentElement.clientWidth")
        assert drawing.rect["width"] <= width
        # The text version prints open, though the details element is closed on the screen.
        assert browser.execute_script("return document.querySelector('details.text-version').open") is False
        listed = browser.execute_script(
            "return Array.from(document.querySelectorAll('details.text-version li'))"
            ".filter(function (item) { return item.checkVisibility(); }).length"
        )
        assert listed == len(browser.find_elements(By.CSS_SELECTOR, "details.text-version li")) > 5
        browser.save_screenshot(str(artifacts / "explore-print.png"))
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert refused(browser) == []


def test_without_javascript_the_drawing_scrolls_in_its_frame_as_before(
    live_server: str, browser: webdriver.Chrome, artifacts: Path
) -> None:
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 375, "height": 812, "deviceScaleFactor": 1, "mobile": True},
    )
    browser.get(f"{live_server}{VIEW}")
    WebDriverWait(browser, WAIT_S).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#diagram svg")))
    assert browser.find_elements(By.CSS_SELECTOR, ".zoom-tools") == []
    drawing = browser.find_element(By.CSS_SELECTOR, "#diagram svg")
    frame = browser.find_element(By.CSS_SELECTOR, "#diagram .svg-frame")
    assert drawing.is_displayed()
    assert drawing.rect["width"] <= frame.rect["width"]  # shrunk to the column by the stylesheet alone
    assert frame.get_attribute("tabindex") == "0"  # the frame scrolls by keyboard too
    assert browser.find_element(By.CSS_SELECTOR, "form.controls").is_displayed()
    assert len(browser.find_elements(By.CSS_SELECTOR, "details.text-version li")) == 13
    assert page_overflow(browser) == 0
    browser.save_screenshot(str(artifacts / "explore-no-script-375.png"))


def test_a_layouts_drawing_opens_at_its_own_size_in_a_frame_that_pans(
    live_server: str, browser: webdriver.Chrome, artifacts: Path
) -> None:
    # layout=full is drawn at reading size, maybe wider than a screen: the frame pans, the page does not.
    frame = open_viewer(browser, live_server, "?layout=full&top=12")
    assert browser.find_element(By.ID, "diagram").get_attribute("data-zoom") == "1.0000"
    assert browser.find_element(By.CSS_SELECTOR, ".zoom-level").text == "100%"
    state = frame_state(browser)
    assert state["scrollWidth"] > state["clientWidth"]
    assert page_overflow(browser) == 0
    browser.execute_script("arguments[0].focus()", frame)
    frame.send_keys(Keys.ARROW_RIGHT)
    assert frame_state(browser)["scrollLeft"] > 0
    browser.save_screenshot(str(artifacts / "explore-layout-full.png"))
    assert refused(browser) == []
