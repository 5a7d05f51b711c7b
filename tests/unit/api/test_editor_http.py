"""The map editor over HTTP: who gets its pages, what ``/drafts`` answers for an unsaved document, and that
every map text on the page is escaped. On the memory store; the browser's side is in tests/browser.
"""

from __future__ import annotations

import html
import json

import msgspec
import pytest
from support.app import AUTH, Client
from support.maps import small_map
from support.people import Person, person
from support.problems import assert_problem

from api.page_policy import CSP
from schemas import NodeKind, QuoteProvenance, RelationType

HOSTILE = '<script>alert("x")</script> & "quoted"'


@pytest.fixture
async def owner(client: Client) -> Person:
    made = await client.post("/groups", json={"id": "class-7a", "name": "7A"}, headers=AUTH)
    assert made.status_code == 201, made.text
    return await person(client, "Ana <Ruiz>", "author", "class-7a")


@pytest.fixture
async def classmate(client: Client, owner: Person) -> Person:
    return await person(client, "Ben", "author", "class-7a")


async def own_map(client: Client, who: Person, map_id: str, visibility: str) -> None:
    document = msgspec.to_builtins(small_map(map_id, source_id=f"{map_id}-note", thesis_text=HOSTILE))
    document["visibility"] = visibility
    document["title"] = HOSTILE
    created = await client.post("/maps", json=document, headers=who.auth)
    assert created.status_code == 201, created.text


class TestEditorPage:
    async def test_the_owner_gets_the_editor_with_the_schemas_menus(
        self, client: Client, owner: Person
    ) -> None:
        await own_map(client, owner, "ana-cats", "group")

        page = await client.get("/maps/ana-cats/edit", headers=owner.auth)

        assert page.status_code == 200
        assert page.headers["content-security-policy"].startswith(CSP)
        assert "<script>" not in page.text
        assert HOSTILE not in page.text
        assert html.escape(HOSTILE, quote=True) in page.text  # the title in the heading, escaped
        assert "/static/editor.js?v=" in page.text
        assert 'href="/maps/ana-cats/edit/yaml"' in page.text
        menus = {
            name: [value for value, _words in json.loads(html.unescape(found))]
            for name, found in (
                (name, page.text.split(f'data-{name}="', 1)[1].split('"', 1)[0])
                for name in ("kinds", "relations", "voices")
            )
        }
        assert menus == {
            "kinds": [kind.value for kind in NodeKind],
            "relations": [relation.value for relation in RelationType],
            "voices": [voice.value for voice in QuoteProvenance],
        }

    async def test_a_classmate_who_may_read_it_is_refused_the_editor(
        self, client: Client, owner: Person, classmate: Person
    ) -> None:
        await own_map(client, owner, "ana-shared", "group")
        assert (await client.get("/maps/ana-shared", headers=classmate.auth)).status_code == 200

        page = await client.get("/maps/ana-shared/edit", headers=classmate.auth)

        assert page.status_code == 403
        assert page.headers["content-type"].startswith("text/html")
        assert 'class="notice problem"' in page.text
        assert "data-kinds" not in page.text

    async def test_a_private_map_of_someone_else_is_not_found(
        self, client: Client, owner: Person, classmate: Person
    ) -> None:
        await own_map(client, owner, "ana-private", "private")

        page = await client.get("/maps/ana-private/edit", headers=classmate.auth)

        assert page.status_code == 404
        assert HOSTILE not in page.text
        assert html.escape(HOSTILE) not in page.text

    async def test_without_credentials_the_page_asks_to_sign_in(self, client: Client, owner: Person) -> None:
        await own_map(client, owner, "ana-public", "public")

        for path in ("/maps/ana-public/edit", "/maps/new"):
            page = await client.get(path)
            assert page.status_code == 401, path
            assert 'href="/sign-in"' in page.text, path

    async def test_the_new_text_page_is_for_anyone_signed_in(self, client: Client, owner: Person) -> None:
        page = await client.get("/maps/new", headers=owner.auth)

        assert page.status_code == 200
        assert 'id="new-text"' in page.text
        assert 'data-new="true"' in page.text
        assert html.escape("Ana <Ruiz>") in page.text
        assert "Ana <Ruiz>" not in page.text

    async def test_the_yaml_editor_stays_reachable(self, client: Client, owner: Person) -> None:
        await own_map(client, owner, "ana-yaml", "private")

        page = await client.get("/maps/ana-yaml/edit/yaml", headers=owner.auth)

        assert page.status_code == 200
        assert 'id="document"' in page.text
        assert 'href="/maps/ana-yaml/edit"' in page.text


class TestDrafts:
    async def test_a_valid_draft_is_scored_and_linted_and_nothing_is_stored(
        self, client: Client, owner: Person
    ) -> None:
        document = msgspec.to_builtins(small_map("draft-cats", source_id="draft-cats-note"))
        for node in document["nodes"]:
            for quote in node["quotes"]:
                del quote["start"], quote["end"]  # quotes by their words are placed, as on a save

        checked = await client.post("/drafts/check", json=document, headers=owner.auth)

        assert checked.status_code == 200, checked.text
        answer = checked.json()
        assert answer["root"] == "thesis"
        assert set(answer["strengths"]) == {"thesis", "sleep-good", "dogs-bark"}
        assert sum(answer["counts"].values()) == len(answer["findings"])
        assert (await client.get("/maps/draft-cats", headers=owner.auth)).status_code == 404

    async def test_an_invalid_draft_lists_every_problem_at_its_path(
        self, client: Client, owner: Person
    ) -> None:
        document = msgspec.to_builtins(small_map("draft-bad", source_id="draft-bad-note"))
        document["nodes"][2]["quotes"][0]["text"] = "Dogs howl at noon."
        document["relations"][0]["target"] = "ghost"

        checked = await client.post("/drafts/check", json=document, headers=owner.auth)

        body = assert_problem(checked, 422)  # as a save answers it: the editor lists them as one types
        paths = {problem["path"] for problem in body["problems"]}
        assert {"nodes[2].quotes[0]", "relations[0].target"} <= paths
        assert "strengths" not in body

    async def test_a_body_that_breaks_the_schema_is_refused_as_a_save_refuses_it(
        self, client: Client, owner: Person
    ) -> None:
        document = msgspec.to_builtins(small_map("draft-bad", source_id="draft-bad-note"))
        document["nodes"][1]["base_score"] = 7
        document["nodes"][2]["quotes"][0]["text"] = "Dogs howl at noon."

        checked = await client.post("/drafts/check", json=document, headers=owner.auth)

        body = assert_problem(checked, 422)
        paths = {problem["path"] for problem in body["problems"]}
        assert {"nodes[1].base_score", "nodes[2].quotes[0]"} <= paths  # every problem, as a save lists them
        for wrong in ([1, 2], "a map", {"id": 3}):
            assert_problem(await client.post("/drafts/check", json=wrong, headers=owner.auth), 422)

    async def test_a_draft_is_drawn_as_svg(self, client: Client, owner: Person) -> None:
        document = msgspec.to_builtins(small_map("draft-drawn", source_id="draft-drawn-note"))

        drawn = await client.post("/drafts/diagram", json=document, headers=owner.auth)

        assert drawn.status_code == 200, drawn.text
        assert drawn.headers["content-type"].startswith("image/svg+xml")
        assert b"<svg" in drawn.content
        assert b"Sleep benefits cats" in drawn.content

    async def test_a_draft_with_problems_is_not_drawn(self, client: Client, owner: Person) -> None:
        document = msgspec.to_builtins(small_map("draft-undrawn", source_id="draft-undrawn-note"))
        document["nodes"] = document["nodes"][1:]

        assert_problem(await client.post("/drafts/diagram", json=document, headers=owner.auth), 422)

    @pytest.mark.parametrize("path", ["/drafts/check", "/drafts/diagram"])
    async def test_anonymous_callers_may_not_send_drafts(self, client: Client, path: str) -> None:
        document = msgspec.to_builtins(small_map("draft-anon", source_id="draft-anon-note"))

        assert_problem(await client.post(path, json=document), 401)

    async def test_an_unknown_semantics_is_a_clear_422(self, client: Client, owner: Person) -> None:
        document = msgspec.to_builtins(small_map("draft-sem", source_id="draft-sem-note"))

        answer = await client.post("/drafts/check?semantics=nonsense", json=document, headers=owner.auth)

        assert answer.status_code in (400, 422)
        assert answer.headers["content-type"].startswith("application/problem+json")
