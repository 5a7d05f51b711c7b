"""The map editor in a real headless Chromium: a student maps a new text by selecting its words, connects and
scores the nodes, saves, and finds the map served by the API with verified offsets; a draft survives a reload;
a save after another writer's is shown as a conflict and nothing typed is lost; the page fits 375 px.

The class (a group and two students, each with a personal token) is made over HTTP by the tests' administrator
token. Screenshots land in ``var/screenshots/`` (map-editor-*.png).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait
from support.live_http import Answer, admin, bearer, call

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

WAIT_S = 30  # a ceiling for slow machines, not a speed target
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


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


def nothing_overflows(browser: webdriver.Chrome) -> None:
    """Nothing sticks out past the window's right edge (the wide elements are named when something does)."""
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    wide = browser.execute_script(
        "return Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right >"
        " window.innerWidth + 1).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className)"
    )
    assert overflow <= 0, f"the page is {overflow} px wider than the window: {wide}"


def open_link(browser: webdriver.Chrome, link: str) -> None:
    """Open a sign-in link as a person does: typed or clicked into a tab that shows another page."""
    browser.get("about:blank")
    browser.get(link)


TEXT = (
    "Homework should be banned in primary schools.\n\n"
    "Children who spend their evenings on worksheets lose time for play, and play is how young children "
    "learn to get along with others. A study of 4,000 pupils found no link between homework and test "
    "scores before the age of eleven.\n\n"
    "Some parents say homework teaches discipline. But discipline grows better from chores and sport, "
    "which children choose and enjoy."
)
THESIS_WORDS = "Homework should be banned in primary schools."
STUDY_WORDS = "A study of 4,000 pupils found no link between homework and test scores"
PLAY_WORDS = "play is how young children learn to get along with others"
DISCIPLINE_WORDS = "Some parents say homework teaches discipline."
CHORES_WORDS = "discipline grows better from chores and sport"
DOUBT_WORDS = "no link between homework and test scores"
DOUBT_TEXT = "One study is thin ground for a ban."
THEIR_THESIS = "Primary schools should set no homework."


@dataclass(frozen=True)
class Student:
    id: str
    token: str


@dataclass(frozen=True)
class Class:
    base: str
    ana: Student
    ben: Student


def enrol(base: str, group: str, name: str) -> Student:
    user = admin(base, "POST", "/users", {"name": name, "role": "author", "group": group})
    secret = admin(base, "POST", f"/users/{user['id']}/tokens", {"name": "test"})["secret"]
    return Student(id=user["id"], token=secret)


@pytest.fixture
def school(live_server: str) -> Class:
    suffix = secrets.token_hex(3)
    group = f"class-{suffix}"
    admin(live_server, "POST", "/groups", {"id": group, "name": f"Class {suffix}"})
    return Class(
        live_server, enrol(live_server, group, f"Ana {suffix}"), enrol(live_server, group, f"Ben {suffix}")
    )


def sign_in(school: Class, browser: webdriver.Chrome, student: Student) -> None:
    link: str = admin(school.base, "POST", f"/users/{student.id}/sign-in-links")["url"]
    open_link(browser, link)
    waiting(browser).until(ec.url_to_be(f"{school.base}/my-maps"))


def set_value(browser: webdriver.Chrome, element: WebElement, value: str) -> None:
    """A value put in a field as typing leaves it (the page's listeners hear an input)."""
    browser.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
        element,
        value,
    )


def select_words(browser: webdriver.Chrome, words: str) -> None:
    """Select ``words`` in the source pane, as a mouse drag would leave the selection."""
    browser.execute_script(
        "const box = document.getElementById('source-text'); const at = box.value.indexOf(arguments[0]);"
        "if (at < 0) throw new Error('words not in the text'); box.focus();"
        "box.setSelectionRange(at, at + arguments[0].length); box.dispatchEvent(new Event('select'));",
        words,
    )


def node_card(browser: webdriver.Chrome, node_id: str) -> WebElement:
    return browser.find_element(By.CSS_SELECTOR, f'li.node-card[data-node="{node_id}"]')


def node_ids(browser: webdriver.Chrome) -> list[str]:
    return [
        card.get_attribute("data-node") or ""
        for card in browser.find_elements(By.CSS_SELECTOR, "li.node-card")
    ]


def new_node(
    browser: webdriver.Chrome, words: str, kind: str, *, link: str = "", target: str = "", speaker: str = ""
) -> str:
    """Select ``words``, choose the node's kind, speaker and connection, press "New node"; its new id."""
    before = node_ids(browser)
    select_words(browser, words)
    Select(browser.find_element(By.ID, "new-kind")).select_by_value(kind)
    if speaker:
        Select(browser.find_element(By.ID, "new-speaker")).select_by_value(speaker)
    if before:
        Select(browser.find_element(By.ID, "new-link")).select_by_value(link)
        if target:
            Select(browser.find_element(By.ID, "new-target")).select_by_value(target)
    browser.find_element(By.ID, "quote-new-node").click()
    waiting(browser).until(lambda d: len(node_ids(d)) == len(before) + 1)
    (added,) = [node for node in node_ids(browser) if node not in before]
    return added


def document_of(school: Class, map_id: str) -> tuple[Answer, dict[str, Any]]:
    answer = call(school.base, "GET", f"/maps/{map_id}/document", headers=bearer(school.ana.token))
    assert answer.status == 200, answer.body[:300]
    return answer, answer.json()


def scored(browser: webdriver.Chrome) -> str:
    strength = browser.find_element(By.ID, "thesis-strength")
    waiting(browser).until(
        lambda _: "Thesis strength: 0." in strength.text or "Thesis strength: 1." in strength.text
    )
    return strength.text


@dataclass(frozen=True)
class Mapped:
    """The map the student builds: its id and the ids its nodes were given."""

    map_id: str
    thesis: str
    study: str
    play: str
    parents: str
    reply: str
    doubt: str


def test_a_student_maps_a_new_text_saves_it_and_loses_nothing_to_a_conflict(
    school: Class, browser: webdriver.Chrome
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1400, 1000)
    sign_in(school, browser, school.ana)
    map_id = starts_a_new_text(school, browser)
    mapped = selects_words_into_nodes(school, browser, map_id)
    scores_and_connects(browser, mapped)
    quotes_with_the_keyboard(browser, mapped)
    sees_the_linter_and_the_preview(browser, mapped)
    lists_the_problems_a_save_would_refuse(browser, mapped)
    saves_and_finds_verified_offsets(school, browser, mapped)
    typed = keeps_a_draft_across_a_reload(school, browser, mapped)
    shows_a_conflict_and_loses_nothing(school, browser, mapped, typed)
    fits_a_phone(browser)
    assert policy_violations(browser) == []


def starts_a_new_text(school: Class, browser: webdriver.Chrome) -> str:
    """From "your maps" to /maps/new: the text, its title, author and address; the map's id."""
    browser.find_element(By.ID, "map-new-text").click()
    waiting(browser).until(ec.url_to_be(f"{school.base}/maps/new"))
    map_id = f"homework-{secrets.token_hex(3)}"
    browser.find_element(By.ID, "source-title").send_keys("Ban homework in primary school")
    browser.find_element(By.ID, "source-author").send_keys("Jo Writer")
    browser.find_element(By.ID, "source-url").send_keys("https://example.org/homework")
    set_value(browser, browser.find_element(By.ID, "source-body"), TEXT)
    set_value(browser, browser.find_element(By.ID, "map-id"), map_id)
    browser.save_screenshot(str(SCREENSHOTS / "map-editor-new-text-1400.png"))
    browser.find_element(By.ID, "start-mapping").click()
    waiting(browser).until(ec.visibility_of_element_located((By.ID, "workspace")))
    assert browser.find_element(By.ID, "source-text").get_property("value") == TEXT
    return map_id


def selects_words_into_nodes(school: Class, browser: webdriver.Chrome, map_id: str) -> Mapped:
    """The thesis, two reasons, the parents' objection, the reply to it, and a reader's own caveat."""
    thesis = new_node(browser, THESIS_WORDS, "thesis")
    assert thesis == "homework-should-be-banned-in"
    study = new_node(browser, STUDY_WORDS, "evidence", link="supports", target=thesis)
    play = new_node(browser, PLAY_WORDS, "claim", link="supports", target=thesis)
    parents = new_node(browser, DISCIPLINE_WORDS, "counterpoint", link="attacks", target=thesis)
    reply = new_node(browser, CHORES_WORDS, "counterpoint", link="attacks", target=parents)
    # The reader's caveat rests on the author's sentence: its voice is author-cited.
    doubt = new_node(browser, DOUBT_WORDS, "caveat", link="qualifies", target=study, speaker=school.ana.id)
    return Mapped(map_id, thesis, study, play, parents, reply, doubt)


def scores_and_connects(browser: webdriver.Chrome, mapped: Mapped) -> None:
    """Own words for the caveat, a base score moved with the arrow keys, a connection with a weight."""
    text = node_card(browser, mapped.doubt).find_element(By.CSS_SELECTOR, "textarea.node-text")
    text.clear()
    text.send_keys(DOUBT_TEXT)
    slider = node_card(browser, mapped.study).find_element(By.CSS_SELECTOR, 'input[type="range"]')
    slider.send_keys(*[Keys.ARROW_RIGHT] * 6)
    assert node_card(browser, mapped.study).find_element(By.TAG_NAME, "output").text == "0.80"
    card = node_card(browser, mapped.play)
    Select(card.find_element(By.CSS_SELECTOR, 'select[id$="-connect-target"]')).select_by_value(mapped.thesis)
    set_value(browser, card.find_element(By.CSS_SELECTOR, 'input[id$="-connect-weight"]'), "0.6")
    card.find_element(By.CSS_SELECTOR, 'button[id$="-connect"]').click()


def quotes_with_the_keyboard(browser: webdriver.Chrome, mapped: Mapped) -> None:
    """A second quote for the thesis, its words selected with Shift and the arrow keys."""
    node_card(browser, mapped.thesis).find_element(By.CSS_SELECTOR, "button.choose").click()
    source = browser.find_element(By.ID, "source-text")
    source.click()
    browser.execute_script(  # the caret before "Children", where the arrow keys would bring it
        "const box = arguments[0]; const at = box.value.indexOf('Children'); box.setSelectionRange(at, at);",
        source,
    )
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(*[Keys.ARROW_RIGHT] * 18).key_up(
        Keys.SHIFT
    ).perform()
    assert browser.find_element(By.ID, "selection-words").text == "\u201cChildren who spend\u201d"
    browser.find_element(By.ID, "quote-add").click()
    card = node_card(browser, mapped.thesis)
    waiting(browser).until(lambda _: len(card.find_elements(By.CSS_SELECTOR, ".quotes q")) == 2)


def sees_the_linter_and_the_preview(browser: webdriver.Chrome, mapped: Mapped) -> None:
    """The thesis strength and the linter's findings follow the edits; the preview draws the unsaved map."""
    assert mapped.thesis in scored(browser)
    findings = browser.find_element(By.ID, "findings-summary")
    waiting(browser).until(lambda _: "warnings" in findings.text or "Nothing to flag" in findings.text)
    waiting(browser).until(lambda d: d.find_element(By.ID, "preview").is_displayed())
    assert str(browser.find_element(By.ID, "preview").get_attribute("src")).startswith("data:image/svg+xml")
    browser.save_screenshot(str(SCREENSHOTS / "map-editor-mapping-1400.png"))


def lists_the_problems_a_save_would_refuse(browser: webdriver.Chrome, mapped: Mapped) -> None:
    """A node's text emptied: the server refuses the draft as a save would, and the page lists why."""
    text = play_text(browser, mapped)
    kept = str(text.get_attribute("value"))
    set_value(browser, text, "")
    problems = browser.find_element(By.ID, "problems")
    waiting(browser).until(lambda _: problems.is_displayed() and "not scored" in strength_text(browser))
    assert problems.text.strip()
    set_value(browser, play_text(browser, mapped), kept)
    assert mapped.thesis in scored(browser)
    waiting(browser).until(lambda _: not browser.find_element(By.ID, "problems").is_displayed())


def strength_text(browser: webdriver.Chrome) -> str:
    return str(browser.find_element(By.ID, "thesis-strength").text)


def saves_and_finds_verified_offsets(school: Class, browser: webdriver.Chrome, mapped: Mapped) -> None:
    """Save creates the map and its editor takes over; the API serves every quote at its words' offsets."""
    browser.find_element(By.ID, "save").click()
    waiting(browser).until(ec.url_to_be(f"{school.base}/maps/{mapped.map_id}/edit"))
    waiting(browser).until(lambda d: d.find_element(By.ID, "current-version").text == "1")
    answer, stored = document_of(school, mapped.map_id)
    assert answer.headers["etag"] == f'"{mapped.map_id}-v1"'
    (text_source,) = stored["sources"]
    assert text_source["text"] == TEXT
    assert text_source["written_by"] == "author"
    quotes = [(node["id"], quote) for node in stored["nodes"] for quote in node.get("quotes", [])]
    assert len(quotes) == 7
    for _node, quote in quotes:
        assert TEXT[quote["start"] : quote["end"]] == quote["text"]
    voices = {node: quote.get("provenance") for node, quote in quotes}
    assert voices[mapped.doubt] == "author-cited"
    assert voices[mapped.parents] == "author-voice"
    relations = {(r["source"], r["target"]): (r["type"], r.get("weight")) for r in stored["relations"]}
    assert relations[(mapped.play, mapped.thesis)] == ("supports", 0.6)
    assert relations[(mapped.reply, mapped.parents)] == ("attacks", None)
    assert relations[(mapped.doubt, mapped.study)] == ("qualifies", None)
    nodes = {node["id"]: node for node in stored["nodes"]}
    assert nodes[mapped.study]["base_score"] == pytest.approx(0.8)
    assert nodes[mapped.doubt]["text"] == DOUBT_TEXT
    assert stored["visibility"] == "private"
    # A classmate may neither edit it nor see it.
    assert (
        call(school.base, "GET", f"/maps/{mapped.map_id}/edit", headers=bearer(school.ben.token)).status
        == 404
    )
    scored(browser)


def play_text(browser: webdriver.Chrome, mapped: Mapped) -> WebElement:
    return node_card(browser, mapped.play).find_element(By.CSS_SELECTOR, "textarea.node-text")


def keeps_a_draft_across_a_reload(school: Class, browser: webdriver.Chrome, mapped: Mapped) -> str:
    """A change not saved is back after a reload, and the page says so; the map's comments are shown."""
    comment = call(
        school.base,
        "POST",
        f"/maps/{mapped.map_id}/comments",
        body=json.dumps({"node": mapped.play, "text": "Which <study> says so?"}).encode(),
        headers={**bearer(school.ana.token), "Content-Type": "application/json"},
    )
    assert comment.status == 201, comment.body[:300]
    typed = "Play teaches children to get along."
    set_value(browser, play_text(browser, mapped), typed)
    browser.refresh()
    waiting(browser).until(ec.visibility_of_element_located((By.ID, "restored")))
    # The comments arrive after the map and redraw the nodes: wait for them before reading a node.
    waiting(browser).until(lambda d: "Which <study> says so?" in node_card(d, mapped.play).text)
    assert play_text(browser, mapped).get_property("value") == typed
    assert "Which <study> says so?" in browser.find_element(By.ID, "comment-list").text
    return typed


def draft_kept(browser: webdriver.Chrome, map_id: str) -> str | None:
    kept: str | None = browser.execute_script(
        "return window.localStorage.getItem(arguments[0])", f"argmap-editor:{map_id}"
    )
    return kept


def shows_a_conflict_and_loses_nothing(
    school: Class, browser: webdriver.Chrome, mapped: Mapped, typed: str
) -> None:
    """Another writer saved first: their change is shown, ours kept; then ours is saved knowingly."""
    _answer, current = document_of(school, mapped.map_id)
    current["nodes"][0]["text"] = THEIR_THESIS
    theirs = call(
        school.base,
        "PUT",
        f"/maps/{mapped.map_id}",
        body=json.dumps(current).encode(),
        headers={
            **bearer(school.ana.token),
            "Content-Type": "application/json",
            "If-Match": f'"{mapped.map_id}-v1"',
        },
    )
    assert theirs.status == 200, theirs.body[:300]
    browser.find_element(By.ID, "save").click()
    conflict = waiting(browser).until(ec.visibility_of_element_located((By.ID, "conflict")))
    waiting(browser).until(lambda _: THEIR_THESIS in conflict.text)
    assert "changed elsewhere" in browser.find_element(By.ID, "save-status").text
    assert play_text(browser, mapped).get_property("value") == typed
    assert typed in (draft_kept(browser, mapped.map_id) or "")
    browser.save_screenshot(str(SCREENSHOTS / "map-editor-conflict-1400.png"))
    assert document_of(school, mapped.map_id)[1]["nodes"][0]["text"] == THEIR_THESIS

    browser.find_element(By.ID, "save-mine").click()
    status = browser.find_element(By.ID, "save-status")
    waiting(browser).until(lambda _: status.text == "Saved as version 3.")
    _answer, final = document_of(school, mapped.map_id)
    assert {node["id"]: node["text"] for node in final["nodes"]}[mapped.play] == typed
    assert draft_kept(browser, mapped.map_id) is None


def fits_a_phone(browser: webdriver.Chrome) -> None:
    """The same editor at 375 px: nothing wider than the screen; and at 1400 px, for the docs."""
    browser.set_window_size(375, 900)
    browser.refresh()
    scored(browser)
    nothing_overflows(browser)
    browser.save_screenshot(str(SCREENSHOTS / "map-editor-375.png"))
    browser.set_window_size(1400, 1000)
    browser.refresh()
    scored(browser)
    browser.save_screenshot(str(SCREENSHOTS / "map-editor-1400.png"))


def test_a_new_text_fits_a_phone_and_survives_a_reload(school: Class, browser: webdriver.Chrome) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(375, 900)
    sign_in(school, browser, school.ana)
    browser.get(f"{school.base}/maps/new")
    waiting(browser).until(ec.visibility_of_element_located((By.ID, "new-text")))
    nothing_overflows(browser)
    browser.save_screenshot(str(SCREENSHOTS / "map-editor-new-text-375.png"))

    # A new text not saved yet survives a reload too, until it is discarded.
    browser.find_element(By.ID, "source-title").send_keys("Ban homework")
    set_value(browser, browser.find_element(By.ID, "source-body"), TEXT)
    browser.find_element(By.ID, "start-mapping").click()
    new_node(browser, THESIS_WORDS, "thesis")
    nothing_overflows(browser)
    browser.refresh()
    waiting(browser).until(ec.visibility_of_element_located((By.ID, "restored")))
    assert not browser.find_element(By.ID, "new-text").is_displayed()
    assert browser.find_element(By.ID, "source-text").get_property("value") == TEXT
    assert node_ids(browser) == ["homework-should-be-banned-in"]
    browser.find_element(By.ID, "discard-draft").click()
    waiting(browser).until(ec.visibility_of_element_located((By.ID, "new-text")))
    assert policy_violations(browser) == []
