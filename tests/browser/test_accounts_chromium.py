"""Accounts in a real headless Chromium: a student opens a sign-in link, finds their maps, edits one, and
cannot reach a classmate's private map; a sign-in link works once.

The class (a group, two students, a private map each) is made over HTTP by the tests' administrator token,
each map by its student's own personal token. Screenshots of the sign-in page, "your maps" and the editor at
1400 and 375 px land in ``var/screenshots/``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import msgspec
import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from support.live_http import admin, bearer, call
from support.maps import small_map

from schemas import Visibility

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
WAIT_S = 30  # a ceiling for slow machines, not a speed target
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = (1400, 375)
OLD_TEXT = "Sleep benefits cats."
NEW_TEXT = "Sleep benefits cats a great deal, say the vets."
ELSEWHERE = "Sleep benefits cats, as saved elsewhere."


@dataclass(frozen=True)
class Student:
    """A student of the class, their personal token and their private map."""

    id: str
    token: str
    map_id: str
    title: str


@dataclass(frozen=True)
class Classroom:
    """A group of two students, each with a private map."""

    base: str
    group: str
    ana: Student
    ben: Student

    def sign_in_link(self, student: Student) -> str:
        link: str = admin(self.base, "POST", f"/users/{student.id}/sign-in-links")["url"]
        assert link.startswith(f"{self.base}/sign-in#")
        return link


def enrol(base: str, group: str, name: str) -> Student:
    """A student in ``group`` with a personal token, and their private map created with that token."""
    user = admin(base, "POST", "/users", {"name": name, "role": "author", "group": group})
    secret = admin(base, "POST", f"/users/{user['id']}/tokens", {"name": "test"})["secret"]
    assert secret.startswith("amt_")
    map_id = f"{user['id']}-cats"
    title = f"{name}'s map about cats"
    document = msgspec.structs.replace(
        small_map(map_id, source_id=f"{map_id}-note"), title=title, visibility=Visibility.PRIVATE
    )
    created = call(
        base,
        "POST",
        "/maps",
        body=msgspec.json.encode(document),
        headers={**bearer(secret), "Content-Type": "application/json"},
    )
    assert created.status == 201, created.body[:500]
    listed = call(base, "GET", "/maps", headers=bearer(secret)).json()["maps"]
    mine = next(entry for entry in listed if entry["id"] == map_id)
    assert (mine["owner"], mine["group"], mine["visibility"]) == (user["id"], group, "private")
    return Student(id=user["id"], token=secret, map_id=map_id, title=title)


@pytest.fixture
def classroom(live_server: str) -> Classroom:
    """A fresh group (its ids unique to the test) with Ana and Ben, each with a private map."""
    suffix = secrets.token_hex(3)
    group = f"class-{suffix}"
    admin(live_server, "POST", "/groups", {"id": group, "name": f"Class {suffix}"})
    ana = enrol(live_server, group, f"Ana {suffix}")
    ben = enrol(live_server, group, f"Ben {suffix}")
    return Classroom(live_server, group, ana, ben)


@pytest.fixture
def screenshots() -> Path:
    """Where the screenshots go (git-ignored, kept after the run to be looked at)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def waiting(browser: webdriver.Chrome) -> WebDriverWait[webdriver.Chrome]:
    return WebDriverWait(browser, WAIT_S, ignored_exceptions=(StaleElementReferenceException,))


def policy_violations(browser: webdriver.Chrome) -> list[str]:
    """Console messages about the Content-Security-Policy, and script errors (refused requests are fine)."""
    return [
        entry["message"]
        for entry in browser.get_log("browser")  # type: ignore[no-untyped-call]  # Selenium leaves it untyped
        if "Content Security Policy" in entry["message"]
        or (entry["level"] == "SEVERE" and "Failed to load resource" not in entry["message"])
    ]


def session_of(browser: webdriver.Chrome) -> dict[str, str]:
    """The browser's session cookie, to ask the server as the browser does."""
    cookie = browser.get_cookie("argmap_session")
    assert cookie is not None, "the browser has no session cookie"
    return {"Cookie": f"argmap_session={cookie['value']}"}


def fits(browser: webdriver.Chrome, element: WebElement) -> None:
    """The element lies within the window's width (nothing to scroll sideways to reach it)."""
    left, right, inner = browser.execute_script(
        "const box = arguments[0].getBoundingClientRect(); return [box.left, box.right, window.innerWidth]",
        element,
    )
    assert left >= 0, (element.get_attribute("id"), left)
    assert right <= inner, (element.get_attribute("id"), right, inner)


def nothing_overflows(browser: webdriver.Chrome) -> None:
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than the window"


def smallest_text_px(browser: webdriver.Chrome) -> float:
    """The smallest computed font size of any element with text of its own on the page."""
    smallest: float = browser.execute_script(
        "let least = 99;"
        "for (const el of document.body.querySelectorAll('*')) {"
        "  const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());"
        "  if (!own || !el.getClientRects().length) continue;"
        "  least = Math.min(least, parseFloat(getComputedStyle(el).fontSize));"
        "}"
        "return least;"
    )
    return smallest


def open_link(browser: webdriver.Chrome, link: str) -> None:
    """Open a sign-in link as a person does: typed or clicked into a tab that shows another page."""
    browser.get("about:blank")
    browser.get(link)


def test_a_student_signs_in_with_a_link_edits_their_map_and_cannot_reach_a_classmates(
    classroom: Classroom, browser: webdriver.Chrome, screenshots: Path
) -> None:
    browser.set_window_size(1400, 1000)
    lands_on_her_maps(classroom, browser, screenshots)
    text = saves_a_changed_claim(classroom, browser, screenshots)
    lists_the_problems_of_a_refused_document(classroom, browser, text, screenshots)
    offers_the_newest_version_when_saved_elsewhere(classroom, browser, text, screenshots)
    cannot_reach_a_classmates_map(classroom, browser)
    assert policy_violations(browser) == []


def lands_on_her_maps(classroom: Classroom, browser: webdriver.Chrome, screenshots: Path) -> None:
    """The link signs Ana in and leads to her maps, not Ben's; its code leaves the address bar."""
    base, ana, ben = classroom.base, classroom.ana, classroom.ben
    open_link(browser, classroom.sign_in_link(ana))
    waiting(browser).until(ec.url_to_be(f"{base}/my-maps"))
    mine = waiting(browser).until(ec.visibility_of_element_located((By.ID, "my-map-list")))
    assert ana.title in mine.text
    assert "yours" in mine.text
    assert ana.id in browser.find_element(By.CLASS_NAME, "who").text
    assert ben.map_id not in browser.page_source
    assert ben.title not in browser.page_source
    assert "#" not in browser.current_url
    row = browser.find_element(By.CSS_SELECTOR, f'li.map-row[data-map="{ana.map_id}"]')
    links = {a.text: a.get_attribute("href") for a in row.find_elements(By.CSS_SELECTOR, ".links a")}
    assert links == {"view": f"{base}/maps/{ana.map_id}/view", "edit": f"{base}/maps/{ana.map_id}/edit"}
    browser.save_screenshot(str(screenshots / "flow-my-maps-1400.png"))
    row.find_element(By.LINK_TEXT, "edit").click()
    waiting(browser).until(ec.url_to_be(f"{base}/maps/{ana.map_id}/edit"))
    # The editor offers the document as YAML too, for those who write maps as text.
    waiting(browser).until(ec.element_to_be_clickable((By.ID, "yaml-link"))).click()
    waiting(browser).until(ec.url_to_be(f"{base}/maps/{ana.map_id}/edit/yaml"))


def saves_a_changed_claim(classroom: Classroom, browser: webdriver.Chrome, screenshots: Path) -> WebElement:
    """The editor shows her map as YAML and private; a changed claim is saved as version 2."""
    base, ana = classroom.base, classroom.ana
    text = waiting(browser).until(ec.visibility_of_element_located((By.ID, "document")))
    yaml_text = str(text.get_property("value"))
    assert f"id: {ana.map_id}" in yaml_text
    assert OLD_TEXT in yaml_text
    assert "visibility" not in yaml_text  # the select holds it
    chosen = browser.find_element(By.CSS_SELECTOR, "#visibility option:checked")
    assert chosen.get_attribute("value") == "private"
    values = [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#visibility option")]
    assert values == [choice.value for choice in Visibility]
    replace_text(browser, text, yaml_text.replace(OLD_TEXT, NEW_TEXT))
    browser.find_element(By.ID, "save").click()
    status = browser.find_element(By.ID, "save-status")
    waiting(browser).until(lambda _: status.text == "Saved as version 2.")
    assert browser.find_element(By.ID, "current-version").text == "2"
    browser.save_screenshot(str(screenshots / "flow-editor-saved-1400.png"))
    stored = call(base, "GET", f"/maps/{ana.map_id}/document", headers=bearer(ana.token))
    assert stored.status == 200
    assert stored.headers["etag"] == f'"{ana.map_id}-v2"'
    assert {node["id"]: node["text"] for node in stored.json()["nodes"]}["sleep-good"] == NEW_TEXT
    assert stored.json()["visibility"] == "private"
    return text


def lists_the_problems_of_a_refused_document(
    classroom: Classroom, browser: webdriver.Chrome, text: WebElement, screenshots: Path
) -> None:
    """A document with a problem is refused whole, each problem named beside the text; nothing changes."""
    yaml_text = str(text.get_property("value"))
    replace_text(browser, text, yaml_text.replace("base_score: 0.8", "base_score: 7"))
    browser.find_element(By.ID, "save").click()
    problems = waiting(browser).until(ec.visibility_of_element_located((By.ID, "problems")))
    assert "nodes[1].base_score" in problems.find_element(By.ID, "problem-list").text
    # Its button selects the line it names in the text.
    problems.find_element(By.CSS_SELECTOR, "button.show-line").click()
    selected = browser.execute_script(
        "const box = arguments[0]; return box.value.slice(box.selectionStart, box.selectionEnd)", text
    )
    assert selected.strip() == "base_score: 7"
    assert browser.find_element(By.ID, "save-status").text.startswith("Not saved: 1 problem")
    browser.save_screenshot(str(screenshots / "flow-editor-problems-1400.png"))
    detail = call(classroom.base, "GET", f"/maps/{classroom.ana.map_id}", headers=bearer(classroom.ana.token))
    assert detail.json()["version"] == 2
    replace_text(browser, text, yaml_text)


def offers_the_newest_version_when_saved_elsewhere(
    classroom: Classroom, browser: webdriver.Chrome, text: WebElement, screenshots: Path
) -> None:
    """Saved elsewhere meanwhile (her token, another device): the page says so and reloads the newest."""
    base, ana = classroom.base, classroom.ana
    current = call(base, "GET", f"/maps/{ana.map_id}/document", headers=bearer(ana.token))
    changed = call(
        base,
        "PUT",
        f"/maps/{ana.map_id}",
        body=current.body.replace(NEW_TEXT.encode(), ELSEWHERE.encode()),
        headers={
            **bearer(ana.token),
            "Content-Type": "application/json",
            "If-Match": current.headers["etag"],
        },
    )
    assert changed.status == 200, changed.body[:300]
    replace_text(browser, text, str(text.get_property("value")).replace(NEW_TEXT, "Typed meanwhile."))
    browser.find_element(By.ID, "save").click()
    status = browser.find_element(By.ID, "save-status")
    waiting(browser).until(lambda _: "changed elsewhere" in status.text)
    assert "after you opened it" in browser.find_element(By.ID, "problems-summary").text
    browser.save_screenshot(str(screenshots / "flow-editor-stale-1400.png"))
    browser.find_element(By.ID, "reload").click()
    waiting(browser).until(lambda d: d.find_element(By.ID, "current-version").text == "3")
    assert ELSEWHERE in str(browser.find_element(By.ID, "document").get_property("value"))

    # The viewer shows her words: the browser's session reads her private map.
    browser.get(f"{base}/maps/{ana.map_id}/view?top=0")
    waiting(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#diagram svg")))
    assert ELSEWHERE in browser.page_source


def cannot_reach_a_classmates_map(classroom: Classroom, browser: webdriver.Chrome) -> None:
    """Ben's private map is not found for Ana, as if it did not exist: to the API and on the pages."""
    base, ana, ben = classroom.base, classroom.ana, classroom.ben
    for path in (
        f"/maps/{ben.map_id}/edit",
        f"/maps/{ben.map_id}/edit/yaml",
        f"/maps/{ben.map_id}/view",
        f"/maps/{ben.map_id}/document",
    ):
        assert call(base, "GET", path, headers=session_of(browser)).status == 404, path
        assert call(base, "GET", path, headers=bearer(ana.token)).status == 404, path
        assert call(base, "GET", path, headers=bearer(ben.token)).status == 200, path
    browser.get(f"{base}/maps/{ben.map_id}/edit")
    heading = waiting(browser).until(ec.visibility_of_element_located((By.TAG_NAME, "h1")))
    assert heading.text == "Not found"
    browser.save_screenshot(str(SCREENSHOTS / "flow-editor-not-found-1400.png"))
    assert ben.title not in browser.page_source
    assert browser.find_elements(By.ID, "document") == []
    browser.get(f"{base}/maps/{ben.map_id}/view")
    waiting(browser).until(lambda d: "not found" in d.find_element(By.TAG_NAME, "body").text.lower())
    browser.save_screenshot(str(SCREENSHOTS / "flow-view-not-found-1400.png"))
    assert ben.title not in browser.page_source


def replace_text(browser: webdriver.Chrome, area: WebElement, value: str) -> None:
    """Put ``value`` in the text box as typing would leave it (the page's own listeners hear an input)."""
    browser.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
        area,
        value,
    )


def test_a_sign_in_link_works_once_and_says_so_when_used_again(
    classroom: Classroom, browser: webdriver.Chrome
) -> None:
    base = classroom.base
    wait = waiting(browser)
    link = classroom.sign_in_link(classroom.ana)
    open_link(browser, link)
    wait.until(ec.url_to_be(f"{base}/my-maps"))

    # Signing out ends the session on the server: the cookie reads nothing private any more.
    cookie = session_of(browser)
    browser.find_element(By.ID, "sign-out").click()
    wait.until(ec.url_to_be(f"{base}/sign-in"))
    assert call(base, "GET", "/me", headers=cookie).json()["user"] is None
    assert call(base, "GET", f"/maps/{classroom.ana.map_id}/view", headers=cookie).status == 404

    # The same link again: refused, said plainly, and the page offers the password form instead.
    open_link(browser, link)
    status = wait.until(ec.visibility_of_element_located((By.ID, "sign-in-status")))
    wait.until(lambda _: "did not work" in status.text)
    assert "used already or has expired" in status.text
    assert "Ask your teacher or editor for a new link" in status.text
    assert browser.current_url == f"{base}/sign-in"
    assert browser.find_element(By.ID, "password-form").is_displayed()
    assert browser.get_cookie("argmap_session") is None

    # Opened while still signed in (a second click on the link), it is refused the same way.
    open_link(browser, classroom.sign_in_link(classroom.ana))
    wait.until(ec.url_to_be(f"{base}/my-maps"))
    open_link(browser, link)
    status = wait.until(ec.visibility_of_element_located((By.ID, "sign-in-status")))
    wait.until(lambda _: "used already or has expired" in status.text)
    assert policy_violations(browser) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_pages_fit_a_phone_and_a_desktop(
    classroom: Classroom, browser: webdriver.Chrome, screenshots: Path, width: int
) -> None:
    browser.set_window_size(width, 900)
    sign_in_fits(classroom, browser, screenshots, width)
    my_maps_fit(classroom, browser, screenshots, width)
    editor_fits(classroom, browser, screenshots, width)
    assert policy_violations(browser) == []


def sign_in_fits(classroom: Classroom, browser: webdriver.Chrome, screenshots: Path, width: int) -> None:
    """The sign-in page, plain and with a used link's message, within the width and readable."""
    base, wait = classroom.base, waiting(browser)
    browser.get(f"{base}/sign-in")
    form = wait.until(ec.visibility_of_element_located((By.ID, "password-form")))
    for name in ("sign-in-button", "sign-in-user", "sign-in-password"):
        fits(browser, browser.find_element(By.ID, name))
    fits(browser, form)
    nothing_overflows(browser)
    assert smallest_text_px(browser) >= 14
    browser.save_screenshot(str(screenshots / f"sign-in-{width}.png"))

    used = classroom.sign_in_link(classroom.ana)
    open_link(browser, used)
    wait.until(ec.url_to_be(f"{base}/my-maps"))
    browser.delete_cookie("argmap_session")
    open_link(browser, used)
    status = wait.until(ec.visibility_of_element_located((By.ID, "sign-in-status")))
    wait.until(lambda _: "did not work" in status.text)
    fits(browser, status)
    nothing_overflows(browser)
    browser.save_screenshot(str(screenshots / f"sign-in-used-link-{width}.png"))


def my_maps_fit(classroom: Classroom, browser: webdriver.Chrome, screenshots: Path, width: int) -> None:
    """The "your maps" page, signed in: its buttons and list within the width."""
    open_link(browser, classroom.sign_in_link(classroom.ana))
    waiting(browser).until(ec.url_to_be(f"{classroom.base}/my-maps"))
    waiting(browser).until(ec.visibility_of_element_located((By.ID, "my-map-list")))
    for name in ("new-map", "sign-out", "my-map-list"):
        fits(browser, browser.find_element(By.ID, name))
    nothing_overflows(browser)
    assert smallest_text_px(browser) >= 14
    browser.save_screenshot(str(screenshots / f"my-maps-{width}.png"))


def editor_fits(classroom: Classroom, browser: webdriver.Chrome, screenshots: Path, width: int) -> None:
    """The editor and a refused save's problems within the width; the text box as wide as it may be."""
    browser.get(f"{classroom.base}/maps/{classroom.ana.map_id}/edit/yaml")
    text = waiting(browser).until(ec.visibility_of_element_located((By.ID, "document")))
    for element in (text, browser.find_element(By.ID, "save"), browser.find_element(By.ID, "visibility")):
        fits(browser, element)
    nothing_overflows(browser)
    assert smallest_text_px(browser) >= 14
    # All of a phone's width but the page's margins, most of a desktop's (the guide takes the rest).
    share = browser.execute_script(
        "return arguments[0].getBoundingClientRect().width / document.documentElement.clientWidth", text
    )
    assert share >= (0.9 if width < 600 else 0.6), share
    browser.save_screenshot(str(screenshots / f"editor-{width}.png"))

    original = str(text.get_property("value"))
    broken = original.replace("base_score: 0.8", "base_score: 7").replace("format: 1", "format: 9")
    replace_text(browser, text, broken)
    browser.find_element(By.ID, "save").click()
    problems = waiting(browser).until(ec.visibility_of_element_located((By.ID, "problems")))
    fits(browser, problems)
    for item in problems.find_elements(By.TAG_NAME, "li"):
        fits(browser, item)
    nothing_overflows(browser)
    browser.save_screenshot(str(screenshots / f"editor-problems-{width}.png"))
    replace_text(browser, text, original)  # nothing left unsaved: leaving asks nothing


def test_new_map_starts_a_private_map_of_ones_own_in_the_editor(
    classroom: Classroom, browser: webdriver.Chrome
) -> None:
    base, ana = classroom.base, classroom.ana
    open_link(browser, classroom.sign_in_link(ana))
    waiting(browser).until(ec.url_to_be(f"{base}/my-maps"))
    waiting(browser).until(ec.element_to_be_clickable((By.ID, "new-map"))).click()
    waiting(browser).until(ec.url_matches(rf"^{base}/maps/{ana.id}-map-[a-z0-9]{{4}}/edit$"))
    new_id = browser.current_url.split("/")[-2]
    listed = call(base, "GET", "/maps", headers=bearer(ana.token)).json()["maps"]
    entry = next(entry for entry in listed if entry["id"] == new_id)
    assert (entry["owner"], entry["group"], entry["visibility"]) == (ana.id, classroom.group, "private")
    starter = waiting(browser).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, 'li.node-card[data-node="thesis"]'))
    )
    assert "thesis" in starter.text
    # Ben, in her group, does not see a private map of hers.
    assert call(base, "GET", f"/maps/{new_id}", headers=bearer(classroom.ben.token)).status == 404
    browser.get(f"{base}/my-maps")
    assert new_id in waiting(browser).until(ec.visibility_of_element_located((By.ID, "my-map-list"))).text
    assert policy_violations(browser) == []
