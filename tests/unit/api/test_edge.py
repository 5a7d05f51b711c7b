"""At the edge of every request: HEAD, CORS (simple and preflight), caching headers, compression, ETags."""

from __future__ import annotations

import gzip
import re
from collections.abc import AsyncIterator

import brotli  # type: ignore[import-untyped]
import pytest
from litestar.testing import AsyncTestClient
from support.app import AUTH, PUBLIC_URL, TOKEN, Client
from support.memory_store import MemoryStore

from api.app import create_app
from api.edge import ArgmapApp
from api.settings import Settings
from graph.compute import ComputePool
from graph.service import MapService

FOREIGN = "https://news.example"
DESK = "https://desk.example"
READS = [
    "/maps",
    "/maps/pets",
    "/maps/pets/tree",
    "/claims?q=cats",
    "/claims/pets/thesis",
    "/sources/pets-note",
]


@pytest.fixture
async def desk_client(store: MemoryStore) -> AsyncIterator[Client]:
    """The app with writes allowed from one other origin."""
    service = MapService(store, pool=ComputePool(workers=2, queue=4, deadline_s=10.0))
    settings = Settings(api_token=TOKEN, rate_limit_per_minute=0, cors_write_origins=DESK)
    async with AsyncTestClient(create_app(settings, service)) as test_client:
        yield test_client


class TestHead:
    @pytest.mark.parametrize("path", READS)
    async def test_head_answers_as_get_without_a_body(self, client: Client, path: str) -> None:
        got = await client.get(path)
        head = await client.head(path)
        assert head.status_code == got.status_code == 200
        assert head.content == b""
        assert head.headers.get("etag") == got.headers.get("etag")
        assert head.headers["content-type"] == got.headers["content-type"]

    async def test_head_of_a_missing_map_is_404(self, client: Client) -> None:
        assert (await client.head("/maps/ghost")).status_code == 404


class TestCaching:
    @pytest.mark.parametrize("path", READS)
    async def test_every_read_has_an_etag_that_answers_304(self, client: Client, path: str) -> None:
        first = await client.get(path)
        tag = first.headers["etag"]
        assert first.headers["cache-control"] == "no-cache"
        assert "accept-encoding" in first.headers["vary"].lower()
        again = await client.get(path, headers={"If-None-Match": tag})
        assert again.status_code == 304
        assert again.content == b""

    async def test_a_claims_tag_changes_when_another_node_is_edited(self, client: Client) -> None:
        before = await client.get("/claims/pets/thesis")
        edited = await client.get("/claims/pets/sleep-good")
        response = await client.patch(
            "/claims/pets/sleep-good",
            json={"base_score": 0.1},
            headers={**AUTH, "If-Match": edited.headers["etag"]},
        )
        assert response.status_code == 200, response.text
        after = await client.get("/claims/pets/thesis", headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200
        assert after.headers["etag"] != before.headers["etag"]
        assert after.json()["strength"] != before.json()["strength"]

    async def test_json_is_gzipped_when_asked(self, client: Client) -> None:
        plain = await client.get("/maps/pets/document", headers={"Accept-Encoding": "identity"})
        zipped = await client.get("/maps/pets/document", headers={"Accept-Encoding": "gzip"})
        assert len(plain.content) >= 1024  # over the threshold, so the rule applies
        assert "content-encoding" not in plain.headers
        assert zipped.headers["content-encoding"] == "gzip"
        assert zipped.json() == plain.json()  # httpx has inflated it: the same document


class TestCompression:
    """Raw bodies are read through a stream so that the test sees the bytes as sent, not httpx's inflation."""

    async def raw(
        self, client: Client, path: str, accept: str, method: str = "GET"
    ) -> tuple[dict[str, str], bytes]:
        async with client.stream(method, path, headers={"Accept-Encoding": accept}) as response:
            body = b"".join([chunk async for chunk in response.aiter_raw()])
            return dict(response.headers), body

    async def test_br_is_sent_when_asked_and_preferred_on_a_tie(self, client: Client) -> None:
        plain = (await self.raw(client, "/maps/pets/document", "identity"))[1]
        headers, body = await self.raw(client, "/maps/pets/document", "gzip, deflate, br")
        assert headers["content-encoding"] == "br"
        assert int(headers["content-length"]) == len(body) < len(plain)
        assert brotli.decompress(body) == plain
        assert "accept-encoding" in headers["vary"].lower()

    @pytest.mark.parametrize(
        ("accept", "coding"),
        [("gzip;q=1.0, br;q=0.5", "gzip"), ("br;q=0, gzip", "gzip"), ("*", "br"), ("gzip;q=0", None)],
    )
    async def test_quality_values_choose_the_coding(
        self, client: Client, accept: str, coding: str | None
    ) -> None:
        headers, body = await self.raw(client, "/maps/pets/document", accept)
        assert headers.get("content-encoding") == coding
        if coding == "gzip":
            assert gzip.decompress(body).startswith(b"{")

    async def test_a_kept_body_is_compressed_once_for_every_request(self, store: MemoryStore) -> None:
        app = create_app(Settings(rate_limit_per_minute=0), MapService(store))
        kept = app.compressed_bodies if isinstance(app, ArgmapApp) else None
        assert kept is not None
        async with AsyncTestClient(app) as test_client:
            bodies = [(await self.raw(test_client, "/maps/pets/document", "gzip"))[1] for _ in range(3)]
            assert len(set(bodies)) == 1
            assert kept.made == 1
            # Another coding is another compressed form, also made once.
            await self.raw(test_client, "/maps/pets/document", "br")
            await self.raw(test_client, "/maps/pets/document", "br")
            assert kept.made == 2

    async def test_head_gives_the_length_of_the_compressed_get(self, client: Client) -> None:
        got, body = await self.raw(client, "/maps/pets/document", "gzip")
        head, nothing = await self.raw(client, "/maps/pets/document", "gzip", method="HEAD")
        assert nothing == b""
        assert head["content-encoding"] == "gzip"
        assert head["content-length"] == got["content-length"] == str(len(body))

    async def test_a_small_body_and_a_304_go_as_they_are(self, client: Client) -> None:
        headers, body = await self.raw(client, "/ping", "gzip, br")
        assert "content-encoding" not in headers
        assert len(body) < 1024
        tag = (await client.get("/maps/pets/document")).headers["etag"]
        response = await client.get(
            "/maps/pets/document", headers={"If-None-Match": tag, "Accept-Encoding": "br"}
        )
        assert response.status_code == 304
        assert "content-encoding" not in response.headers

    async def test_a_streamed_static_file_is_compressed_as_a_stream(self, client: Client) -> None:
        path = "/schema-assets/swagger-ui-bundle.js"  # over a megabyte: sent in several messages
        plain = (await self.raw(client, path, "identity"))[1]
        headers, body = await self.raw(client, path, "gzip")
        assert headers["content-encoding"] == "gzip"
        assert "content-length" not in headers
        assert gzip.decompress(body) == plain


class TestCors:
    async def test_reads_are_open_to_any_origin(self, client: Client) -> None:
        response = await client.get("/maps/pets", headers={"Origin": FOREIGN})
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "*"
        assert "ETag" in response.headers["access-control-expose-headers"]

    async def test_a_read_preflight_is_answered(self, client: Client) -> None:
        response = await client.options(
            "/claims",
            headers={
                "Origin": FOREIGN,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "If-None-Match",
            },
        )
        assert response.status_code == 204
        assert response.headers["access-control-allow-origin"] == "*"
        assert "If-None-Match" in response.headers["access-control-allow-headers"]
        assert "GET" in response.headers["access-control-allow-methods"]

    async def test_writes_are_refused_cross_origin_by_default(self, client: Client) -> None:
        preflight = await client.options(
            "/claims/pets/thesis", headers={"Origin": FOREIGN, "Access-Control-Request-Method": "PATCH"}
        )
        assert preflight.status_code == 403
        assert "access-control-allow-origin" not in preflight.headers
        write = await client.patch(
            "/claims/pets/thesis", json={"base_score": 0.2}, headers={**AUTH, "Origin": FOREIGN}
        )
        assert write.status_code == 403

    async def test_a_same_origin_write_is_not_cross_origin(self, client: Client) -> None:
        tag = (await client.get("/claims/pets/thesis")).headers["etag"]
        response = await client.patch(
            "/claims/pets/thesis",
            json={"base_score": 0.2},
            headers={**AUTH, "If-Match": tag, "Origin": PUBLIC_URL},
        )
        assert response.status_code == 200, response.text

    @pytest.mark.parametrize(
        ("origin", "host"),
        [
            pytest.param("http://evil.example", "evil.example", id="host-named-after-the-origin"),
            pytest.param(PUBLIC_URL + "/", "testserver.local", id="trailing-slash"),
            pytest.param("https://testserver.local", "testserver.local", id="other-scheme"),
            pytest.param("http://testserver.local:8000", "testserver.local:8000", id="other-port"),
        ],
    )
    async def test_only_the_exact_public_origin_is_the_servers_own(
        self, client: Client, origin: str, host: str
    ) -> None:
        # The Host header is the client's to choose: naming it after the page's origin once made any page
        # "same-origin", and a trailing slash passed the comparison.
        tag = (await client.get("/claims/pets/thesis")).headers["etag"]
        response = await client.patch(
            "/claims/pets/thesis",
            json={"base_score": 0.2},
            headers={**AUTH, "If-Match": tag, "Origin": origin, "Host": host},
        )
        assert response.status_code == 403, response.text

    async def test_a_configured_origin_may_write(self, desk_client: Client) -> None:
        preflight = await desk_client.options(
            "/claims/pets/thesis",
            headers={
                "Origin": DESK,
                "Access-Control-Request-Method": "PATCH",
                "Access-Control-Request-Headers": "Authorization, If-Match",
            },
        )
        assert preflight.status_code == 204
        assert preflight.headers["access-control-allow-origin"] == DESK
        assert "PATCH" in preflight.headers["access-control-allow-methods"]
        assert "Authorization" in preflight.headers["access-control-allow-headers"]
        tag = (await desk_client.get("/claims/pets/thesis")).headers["etag"]
        response = await desk_client.patch(
            "/claims/pets/thesis", json={"base_score": 0.2}, headers={**AUTH, "If-Match": tag, "Origin": DESK}
        )
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == DESK

    async def test_what_if_is_a_computation_any_page_may_ask(self, client: Client) -> None:
        response = await client.post("/maps/pets/what-if", json={}, headers={"Origin": FOREIGN})
        assert response.status_code == 200, response.text
        assert response.headers["access-control-allow-origin"] == FOREIGN


class TestChecks:
    async def test_every_stated_figure_of_a_map_with_its_verdict(self, client: Client) -> None:
        response = await client.get("/maps/pets/checks")
        assert response.status_code == 200
        body = response.json()
        assert body["map"] == "pets"
        assert body["total"] == len(body["checks"])
        assert body["failing"] == sum(not item["check"]["agrees"] for item in body["checks"])
        detail = (await client.get("/maps/pets")).json()
        assert detail["failing_checks"] == body["failing"]
        again = await client.get("/maps/pets/checks", headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304

    async def test_checks_of_a_missing_map_are_404(self, client: Client) -> None:
        assert (await client.get("/maps/ghost/checks")).status_code == 404


class TestStrictInputs:
    @pytest.mark.parametrize(
        ("path", "name"),
        [
            ("/claims?knd=evidence", "knd"),
            ("/maps/pets/tree?semantic=QE", "semantic"),
            ("/maps?page=2", "page"),
        ],
    )
    async def test_an_unknown_query_parameter_is_400_naming_it(
        self, client: Client, path: str, name: str
    ) -> None:
        response = await client.get(path)
        assert response.status_code == 400
        assert repr(name) in response.json()["detail"]

    async def test_declared_parameters_pass(self, client: Client) -> None:
        assert (await client.get("/claims?kind=claim&reported_by=x&tag=y&limit=5")).status_code == 200

    @pytest.mark.parametrize(
        ("path", "body", "field"),
        [
            ("/maps/pets/what-if", {"basescores": {"thesis": 0.2}}, "basescores"),
            ("/qbaf/evaluate", {"arguments": {"a": 0.5}, "atacks": []}, "atacks"),
        ],
    )
    async def test_an_unknown_body_field_is_400_naming_it(
        self, client: Client, path: str, body: dict[str, object], field: str
    ) -> None:
        response = await client.post(path, json=body)
        assert response.status_code == 400, response.text
        assert field in response.json()["detail"]


class TestNames:
    @pytest.mark.parametrize(
        ("spelling", "canonical"),
        [
            ("dfquad", "DF-QuAD"),
            ("df-quad", "DF-QuAD"),
            ("qe", "QE"),
            ("quadratic-energy", "QE"),
            ("EULER", "Euler"),
        ],
    )
    async def test_semantics_names_are_case_insensitive_with_common_spellings(
        self, client: Client, spelling: str, canonical: str
    ) -> None:
        response = await client.get("/maps/pets/scores", params={"semantics": spelling})
        assert response.status_code == 200, response.text
        assert response.json()["semantics"] == canonical

    async def test_contribution_spellings_too(self, client: Client) -> None:
        response = await client.get("/maps/pets/scores", params={"contribution": "Removal_Intrinsic"})
        assert response.status_code == 200, response.text

    @pytest.mark.parametrize("params", [{"semantics": "Bayes"}, {"contribution": "banzhaf"}])
    async def test_unknown_names_stay_400(self, client: Client, params: dict[str, str]) -> None:
        assert (await client.get("/maps/pets/scores", params=params)).status_code == 400

    async def test_an_attack_only_semantics_on_a_map_with_supports_is_422_naming_it(
        self, client: Client
    ) -> None:
        response = await client.get("/maps/pets/scores", params={"semantics": "hcat"})
        assert response.status_code == 422
        assert "h-categorizer is defined for attack-only graphs" in response.json()["detail"]


class TestDocsOffline:
    @pytest.mark.parametrize("path", ["/schema", "/schema/swagger"])
    async def test_the_docs_page_loads_nothing_from_another_site(self, client: Client, path: str) -> None:
        page = await client.get(path)
        assert page.status_code == 200
        assert "swagger-ui" in page.text
        assert "http://" not in page.text
        assert "https://" not in page.text
        for asset in re.findall(r"""(?:src|href)=['"](/schema-assets/[^'"]+)['"]""", page.text):
            served = await client.get(asset)
            assert served.status_code == 200, asset
            assert len(served.content) > 0

    async def test_the_openapi_document_declares_304_etags_and_cors(self, client: Client) -> None:
        document = (await client.get("/schema/openapi.json")).json()
        for path, operations in document["paths"].items():
            if "get" in operations:
                responses = operations["get"]["responses"]
                assert "304" in responses, path
                assert {"ETag", "Cache-Control"} <= set(responses["200"].get("headers", {})), path
        assert "CORS" in document["info"]["description"]


class TestNegotiatedVary:
    @pytest.mark.parametrize("accept", [None, "application/json", "text/csv"])
    async def test_every_representation_of_a_map_varies_by_accept(
        self, client: Client, accept: str | None
    ) -> None:
        headers = {"Accept": accept} if accept else {}
        response = await client.get("/maps/pets", headers=headers)
        assert response.status_code == 200
        named = {item.strip().lower() for item in response.headers["vary"].split(",")}
        assert {"accept", "accept-encoding"} <= named


class TestReadPreconditions:
    async def test_a_read_whose_if_match_names_another_version_is_412(self, client: Client) -> None:
        current = (await client.get("/maps/pets")).headers["etag"]
        assert (await client.get("/maps/pets", headers={"If-Match": current})).status_code == 200
        assert (await client.get("/maps/pets", headers={"If-Match": "*"})).status_code == 200
        stale = await client.get("/maps/pets/tree", headers={"If-Match": '"pets-v999"'})
        assert stale.status_code == 412
        assert stale.json()["type"].endswith("/stale-version")
        weak = await client.get("/maps/pets", headers={"If-Match": f"W/{current}"})
        assert weak.status_code == 412, "If-Match compares strongly"
