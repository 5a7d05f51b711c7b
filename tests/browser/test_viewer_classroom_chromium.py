"""The viewer's perspective menu and feedback in a real headless Chromium.

The essay keeps two perspectives: choosing one in the menu reloads the viewer drawing the map as it reads it,
the choice shown; "as mapped" goes back. A teacher who commented on a student's map finds the comment in the
panel of the node it is on. Nothing is wider than a phone's 375 px. Screenshots land in ``var/screenshots/``.
"""

from __future__ import annotations

import json
import secrets
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait
from support.app import AUTH

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
WAIT_S = 30  # a ceiling for slow machines, not a speed target
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
ESSAY = "import-ai-455"


def call(base: str, method: str, path: str, payload: object | None = None, token: str | None = None) -> Any:
    """A JSON request to the live server, which must succeed (the administrator's token by default)."""
    headers = {"Content-Type": "application/json", **(AUTH if token is None else {})}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    body = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(f"{base}{path}", data=body, headers=headers, method=method)  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - our own loopback server
        return json.load(response)


def no_overflow(browser: webdriver.Chrome) -> None:
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than the window"


@pytest.mark.parametrize("width", [1400, 375])
def test_the_perspective_menu_reloads_the_viewer_as_the_one_chosen(
    live_server: str, browser: webdriver.Chrome, width: int
) -> None:
    kept = [p["name"] for p in call(live_server, "GET", f"/maps/{ESSAY}/perspectives")["perspectives"]]
    assert len(kept) >= 2
    browser.set_window_size(width, 1000)
    browser.get(f"{live_server}/maps/{ESSAY}/view")
    wait = WebDriverWait(browser, WAIT_S)
    menu = Select(wait.until(ec.presence_of_element_located((By.ID, "perspective"))))
    assert [option.get_attribute("value") for option in menu.options] == ["", *kept]
    assert menu.first_selected_option.text == "as mapped"

    menu.select_by_value(kept[0])
    wait.until(ec.url_contains(f"perspective={kept[0]}"))
    chosen = Select(wait.until(ec.presence_of_element_located((By.ID, "perspective"))))
    assert chosen.first_selected_option.get_attribute("value") == kept[0]
    assert kept[0] in browser.find_element(By.ID, "perspective-note").text
    root = call(live_server, "GET", f"/maps/{ESSAY}/scores?perspective={kept[0]}")["root_strength"]
    text_version = browser.find_element(By.CSS_SELECTOR, ".text-version").get_attribute("textContent")
    assert f"strength {root:.2f}" in (text_version or "")
    no_overflow(browser)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / f"viewer-perspective-{width}.png"))

    Select(browser.find_element(By.ID, "perspective")).select_by_value("")
    wait.until(lambda d: "perspective=" not in d.current_url)
    assert "view" in browser.current_url
    assert Select(browser.find_element(By.ID, "perspective")).first_selected_option.text == "as mapped"


def test_a_teacher_reads_a_nodes_feedback_in_its_panel(live_server: str, browser: webdriver.Chrome) -> None:
    base, suffix = live_server, secrets.token_hex(3)
    group = f"class-{suffix}"
    call(base, "POST", "/groups", {"id": group, "name": f"Class {suffix}"})
    teacher = call(base, "POST", "/users", {"name": f"Ms Li {suffix}", "role": "editor", "group": group})
    student = call(base, "POST", "/users", {"name": f"Ana {suffix}", "role": "author", "group": group})
    teacher_token = call(base, "POST", f"/users/{teacher['id']}/tokens", {"name": "t"})["secret"]
    student_token = call(base, "POST", f"/users/{student['id']}/tokens", {"name": "t"})["secret"]
    assignment = f"essay-{suffix}"
    call(
        base,
        "POST",
        "/assignments",
        {
            "id": assignment,
            "title": "The essay",
            "prompt": "Does the report make its case?",
            "source": "virtuesig-clark-automated-rd-2028",
            "due": "2099-01-01T00:00:00Z",
        },
        token=teacher_token,
    )
    map_id = call(base, "POST", f"/assignments/{assignment}/start", token=student_token)["map"]
    call(
        base,
        "POST",
        f"/maps/{map_id}/comments",
        {"node": "thesis", "text": "State <your> verdict."},
        teacher_token,
    )

    link = call(base, "POST", f"/users/{teacher['id']}/sign-in-links")["url"]
    browser.set_window_size(375, 1000)
    browser.get("about:blank")
    browser.get(link)
    wait = WebDriverWait(browser, WAIT_S)
    wait.until(ec.url_to_be(f"{base}/my-maps"))
    browser.get(f"{base}/maps/{map_id}/view")
    listed = wait.until(ec.presence_of_element_located((By.ID, "feedback")))
    assert "State <your> verdict." in listed.text
    browser.find_element(By.CSS_SELECTOR, '#diagram g.map-node[id="node-thesis"] a').click()
    section = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#panel .panel-feedback")))
    assert "Feedback on this node (1)" in section.text
    assert "State <your> verdict." in section.text
    no_overflow(browser)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", section)
    browser.save_screenshot(str(SCREENSHOTS / "viewer-feedback-375.png"))
