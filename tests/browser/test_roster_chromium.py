"""The teacher's roster page in a real headless Chromium, at a desktop's 1400 px and a phone's 375 px.

A class is made over HTTP with the tests' administrator token: a teacher, and three students; the teacher sets
an assignment on the essay's source with the essay as the key; Ana starts and hands in, Ben starts, Chloé has
not begun. The teacher signs in with a one-time link and opens the roster: every student's row is there with
their status, the links lead to the map, its comparison with the key and the CSV, and nothing is wider than a
phone's screen. Screenshots land in ``var/screenshots/``.
"""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from support.app import AUTH

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
WAIT_S = 30  # a ceiling for slow machines, not a speed target
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SOURCE = "virtuesig-clark-automated-rd-2028"
TOO_WIDE = """
const width = document.documentElement.clientWidth;
return [...document.querySelectorAll('body *')]
  .filter(element => {
    const box = element.getBoundingClientRect();
    return box.width > 1 && (box.right > width + 0.5 || box.left < -0.5);
  })
  .map(element => `${element.tagName}.${element.className}`);
"""


def call(base: str, method: str, path: str, payload: object | None = None, token: str | None = None) -> Any:
    """A JSON request to the live server, which must succeed (the administrator's token by default)."""
    headers = {"Content-Type": "application/json", **(AUTH if token is None else {})}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    body = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(f"{base}{path}", data=body, headers=headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - our own loopback server
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise AssertionError((method, path, error.code, error.read()[:500])) from None


def status_of(base: str, path: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(f"{base}{path}", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - our own loopback server
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def member(base: str, group: str, name: str, role: str) -> tuple[str, str]:
    """A new user of ``group`` and the secret of a personal token of theirs."""
    user = call(base, "POST", "/users", {"name": name, "role": role, "group": group})
    secret = call(base, "POST", f"/users/{user['id']}/tokens", {"name": "test"})["secret"]
    return str(user["id"]), str(secret)


@pytest.mark.parametrize("width", [1400, 375])
def test_the_teacher_reads_the_roster_at_a_desktops_and_a_phones_width(
    live_server: str, browser: webdriver.Chrome, width: int
) -> None:
    base, suffix = live_server, secrets.token_hex(3)
    group = f"class-{suffix}"
    call(base, "POST", "/groups", {"id": group, "name": f"Class {suffix}"})
    teacher, teacher_token = member(base, group, f"Ms Novak {suffix}", "editor")
    ana, ana_token = member(base, group, f"Amira Haddad-Longname {suffix}", "author")
    ben, ben_token = member(base, group, f"Ben Okafor {suffix}", "author")
    chloe, chloe_token = member(base, group, f"Chloé Martin {suffix}", "author")
    assignment = f"essay-{suffix}"
    call(
        base,
        "POST",
        "/assignments",
        {
            "id": assignment,
            "title": "Will AI automate AI research by 2028?",
            "prompt": "Does the report make its case? State your verdict as your thesis.",
            "source": SOURCE,
            "due": "2099-12-14T16:00:00+01:00",
            "key_map": "import-ai-455",
        },
        token=teacher_token,
    )
    ana_map = call(base, "POST", f"/assignments/{assignment}/start", token=ana_token)["map"]
    call(base, "POST", f"/assignments/{assignment}/submit", {}, token=ana_token)
    ben_map = call(base, "POST", f"/assignments/{assignment}/start", token=ben_token)["map"]

    page = f"/assignments/{assignment}/roster"
    assert status_of(base, page, {"Authorization": f"Bearer {chloe_token}"}) == 403
    assert status_of(base, page, {}) == 404

    link = call(base, "POST", f"/users/{teacher}/sign-in-links")["url"]
    browser.set_window_size(width, 1000)
    browser.get("about:blank")
    browser.get(link)
    WebDriverWait(browser, WAIT_S).until(ec.url_to_be(f"{base}/my-maps"))
    browser.get(f"{base}{page}")
    table = WebDriverWait(browser, WAIT_S).until(ec.visibility_of_element_located((By.ID, "roster")))
    rows = {
        row.get_attribute("data-student"): row for row in table.find_elements(By.CSS_SELECTOR, "tr.student")
    }
    assert set(rows) == {ana, ben, chloe}
    statuses = {student: row.get_attribute("data-status") for student, row in rows.items()}
    assert statuses == {ana: "submitted", ben: "draft", chloe: "not-started"}
    assert "submitted" in rows[ana].text
    assert "version 1" in rows[ana].text
    assert "not started" in rows[chloe].text
    ana_links = {a.text: a.get_attribute("href") for a in rows[ana].find_elements(By.CSS_SELECTOR, "a")}
    assert ana_links == {
        "map": f"{base}/maps/{ana_map}/view",
        "as handed in": f"{base}/maps/{ana_map}/view?version=1",
        "compare with the key": f"{base}/maps/import-ai-455/compare/{ana_map}?format=html",
    }
    assert f"{base}/maps/{ben_map}/view" in {
        a.get_attribute("href") for a in rows[ben].find_elements(By.CSS_SELECTOR, "a")
    }
    csv = browser.find_element(By.ID, "roster-csv")
    assert csv.get_attribute("href") == f"{base}/assignments/{assignment}/roster.csv"
    assert "3 students: 1 not started, 1 draft, 1 submitted, 0 late." in browser.page_source

    assert browser.execute_script(TOO_WIDE) == []
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than the window"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / f"roster-{width}.png"))
    if width == 375:
        # On a phone each cell names itself, as the hidden header row would.
        label = browser.execute_script(
            "return getComputedStyle(arguments[0], '::before').content",
            rows[ana].find_element(By.CSS_SELECTOR, "td"),
        )
        assert label == '"Student"'

    # The comparison with the key opens from the row, for the teacher signed in.
    rows[ana].find_element(By.LINK_TEXT, "compare with the key").click()
    WebDriverWait(browser, WAIT_S).until(ec.url_contains(f"/compare/{ana_map}"))
    assert "What" in browser.find_element(By.TAG_NAME, "body").text
    console = [
        entry["message"]
        for entry in browser.get_log("browser")  # type: ignore[no-untyped-call]  # Selenium leaves it untyped
        if "Content Security Policy" in entry["message"]
    ]
    assert console == []
