"""Accounts over HTTP against the real Neo4j: who may read and write which map, and every attack refused.

A class of two students and their teacher, another class with its own teacher, and the server's own token
(the first administrator). Each attack of the accounts issue is one test here; each asserts the refusal and
that nothing changed.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any

import msgspec
import pytest
from neo4j import AsyncDriver
from support.app import AUTH, Client
from support.maps import small_map
from support.neo4j import Neo4jTarget
from support.people import Person, person, unique
from support.problems import assert_problem

from graph.accounts import TokenRecord
from graph.accounts._secrets import digest
from graph.store import Neo4jStore

pytestmark = pytest.mark.neo4j


@dataclass(frozen=True, slots=True)
class School:
    group: str
    other_group: str
    teacher: Person
    ana: Person
    ben: Person
    other_teacher: Person


@pytest.fixture
async def school(client: Client) -> School:
    group, other = unique("class"), unique("class")
    for group_id in (group, other):
        made = await client.post("/groups", json={"id": group_id, "name": group_id.title()}, headers=AUTH)
        assert made.status_code == 201, made.text
    teacher = await person(client, unique("Ms Li"), "editor", group)
    ana = await person(client, unique("Ana"), "author", group, by=teacher.auth)
    ben = await person(client, unique("Ben"), "author", group, by=teacher.auth)
    other_teacher = await person(client, unique("Mr Oz"), "editor", other)
    return School(group, other, teacher, ana, ben, other_teacher)


async def write_map(client: Client, owner: Person, visibility: str, *, text: str = "Cats are rested.") -> str:
    map_id = unique("pets")
    document = msgspec.to_builtins(small_map(map_id, source_id=f"{map_id}-src", thesis_text=text))
    document["visibility"] = visibility
    response = await client.post("/maps", json=document, headers=owner.auth)
    assert response.status_code == 201, response.text
    return map_id


async def etag(client: Client, map_id: str, who: dict[str, str]) -> str:
    response = await client.get(f"/maps/{map_id}", headers=who)
    assert response.status_code == 200, response.text
    return str(response.headers["etag"])


class TestOwnership:
    async def test_a_map_belongs_to_its_author_and_their_group(self, client: Client, school: School) -> None:
        map_id = await write_map(client, school.ana, "private")
        listed = {m["id"]: m for m in (await client.get("/maps", headers=school.ana.auth)).json()["maps"]}
        assert listed[map_id]["owner"] == school.ana.id
        assert listed[map_id]["group"] == school.group
        assert listed[map_id]["visibility"] == "private"

    async def test_each_version_records_who_wrote_it(self, client: Client, school: School) -> None:
        map_id = await write_map(client, school.ana, "group")
        tag = await etag(client, map_id, school.teacher.auth)
        document = (await client.get(f"/maps/{map_id}/document", headers=school.teacher.auth)).json()
        document["title"] = "Pets, edited by the teacher"
        replaced = await client.put(
            f"/maps/{map_id}", json=document, headers={**school.teacher.auth, "If-Match": tag}
        )
        assert replaced.status_code == 200, replaced.text
        versions = (await client.get(f"/maps/{map_id}/versions", headers=school.ana.auth)).json()["versions"]
        assert [(v["version"], v["author"]) for v in versions] == [(2, school.teacher.id), (1, school.ana.id)]

    async def test_a_replacement_that_leaves_visibility_out_keeps_it(
        self, client: Client, school: School
    ) -> None:
        map_id = await write_map(client, school.ana, "private")
        document = (await client.get(f"/maps/{map_id}/document", headers=school.ana.auth)).json()
        del document["visibility"]
        document["title"] = "Still private"
        tag = await etag(client, map_id, school.ana.auth)
        assert (
            await client.put(f"/maps/{map_id}", json=document, headers={**school.ana.auth, "If-Match": tag})
        ).is_success
        assert (await client.get(f"/maps/{map_id}", headers=school.ben.auth)).status_code == 404

    async def test_the_essay_is_public_and_only_admins_write_it(self, client: Client, school: School) -> None:
        assert (await client.get("/maps/import-ai-455/tree")).status_code == 200
        tag = await etag(client, "import-ai-455", {})
        refused = await client.patch(
            "/claims/import-ai-455/reporter-verdict",
            json={"base_score": 0.9},
            headers={**school.teacher.auth, "If-Match": tag.replace("-v", "/reporter-verdict-v")},
        )
        assert_problem(refused, 403)


class TestAnotherStudentsMap:
    """A student's token against a classmate's map: readable in the group, never writable."""

    async def test_replacing_it_is_forbidden(self, client: Client, school: School) -> None:
        map_id = await write_map(client, school.ana, "group")
        document = (await client.get(f"/maps/{map_id}/document", headers=school.ben.auth)).json()
        document["title"] = "Taken over"
        tag = await etag(client, map_id, school.ben.auth)
        assert_problem(
            await client.put(f"/maps/{map_id}", json=document, headers={**school.ben.auth, "If-Match": tag}),
            403,
        )
        assert (await client.get(f"/maps/{map_id}", headers=school.ana.auth)).json()["title"] != "Taken over"

    async def test_deleting_it_is_forbidden(self, client: Client, school: School) -> None:
        map_id = await write_map(client, school.ana, "group")
        tag = await etag(client, map_id, school.ben.auth)
        assert_problem(
            await client.delete(f"/maps/{map_id}", headers={**school.ben.auth, "If-Match": tag}), 403
        )
        assert (await client.get(f"/maps/{map_id}", headers=school.ana.auth)).status_code == 200

    async def test_restoring_it_is_forbidden(self, client: Client, school: School) -> None:
        map_id = await write_map(client, school.ana, "group")
        tag = await etag(client, map_id, school.ben.auth)
        refused = await client.post(
            f"/maps/{map_id}/versions/1/restore", headers={**school.ben.auth, "If-Match": tag}
        )
        assert_problem(refused, 403)

    async def test_editing_a_claim_is_forbidden(self, client: Client, school: School) -> None:
        map_id = await write_map(client, school.ana, "group")
        tag = (await client.get(f"/claims/{map_id}/thesis", headers=school.ben.auth)).headers["etag"]
        refused = await client.patch(
            f"/claims/{map_id}/thesis",
            json={"text": "Dogs rule."},
            headers={**school.ben.auth, "If-Match": tag},
        )
        assert_problem(refused, 403)

    async def test_the_teacher_may_edit_it(self, client: Client, school: School) -> None:
        map_id = await write_map(client, school.ana, "private")
        tag = (await client.get(f"/claims/{map_id}/thesis", headers=school.teacher.auth)).headers["etag"]
        edited = await client.patch(
            f"/claims/{map_id}/thesis",
            json={"text": "Cats are well rested."},
            headers={**school.teacher.auth, "If-Match": tag},
        )
        assert edited.status_code == 200, edited.text


class TestPrivateDrafts:
    """A private draft does not exist for anyone but its owner, their group's editors and admins."""

    @pytest.mark.parametrize(
        "path",
        ["/maps/{id}", "/maps/{id}/tree", "/maps/{id}/document", "/claims/{id}/thesis", "/maps/{id}/view"],
    )
    async def test_reading_it_is_not_found(self, client: Client, school: School, path: str) -> None:
        map_id = await write_map(client, school.ana, "private")
        url = path.format(id=map_id)
        hidden = await client.get(url, headers=school.ben.auth)
        missing = await client.get(path.format(id=unique("no-such-map")), headers=school.ben.auth)
        assert hidden.status_code == missing.status_code == 404
        assert (await client.get(url)).status_code == 404
        assert (await client.get(url, headers=school.other_teacher.auth)).status_code == 404
        assert (await client.get(url, headers=school.ana.auth)).status_code == 200
        assert (await client.get(url, headers=school.teacher.auth)).status_code == 200
        assert (await client.get(url, headers=AUTH)).status_code == 200

    @pytest.mark.parametrize("page", ["view", "embed"])
    async def test_a_page_of_it_is_a_not_found_page(self, client: Client, school: School, page: str) -> None:
        map_id = await write_map(client, school.ana, "private")
        hidden = await client.get(f"/maps/{map_id}/{page}", headers=school.ben.auth)
        assert hidden.status_code == 404
        assert hidden.headers["content-type"].startswith("text/html")
        assert "Not found" in hidden.text
        assert map_id in hidden.text

    async def test_the_refusal_says_no_more_than_a_missing_map(self, client: Client, school: School) -> None:
        map_id = await write_map(client, school.ana, "private")
        hidden = (await client.get(f"/maps/{map_id}", headers=school.ben.auth)).json()
        missing_id = unique("no-such-map")
        missing = (await client.get(f"/maps/{missing_id}", headers=school.ben.auth)).json()
        assert hidden["detail"].replace(map_id, "X") == missing["detail"].replace(missing_id, "X")

    async def test_listing_and_searching_leave_it_out(self, client: Client, school: School) -> None:
        word = "zyzzogeton" + secrets.token_hex(2)
        map_id = await write_map(client, school.ana, "private", text=f"Cats are {word}.")
        for who, sees in (
            (school.ben.auth, False),
            ({}, False),
            (school.ana.auth, True),
            (school.teacher.auth, True),
        ):
            listed = [m["id"] for m in (await client.get("/maps", headers=who)).json()["maps"]]
            assert (map_id in listed) is sees
            hits = (await client.get("/claims", params={"q": word}, headers=who)).json()["hits"]
            assert bool(hits) is sees, who
            facets = (await client.get("/claims", params={"q": word}, headers=who)).json()["facets"]
            assert (facets["total"] > 0) is sees

    async def test_its_source_is_private_too(self, client: Client, school: School) -> None:
        map_id = await write_map(client, school.ana, "private")
        assert (await client.get(f"/sources/{map_id}-src", headers=school.ben.auth)).status_code == 404
        assert (await client.get(f"/sources/{map_id}-src", headers=school.ana.auth)).status_code == 200

    async def test_a_group_map_is_the_groups_and_not_another_groups(
        self, client: Client, school: School
    ) -> None:
        map_id = await write_map(client, school.ana, "group")
        assert (await client.get(f"/maps/{map_id}", headers=school.ben.auth)).status_code == 200
        assert (await client.get(f"/maps/{map_id}", headers=school.other_teacher.auth)).status_code == 404
        assert (await client.get(f"/maps/{map_id}")).status_code == 404

    async def test_a_private_answer_is_not_for_shared_caches(self, client: Client, school: School) -> None:
        map_id = await write_map(client, school.ana, "private")
        response = await client.get(f"/maps/{map_id}/tree", params={"version": 1}, headers=school.ana.auth)
        assert response.headers["cache-control"].startswith("private")
        assert "public" not in response.headers["cache-control"]


class TestTokens:
    async def test_a_revoked_token_is_refused(self, client: Client, school: School) -> None:
        issued = (
            await client.post(
                f"/users/{school.ana.id}/tokens", json={"name": "spare"}, headers=school.ana.auth
            )
        ).json()
        auth = {"Authorization": f"Bearer {issued['secret']}"}
        assert (await client.get("/me", headers=auth)).json()["user"]["id"] == school.ana.id
        revoked = await client.delete(f"/tokens/{issued['token']['id']}", headers=school.teacher.auth)
        assert revoked.status_code == 200
        assert revoked.json()["revoked"]
        refused = assert_problem(await client.get("/me", headers=auth), 401)
        assert "revoked" in refused["detail"]

    async def test_an_expired_token_is_refused(
        self, client: Client, school: School, driver: AsyncDriver, neo4j_target: Neo4jTarget
    ) -> None:
        secret = "amt_" + secrets.token_urlsafe(32)
        await Neo4jStore(driver, neo4j_target.database).add_token(
            TokenRecord(
                id=secrets.token_hex(6),
                user=school.ana.id,
                name="old",
                digest=digest(secret),
                prefix=secret[:8],
                created="2025-01-01T00:00:00Z",
                expires="2025-02-01T00:00:00Z",
            )
        )
        assert_problem(await client.get("/me", headers={"Authorization": f"Bearer {secret}"}), 401)

    async def test_a_token_in_a_query_string_is_refused_and_never_logged(
        self, client: Client, school: School, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.DEBUG)
        for query in ({"access_token": school.ana.token}, {"q": school.ana.token}):
            refused = await client.get("/claims", params=query)
            body = assert_problem(refused, 400)
            assert school.ana.token not in refused.text
            assert "Authorization" in body["detail"]
        # The test's own HTTP client logs the URLs it requests; the server's records are what matter.
        server_records = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
        assert server_records, "the server logged nothing: the check would prove nothing"
        assert all(school.ana.token not in record.getMessage() for record in server_records)

    async def test_tokens_are_listed_without_their_secrets(self, client: Client, school: School) -> None:
        listed = await client.get(f"/users/{school.ana.id}/tokens", headers=school.ana.auth)
        assert listed.status_code == 200
        assert school.ana.token not in listed.text
        assert listed.json()["tokens"][0]["prefix"] == school.ana.token[:8]

    async def test_a_student_cannot_mint_a_token_for_a_classmate(
        self, client: Client, school: School
    ) -> None:
        refused = await client.post(
            f"/users/{school.ben.id}/tokens", json={"name": "mine now"}, headers=school.ana.auth
        )
        assert_problem(refused, 404)

    async def test_a_wrong_token_is_refused_on_a_read_too(self, client: Client) -> None:
        refused = await client.get("/maps", headers={"Authorization": "Bearer amt_" + "x" * 43})
        assert_problem(refused, 401)
        assert refused.headers["www-authenticate"].startswith("Bearer")


class TestRolesAndGroups:
    async def test_raising_ones_own_role_is_forbidden(self, client: Client, school: School) -> None:
        for me in (school.ana, school.teacher):
            refused = await client.patch(f"/users/{me.id}", json={"role": "admin"}, headers=me.auth)
            assert_problem(refused, 403)
            assert (await client.get("/me", headers=me.auth)).json()["user"]["role"] != "admin"

    async def test_a_teacher_cannot_promote_a_student(self, client: Client, school: School) -> None:
        refused = await client.patch(
            f"/users/{school.ana.id}", json={"role": "editor"}, headers=school.teacher.auth
        )
        assert_problem(refused, 403)

    async def test_an_author_cannot_create_people_or_groups(self, client: Client, school: School) -> None:
        assert_problem(
            await client.post("/users", json={"name": "Eve", "role": "author"}, headers=school.ana.auth), 403
        )
        assert_problem(
            await client.post("/groups", json={"id": unique("g"), "name": "G"}, headers=school.teacher.auth),
            403,
        )

    async def test_an_editor_creates_only_authors_of_their_own_group(
        self, client: Client, school: School
    ) -> None:
        for body in (
            {"name": "Eve", "role": "editor", "group": school.group},
            {"name": "Eve", "role": "author", "group": school.other_group},
        ):
            assert_problem(await client.post("/users", json=body, headers=school.teacher.auth), 403)

    async def test_an_editor_of_another_group_cannot_touch_this_one(
        self, client: Client, school: School
    ) -> None:
        other = school.other_teacher.auth
        assert_problem(await client.get(f"/users/{school.ana.id}", headers=other), 404)
        assert_problem(
            await client.post(f"/users/{school.ana.id}/tokens", json={"name": "x"}, headers=other), 404
        )
        assert_problem(await client.post(f"/users/{school.ana.id}/sign-in-links", headers=other), 404)
        assert_problem(
            await client.patch(f"/users/{school.ana.id}", json={"disabled": True}, headers=other), 404
        )
        tokens = (await client.get(f"/users/{school.ana.id}/tokens", headers=school.teacher.auth)).json()[
            "tokens"
        ]
        assert_problem(await client.delete(f"/tokens/{tokens[0]['id']}", headers=other), 404)
        map_id = await write_map(client, school.ana, "group")
        assert_problem(await client.get(f"/maps/{map_id}", headers=other), 404)

    async def test_a_disabled_student_is_signed_out_everywhere(self, client: Client, school: School) -> None:
        disabled = await client.patch(
            f"/users/{school.ben.id}", json={"disabled": True}, headers=school.teacher.auth
        )
        assert disabled.status_code == 200
        assert disabled.json()["disabled"]
        assert_problem(await client.get("/me", headers=school.ben.auth), 401)

    async def test_people_listed_never_show_a_password(self, client: Client, school: School) -> None:
        password = "correct horse battery " + secrets.token_hex(4)
        created = await client.post(
            "/users",
            json={"name": unique("Pat"), "role": "author", "group": school.group, "password": password},
            headers=school.teacher.auth,
        )
        assert created.status_code == 201
        listed = await client.get("/users", headers=school.teacher.auth)
        for text in (created.text, listed.text):
            assert password not in text
            assert "argon2" not in text
        assert created.json()["signs_in_with_password"] is True


class TestSessions:
    async def sign_in(self, client: Client, school: School, who: Person) -> dict[str, Any]:
        link = await client.post(f"/users/{who.id}/sign-in-links", headers=school.teacher.auth)
        assert link.status_code == 201, link.text
        assert link.headers["cache-control"] == "no-store"
        code = link.json()["url"].split("#", 1)[1]
        signed_in = await client.post("/session", json={"code": code})
        assert signed_in.status_code == 200, signed_in.text
        cookie = signed_in.headers["set-cookie"]
        assert "HttpOnly" in cookie
        assert "SameSite=lax" in cookie.replace("Lax", "lax")
        return {"code": code, **signed_in.json()}

    async def test_a_link_signs_in_once(self, client: Client, school: School) -> None:
        session = await self.sign_in(client, school, school.ana)
        assert session["user"]["id"] == school.ana.id
        assert session["via"] == "session"
        client.cookies.clear()
        again = await client.post("/session", json={"code": session["code"]})
        assert_problem(again, 401)

    async def test_a_write_with_the_cookie_needs_the_csrf_token(self, client: Client, school: School) -> None:
        session = await self.sign_in(client, school, school.ana)
        try:
            map_id = await write_map(client, school.ana, "private")
            tag = (await client.get(f"/claims/{map_id}/thesis")).headers["etag"]
            edit = {"text": "Cats nap a lot."}
            refused = await client.patch(f"/claims/{map_id}/thesis", json=edit, headers={"If-Match": tag})
            assert_problem(refused, 403)
            forged = await client.patch(
                f"/claims/{map_id}/thesis", json=edit, headers={"If-Match": tag, "X-CSRF-Token": "guess"}
            )
            assert_problem(forged, 403)
            accepted = await client.patch(
                f"/claims/{map_id}/thesis",
                json=edit,
                headers={"If-Match": tag, "X-CSRF-Token": session["csrf"]},
            )
            assert accepted.status_code == 200, accepted.text
        finally:
            client.cookies.clear()

    async def test_a_cross_origin_write_with_the_cookie_is_refused(
        self, client: Client, school: School
    ) -> None:
        session = await self.sign_in(client, school, school.ana)
        try:
            map_id = await write_map(client, school.ana, "private")
            tag = await etag(client, map_id, {})
            refused = await client.delete(
                f"/maps/{map_id}",
                headers={"If-Match": tag, "X-CSRF-Token": session["csrf"], "Origin": "https://evil.example"},
            )
            assert_problem(refused, 403)
            assert (await client.get(f"/maps/{map_id}")).status_code == 200
        finally:
            client.cookies.clear()

    async def test_signing_out_ends_the_session_on_the_server(self, client: Client, school: School) -> None:
        session = await self.sign_in(client, school, school.ana)
        cookie = client.cookies.get("argmap_session")
        assert cookie
        out = await client.delete("/session", headers={"X-CSRF-Token": session["csrf"]})
        assert out.status_code == 204
        client.cookies.clear()
        client.cookies.set("argmap_session", cookie)
        try:
            assert (await client.get("/me")).json()["user"] is None
            assert_problem(
                await client.post("/maps", json={}, headers={"X-CSRF-Token": session["csrf"]}), 401
            )
        finally:
            client.cookies.clear()

    async def test_guessing_a_password_is_limited_and_audited(
        self,
        client: Client,
        school: School,
        caplog: pytest.LogCaptureFixture,
        driver: AsyncDriver,
        neo4j_target: Neo4jTarget,
    ) -> None:
        caplog.set_level(logging.INFO, logger="argmap.audit")
        # The count per address outlives a run in the database; this test starts from none.
        await Neo4jStore(driver, neo4j_target.database).clear_failed_sign_ins("addr:testclient")
        password = "the right one " + secrets.token_hex(6)
        patched = await client.patch(
            f"/users/{school.ben.id}", json={"password": password}, headers=school.teacher.auth
        )
        assert patched.status_code == 200
        statuses = [
            (
                await client.post("/session", json={"user": school.ben.id, "password": f"guess {n:02d} nope"})
            ).status_code
            for n in range(12)
        ]
        assert statuses[:10] == [401] * 10
        assert statuses[10:] == [429, 429]
        right = await client.post("/session", json={"user": school.ben.id, "password": password})
        assert_problem(right, 429)
        assert right.headers["retry-after"]
        failures = [
            r for r in caplog.records if r.name == "argmap.audit" and "sign-in-failed" in r.getMessage()
        ]
        assert len(failures) >= 12
        assert all(password not in r.getMessage() and "guess" not in r.getMessage() for r in caplog.records)
        client.cookies.clear()
