"""The teacher's roster page, a source's coverage by an assignment, and the crux between two maps, over HTTP.

On the memory store: a class (its teacher, Ana, Ben), another class (its teacher, Cy), and the server's token.
The assignment is on the source the public ``pets`` map cites.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import msgspec
import pytest
from support.app import AUTH, Client
from support.maps import small_map
from support.people import Person, groups, person
from support.problems import assert_problem

from api.page_policy import CSP

SOURCE = "pets-note"
FUTURE = "2099-06-01T17:00:00Z"


@dataclass(frozen=True, slots=True)
class School:
    teacher: Person
    ana: Person
    ben: Person
    other_teacher: Person
    cy: Person


@pytest.fixture
async def school(client: Client) -> School:
    await groups(client, "class-9b", "class-9c")
    return School(
        teacher=await person(client, "Ms Li", "editor", "class-9b"),
        ana=await person(client, "Ana <Ruiz>", "author", "class-9b"),
        ben=await person(client, "Ben Okafor", "author", "class-9b"),
        other_teacher=await person(client, "Mr Oz", "editor", "class-9c"),
        cy=await person(client, "Cy Park", "author", "class-9c"),
    )


async def assign(client: Client, teacher: Person, **fields: object) -> None:
    body = {"id": "cats", "title": "Cats indoors", "prompt": "Why?", "source": SOURCE, "due": FUTURE}
    created = await client.post("/assignments", json={**body, **fields}, headers=teacher.auth)
    assert created.status_code == 201, created.text


async def start(client: Client, student: Person) -> str:
    started = await client.post("/assignments/cats/start", headers=student.auth)
    assert started.status_code == 201, started.text
    return str(started.json()["map"])


async def write_map(client: Client, student: Person, map_id: str) -> None:
    """Replace the student's started map with the ``pets`` map's three nodes (it cites the same source)."""
    tag = (await client.get(f"/maps/{map_id}", headers=student.auth)).headers["etag"]
    document = msgspec.to_builtins(msgspec.structs.replace(small_map(map_id), visibility=None))
    document.pop("visibility", None)
    put = await client.put(f"/maps/{map_id}", json=document, headers={**student.auth, "If-Match": tag})
    assert put.status_code == 200, put.text


def row_markup(page: str) -> dict[str, str]:
    return dict(re.findall(r'<tr class="student" data-student="([^"]+)"(.*?)</tr>', page, flags=re.DOTALL))


class TestRosterPage:
    async def test_the_teacher_sees_every_student_with_status_counts_and_links(
        self, client: Client, school: School
    ) -> None:
        await assign(client, school.teacher, key_map="pets")
        ana_map = await start(client, school.ana)
        await write_map(client, school.ana, ana_map)
        handed = await client.post("/assignments/cats/submit", json={}, headers=school.ana.auth)
        assert handed.status_code == 200, handed.text
        ben_map = await start(client, school.ben)

        page = await client.get("/assignments/cats/roster", headers=school.teacher.auth)
        assert page.status_code == 200, page.text
        assert page.headers["content-type"].startswith("text/html")
        assert page.headers["content-security-policy"].startswith(CSP)
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["cache-control"] == "no-store"
        assert "<script" not in page.text
        rows = row_markup(page.text)
        assert set(rows) == {school.ana.id, school.ben.id}
        ana, ben = rows[school.ana.id], rows[school.ben.id]
        assert 'data-status="submitted"' in ana
        assert "Ana &lt;Ruiz&gt;" in ana
        assert "Ana <Ruiz>" not in page.text
        assert "version 2" in ana
        assert "3 now (version 2); 3 handed in" in ana
        assert re.search(r"\d+ errors?</span>, \d+ warnings?", ana)
        assert f'href="/maps/{ana_map}/view"' in ana
        assert f'href="/maps/{ana_map}/view?version=2"' in ana
        assert html.escape(f"/maps/pets/compare/{ana_map}?format=html") in ana
        assert 'data-status="draft"' in ben
        assert "nothing yet" in ben
        assert f'href="/maps/{ben_map}/view"' in ben
        assert 'href="/assignments/cats/roster.csv"' in page.text
        assert 'href="/sources/pets-note/coverage.html?assignment=cats"' in page.text
        assert "2 students: 0 not started, 1 draft, 1 submitted, 0 late." in page.text

        detail = (await client.get("/assignments/cats", headers=school.teacher.auth)).json()
        counted = {row["student"]: row for row in detail["roster"]}[school.ana.id]
        assert isinstance(counted["current_errors"], int)
        assert isinstance(counted["current_warnings"], int)

    async def test_a_student_is_refused_and_outsiders_are_told_there_is_none(
        self, client: Client, school: School
    ) -> None:
        await assign(client, school.teacher)
        student = await client.get("/assignments/cats/roster", headers=school.ana.auth)
        assert student.status_code == 403
        assert student.headers["content-type"].startswith("text/html")
        assert school.ben.id not in student.text
        for headers in ({}, school.other_teacher.auth, school.cy.auth):
            hidden = await client.get("/assignments/cats/roster", headers=headers)
            assert hidden.status_code == 404, headers
            assert "Cats indoors" not in hidden.text
        admin = await client.get("/assignments/cats/roster", headers=AUTH)
        assert admin.status_code == 200


class TestCoverageByAssignment:
    async def test_counts_the_maps_the_students_started(self, client: Client, school: School) -> None:
        await assign(client, school.teacher)
        ana_map = await start(client, school.ana)
        await write_map(client, school.ana, ana_map)
        await start(client, school.ben)  # the starting thesis quotes nothing
        found = await client.get(f"/sources/{SOURCE}/coverage?assignment=cats", headers=school.teacher.auth)
        assert found.status_code == 200, found.text
        body = found.json()
        assert sorted(body["maps"]) == sorted([ana_map, f"cats-{school.ben.id}"])
        direct = await client.get(f"/sources/{SOURCE}/coverage?maps={ana_map}", headers=school.teacher.auth)
        assert [s["count"] for s in body["sentences"]] == [s["count"] for s in direct.json()["sentences"]]
        assert max(s["count"] for s in body["sentences"]) == 1
        page = await client.get(
            f"/sources/{SOURCE}/coverage.html?assignment=cats", headers=school.teacher.auth
        )
        assert page.status_code == 200
        assert "of 2 maps" in page.text

    async def test_refusals(self, client: Client, school: School) -> None:
        await assign(client, school.teacher)
        await start(client, school.ana)
        url = f"/sources/{SOURCE}/coverage?assignment=cats"
        assert_problem(await client.get(url, headers=school.ana.auth), 403)
        for headers in ({}, school.other_teacher.auth):
            assert (await client.get(url, headers=headers)).status_code == 404
        both = await client.get(f"{url}&maps=pets", headers=school.teacher.auth)
        assert_problem(both, 422)
        other = msgspec.to_builtins(small_map("elsewhere", source_id="other-note"))
        assert (await client.post("/maps", json=other, headers=AUTH)).status_code == 201
        wrong = await client.get("/sources/other-note/coverage?assignment=cats", headers=AUTH)
        assert_problem(wrong, 422)
        assert "pets-note" in wrong.json()["detail"]


class TestMapCrux:
    async def test_the_numbers_of_b_that_flip_as_verdict(self, client: Client) -> None:
        document = small_map("pets-b")
        nodes = [
            msgspec.structs.replace(node, base_score={"sleep-good": 0.2, "dogs-bark": 0.9}.get(node.id, 0.5))
            for node in document.nodes
        ]
        document = msgspec.structs.replace(document, nodes=nodes)
        created = await client.post("/maps", json=msgspec.to_builtins(document), headers=AUTH)
        assert created.status_code == 201, created.text
        found = await client.get("/maps/pets/compare/pets-b/crux")
        assert found.status_code == 200, found.text
        assert found.headers["etag"]
        body = found.json()
        assert (body["a"]["map_id"], body["b"]["map_id"], body["matched"]) == ("pets", "pets-b", 3)
        crux = body["crux"]
        assert crux["a"] == "pets"
        assert crux["b"] == "pets-b"
        assert crux["agree"] is False
        assert crux["minimal"] is True
        assert crux["a_root_strength"] >= 0.5 > crux["crux_root_strength"]
        members = [item["node"] for item in crux["crux"]]
        assert set(members) <= {"sleep-good", "dogs-bark"}
        assert members
        assert body["counterparts"] == {node: node for node in sorted({"sleep-good", "dogs-bark"})}
        assert "pets-b" in body["explanation"]
        again = await client.get(
            "/maps/pets/compare/pets-b/crux", headers={"If-None-Match": found.headers["etag"]}
        )
        assert again.status_code == 304

    async def test_maps_that_agree_get_an_empty_crux(self, client: Client) -> None:
        created = await client.post("/maps", json=msgspec.to_builtins(small_map("pets-c")), headers=AUTH)
        assert created.status_code == 201
        body = (await client.get("/maps/pets/compare/pets-c/crux")).json()
        assert body["crux"]["agree"] is True
        assert body["crux"]["crux"] == []

    async def test_refusals(self, client: Client, school: School) -> None:
        await assign(client, school.teacher)
        ana_map = await start(client, school.ana)
        hidden = await client.get(f"/maps/pets/compare/{ana_map}/crux", headers=school.ben.auth)
        assert_problem(hidden, 404)
        assert (await client.get(f"/maps/{ana_map}/compare/pets/crux")).status_code == 404
        allowed = await client.get(f"/maps/pets/compare/{ana_map}/crux", headers=school.teacher.auth)
        assert allowed.status_code == 200, allowed.text
        other = msgspec.to_builtins(small_map("elsewhere", source_id="other-note"))
        assert (await client.post("/maps", json=other, headers=AUTH)).status_code == 201
        refused = await client.get("/maps/pets/compare/elsewhere/crux")
        assert_problem(refused, 422)
        assert "elsewhere" in refused.json()["detail"]
