"""Sources as resources over HTTP against Neo4j: stored, cited by id, revised, re-anchored, and who may.

The sources these tests store outlive their maps (that is the point), so each test has the database rebuilt
after it.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

import pytest
from support import essay_db
from support.app import AUTH, Client
from support.people import Person, person, unique
from support.problems import assert_problem

pytestmark = pytest.mark.neo4j

TEXT = "Cats sleep a lot. Dogs bark at night. Sleep is good for cats.\n"
FIXED = "Owners agree. Cats sleep a lot. Sleep is good for cats!\n"
YAML = {"Content-Type": "application/yaml"}
MAP = """\
id: {map_id}
title: Notes on pets
visibility: private
sources: [{{id: {source_id}}}]
speakers: [{{id: ann, name: Ann Writer}}]
nodes:
  - {{id: sleep, kind: thesis, text: Cats rest., speaker: ann, base_score: 0.5, rationale: R,
     quotes: [{{text: Cats sleep a lot.}}]}}
  - {{id: good, kind: claim, text: Sleep helps., speaker: ann, base_score: 0.6, rationale: R,
     quotes: [{{text: Sleep is good for cats.}}]}}
  - {{id: dogs, kind: counterpoint, text: Dogs wake cats., speaker: ann, base_score: 0.4, rationale: R,
     quotes: [{{text: Dogs bark at night.}}]}}
relations: [{{source: good, target: sleep, type: supports}}, {{source: dogs, target: sleep, type: attacks}}]
"""


@pytest.fixture(autouse=True)
async def rebuilt_after() -> AsyncIterator[None]:
    yield
    essay_db.mark_rebuild()


@pytest.fixture
async def ana(client: Client) -> Person:
    group = unique("desk")
    made = await client.post("/groups", json={"id": group, "name": group}, headers=AUTH)
    assert made.status_code == 201, made.text
    return await person(client, "Ana Ruiz", "author", group)


async def _store(client: Client, who: Person, source_id: str, **fields: object) -> None:
    body = {"id": source_id, "title": "A Note on Pets", "author": "Ann Writer", "text": TEXT, **fields}
    response = await client.post("/sources", json=body, headers=who.auth)
    assert response.status_code == 201, response.text


async def _map(client: Client, who: Person, map_id: str, source_id: str) -> None:
    body = MAP.format(map_id=map_id, source_id=source_id)
    response = await client.post("/maps", content=body, headers={**YAML, **who.auth})
    assert response.status_code == 201, response.text


async def test_a_source_is_stored_and_posted_again_unchanged(client: Client, ana: Person) -> None:
    source_id = unique("pets")
    body = {"id": source_id, "title": "A Note on Pets", "text": TEXT}
    first = await client.post("/sources", json=body, headers=ana.auth)
    assert first.status_code == 201, first.text
    assert first.headers["location"] == f"/sources/{source_id}"
    assert first.json()["content_hash"] == "sha256:" + hashlib.sha256(TEXT.encode()).hexdigest()
    again = await client.post("/sources", json=body, headers=ana.auth)
    assert again.status_code == 200, again.text
    assert again.json() == {**first.json(), "created": False}


async def test_other_content_under_a_stored_id_is_a_409_naming_the_field(client: Client, ana: Person) -> None:
    source_id = unique("pets")
    await _store(client, ana, source_id)
    other = {"id": source_id, "title": "A Note on Pets", "author": "Bo", "text": TEXT}
    detail = assert_problem(await client.post("/sources", json=other, headers=ana.auth), 409)["detail"]
    assert "author (stored 'Ann Writer', yours 'Bo')" in detail
    shorter = {"id": source_id, "title": "A Note on Pets", "author": "Ann Writer", "text": TEXT.strip()}
    detail = assert_problem(await client.post("/sources", json=shorter, headers=ana.auth), 409)["detail"]
    assert "they agree up to character 61; from there the stored text goes on" in detail


async def test_an_upload_stores_the_files_text(client: Client, ana: Person) -> None:
    source_id = unique("upload")
    response = await client.post(
        "/sources",
        files={"text": ("pets.txt", TEXT.encode(), "text/plain")},
        data={"id": source_id, "title": "Uploaded"},
        headers=ana.auth,
    )
    assert response.status_code == 201, response.text
    read = await client.get(f"/sources/{source_id}", headers=ana.auth)
    assert (read.json()["text"], read.json()["title"]) == (TEXT, "Uploaded")


async def test_anonymous_may_not_store_or_revise(client: Client, ana: Person) -> None:
    assert_problem(await client.post("/sources", json={"title": "T", "text": "x"}), 401)
    source_id = unique("pets")
    await _store(client, ana, source_id)
    assert_problem(await client.post(f"/sources/{source_id}/revisions", json={"text": FIXED}), 401)


async def test_a_revision_re_anchors_the_quotes_of_the_maps_citing_it(client: Client, ana: Person) -> None:
    source_id, map_id = unique("pets"), unique("notes")
    await _store(client, ana, source_id)
    await _map(client, ana, map_id, source_id)
    revised = await client.post(
        f"/sources/{source_id}/revisions", json={"text": FIXED, "change": "opening"}, headers=ana.auth
    )
    assert revised.status_code == 201, revised.text
    assert revised.headers["location"] == f"/sources/{source_id}?revision=2"

    document = (await client.get(f"/maps/{map_id}/document", headers=ana.auth)).json()
    assert document["sources"][0]["text"] == TEXT  # the map keeps the text it was written against
    latest = (await client.get(f"/sources/{source_id}", headers=ana.auth)).json()
    assert (latest["text"], latest["revision"], latest["maps"]) == (FIXED, 2, [map_id])
    assert [(r["number"], r["change"]) for r in latest["revisions"]] == [(1, None), (2, "opening")]
    first = await client.get(f"/sources/{source_id}", params={"revision": 1}, headers=ana.auth)
    assert first.json()["text"] == TEXT
    assert_problem(await client.get(f"/sources/{source_id}", params={"revision": 3}, headers=ana.auth), 404)

    report = (await client.get(f"/sources/{source_id}/anchors", headers=ana.auth)).json()
    found = {a["node_id"]: (a["status"], a["new_start"], a["cited_revision"]) for a in report["anchors"]}
    assert found == {"sleep": ("moved", 14, 1), "good": ("fuzzy", 32, 1), "dogs": ("orphaned", None, 1)}


async def test_a_map_written_again_with_the_latest_text_cites_it(client: Client, ana: Person) -> None:
    source_id, map_id = unique("pets"), unique("notes")
    await _store(client, ana, source_id)
    await _map(client, ana, map_id, source_id)
    await client.post(f"/sources/{source_id}/revisions", json={"text": FIXED}, headers=ana.auth)
    rewritten = (
        MAP.format(map_id=map_id, source_id=source_id)
        .replace("Sleep is good for cats.", "Sleep is good for cats!")
        .replace("\n     quotes: [{text: Dogs bark at night.}]", "")
    )
    current = await client.get(f"/maps/{map_id}", headers=ana.auth)
    response = await client.put(
        f"/maps/{map_id}",
        content=rewritten,
        headers={**YAML, **ana.auth, "If-Match": current.headers["etag"]},
    )
    assert response.status_code == 200, response.text
    report = (await client.get(f"/sources/{source_id}/anchors", headers=ana.auth)).json()
    assert {(a["status"], a["cited_revision"]) for a in report["anchors"]} == {("exact", 2)}
    document = (await client.get(f"/maps/{map_id}/document", headers=ana.auth)).json()
    assert document["sources"][0]["text"] == FIXED


async def test_a_reader_of_no_citing_map_finds_no_private_source(client: Client, ana: Person) -> None:
    source_id, map_id = unique("pets"), unique("notes")
    await _store(client, ana, source_id, visibility="private")
    await _map(client, ana, map_id, source_id)
    stranger = await person(client, "Cy Park", "author", None)
    for path in (f"/sources/{source_id}", f"/sources/{source_id}/anchors"):
        assert_problem(await client.get(path, headers=stranger.auth), 404)
        assert_problem(await client.get(path), 404)
    revision = await client.post(
        f"/sources/{source_id}/revisions", json={"text": FIXED}, headers=stranger.auth
    )
    assert_problem(revision, 404)
    cited = MAP.format(map_id=unique("theirs"), source_id=source_id)
    theirs = await client.post("/maps", content=cited, headers={**YAML, **stranger.auth})
    assert "sources[0]" in str(assert_problem(theirs, 422)["problems"])  # not theirs to cite


async def test_a_body_beyond_the_limit_is_a_413(client: Client, ana: Person) -> None:
    huge = {"title": "Huge", "text": "x" * (2 * 1024 * 1024 + 10)}
    assert_problem(await client.post("/sources", json=huge, headers=ana.auth), 413)
