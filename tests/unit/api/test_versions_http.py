"""Every version kept: pinned reads that never change, the list, differences, a claim's history, restore."""

from __future__ import annotations

import pytest
from support.app import AUTH, Client
from support.problems import assert_problem

from api.params import IMMUTABLE

CLAIM = "/claims/pets/sleep-good"


async def patch_base_score(client: Client, score: float, claim: str = CLAIM) -> str:
    tag = (await client.get(claim)).headers["etag"]
    response = await client.patch(claim, json={"base_score": score}, headers={**AUTH, "If-Match": tag})
    assert response.status_code == 200, response.text
    return str(response.headers["etag"])


class TestPinnedReads:
    async def test_a_pinned_diagram_answers_the_same_bytes_after_two_writes(self, client: Client) -> None:
        first = await client.get("/maps/pets/diagram", params={"format": "svg", "version": 1})
        assert first.status_code == 200
        assert first.headers["cache-control"] == IMMUTABLE
        await patch_base_score(client, 0.2)
        await patch_base_score(client, 0.9)
        again = await client.get("/maps/pets/diagram", params={"format": "svg", "version": 1})
        assert again.status_code == 200
        assert again.content == first.content
        assert again.headers["etag"] == first.headers["etag"]
        current = await client.get("/maps/pets/diagram", params={"format": "svg"})
        assert current.content != first.content, "the current drawing shows the writes"

    async def test_a_claim_as_it_stood_shows_its_old_base_score(self, client: Client) -> None:
        before = (await client.get(CLAIM)).json()["base_score"]
        await patch_base_score(client, 0.11)
        old = await client.get(CLAIM, params={"version": 1})
        assert old.status_code == 200
        assert old.json()["base_score"] == before
        assert old.headers["cache-control"] == IMMUTABLE
        assert old.headers["etag"] == '"pets/sleep-good-v1"'
        assert (await client.get(CLAIM)).json()["base_score"] == 0.11

    @pytest.mark.parametrize(
        "path",
        ["/maps/pets", "/maps/pets/document", "/maps/pets/tree", "/maps/pets/scores", "/maps/pets/forecasts"],
    )
    async def test_every_read_of_a_map_takes_a_version(self, client: Client, path: str) -> None:
        await patch_base_score(client, 0.3)
        old = await client.get(path, params={"version": 1})
        new = await client.get(path, params={"version": 2})
        assert (old.status_code, new.status_code) == (200, 200)
        assert old.headers["etag"] != new.headers["etag"]
        assert old.headers["cache-control"] == IMMUTABLE

    async def test_what_if_runs_against_the_version_asked(self, client: Client) -> None:
        await patch_base_score(client, 0.05)
        body = {"base_scores": {"dogs-bark": 0.5}}
        old = (await client.post("/maps/pets/what-if", json=body, params={"version": 1})).json()
        new = (await client.post("/maps/pets/what-if", json=body)).json()
        assert old["version"] == 1
        assert new["version"] == 2

    async def test_a_version_never_kept_is_a_404_naming_the_range(self, client: Client) -> None:
        body = assert_problem(await client.get("/maps/pets/tree", params={"version": 9}), 404)
        assert "kept are versions 1 to 1" in body["detail"]

    @pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
    async def test_a_version_that_is_not_a_positive_integer_is_a_400(
        self, client: Client, value: str
    ) -> None:
        assert_problem(await client.get("/maps/pets/scores", params={"version": value}), 400)


class TestVersionList:
    async def test_newest_first_with_author_changes_and_root_strength(self, client: Client) -> None:
        await patch_base_score(client, 0.2)
        response = await client.get("/maps/pets/versions")
        assert response.status_code == 200
        listing = response.json()
        assert listing["current"] == 2
        newest, oldest = listing["versions"]
        assert (newest["version"], oldest["version"]) == (2, 1)
        assert newest["author"] == "api-token"
        assert newest["changes"]["nodes_changed"] == 1
        assert newest["changes"]["nodes_added"] == 0
        assert isinstance(newest["root_strength"], float)
        again = await client.get("/maps/pets/versions", headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304

    async def test_pages_follow_next_before(self, client: Client) -> None:
        for score in (0.2, 0.3, 0.4):
            await patch_base_score(client, score)
        first = (await client.get("/maps/pets/versions", params={"limit": 2})).json()
        assert [v["version"] for v in first["versions"]] == [4, 3]
        rest = (
            await client.get("/maps/pets/versions", params={"limit": 2, "before": first["next_before"]})
        ).json()
        assert [v["version"] for v in rest["versions"]] == [2, 1]
        assert rest["next_before"] is None


class TestDiffAndHistory:
    async def test_the_diff_lists_exactly_the_edit_made(self, client: Client) -> None:
        await patch_base_score(client, 0.25)
        diff = (await client.get("/maps/pets/diff")).json()
        assert (diff["from_version"], diff["to_version"]) == (1, 2)
        assert diff["relations"] == []
        (node,) = diff["nodes"]
        assert (node["id"], node["change"]) == ("sleep-good", "changed")
        assert [(f["field"], f["after"]) for f in node["fields"]] == [("base_score", 0.25)]

    async def test_the_diff_prints_as_markdown_and_html_with_every_text_escaped(self, client: Client) -> None:
        tag = (await client.get(CLAIM)).headers["etag"]
        hostile = "<script>alert(1)</script> *loud* [x](javascript:y)"
        edited = await client.patch(CLAIM, json={"text": hostile}, headers={**AUTH, "If-Match": tag})
        assert edited.status_code == 200, edited.text
        markdown = await client.get("/maps/pets/diff", params={"format": "markdown"})
        assert markdown.headers["content-type"] == "text/markdown; charset=utf-8"
        assert "&lt;script&gt;" in markdown.text
        assert "\\*loud\\*" in markdown.text
        assert "<script>" not in markdown.text
        page = await client.get("/maps/pets/diff", params={"format": "html"})
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert "<script>" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "<del>" in page.text
        assert page.headers["etag"] != markdown.headers["etag"]

    async def test_from_not_before_to_is_a_400(self, client: Client) -> None:
        await patch_base_score(client, 0.25)
        assert_problem(await client.get("/maps/pets/diff", params={"from": 2, "to": 1}), 400)
        assert_problem(await client.get("/maps/pets/diff", params={"from": 2, "to": 2}), 400)

    async def test_a_claims_history_names_what_changed_when(self, client: Client) -> None:
        await patch_base_score(client, 0.25)
        await patch_base_score(client, 0.25, claim="/claims/pets/dogs-bark")
        history = (await client.get(f"{CLAIM}/history")).json()
        rows = [(row["version"], row["changed"]) for row in history["versions"]]
        assert rows[0] == (1, ["created"])
        assert rows[1][0] == 2
        assert "base_score" in rows[1][1]
        assert "strength" in rows[1][1]
        assert [row["base_score"] for row in history["versions"]][-1] == 0.25

    async def test_why_the_verdict_changed_adds_up(self, client: Client) -> None:
        await patch_base_score(client, 0.1)
        await patch_base_score(client, 0.95, claim="/claims/pets/dogs-bark")
        change = (await client.get("/maps/pets/changes", params={"from": 1, "to": 3})).json()
        assert change["method"] == "exact"
        total = sum(edit["contribution"] for edit in change["edits"])
        assert total == pytest.approx(change["delta"], abs=1e-9)
        assert change["delta"] == pytest.approx(change["after"] - change["before"], abs=1e-12)
        assert {edit["edit"] for edit in change["edits"]} == {"node sleep-good", "node dogs-bark"}


class TestRestore:
    async def test_restore_writes_a_new_version_equal_to_the_old(self, client: Client) -> None:
        original = (await client.get("/maps/pets/document")).json()
        tag = await patch_base_score(client, 0.2)
        map_tag = (await client.get("/maps/pets")).headers["etag"]
        assert map_tag != tag
        restored = await client.post("/maps/pets/versions/1/restore", headers={**AUTH, "If-Match": map_tag})
        assert restored.status_code == 200, restored.text
        assert restored.json()["version"] == 3
        assert restored.headers["etag"] == '"pets-v3"'
        assert (await client.get("/maps/pets/document")).json() == original

    async def test_restore_needs_the_token_and_if_match(self, client: Client) -> None:
        assert_problem(await client.post("/maps/pets/versions/1/restore"), 401)
        assert_problem(await client.post("/maps/pets/versions/1/restore", headers=AUTH), 428)
        stale = await client.post("/maps/pets/versions/1/restore", headers={**AUTH, "If-Match": '"pets-v7"'})
        assert_problem(stale, 412)
        assert [v["version"] for v in (await client.get("/maps/pets/versions")).json()["versions"]] == [1]


class TestForecastHistory:
    async def test_a_resolution_shows_in_the_forecasts_history(self, essay_client: Client) -> None:
        forecast = "forecast-2027-thirty-percent"
        tag = (await essay_client.get("/maps/import-ai-455")).headers["etag"]
        resolution = {
            "outcome": True,
            "resolution_source": "https://example.org/report",
            "resolved_on": "2026-12-01",
        }
        resolved = await essay_client.post(
            f"/maps/import-ai-455/forecasts/{forecast}/resolution",
            json=resolution,
            headers={**AUTH, "If-Match": tag},
        )
        assert resolved.status_code == 200, resolved.text
        listing = (await essay_client.get("/maps/import-ai-455/forecasts")).json()
        (entry,) = [entry for entry in listing["forecasts"] if entry["node"] == forecast]
        assert [(row["version"], row["status"]) for row in entry["history"]] == [
            (1, "open"),
            (2, "resolved-true"),
        ]
        pinned = (await essay_client.get("/maps/import-ai-455/forecasts", params={"version": 1})).json()
        (old,) = [entry for entry in pinned["forecasts"] if entry["node"] == forecast]
        assert [row["status"] for row in old["history"]] == ["open"]


@pytest.mark.parametrize(
    "path",
    [
        "/maps/pets/versions?before=99999999999999999999",
        "/maps/pets/tree?version=99999999999999999999",
        "/maps/pets/diff?from=1&to=99999999999999999999",
        "/maps/pets/view?since=99999999999999999999",
    ],
)
async def test_a_version_number_beyond_any_map_is_a_400_not_a_database_error(
    client: Client, path: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 400
    assert path.split("?")[1].split("=", maxsplit=1)[0] in response.text
