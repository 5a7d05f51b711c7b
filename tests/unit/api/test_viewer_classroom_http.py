"""The viewer's perspective menu and feedback, and briefs with comments, over HTTP on the memory store.

The public ``pets`` map keeps a perspective; a class (its teacher, Ana and Ben) has Ana's map shared with the
group, commented on by the teacher. Feedback is for the map's owner, its group's editors and admins: a
classmate who reads the map, and an anonymous reader of a public map, never see it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import msgspec
import pytest
from support.app import AUTH, Client
from support.maps import small_map
from support.people import Person, person
from support.problems import assert_problem

SCEPTIC = {"rationale": "Barking <matters>.", "base_scores": {"dogs-bark": 0.95, "sleep-good": 0.3}}
COMMENT = "Which vets? Quote <them>."


@dataclass(frozen=True, slots=True)
class Class:
    teacher: Person
    ana: Person
    ben: Person
    map_id: str


async def keep_perspective(client: Client, map_id: str = "pets", headers: dict[str, str] = AUTH) -> None:
    tag = (await client.get(f"/maps/{map_id}", headers=headers)).headers["etag"]
    put = await client.put(
        f"/maps/{map_id}/perspectives/sceptic", json=SCEPTIC, headers={**headers, "If-Match": tag}
    )
    assert put.status_code == 201, put.text


@pytest.fixture
async def shared(client: Client) -> Class:
    """Ana's map, shared with her group, and a comment of her teacher's on its claim."""
    made = await client.post("/groups", json={"id": "class-9b", "name": "9B"}, headers=AUTH)
    assert made.status_code == 201, made.text
    teacher = await person(client, "Ms Li", "editor", "class-9b")
    ana = await person(client, "Ana Ruiz", "author", "class-9b")
    ben = await person(client, "Ben Okafor", "author", "class-9b")
    document = msgspec.to_builtins(small_map("ana-pets", source_id="ana-note"))
    document["visibility"] = "group"
    created = await client.post("/maps", json=document, headers=ana.auth)
    assert created.status_code == 201, created.text
    said = await client.post(
        "/maps/ana-pets/comments", json={"node": "sleep-good", "text": COMMENT}, headers=teacher.auth
    )
    assert said.status_code == 201, said.text
    return Class(teacher, ana, ben, "ana-pets")


class TestPerspectiveMenu:
    async def test_lists_the_kept_perspectives_and_shows_the_one_chosen(self, client: Client) -> None:
        plain = await client.get("/maps/pets/view")
        assert 'id="perspective-menu"' not in plain.text, "a map that keeps none has no menu"
        await keep_perspective(client)
        page = await client.get("/maps/pets/view?top=0")
        assert page.status_code == 200, page.text
        menu = re.search(r'<form class="controls perspective-menu".*?</form>', page.text, flags=re.DOTALL)
        assert menu is not None
        assert 'method="get" action="/maps/pets/view"' in menu.group()
        assert re.findall(r'<option value="([^"]*)"', menu.group()) == ["", "sceptic"]
        assert " selected" not in menu.group()
        assert '<input type="hidden" name="top" value="0">' in menu.group()

        chosen = await client.get("/maps/pets/view?top=0&perspective=sceptic")
        assert chosen.status_code == 200, chosen.text
        assert '<option value="sceptic" selected>sceptic</option>' in chosen.text
        assert "Barking &lt;matters&gt;." in chosen.text
        assert 'data-perspective="sceptic"' in chosen.text
        # The drawing is the perspective's: the text version lists its strengths.
        as_mapped = (await client.get("/maps/pets/scores")).json()["root_strength"]
        read_as = (await client.get("/maps/pets/scores?perspective=sceptic")).json()["root_strength"]
        assert as_mapped != read_as
        assert f"strength {read_as:.2f}" in chosen.text
        assert f"strength {as_mapped:.2f}" in page.text
        # The redraw form keeps the perspective.
        assert '<input type="hidden" name="perspective" value="sceptic">' in chosen.text

    async def test_the_as_mapped_choice_and_bad_names(self, client: Client) -> None:
        await keep_perspective(client)
        empty = await client.get("/maps/pets/view?perspective=")
        assert empty.status_code == 200
        menu = re.search(r"<select name=\"perspective\".*?</select>", empty.text)
        assert menu is not None
        assert " selected" not in menu.group()
        unknown = await client.get("/maps/pets/view?perspective=nobody")
        assert unknown.status_code == 404
        assert "sceptic" in unknown.text
        assert_problem(await client.get("/maps/pets/view?perspective=Not%20A%20Name"), 400)


class TestFeedbackInTheViewer:
    async def test_the_owner_and_the_teacher_see_it(self, client: Client, shared: Class) -> None:
        for who in (shared.ana, shared.teacher):
            page = await client.get(f"/maps/{shared.map_id}/view", headers=who.auth)
            assert page.status_code == 200, page.text
            assert 'id="feedback"' in page.text
            assert "Which vets? Quote &lt;them&gt;." in page.text
            assert 'data-nodes="sleep-good"' in page.text
            assert '<script src="/static/classroom.js' in page.text

    async def test_a_classmate_who_reads_the_map_does_not(self, client: Client, shared: Class) -> None:
        page = await client.get(f"/maps/{shared.map_id}/view", headers=shared.ben.auth)
        assert page.status_code == 200, page.text
        assert 'id="feedback"' not in page.text
        assert "Which vets" not in page.text

    async def test_an_anonymous_reader_of_a_public_map_does_not(self, client: Client) -> None:
        said = await client.post(
            "/maps/pets/comments", json={"node": "thesis", "text": "Private note."}, headers=AUTH
        )
        assert said.status_code == 201, said.text
        assert "Private note." in (await client.get("/maps/pets/view", headers=AUTH)).text
        anonymous = await client.get("/maps/pets/view")
        assert anonymous.status_code == 200
        assert "Private note." not in anonymous.text
        assert 'id="feedback"' not in anonymous.text


class TestBriefWithComments:
    async def test_only_on_request_and_in_every_format(self, client: Client, shared: Class) -> None:
        url = f"/maps/{shared.map_id}/brief?side=pro"
        plain = await client.get(url, headers=shared.ana.auth)
        assert "comments" not in plain.json()
        found = await client.get(f"{url}&comments=true", headers=shared.ana.auth)
        assert found.status_code == 200, found.text
        assert [c["text"] for c in found.json()["comments"]] == [COMMENT]
        assert found.headers["cache-control"] == "private, no-store"
        assert found.json()["arguments"] == plain.json()["arguments"]
        markdown = await client.get(f"{url}&comments=true&format=markdown", headers=shared.teacher.auth)
        assert "## Feedback" in markdown.text
        assert f"On “Sleep benefits cats.”: {COMMENT}" in markdown.text
        page = await client.get(f"{url}&comments=true&format=html", headers=shared.teacher.auth)
        assert "<h2>Feedback</h2>" in page.text
        assert "Quote &lt;them&gt;." in page.text
        assert page.text.rstrip().endswith("</html>")

    async def test_refused_to_those_who_may_not_read_the_comments(
        self, client: Client, shared: Class
    ) -> None:
        url = f"/maps/{shared.map_id}/brief?side=pro&comments=true"
        assert_problem(await client.get(url, headers=shared.ben.auth), 403)
        assert_problem(await client.get(url), 404)
        public = await client.get("/maps/pets/brief?side=pro&comments=true")
        assert_problem(public, 403)
        assert (await client.get("/maps/pets/brief?side=pro")).status_code == 200
