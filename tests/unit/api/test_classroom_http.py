"""The classroom over HTTP on the memory store: assignments, students' work, the roster, feedback, refusals.

A class (its teacher, Ana, Ben and a student whose name a spreadsheet would run as a formula), another class
(its teacher and Cy), and the server's own token, the first admin. The source of every assignment is the one
the public ``pets`` map cites.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import msgspec
import pytest
from support.app import AUTH, Client
from support.maps import small_map
from support.people import Person, groups, person
from support.problems import assert_problem

SOURCE = "pets-note"
FUTURE = "2099-06-01T17:00:00Z"
PAST = "2020-06-01T17:00:00+02:00"
PROMPT = "Should cats sleep indoors? Replace this with your thesis."


@dataclass(frozen=True, slots=True)
class School:
    teacher: Person
    ana: Person
    ben: Person
    formula: Person
    other_teacher: Person
    cy: Person


@pytest.fixture
async def school(client: Client) -> School:
    await groups(client, "class-9b", "class-9c")
    return School(
        teacher=await person(client, "Ms Li", "editor", "class-9b"),
        ana=await person(client, "Ana Ruiz", "author", "class-9b"),
        ben=await person(client, "Ben Okafor", "author", "class-9b"),
        formula=await person(client, "=HYPERLINK(1)", "author", "class-9b"),
        other_teacher=await person(client, "Mr Oz", "editor", "class-9c"),
        cy=await person(client, "Cy Park", "author", "class-9c"),
    )


async def assign(
    client: Client, teacher: Person, assignment_id: str = "cats", **fields: object
) -> dict[str, object]:
    body = {"id": assignment_id, "title": "Cats indoors", "prompt": PROMPT, "source": SOURCE, "due": FUTURE}
    created = await client.post("/assignments", json={**body, **fields}, headers=teacher.auth)
    assert created.status_code == 201, created.text
    answer: dict[str, object] = created.json()
    return answer


async def start(client: Client, student: Person, assignment_id: str = "cats") -> str:
    started = await client.post(f"/assignments/{assignment_id}/start", headers=student.auth)
    assert started.status_code == 201, started.text
    return str(started.json()["map"])


async def submit(
    client: Client, student: Person, assignment_id: str = "cats", **body: object
) -> dict[str, object]:
    handed = await client.post(f"/assignments/{assignment_id}/submit", json=body, headers=student.auth)
    assert handed.status_code == 200, handed.text
    answer: dict[str, object] = handed.json()
    return answer


async def roster(client: Client, who: Person, assignment_id: str = "cats") -> dict[str, dict[str, object]]:
    detail = await client.get(f"/assignments/{assignment_id}", headers=who.auth)
    assert detail.status_code == 200, detail.text
    return {row["student"]: row for row in detail.json()["roster"]}


async def edit_thesis(client: Client, student: Person, map_id: str, text: str) -> None:
    claim = f"/claims/{map_id}/thesis"
    tag = (await client.get(claim, headers=student.auth)).headers["etag"]
    edited = await client.patch(claim, json={"text": text}, headers={**student.auth, "If-Match": tag})
    assert edited.status_code == 200, edited.text


class TestAssignments:
    async def test_a_teacher_sets_their_group_an_assignment(self, client: Client, school: School) -> None:
        created = await client.post(
            "/assignments",
            json={
                "id": "cats",
                "title": "Cats",
                "prompt": PROMPT,
                "source": SOURCE,
                "due": PAST,
                "key_map": "pets",
            },
            headers=school.teacher.auth,
        )
        assert created.status_code == 201, created.text
        assert created.headers["location"] == "/assignments/cats"
        body = created.json()
        assert (body["group"], body["teacher"], body["key_map"]) == ("class-9b", school.teacher.id, "pets")
        assert body["due"] == "2020-06-01T15:00:00Z", "kept in UTC"

    async def test_the_group_sees_its_assignments_and_only_teachers_the_key_map(
        self, client: Client, school: School
    ) -> None:
        await assign(client, school.teacher, key_map="pets")
        await assign(client, school.other_teacher, "dogs")
        mine = (await client.get("/assignments", headers=school.teacher.auth)).json()["assignments"]
        assert [(a["id"], a["key_map"]) for a in mine] == [("cats", "pets")]
        students = (await client.get("/assignments", headers=school.ana.auth)).json()["assignments"]
        assert [(a["id"], a["key_map"]) for a in students] == [("cats", None)]
        everyone = (await client.get("/assignments", headers=AUTH)).json()["assignments"]
        assert sorted(a["id"] for a in everyone) == ["cats", "dogs"]

    @pytest.mark.parametrize(
        ("change", "status", "path"),
        [
            ({"source": "no-such-source"}, 422, "source"),
            ({"key_map": "no-such-map"}, 422, "key_map"),
            ({"group": "class-9c"}, 403, None),
            ({"due": "2099-06-01T17:00:00"}, 400, None),
        ],
    )
    async def test_a_bad_assignment_is_refused(
        self, client: Client, school: School, change: dict[str, str], status: int, path: str | None
    ) -> None:
        body = {"id": "cats", "title": "Cats", "prompt": PROMPT, "source": SOURCE, "due": FUTURE, **change}
        refused = await client.post("/assignments", json=body, headers=school.teacher.auth)
        if status == 400:
            assert refused.status_code in {400, 422}, refused.text
        else:
            problem = assert_problem(refused, status)
            if path is not None:
                assert [p["path"] for p in problem["problems"]] == [path]
        assert (await client.get("/assignments", headers=school.teacher.auth)).json()["assignments"] == []

    async def test_a_key_map_of_another_class_is_not_one_the_teacher_may_read(
        self, client: Client, school: School
    ) -> None:
        document = msgspec.to_builtins(small_map("cy-cats", source_id="cy-note"))
        document["visibility"] = "private"
        assert (await client.post("/maps", json=document, headers=school.cy.auth)).status_code == 201
        refused = await client.post(
            "/assignments",
            json={
                "id": "cats",
                "title": "C",
                "prompt": PROMPT,
                "source": SOURCE,
                "due": FUTURE,
                "key_map": "cy-cats",
            },
            headers=school.teacher.auth,
        )
        assert_problem(refused, 422)

    async def test_an_id_is_taken_once_and_an_admin_names_the_group(
        self, client: Client, school: School
    ) -> None:
        await assign(client, school.teacher)
        again = await client.post(
            "/assignments",
            json={"id": "cats", "title": "C", "prompt": PROMPT, "source": SOURCE, "due": FUTURE},
            headers=school.teacher.auth,
        )
        assert_problem(again, 409)
        body = {"id": "admins", "title": "C", "prompt": PROMPT, "source": SOURCE, "due": FUTURE}
        assert_problem(await client.post("/assignments", json=body, headers=AUTH), 422)
        made = await client.post("/assignments", json={**body, "group": "class-9c"}, headers=AUTH)
        assert made.status_code == 201, made.text
        assert made.json()["group"] == "class-9c"


class TestStudentsWork:
    async def test_starting_makes_a_private_map_citing_the_source_once(
        self, client: Client, school: School
    ) -> None:
        await assign(client, school.teacher)
        started = await client.post("/assignments/cats/start", headers=school.ana.auth)
        assert started.status_code == 201, started.text
        map_id = started.json()["map"]
        assert started.headers["location"] == f"/maps/{map_id}"
        assert map_id == f"cats-{school.ana.id}"
        document = (await client.get(f"/maps/{map_id}/document", headers=school.ana.auth)).json()
        assert document["visibility"] == "private"
        assert [source["id"] for source in document["sources"]] == [SOURCE]
        assert document["sources"][0]["text"] == small_map().sources[0].text
        assert [(n["kind"], n["text"], n["speaker"]) for n in document["nodes"]] == [
            ("thesis", PROMPT, school.ana.id)
        ]
        listed = {m["id"]: m for m in (await client.get("/maps", headers=school.ana.auth)).json()["maps"]}
        assert (listed[map_id]["owner"], listed[map_id]["group"]) == (school.ana.id, "class-9b")
        again = await client.post("/assignments/cats/start", headers=school.ana.auth)
        assert again.status_code == 200, again.text
        assert again.json()["map"] == map_id
        assert (await client.get(f"/maps/{map_id}", headers=school.ben.auth)).status_code == 404
        assert (await client.get(f"/maps/{map_id}", headers=school.teacher.auth)).status_code == 200

    async def test_a_map_id_taken_by_another_map_makes_the_next_one(
        self, client: Client, school: School
    ) -> None:
        document = msgspec.to_builtins(small_map(f"cats-{school.ana.id}", source_id="other-note"))
        assert (await client.post("/maps", json=document, headers=school.ben.auth)).status_code == 201
        await assign(client, school.teacher)
        assert await start(client, school.ana) == f"cats-{school.ana.id}-2"

    async def test_the_roster_says_submitted_draft_and_not_started(
        self, client: Client, school: School
    ) -> None:
        await assign(client, school.teacher)
        ana_map = await start(client, school.ana)
        await start(client, school.ben)
        handed = await submit(client, school.ana)
        assert (handed["status"], handed["submitted_version"]) == ("submitted", 1)
        rows = await roster(client, school.teacher)
        assert {student: row["status"] for student, row in rows.items()} == {
            school.ana.id: "submitted",
            school.ben.id: "draft",
            school.formula.id: "not-started",
        }
        assert rows[school.ana.id]["map"] == ana_map
        assert (rows[school.ana.id]["current_nodes"], rows[school.ana.id]["submitted_nodes"]) == (1, 1)
        assert rows[school.formula.id]["map"] is None

    async def test_a_student_sees_only_their_own_row(self, client: Client, school: School) -> None:
        await assign(client, school.teacher)
        await start(client, school.ana)
        assert list(await roster(client, school.ben)) == [school.ben.id]
        assert (await roster(client, school.ben))[school.ben.id]["status"] == "not-started"
        assert list(await roster(client, school.ana)) == [school.ana.id]

    async def test_an_edit_after_handing_in_is_a_draft_until_handed_in_again(
        self, client: Client, school: School
    ) -> None:
        await assign(client, school.teacher)
        map_id = await start(client, school.ana)
        await submit(client, school.ana)
        await edit_thesis(client, school.ana, map_id, "Cats should sleep indoors.")
        row = (await roster(client, school.teacher))[school.ana.id]
        assert (row["status"], row["submitted_version"], row["current_version"]) == ("draft", 1, 2)
        again = await submit(client, school.ana)
        assert (again["status"], again["submitted_version"]) == ("submitted", 2)

    async def test_an_older_version_may_be_handed_in_but_not_one_never_kept(
        self, client: Client, school: School
    ) -> None:
        await assign(client, school.teacher)
        map_id = await start(client, school.ana)
        await edit_thesis(client, school.ana, map_id, "Cats should sleep indoors.")
        assert (await submit(client, school.ana, version=1))["submitted_version"] == 1
        for version in (3, 99):
            refused = await client.post(
                "/assignments/cats/submit", json={"version": version}, headers=school.ana.auth
            )
            assert [p["path"] for p in assert_problem(refused, 422)["problems"]] == ["version"]

    async def test_handing_in_needs_a_start(self, client: Client, school: School) -> None:
        await assign(client, school.teacher)
        assert_problem(await client.post("/assignments/cats/submit", json={}, headers=school.ana.auth), 409)

    async def test_past_the_due_time_work_is_late(self, client: Client, school: School) -> None:
        await assign(client, school.teacher, due=PAST)
        await start(client, school.ana)
        handed = await submit(client, school.ana)
        assert handed["status"] == "late"
        rows = await roster(client, school.teacher)
        assert {student: row["status"] for student, row in rows.items()} == {
            school.ana.id: "late",
            school.ben.id: "late",
            school.formula.id: "late",
        }


class TestRosterCsv:
    async def test_the_roster_is_csv_with_formulas_quoted(self, client: Client, school: School) -> None:
        await assign(client, school.teacher)
        await start(client, school.ana)
        await submit(client, school.ana)
        answer = await client.get("/assignments/cats/roster.csv", headers=school.teacher.auth)
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("text/csv")
        assert answer.headers["content-disposition"] == 'attachment; filename="cats-roster.csv"'
        rows = list(csv.DictReader(io.StringIO(answer.text)))
        by_student = {row["student"]: row for row in rows}
        assert by_student[school.ana.id]["status"] == "submitted"
        assert by_student[school.ana.id]["submitted_version"] == "1"
        assert by_student[school.formula.id]["name"] == "'=HYPERLINK(1)"
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


class TestFeedback:
    async def test_a_teacher_comments_and_the_owner_resolves(self, client: Client, school: School) -> None:
        await assign(client, school.teacher)
        map_id = await start(client, school.ana)
        made = await client.post(
            f"/maps/{map_id}/comments",
            json={"node": "thesis", "text": "State your own thesis."},
            headers=school.teacher.auth,
        )
        assert made.status_code == 201, made.text
        comment = made.json()
        assert (comment["author"], comment["node"], comment["version"], comment["resolved"]) == (
            school.teacher.id,
            "thesis",
            1,
            None,
        )
        assert comment["id"]
        assert comment["created"]
        reply = await client.post(
            f"/maps/{map_id}/comments", json={"node": "thesis", "text": "Done?"}, headers=school.ana.auth
        )
        assert reply.status_code == 201, reply.text
        listed = (await client.get(f"/maps/{map_id}/comments", headers=school.ana.auth)).json()["comments"]
        assert {c["id"] for c in listed} == {comment["id"], reply.json()["id"]}
        resolved = await client.post(
            f"/maps/{map_id}/comments/{comment['id']}/resolve", headers=school.ana.auth
        )
        assert resolved.status_code == 200, resolved.text
        assert resolved.json()["resolved_by"] == school.ana.id
        again = await client.post(
            f"/maps/{map_id}/comments/{comment['id']}/resolve", headers=school.teacher.auth
        )
        assert (again.json()["resolved"], again.json()["resolved_by"]) == (
            resolved.json()["resolved"],
            school.ana.id,
        )
        assert_problem(
            await client.post(f"/maps/{map_id}/comments/nope/resolve", headers=school.ana.auth), 404
        )

    async def test_a_comment_on_a_relation_names_its_ends(self, client: Client, school: School) -> None:
        made = await client.post(
            "/maps/pets/comments",
            json={"relation": {"source": "sleep-good", "target": "thesis"}, "text": "Why this weight?"},
            headers=AUTH,
        )
        assert made.status_code == 201, made.text
        assert made.json()["relation"] == {"source": "sleep-good", "target": "thesis"}
        assert made.json()["author"] == "api-token"

    @pytest.mark.parametrize(
        ("body", "path"),
        [
            ({"node": "no-such-node", "text": "x"}, "node"),
            ({"relation": {"source": "thesis", "target": "sleep-good"}, "text": "x"}, "relation"),
            ({"text": "x"}, "$"),
            ({"node": "thesis", "relation": {"source": "sleep-good", "target": "thesis"}, "text": "x"}, "$"),
        ],
    )
    async def test_a_comment_on_what_the_map_lacks_is_422(
        self, client: Client, school: School, body: dict[str, object], path: str
    ) -> None:
        refused = await client.post("/maps/pets/comments", json=body, headers=AUTH)
        assert [p["path"] for p in assert_problem(refused, 422)["problems"]] == [path]
        assert (await client.get("/maps/pets/comments", headers=AUTH)).json()["comments"] == []

    async def test_a_classmate_who_may_read_the_map_may_not_read_its_feedback(
        self, client: Client, school: School
    ) -> None:
        document = msgspec.to_builtins(small_map("ana-shared", source_id="ana-note"))
        document["visibility"] = "group"
        assert (await client.post("/maps", json=document, headers=school.ana.auth)).status_code == 201
        assert (await client.get("/maps/ana-shared", headers=school.ben.auth)).status_code == 200
        made = await client.post(
            "/maps/ana-shared/comments", json={"node": "thesis", "text": "Good."}, headers=school.teacher.auth
        )
        assert made.status_code == 201, made.text
        assert_problem(await client.get("/maps/ana-shared/comments", headers=school.ben.auth), 403)
        body = {"node": "thesis", "text": "Mine is better."}
        assert_problem(
            await client.post("/maps/ana-shared/comments", json=body, headers=school.ben.auth), 403
        )
        assert_problem(await client.get("/maps/ana-shared/comments", headers=school.other_teacher.auth), 404)
        assert_problem(await client.get("/maps/ana-shared/comments"), 401)

    async def test_deleting_a_map_deletes_its_feedback(self, client: Client, school: School) -> None:
        document = msgspec.to_builtins(small_map("ana-gone", source_id="gone-note"))
        assert (await client.post("/maps", json=document, headers=school.ana.auth)).status_code == 201
        body = {"node": "thesis", "text": "Private feedback."}
        assert (
            await client.post("/maps/ana-gone/comments", json=body, headers=school.ana.auth)
        ).status_code == 201
        deleted = await client.delete(
            "/maps/ana-gone", headers={**school.ana.auth, "If-Match": '"ana-gone-v1"'}
        )
        assert deleted.status_code == 204, deleted.text
        assert (await client.post("/maps", json=document, headers=school.ben.auth)).status_code == 201
        assert (await client.get("/maps/ana-gone/comments", headers=school.ben.auth)).json()["comments"] == []


# Each route as each wrong caller: anonymous (None), an author where an editor is needed, a student of another
# group, a teacher where a student is needed. ``{map}`` is Ana's map for the assignment, ``{comment}`` a
# comment on it by her teacher.
WRONG_CALLERS = [
    ("POST", "/assignments", "new", None, 401),
    ("POST", "/assignments", "new", "ben", 403),
    ("POST", "/assignments", "new", "cy", 403),
    ("GET", "/assignments", None, None, 401),
    ("GET", "/assignments/cats", None, None, 401),
    ("GET", "/assignments/cats", None, "cy", 404),
    ("GET", "/assignments/cats", None, "other_teacher", 404),
    ("GET", "/assignments/cats/roster.csv", None, None, 401),
    ("GET", "/assignments/cats/roster.csv", None, "ben", 403),
    ("GET", "/assignments/cats/roster.csv", None, "cy", 403),
    ("GET", "/assignments/cats/roster.csv", None, "other_teacher", 404),
    ("POST", "/assignments/cats/start", None, None, 401),
    ("POST", "/assignments/cats/start", None, "cy", 404),
    ("POST", "/assignments/cats/start", None, "teacher", 403),
    ("POST", "/assignments/cats/submit", {}, None, 401),
    ("POST", "/assignments/cats/submit", {}, "cy", 404),
    ("POST", "/assignments/cats/submit", {}, "teacher", 403),
    ("POST", "/maps/{map}/comments", {"node": "thesis", "text": "x"}, None, 401),
    ("POST", "/maps/{map}/comments", {"node": "thesis", "text": "x"}, "cy", 404),
    ("POST", "/maps/{map}/comments", {"node": "thesis", "text": "x"}, "ben", 404),
    ("POST", "/maps/{map}/comments", {"node": "thesis", "text": "x"}, "other_teacher", 404),
    ("GET", "/maps/{map}/comments", None, None, 401),
    ("GET", "/maps/{map}/comments", None, "cy", 404),
    ("GET", "/maps/{map}/comments", None, "ben", 404),
    ("POST", "/maps/{map}/comments/{comment}/resolve", None, None, 401),
    ("POST", "/maps/{map}/comments/{comment}/resolve", None, "cy", 404),
    ("POST", "/maps/{map}/comments/{comment}/resolve", None, "ben", 404),
]


@pytest.mark.parametrize(("method", "path", "body", "who", "status"), WRONG_CALLERS)
async def test_each_route_refuses_the_wrong_caller(
    client: Client, school: School, method: str, path: str, body: object, who: str | None, status: int
) -> None:
    await assign(client, school.teacher)
    map_id = await start(client, school.ana)
    comment = await client.post(
        f"/maps/{map_id}/comments",
        json={"node": "thesis", "text": "Cite the note."},
        headers=school.teacher.auth,
    )
    url = path.format(map=map_id, comment=comment.json()["id"])
    if body == "new":
        body = {"id": "other", "title": "T", "prompt": PROMPT, "source": SOURCE, "due": FUTURE}
    headers = getattr(school, who).auth if who else {}
    refused = await client.request(method, url, json=body, headers=headers)
    assert_problem(refused, status)
    assert [a["id"] for a in (await client.get("/assignments", headers=AUTH)).json()["assignments"]] == [
        "cats"
    ]
    assert list(await roster(client, school.teacher)) == sorted(
        [school.ana.id, school.ben.id, school.formula.id]
    )
    assert (await roster(client, school.teacher))[school.ana.id]["status"] == "draft"
    comments = (await client.get(f"/maps/{map_id}/comments", headers=school.teacher.auth)).json()["comments"]
    assert [(c["text"], c["resolved"]) for c in comments] == [("Cite the note.", None)]


async def test_another_groups_student_is_shown_none_of_its_assignments(
    client: Client, school: School
) -> None:
    await assign(client, school.teacher)
    assert (await client.get("/assignments", headers=school.cy.auth)).json()["assignments"] == []
