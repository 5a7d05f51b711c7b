"""A whole assignment against the real Neo4j: set, started, handed in, on the roster, commented on, late.

A class of three students and their teacher, on the essay's report, the stored source every student's map
cites by its id. The report reports on the essay and was written by a reporter, so each student's map
declares both sources and the reporter, as the stored maps do.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pytest
from support.app import AUTH, Client
from support.people import Person, person, unique
from support.problems import assert_problem

pytestmark = pytest.mark.neo4j

REPORT = "virtuesig-clark-automated-rd-2028"
ESSAY_SOURCE = "import-ai-455-essay"
PROMPT = "Does the report make its case? State your verdict as your thesis."


@dataclass(frozen=True, slots=True)
class Classroom:
    group: str
    teacher: Person
    amira: Person
    ben: Person
    chloe: Person


@pytest.fixture
async def classroom(client: Client) -> Classroom:
    group = unique("history")
    made = await client.post("/groups", json={"id": group, "name": "History 9B"}, headers=AUTH)
    assert made.status_code == 201, made.text
    return Classroom(
        group=group,
        teacher=await person(client, unique("Ms Novak"), "editor", group),
        amira=await person(client, unique("Amira"), "author", group),
        ben=await person(client, unique("Ben"), "author", group),
        chloe=await person(client, unique("=Chloe"), "author", group),
    )


async def assign(client: Client, teacher: Person, due: str) -> str:
    assignment_id = unique("clark")
    body = {"id": assignment_id, "title": "Automated AI R&D", "prompt": PROMPT, "source": REPORT, "due": due}
    created = await client.post("/assignments", json=body, headers=teacher.auth)
    assert created.status_code == 201, created.text
    return assignment_id


async def start(client: Client, student: Person, assignment_id: str) -> str:
    started = await client.post(f"/assignments/{assignment_id}/start", headers=student.auth)
    assert started.status_code == 201, started.text
    return str(started.json()["map"])


async def test_a_whole_assignment(client: Client, classroom: Classroom) -> None:
    assignment_id = await assign(client, classroom.teacher, "2099-01-01T09:00:00Z")
    amira_map = await start(client, classroom.amira, assignment_id)
    await start(client, classroom.ben, assignment_id)
    again = await client.post(f"/assignments/{assignment_id}/start", headers=classroom.amira.auth)
    assert (again.status_code, again.json()["map"]) == (200, amira_map)

    document = (await client.get(f"/maps/{amira_map}/document", headers=classroom.amira.auth)).json()
    assert [source["id"] for source in document["sources"]] == [REPORT, ESSAY_SOURCE]
    assert "Jack Clark" in document["sources"][0]["text"], "the stored text, cited by its id"
    speakers = {speaker["id"]: speaker["name"] for speaker in document["speakers"]}
    assert speakers["virtuesig-reporter"] == "VirtueSig reporter (unnamed)"
    assert [(node["kind"], node["text"]) for node in document["nodes"]] == [("thesis", PROMPT)]
    assert document["visibility"] == "private"
    assert_problem(await client.get(f"/maps/{amira_map}", headers=classroom.ben.auth), 404)

    handed = await client.post(f"/assignments/{assignment_id}/submit", json={}, headers=classroom.amira.auth)
    assert handed.status_code == 200, handed.text
    rows = (await client.get(f"/assignments/{assignment_id}", headers=classroom.teacher.auth)).json()[
        "roster"
    ]
    assert {row["student"]: row["status"] for row in rows} == {
        classroom.amira.id: "submitted",
        classroom.ben.id: "draft",
        classroom.chloe.id: "not-started",
    }
    mine = (await client.get(f"/assignments/{assignment_id}", headers=classroom.ben.auth)).json()["roster"]
    assert [row["student"] for row in mine] == [classroom.ben.id]

    sheet = await client.get(f"/assignments/{assignment_id}/roster.csv", headers=classroom.teacher.auth)
    assert sheet.status_code == 200, sheet.text
    assert sheet.headers["content-type"].startswith("text/csv")
    by_student = {row["student"]: row for row in csv.DictReader(io.StringIO(sheet.text))}
    assert by_student[classroom.amira.id]["submitted_version"] == "1"
    assert by_student[classroom.chloe.id]["name"].startswith("'=Chloe")
    assert_problem(
        await client.get(f"/assignments/{assignment_id}/roster.csv", headers=classroom.amira.auth), 403
    )

    made = await client.post(
        f"/maps/{amira_map}/comments",
        json={"node": "thesis", "text": "Replace the prompt with your verdict."},
        headers=classroom.teacher.auth,
    )
    assert made.status_code == 201, made.text
    comment = made.json()
    assert (comment["author"], comment["version"]) == (classroom.teacher.id, 1)
    missing = await client.post(
        f"/maps/{amira_map}/comments", json={"node": "nowhere", "text": "?"}, headers=classroom.teacher.auth
    )
    assert_problem(missing, 422)
    listed = (await client.get(f"/maps/{amira_map}/comments", headers=classroom.amira.auth)).json()
    assert [c["id"] for c in listed["comments"]] == [comment["id"]]
    resolved = await client.post(
        f"/maps/{amira_map}/comments/{comment['id']}/resolve", headers=classroom.amira.auth
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["resolved_by"] == classroom.amira.id
    assert_problem(await client.get(f"/maps/{amira_map}/comments", headers=classroom.ben.auth), 404)


async def test_an_edit_after_handing_in_is_a_draft_and_a_late_hand_in_is_late(
    client: Client, classroom: Classroom
) -> None:
    on_time = await assign(client, classroom.teacher, "2099-01-01T09:00:00Z")
    map_id = await start(client, classroom.amira, on_time)
    await client.post(f"/assignments/{on_time}/submit", json={}, headers=classroom.amira.auth)
    claim = f"/claims/{map_id}/thesis"
    tag = (await client.get(claim, headers=classroom.amira.auth)).headers["etag"]
    edited = await client.patch(
        claim, json={"text": "The report overstates it."}, headers={**classroom.amira.auth, "If-Match": tag}
    )
    assert edited.status_code == 200, edited.text
    rows = (await client.get(f"/assignments/{on_time}", headers=classroom.teacher.auth)).json()["roster"]
    amira = next(row for row in rows if row["student"] == classroom.amira.id)
    assert (amira["status"], amira["submitted_version"], amira["current_version"]) == ("draft", 1, 2)

    overdue = await assign(client, classroom.teacher, "2020-01-01T09:00:00Z")
    await start(client, classroom.amira, overdue)
    late = await client.post(f"/assignments/{overdue}/submit", json={}, headers=classroom.amira.auth)
    assert late.json()["status"] == "late"
    rows = (await client.get(f"/assignments/{overdue}", headers=classroom.teacher.auth)).json()["roster"]
    assert {row["status"] for row in rows} == {"late"}
