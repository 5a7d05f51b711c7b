"""Two maps compared and a source's coverage over HTTP, on the memory store: formats, errors and who may see.

Map A (``student-a``) and map B (``student-b``) read the same text with the differences
``support.classroom_maps`` plants; ``homework`` reads another text.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from support.app import AUTH, PUBLIC_URL, TOKEN, Client
from support.classroom_maps import SOURCE, TEXT, homework_map, reading
from support.memory_store import MemoryStore
from support.problems import assert_problem

from api.app import create_app
from api.debate import PRINTED_PAGE_POLICY
from api.settings import Settings
from graph.compare import sentences
from graph.compute import ComputePool
from graph.mapgraph import node_strengths
from graph.service import MapService
from schemas import MapDocument

COMPARE = "/maps/student-a/compare/student-b"
COVERAGE = f"/sources/{SOURCE.id}/coverage"


@pytest.fixture
async def classroom() -> AsyncIterator[Client]:
    """The app over a memory store holding A, B and the homework map, all public."""
    memory = MemoryStore()
    for document in (reading("student-a", 0), reading("student-b", 1), homework_map()):
        memory._write(document, node_strengths(document), None, False, False)
    service = MapService(memory, pool=ComputePool(workers=2, queue=8, deadline_s=30.0))
    settings = Settings(api_token=TOKEN, rate_limit_per_minute=0, public_url=PUBLIC_URL)
    async with AsyncTestClient(create_app(settings, service)) as client:
        yield client


class TestCompare:
    async def test_reports_exactly_the_planted_differences(self, classroom: Client) -> None:
        response = await classroom.get(COMPARE)
        assert response.status_code == 200, response.text
        body = response.json()
        assert [node["id"] for node in body["missed"]] == ["attendance"]
        assert [node["id"] for node in body["extra"]] == ["b-intruders"]
        assert [(c["change"], c["a"]["source"], c["b"]["source"]) for c in body["relations"]] == [
            ("polarity", "other-ways", "b-other")
        ]
        assert [(d["a"], d["difference"]) for d in body["base_scores"]] == [("cost", -0.3)]
        assert [(d["a"]["source"], d["difference"]) for d in body["weights"]] == [("bullying", -0.4)]
        assert len(body["matches"]) == 6

    async def test_each_verdict_is_the_maps_own_root_strength(self, classroom: Client) -> None:
        body = (await classroom.get(COMPARE)).json()
        for side, map_id in (("a", "student-a"), ("b", "student-b")):
            scores = (await classroom.get(f"/maps/{map_id}/scores")).json()
            verdict = body[side]
            assert (verdict["map_id"], verdict["root"], verdict["semantics"]) == (
                map_id,
                scores["root"],
                "QE",
            )
            assert verdict["strength"] == pytest.approx(scores["root_strength"])

    @pytest.mark.parametrize(
        ("format", "media_type"),
        [("markdown", "text/markdown"), ("html", "text/html"), ("json", "application/json")],
    )
    async def test_answers_each_printed_format_tagged_by_both_versions(
        self, classroom: Client, format: str, media_type: str
    ) -> None:
        response = await classroom.get(COMPARE, params={"format": format})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(media_type)
        tag = response.headers["etag"]
        assert "student-a-v1" in tag
        assert "student-b-v1" in tag
        assert (
            await classroom.get(COMPARE, params={"format": format}, headers={"If-None-Match": tag})
        ).status_code == 304
        if format == "html":
            assert response.headers["content-security-policy"] == PRINTED_PAGE_POLICY
            assert "B does not map the argument at characters" in response.text

    async def test_a_write_to_b_changes_the_tag(self, classroom: Client) -> None:
        tag = (await classroom.get(COMPARE)).headers["etag"]
        document = msgspec.to_builtins(reading("student-b", 1))
        document["title"] = "Uniforms, read again"
        etag = (await classroom.get("/maps/student-b")).headers["etag"]
        written = await classroom.put("/maps/student-b", json=document, headers={**AUTH, "If-Match": etag})
        assert written.status_code == 200, written.text
        again = await classroom.get(COMPARE)
        assert again.headers["etag"] != tag
        assert again.json()["b"]["title"] == "Uniforms, read again"

    async def test_top_limits_the_differences_listed(self, classroom: Client) -> None:
        assert (await classroom.get(COMPARE, params={"top": 0})).status_code == 400
        assert (await classroom.get(COMPARE, params={"top": 51})).status_code == 400
        assert (await classroom.get(COMPARE, params={"top": 1})).json()["base_scores_differing"] == 1

    async def test_maps_of_different_sources_are_a_422_naming_both(self, classroom: Client) -> None:
        body = assert_problem(await classroom.get("/maps/student-a/compare/homework"), 422)
        assert "'student-a' and 'homework'" in body["detail"]
        assert [problem["message"] for problem in body["problems"]] == [
            f"'student-a' cites {SOURCE.id!r}",
            "'homework' cites 'other-essay'",
        ]

    @pytest.mark.parametrize("path", ["/maps/student-a/compare/nope", "/maps/nope/compare/student-b"])
    async def test_a_map_that_does_not_exist_is_a_404(self, classroom: Client, path: str) -> None:
        body = assert_problem(await classroom.get(path), 404)
        assert "'nope'" in body["detail"]


class TestCoverage:
    async def test_counts_every_map_citing_the_source_by_default(self, classroom: Client) -> None:
        response = await classroom.get(COVERAGE)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["maps"] == ["student-a", "student-b"]
        assert [(row["start"], row["end"]) for row in body["sentences"]] == sentences(TEXT)
        assert all(TEXT[row["start"] : row["end"]] == row["text"] for row in body["sentences"])
        counts = [row["count"] for row in body["sentences"]]
        assert counts == [2, 2, 2, 2, 2, 1, 1]
        assert [row["maps"] for row in body["sentences"]][-2:] == [["student-a"], ["student-b"]]

    async def test_counts_only_the_maps_named(self, classroom: Client) -> None:
        body = (await classroom.get(COVERAGE, params={"maps": "student-b, ,student-b"})).json()
        assert body["maps"] == ["student-b"]
        assert [row["count"] for row in body["sentences"]] == [1, 1, 1, 1, 1, 0, 1]

    async def test_a_map_that_does_not_exist_is_a_404_naming_it(self, classroom: Client) -> None:
        body = assert_problem(await classroom.get(COVERAGE, params={"maps": "student-a,ghost"}), 404)
        assert "'ghost'" in body["detail"]

    async def test_a_map_that_does_not_cite_the_source_is_a_422_naming_it(self, classroom: Client) -> None:
        body = assert_problem(await classroom.get(COVERAGE, params={"maps": "student-a,homework"}), 422)
        assert "'homework'" in body["detail"]
        assert body["problems"][0]["path"] == "maps"

    async def test_a_source_nobody_cites_is_a_404(self, classroom: Client) -> None:
        assert_problem(await classroom.get("/sources/nothing-here/coverage"), 404)
        assert_problem(await classroom.get("/sources/nothing-here/coverage.html"), 404)

    async def test_the_page_shades_each_sentence_and_says_its_count(self, classroom: Client) -> None:
        response = await classroom.get(f"{COVERAGE}.html")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["content-security-policy"] == PRINTED_PAGE_POLICY
        assert response.text.count('<span class="n">2<span class="vh"> of 2 maps</span></span>') == 5
        assert "quoted by 1 of 2 maps" in response.text
        assert "<script" not in response.text
        tag = response.headers["etag"]
        assert (await classroom.get(f"{COVERAGE}.html", headers={"If-None-Match": tag})).status_code == 304

    async def test_an_undeclared_parameter_is_refused(self, classroom: Client) -> None:
        assert_problem(await classroom.get(COVERAGE, params={"map": "student-a"}), 400)


@dataclass(frozen=True, slots=True)
class Student:
    id: str
    auth: dict[str, str]


async def student(client: Client, name: str, group: str) -> Student:
    created = await client.post("/users", json={"name": name, "role": "author", "group": group}, headers=AUTH)
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    issued = await client.post(f"/users/{user_id}/tokens", json={"name": "tests"}, headers=AUTH)
    assert issued.status_code == 201, issued.text
    return Student(user_id, {"Authorization": f"Bearer {issued.json()['secret']}"})


async def write(client: Client, who: Student, document: MapDocument) -> None:
    written = await client.post("/maps", json=msgspec.to_builtins(document), headers=who.auth)
    assert written.status_code == 201, written.text


class TestWhoMaySee:
    """Ana's private reading is hers: Ben may read A, not hers, and nothing tells him that hers exists."""

    @pytest.fixture
    async def class_of_two(self, classroom: Client) -> tuple[Student, Student]:
        made = await classroom.post("/groups", json={"id": "class-9b", "name": "Class 9B"}, headers=AUTH)
        assert made.status_code == 201, made.text
        ana, ben = await student(classroom, "Ana", "class-9b"), await student(classroom, "Ben", "class-9b")
        await write(classroom, ana, reading("ana-private", 1, visibility="private"))
        return ana, ben

    async def test_a_reader_of_a_but_not_b_gets_a_404_for_the_comparison(
        self, classroom: Client, class_of_two: tuple[Student, Student]
    ) -> None:
        ana, ben = class_of_two
        assert (await classroom.get("/maps/student-a", headers=ben.auth)).status_code == 200
        refused = assert_problem(
            await classroom.get("/maps/student-a/compare/ana-private", headers=ben.auth), 404
        )
        missing = assert_problem(
            await classroom.get("/maps/student-a/compare/no-such-map", headers=ben.auth), 404
        )
        assert refused["detail"].replace("ana-private", "X") == missing["detail"].replace("no-such-map", "X")
        for path in (
            "/maps/ana-private/compare/student-a",
            "/maps/student-a/compare/ana-private?format=html",
        ):
            assert_problem(await classroom.get(path, headers=ben.auth), 404)
        assert_problem(await classroom.get("/maps/student-a/compare/ana-private"), 404)  # anonymous
        mine = await classroom.get("/maps/student-a/compare/ana-private", headers=ana.auth)
        assert mine.status_code == 200, mine.text
        assert [node["id"] for node in mine.json()["missed"]] == ["attendance"]

    async def test_coverage_counts_only_the_maps_the_caller_may_read(
        self, classroom: Client, class_of_two: tuple[Student, Student]
    ) -> None:
        ana, ben = class_of_two
        assert (await classroom.get(COVERAGE, headers=ben.auth)).json()["maps"] == ["student-a", "student-b"]
        assert (await classroom.get(COVERAGE, headers=ana.auth)).json()["maps"] == [
            "ana-private",
            "student-a",
            "student-b",
        ]
        body = assert_problem(
            await classroom.get(COVERAGE, params={"maps": "ana-private"}, headers=ben.auth), 404
        )
        assert "'ana-private'" in body["detail"]
        page = await classroom.get(f"{COVERAGE}.html", headers=ben.auth)
        assert "ana-private" not in page.text
