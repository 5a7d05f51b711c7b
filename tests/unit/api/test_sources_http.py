"""Sources as resources over HTTP, on the memory store: post (JSON, upload), cite by id, revise, re-anchor.

Who may do what: anyone signed in stores a source; its owner (their group's editors, admins) revises it; a
source is read by the readers of the maps citing it and, on its own, as its visibility says.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from litestar.testing import AsyncTestClient
from support.app import AUTH, PUBLIC_URL, TOKEN, Client
from support.memory_store import MemoryStore
from support.people import Person, groups, person
from support.problems import assert_problem

from api.app import create_app
from api.settings import Settings
from graph.compute import ComputePool
from graph.service import MapService

TEXT = "Cats sleep a lot. Dogs bark at night. Sleep is good for cats.\n"
# A corrected text: a sentence added in front, a typo fixed in a quote, a quoted sentence gone.
FIXED = "Owners agree. Cats sleep a lot. Sleep is good for cats!\n"
SOURCE = {"title": "A Note on Pets", "text": TEXT, "author": "Ann Writer", "url": "https://example.org/pets"}
MAP_YAML = """\
id: pets-notes
title: Notes on pets
visibility: {visibility}
sources:
  - id: a-note-on-pets
    text_file: a-note-on-pets
speakers:
  - {{id: ann, name: Ann Writer}}
nodes:
  - id: sleep
    kind: thesis
    text: Cats rest.
    speaker: ann
    base_score: 0.5
    rationale: the headline
    quotes: [{{text: Cats sleep a lot.}}]
  - id: good
    kind: claim
    text: Sleep helps.
    speaker: ann
    base_score: 0.6
    rationale: said so
    quotes: [{{text: Sleep is good for cats.}}]
  - id: dogs
    kind: counterpoint
    text: Dogs wake cats.
    speaker: ann
    base_score: 0.4
    rationale: plausible
    quotes: [{{text: Dogs bark at night.}}]
relations:
  - {{source: good, target: sleep, type: supports}}
  - {{source: dogs, target: sleep, type: attacks}}
"""
YAML = {"Content-Type": "application/yaml"}


@dataclass(frozen=True, slots=True)
class People:
    ana: Person
    ben: Person
    teacher: Person
    cy: Person


def app_client(max_body_bytes: int = 2 * 1024 * 1024) -> AsyncTestClient:  # type: ignore[type-arg]
    service = MapService(MemoryStore(), pool=ComputePool(workers=2, queue=8, deadline_s=30.0))
    settings = Settings(
        api_token=TOKEN, rate_limit_per_minute=0, public_url=PUBLIC_URL, max_body_bytes=max_body_bytes
    )
    return AsyncTestClient(create_app(settings, service))


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    async with app_client() as test_client:
        yield test_client


@pytest.fixture
async def people(client: Client) -> People:
    await groups(client, "class-9b", "class-9c")
    return People(
        ana=await person(client, "Ana Ruiz", "author", "class-9b"),
        ben=await person(client, "Ben Okafor", "author", "class-9b"),
        teacher=await person(client, "Ms Li", "editor", "class-9b"),
        cy=await person(client, "Cy Park", "author", "class-9c"),
    )


async def stored(client: Client, who: Person, **fields: object) -> dict[str, object]:
    response = await client.post("/sources", json={**SOURCE, **fields}, headers=who.auth)
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def mapped(client: Client, who: Person, visibility: str = "private") -> None:
    response = await client.post(
        "/maps", content=MAP_YAML.format(visibility=visibility), headers={**YAML, **who.auth}
    )
    assert response.status_code == 201, response.text


class TestStoring:
    async def test_answers_the_id_from_the_title_and_the_texts_sha256(
        self, client: Client, people: People
    ) -> None:
        response = await client.post("/sources", json=SOURCE, headers=people.ana.auth)
        assert response.status_code == 201, response.text
        assert response.headers["location"] == "/sources/a-note-on-pets"
        assert response.json() == {
            "id": "a-note-on-pets",
            "revision": 1,
            "content_hash": "sha256:" + hashlib.sha256(TEXT.encode()).hexdigest(),
            "length": len(TEXT),
            "created": True,
        }
        read = (await client.get("/sources/a-note-on-pets", headers=people.ana.auth)).json()
        assert (read["text"], read["author"], read["url"], read["revision"]) == (
            TEXT,
            "Ann Writer",
            "https://example.org/pets",
            1,
        )
        assert [(r["number"], r["author"]) for r in read["revisions"]] == [(1, people.ana.id)]

    async def test_the_identical_source_again_is_the_same_answer(
        self, client: Client, people: People
    ) -> None:
        first = await stored(client, people.ana, id="pets")
        again = await client.post("/sources", json={**SOURCE, "id": "pets"}, headers=people.ana.auth)
        assert again.status_code == 200, again.text
        assert again.json() == {**first, "created": False}

    async def test_other_text_under_a_stored_id_is_a_409_saying_where_it_differs(
        self, client: Client, people: People
    ) -> None:
        await stored(client, people.ana)
        response = await client.post(
            "/sources", json={**SOURCE, "text": TEXT.rstrip("\n")}, headers=people.ana.auth
        )
        detail = assert_problem(response, 409)["detail"]
        assert "the text differs" in detail
        assert "they agree up to character 61" in detail
        assert "POST /sources/a-note-on-pets/revisions" in detail

    async def test_other_metadata_is_a_409_naming_the_field(self, client: Client, people: People) -> None:
        await stored(client, people.ana)
        response = await client.post(
            "/sources", json={**SOURCE, "author": "Someone Else"}, headers=people.ana.auth
        )
        detail = assert_problem(response, 409)["detail"]
        assert "author (stored 'Ann Writer', yours 'Someone Else')" in detail

    async def test_a_taken_id_names_no_detail_to_one_who_may_not_read_it(
        self, client: Client, people: People
    ) -> None:
        await stored(client, people.ana, visibility="private")
        response = await client.post("/sources", json={**SOURCE, "text": "Other."}, headers=people.cy.auth)
        detail = assert_problem(response, 409)["detail"]
        assert detail == "the source id 'a-note-on-pets' is taken: give yours another id"

    async def test_anonymous_may_not_store_a_source(self, client: Client) -> None:
        assert_problem(await client.post("/sources", json=SOURCE), 401)

    async def test_a_multipart_upload_stores_the_files_text(self, client: Client, people: People) -> None:
        text = "Première ligne.\nSecond line, with “curly quotes”.\n"
        response = await client.post(
            "/sources",
            files={"text": ("pets.txt", text.encode(), "text/plain")},
            data={"title": "Uploaded", "outlet": "The Gazette"},
            headers=people.ana.auth,
        )
        assert response.status_code == 201, response.text
        assert response.json()["content_hash"] == "sha256:" + hashlib.sha256(text.encode()).hexdigest()
        read = (await client.get("/sources/uploaded", headers=people.ana.auth)).json()
        assert (read["text"], read["outlet"], read["length"]) == (text, "The Gazette", len(text))

    async def test_an_upload_that_is_not_utf8_is_a_422(self, client: Client, people: People) -> None:
        response = await client.post(
            "/sources",
            files={"text": ("pets.txt", b"caf\xe9", "text/plain")},
            data={"title": "Latin-1"},
            headers=people.ana.auth,
        )
        assert "not UTF-8: byte 0xe9 at byte 3" in assert_problem(response, 422)["detail"]

    @pytest.mark.parametrize(
        "body",
        [
            {"title": "No text"},
            {"title": "Empty", "text": ""},
            {**SOURCE, "id": "Not A Slug"},
            {**SOURCE, "x": 1},
        ],
    )
    async def test_a_body_that_is_no_source_is_a_422(
        self, client: Client, people: People, body: dict[str, object]
    ) -> None:
        assert_problem(await client.post("/sources", json=body, headers=people.ana.auth), 422)

    async def test_a_text_beyond_the_body_limit_is_a_413(self) -> None:
        async with app_client(max_body_bytes=4096) as small:
            made = await small.post("/users", json={"name": "Ana", "role": "author"}, headers=AUTH)
            assert made.status_code == 201, made.text
            response = await small.post("/sources", json={**SOURCE, "text": "x" * 5000}, headers=AUTH)
            assert_problem(response, 413)
            upload = await small.post(
                "/sources",
                files={"text": ("big.txt", b"x" * 5000, "text/plain")},
                data={"title": "Big"},
                headers=AUTH,
            )
            assert_problem(upload, 413)


class TestCiting:
    async def test_a_map_cites_a_stored_source_by_its_id_alone(self, client: Client, people: People) -> None:
        await stored(client, people.ana)
        only_id = MAP_YAML.format(visibility="group").replace(
            "  - id: a-note-on-pets\n    text_file: a-note-on-pets\n", "  - id: a-note-on-pets\n"
        )
        response = await client.post("/maps", content=only_id, headers={**YAML, **people.ana.auth})
        assert response.status_code == 201, response.text
        document = (await client.get("/maps/pets-notes/document", headers=people.ana.auth)).json()
        cited = document["sources"][0]
        assert (cited["title"], cited["author"], cited["text"]) == ("A Note on Pets", "Ann Writer", TEXT)
        assert document["nodes"][0]["quotes"][0] == {
            "start": 0,
            "end": 17,
            "text": "Cats sleep a lot.",
            "source": None,
            "provenance": None,
        }

    async def test_a_map_cites_it_by_text_file(self, client: Client, people: People) -> None:
        await stored(client, people.ana)
        await mapped(client, people.ana)
        read = (await client.get("/sources/a-note-on-pets", headers=people.ana.auth)).json()
        assert read["maps"] == ["pets-notes"]


class TestRevisions:
    async def test_a_revision_keeps_the_first_text_and_the_map_citing_it(
        self, client: Client, people: People
    ) -> None:
        await stored(client, people.ana)
        await mapped(client, people.ana)
        response = await client.post(
            "/sources/a-note-on-pets/revisions",
            json={"text": FIXED, "change": "first sentence added"},
            headers=people.ana.auth,
        )
        assert response.status_code == 201, response.text
        assert response.headers["location"] == "/sources/a-note-on-pets?revision=2"
        assert response.json()["revision"] == 2
        latest = (await client.get("/sources/a-note-on-pets", headers=people.ana.auth)).json()
        assert (latest["text"], latest["revision"]) == (FIXED, 2)
        assert [(r["number"], r["change"]) for r in latest["revisions"]] == [
            (1, None),
            (2, "first sentence added"),
        ]
        first = await client.get("/sources/a-note-on-pets", params={"revision": 1}, headers=people.ana.auth)
        assert first.json()["text"] == TEXT
        document = (await client.get("/maps/pets-notes/document", headers=people.ana.auth)).json()
        assert document["sources"][0]["text"] == TEXT  # the map still cites what it was written against
        again = await client.post(
            "/sources/a-note-on-pets/revisions", json={"text": FIXED}, headers=people.ana.auth
        )
        assert again.status_code == 200, again.text
        assert again.json()["revision"] == 2

    async def test_the_anchors_report_says_where_each_quote_went(
        self, client: Client, people: People
    ) -> None:
        await stored(client, people.ana)
        await mapped(client, people.ana)
        revised = await client.post(
            "/sources/a-note-on-pets/revisions", json={"text": FIXED}, headers=people.ana.auth
        )
        assert revised.status_code == 201, revised.text
        response = await client.get("/sources/a-note-on-pets/anchors", headers=people.ana.auth)
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["latest_revision"] == 2
        found = {a["node_id"]: a for a in report["anchors"]}
        assert (found["sleep"]["status"], found["sleep"]["new_start"], found["sleep"]["new_end"]) == (
            "moved",
            14,
            31,
        )
        assert found["good"]["status"] == "fuzzy"
        assert found["good"]["new_text"] == "Sleep is good for cats!"
        assert 0.9 < found["good"]["similarity"] < 1
        assert (found["dogs"]["status"], found["dogs"]["new_start"]) == ("orphaned", None)
        assert report["counts"] == {"exact": 0, "moved": 1, "fuzzy": 1, "ambiguous": 0, "orphaned": 1}
        assert {a["cited_revision"] for a in report["anchors"]} == {1}

    async def test_the_owner_recites_the_latest_revision_by_writing_the_map_again(
        self, client: Client, people: People
    ) -> None:
        await stored(client, people.ana)
        await mapped(client, people.ana)
        await client.post("/sources/a-note-on-pets/revisions", json={"text": FIXED}, headers=people.ana.auth)
        rewritten = (
            MAP_YAML.format(visibility="private")
            .replace("Sleep is good for cats.", "Sleep is good for cats!")
            .replace("    quotes: [{text: Dogs bark at night.}]\n", "")
        )
        current = await client.get("/maps/pets-notes", headers=people.ana.auth)
        response = await client.put(
            "/maps/pets-notes",
            content=rewritten,
            headers={**YAML, **people.ana.auth, "If-Match": current.headers["etag"]},
        )
        assert response.status_code == 200, response.text
        report = (await client.get("/sources/a-note-on-pets/anchors", headers=people.ana.auth)).json()
        assert {(a["status"], a["cited_revision"]) for a in report["anchors"]} == {("exact", 2)}

    async def test_a_map_written_against_an_old_revision_may_be_written_again(
        self, client: Client, people: People
    ) -> None:
        await stored(client, people.ana)
        await client.post("/sources/a-note-on-pets/revisions", json={"text": FIXED}, headers=people.ana.auth)
        document = MAP_YAML.format(visibility="private").replace(
            "    text_file: a-note-on-pets\n",
            "    title: A Note on Pets\n    author: Ann Writer\n    url: https://example.org/pets\n"
            f"    text: {TEXT.strip()!r}\n",
        )
        response = await client.post("/maps", content=document, headers={**YAML, **people.ana.auth})
        # The text of revision 1 without its final newline is neither revision: a conflict naming the text.
        assert "the text differs" in assert_problem(response, 409)["detail"]


class TestWhoMay:
    async def test_a_reader_of_no_map_citing_a_private_source_finds_no_anchors(
        self, client: Client, people: People
    ) -> None:
        await stored(client, people.ana, visibility="private")
        await mapped(client, people.ana, visibility="private")
        for who in (people.cy, people.ben):
            assert_problem(await client.get("/sources/a-note-on-pets/anchors", headers=who.auth), 404)
            assert_problem(await client.get("/sources/a-note-on-pets", headers=who.auth), 404)
        assert_problem(await client.get("/sources/a-note-on-pets/anchors"), 404)
        teacher = await client.get("/sources/a-note-on-pets/anchors", headers=people.teacher.auth)
        assert teacher.status_code == 200, teacher.text

    async def test_the_anchors_list_only_the_maps_the_caller_may_read(
        self, client: Client, people: People
    ) -> None:
        await stored(client, people.ana, visibility="public")
        await mapped(client, people.ana, visibility="private")
        report = (await client.get("/sources/a-note-on-pets/anchors", headers=people.cy.auth)).json()
        assert report["anchors"] == []
        mine = (await client.get("/sources/a-note-on-pets/anchors", headers=people.ana.auth)).json()
        assert {a["map_id"] for a in mine["anchors"]} == {"pets-notes"}

    async def test_only_its_owner_their_editors_and_admins_revise_a_source(
        self, client: Client, people: People
    ) -> None:
        await stored(client, people.ana, visibility="group")
        body = {"text": FIXED}
        assert_problem(await client.post("/sources/a-note-on-pets/revisions", json=body), 401)
        ben = await client.post("/sources/a-note-on-pets/revisions", json=body, headers=people.ben.auth)
        assert "not revise it" in assert_problem(ben, 403)["detail"]
        cy = await client.post("/sources/a-note-on-pets/revisions", json=body, headers=people.cy.auth)
        assert_problem(cy, 404)
        teacher = await client.post(
            "/sources/a-note-on-pets/revisions", json=body, headers=people.teacher.auth
        )
        assert teacher.status_code == 201, teacher.text

    async def test_a_revision_of_no_source_is_a_404(self, client: Client, people: People) -> None:
        response = await client.post(
            "/sources/nothing/revisions", json={"text": "x"}, headers=people.ana.auth
        )
        assert_problem(response, 404)


class TestDraftsCiteOnlyReadableSources:
    """The editor's checks cite a stored source as a save does: only one the caller may read."""

    async def test_a_draft_cannot_check_quotes_against_a_private_source_of_someone_else(
        self, client: Client, people: People
    ) -> None:
        await stored(client, people.ana, visibility="private")
        # Cy, of another class, quotes words of Ana's private text from a draft citing it by id.
        checked = await client.post(
            "/drafts/check",
            content=MAP_YAML.format(visibility="private").replace("id: pets-notes", "id: cy-draft"),
            headers={**YAML, **people.cy.auth},
        )
        # Refused as if the server stored no such source: nothing of Ana's text is quoted back to Cy.
        body = assert_problem(checked, 422)
        codes = {problem["code"] for problem in body["problems"]}
        assert "text-file-not-sent" in codes
        assert not any("Cats sleep a lot" in problem["message"] for problem in body["problems"])

    async def test_the_owner_checks_the_same_draft_against_it(self, client: Client, people: People) -> None:
        await stored(client, people.ana, visibility="private")
        checked = await client.post(
            "/drafts/check",
            content=MAP_YAML.format(visibility="private").replace("id: pets-notes", "id: ana-draft"),
            headers={**YAML, **people.ana.auth},
        )
        assert checked.status_code == 200, checked.text
        assert set(checked.json()["strengths"]) == {"sleep", "good", "dogs"}
