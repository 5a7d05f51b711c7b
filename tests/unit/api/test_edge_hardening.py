"""What an outside probe found at the edge, each fixed where it belongs and held here.

- Absolute URLs (oEmbed, the viewer's links, ClaimReview) come from the configured public URL, never from the
  ``Host`` header a client chooses.
- JSON bodies nest at most 64 levels, as documented, whatever the endpoint.
- An empty body where a JSON object is expected is a malformed request (400), as documented.
- ``/forecasts`` answers an ETag and honours ``If-None-Match`` like every other read.
- ``/health`` says the database answers, not which database software and version it runs.
- Every answer says ``nosniff``; a drawing opened on its own may run no script.
"""

from __future__ import annotations

import json

import pytest
from support.app import AUTH, PUBLIC_URL, Client
from support.problems import assert_problem

EVIL = "evil.example"


class TestNoAbsoluteUrlFromHost:
    async def test_oembed_for_another_host_is_not_this_servers(self, client: Client) -> None:
        response = await client.get(
            "/oembed", params={"url": f"http://{EVIL}/maps/pets/view"}, headers={"Host": EVIL}
        )
        assert_problem(response, 404)

    async def test_oembed_answers_the_public_url_whatever_the_host(self, client: Client) -> None:
        response = await client.get(
            "/oembed", params={"url": f"{PUBLIC_URL}/maps/pets/view"}, headers={"Host": EVIL}
        )
        assert response.status_code == 200, response.text
        html = response.json()["html"]
        assert f'src="{PUBLIC_URL}/maps/pets/embed' in html
        assert EVIL not in html

    async def test_the_viewer_links_to_the_public_url(self, client: Client) -> None:
        response = await client.get("/maps/pets/view", headers={"Host": EVIL})
        assert response.status_code == 200
        assert EVIL not in response.text
        assert f"{PUBLIC_URL}/maps/pets/view" in response.text

    async def test_claimreview_urls_start_with_the_public_url(self, essay_client: Client) -> None:
        response = await essay_client.get(
            "/maps/import-ai-455/export", params={"format": "claimreview"}, headers={"Host": EVIL}
        )
        assert response.status_code == 200, response.text
        assert EVIL not in response.text
        assert f"{PUBLIC_URL}/maps/import-ai-455/view?version=" in response.text


class TestDocumentedBodyRules:
    @pytest.mark.parametrize("depth", [65, 200])
    async def test_json_nested_past_64_levels_is_refused_by_that_rule(
        self, client: Client, depth: int
    ) -> None:
        nested = "[" * depth + "]" * depth
        response = await client.post(
            "/qbaf/evaluate",
            content=f'{{"arguments": {{"a": 0.5}}, "supports": {nested}}}',
            headers={"Content-Type": "application/json"},
        )
        body = assert_problem(response, 400)
        assert "nested deeper than 64 levels" in body["detail"]

    async def test_json_nested_64_levels_is_read(self, client: Client) -> None:
        # 62 list levels inside the body's object and its "supports" list: 64 in all, the documented limit.
        nested = "[" * 62 + "]" * 62
        response = await client.post(
            "/qbaf/evaluate",
            content=f'{{"arguments": {{"a": 0.5}}, "supports": {nested}}}',
            headers={"Content-Type": "application/json"},
        )
        body = assert_problem(response, 422)
        assert "nested" not in response.text, "refused by the body's type, not its depth"
        assert body["problems"][0]["path"] == "supports[0]"

    @pytest.mark.parametrize("path", ["/maps/pets/what-if", "/qbaf/evaluate", "/maps/pets/what-if/diagram"])
    async def test_an_empty_body_is_a_bad_request(self, client: Client, path: str) -> None:
        response = await client.post(path, content=b"", headers={"Content-Type": "application/json"})
        body = assert_problem(response, 400)
        assert "empty" in body["detail"]

    async def test_an_empty_patch_body_is_a_bad_request(self, client: Client) -> None:
        tag = (await client.get("/claims/pets/thesis")).headers["etag"]
        response = await client.patch(
            "/claims/pets/thesis",
            content=b"",
            headers={**AUTH, "If-Match": tag, "Content-Type": "application/json"},
        )
        body = assert_problem(response, 400)
        assert "empty" in body["detail"]


class TestBrowsersTakeTheDeclaredType:
    @pytest.mark.parametrize(
        "path", ["/maps/pets", "/maps/pets/tree", "/nothing/here", "/claims?q=cats", "/maps/pets/view"]
    )
    async def test_every_answer_says_nosniff(self, client: Client, path: str) -> None:
        response = await client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-type"].count("charset") <= 1

    async def test_a_drawing_opened_alone_runs_no_script(self, client: Client) -> None:
        response = await client.get("/maps/pets/diagram", params={"format": "svg"})
        assert response.status_code == 200
        assert response.headers["x-content-type-options"] == "nosniff"
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert "script-src" not in policy


class TestReads:
    async def test_all_forecasts_answer_an_etag_and_304(self, client: Client) -> None:
        first = await client.get("/forecasts")
        assert first.status_code == 200
        tag = first.headers["etag"]
        again = await client.get("/forecasts", headers={"If-None-Match": tag})
        assert again.status_code == 304
        assert again.headers["etag"] == tag

    async def test_health_does_not_name_the_database_software(self, client: Client) -> None:
        response = await client.get("/health")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert not {"neo4j_version", "neo4j_edition"} & set(body)
        assert "neo4j" not in json.dumps(body).lower()
