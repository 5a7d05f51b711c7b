"""Exports over HTTP, content negotiation on ``GET /maps/{id}``, and AIF in through ``POST /maps``."""

from __future__ import annotations

import csv
import io
import json

import pytest
from support.app import AUTH, Client

pytestmark = pytest.mark.neo4j
ESSAY = "/maps/import-ai-455"
PROBLEM = "application/problem+json"


@pytest.mark.parametrize(
    ("format", "media_type", "filename"),
    [
        ("json", "application/json", "import-ai-455.json"),
        ("aif", "application/json", "import-ai-455.aif.json"),
        ("argdown", "text/x-argdown; charset=utf-8", "import-ai-455.argdown"),
        ("claimreview", "application/ld+json", "import-ai-455.claimreview.jsonld"),
        ("csv", "text/csv; header=present; charset=utf-8", "import-ai-455.csv"),
    ],
)
async def test_every_format_downloads_with_its_media_type(
    client: Client, format: str, media_type: str, filename: str
) -> None:
    response = await client.get(f"{ESSAY}/export", params={"format": format})

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media_type
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    assert response.content
    again = await client.get(
        f"{ESSAY}/export", params={"format": format}, headers={"If-None-Match": response.headers["etag"]}
    )
    assert again.status_code == 304


async def test_json_export_is_the_map_document(client: Client) -> None:
    exported = await client.get(f"{ESSAY}/export")
    document = await client.get(f"{ESSAY}/document")

    assert exported.json() == document.json()


async def test_claimreview_urls_point_at_this_servers_viewer_and_its_date_is_the_versions(
    client: Client,
) -> None:
    response = await client.get(f"{ESSAY}/export", params={"format": "claimreview"})
    reviews = response.json()["@graph"]
    versions = (await client.get(f"{ESSAY}/versions")).json()
    current = versions["current"]
    (entry,) = [item for item in versions["versions"] if item["version"] == current]

    assert reviews
    assert all(
        review["url"].startswith(f"{client.base_url}/maps/import-ai-455/view?version={current}#node-")
        for review in reviews
    )
    assert {review["datePublished"] for review in reviews} == {entry["created"][:10]}
    assert all(review["author"]["url"] == str(client.base_url) for review in reviews)


async def test_the_csv_carries_the_roots_spread_as_the_scores_give_it(client: Client) -> None:
    scores = (await client.get(f"{ESSAY}/scores")).json()
    response = await client.get(f"{ESSAY}/export", params={"format": "csv"})
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(response.text))}
    root = rows[scores["root"]]
    spread = scores["spread"]

    for item in spread["strengths"]:
        assert float(root[f"strength_{item['semantics']}"]) == pytest.approx(item["strength"], abs=1e-6)
    assert float(root["band_low"]) == pytest.approx(spread["low"], abs=1e-6)


async def test_unknown_format_and_unknown_map_are_problems(client: Client) -> None:
    bad = await client.get(f"{ESSAY}/export", params={"format": "xml"})
    missing = await client.get("/maps/no-such-map/export", params={"format": "csv"})

    assert (bad.status_code, bad.headers["content-type"]) == (400, PROBLEM)
    assert (missing.status_code, missing.headers["content-type"]) == (404, PROBLEM)


class TestNegotiation:
    async def test_csv_when_asked(self, client: Client) -> None:
        response = await client.get(ESSAY, headers={"Accept": "text/csv"})

        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert "Accept" in [name.strip() for name in response.headers["vary"].split(",")]
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert rows[0]["id"] == "clark-thesis-automated-rd-2028"

    async def test_argdown_when_asked(self, client: Client) -> None:
        response = await client.get(ESSAY, headers={"Accept": "text/x-argdown"})

        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/x-argdown")
        assert "[clark-thesis-automated-rd-2028]:" in response.text

    async def test_json_for_json_wildcards_and_no_accept(self, client: Client) -> None:
        browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        for accept in ("application/json", "*/*", "text/csv;q=0.1, application/json", browser):
            response = await client.get(ESSAY, headers={"Accept": accept})
            assert response.status_code == 200, accept
            assert response.headers["content-type"] == "application/json"
            assert response.json()["id"] == "import-ai-455"

    async def test_406_for_anything_else(self, client: Client) -> None:
        response = await client.get(ESSAY, headers={"Accept": "image/png"})

        assert response.status_code == 406
        assert response.headers["content-type"] == PROBLEM
        assert "text/csv" in response.json()["detail"]

    async def test_each_representation_has_its_own_tag(self, client: Client) -> None:
        as_json = await client.get(ESSAY)
        as_csv = await client.get(ESSAY, headers={"Accept": "text/csv"})

        assert as_json.headers["etag"] != as_csv.headers["etag"]
        stale = await client.get(
            ESSAY, headers={"Accept": "text/csv", "If-None-Match": as_json.headers["etag"]}
        )
        assert stale.status_code == 200


class TestAifImport:
    async def test_export_then_import_gives_the_same_claims_and_relations(self, client: Client) -> None:
        aif = (await client.get(f"{ESSAY}/export", params={"format": "aif"})).content
        created = await client.post(
            "/maps",
            params={"format": "aif", "id": "essay-from-aif", "title": "The essay, back from AIF"},
            content=aif,
            headers={**AUTH, "Content-Type": "application/json"},
        )

        assert created.status_code == 201, created.text
        receipt = created.json()
        assert created.headers["location"] == "/maps/essay-from-aif"
        assert receipt["format"] == "aif"
        assert {item["field"] for item in receipt["defaulted"]} >= {"kind", "base_score", "weight"}
        original = (await client.get(f"{ESSAY}/document")).json()
        copy = (await client.get("/maps/essay-from-aif/document")).json()
        assert copy["title"] == "The essay, back from AIF"
        assert {(n["id"], n["text"], n["speaker"]) for n in copy["nodes"]} == {
            (n["id"], n["text"], n["speaker"]) for n in original["nodes"]
        }
        assert {(r["source"], r["type"], r["target"]) for r in copy["relations"]} == {
            (r["source"], r["type"], r["target"]) for r in original["relations"]
        }
        again = (await client.get("/maps/essay-from-aif/export", params={"format": "aif"})).json()
        first = json.loads(aif)
        assert [n for n in again["nodes"] if n["type"] in ("I", "RA", "CA")] == [
            n for n in first["nodes"] if n["type"] in ("I", "RA", "CA")
        ]

    async def test_needs_a_token_an_id_json_and_a_new_id(self, client: Client) -> None:
        aif = (await client.get(f"{ESSAY}/export", params={"format": "aif"})).content
        json_body = {"Content-Type": "application/json"}

        anonymous = await client.post(
            "/maps", params={"format": "aif", "id": "x"}, content=aif, headers=json_body
        )
        no_id = await client.post(
            "/maps", params={"format": "aif"}, content=aif, headers={**AUTH, **json_body}
        )
        as_yaml = await client.post(
            "/maps",
            params={"format": "aif", "id": "x"},
            content=aif,
            headers={**AUTH, "Content-Type": "application/yaml"},
        )
        taken = await client.post(
            "/maps",
            params={"format": "aif", "id": "import-ai-455"},
            content=aif,
            headers={**AUTH, **json_body},
        )

        assert anonymous.status_code == 401
        assert (no_id.status_code, no_id.json()["problems"][0]["path"]) == (422, "id")
        assert as_yaml.status_code == 415
        assert taken.status_code == 409

    async def test_malformed_aif_lists_its_problems(self, client: Client) -> None:
        response = await client.post(
            "/maps",
            params={"format": "aif", "id": "broken"},
            content=b'{"nodes": [{"nodeID": "a", "type": "I", "text": " "}], "edges": [{"fromID": "a"}]}',
            headers={**AUTH, "Content-Type": "application/json"},
        )

        assert response.status_code == 422
        assert [p["path"] for p in response.json()["problems"]] == ["nodes[0].text", "edges[0]"]
