"""End-to-end writes over the real Neo4j: tokens, preconditions, validation, one transaction each."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from neo4j import AsyncDriver
from support.app import AUTH, Client, settings_for
from support.maps import small_map
from support.neo4j import Neo4jTarget, count_graph
from support.problems import assert_problem

from api.app import create_app
from graph.service import tag_version, version_tag

pytestmark = pytest.mark.neo4j


def as_json(document: Any) -> bytes:
    return msgspec.json.encode(document)


async def create_pets(client: Client) -> str:
    response = await client.post(
        "/maps", content=as_json(small_map()), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert response.status_code == 201, response.text
    return str(response.headers["etag"])


class TestAuthorization:
    async def test_without_a_server_token_its_old_value_signs_no_one_in(
        self, loaded: AsyncDriver, neo4j_target: Neo4jTarget
    ) -> None:
        async with AsyncTestClient(create_app(settings_for(neo4j_target, token=None))) as client:
            body = assert_problem(await client.post("/maps", content=as_json(small_map()), headers=AUTH), 401)
            assert "not valid" in body["detail"]
            assert (await client.get("/maps/import-ai-455")).status_code == 200, "reads still work"

    @pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic dXNlcjpwdw==", "Bearer"])
    async def test_missing_or_wrong_token_is_401(self, client: Client, header: str | None) -> None:
        headers = {"Authorization": header} if header else {}
        response = await client.post("/maps", content=as_json(small_map()), headers=headers)
        assert_problem(response, 401)
        assert response.headers["www-authenticate"].startswith("Bearer")


class TestCreate:
    async def test_created_with_location_and_etag(self, client: Client, loaded: AsyncDriver) -> None:
        response = await client.post("/maps", content=as_json(small_map()), headers=AUTH)
        assert response.status_code == 201, response.text
        assert response.headers["location"] == "/maps/pets"
        assert response.headers["etag"] == '"pets-v1"'
        assert response.json() == {
            "id": "pets",
            "version": 1,
            "created": True,
            "changed": True,
            "nodes": 3,
            "relations": 2,
        }
        assert (await client.get("/maps/pets")).status_code == 200
        hits = (await client.get("/claims", params={"q": "barking", "map": "pets"})).json()["hits"]
        assert [hit["id"] for hit in hits] == ["dogs-bark"]

    async def test_yaml_body(self, client: Client) -> None:
        import yaml

        text = yaml.safe_dump(msgspec.to_builtins(small_map()), sort_keys=False)
        response = await client.post(
            "/maps", content=text.encode(), headers={**AUTH, "Content-Type": "application/yaml"}
        )
        assert response.status_code == 201, response.text

    async def test_existing_id_is_409(self, client: Client) -> None:
        await create_pets(client)
        assert_problem(await client.post("/maps", content=as_json(small_map()), headers=AUTH), 409)

    async def test_invalid_document_lists_every_problem_and_writes_nothing(
        self, client: Client, loaded: AsyncDriver
    ) -> None:
        broken = msgspec.to_builtins(small_map())
        broken["nodes"][1]["base_score"] = 1.5
        broken["nodes"][2]["kind"] = "opinion"
        broken["relations"].append({"source": "ghost", "target": "thesis", "type": "supports"})
        broken["nodes"][0]["quotes"][0]["start"] = 1
        before = await count_graph(loaded)
        response = await client.post("/maps", content=msgspec.json.encode(broken), headers=AUTH)
        body = assert_problem(response, 422)
        paths = {problem["path"] for problem in body["problems"]}
        assert {"nodes[1].base_score", "nodes[2].kind", "relations[2].source"} <= paths
        assert any(path.startswith("nodes[0].quotes[0]") for path in paths)
        assert await count_graph(loaded) == before

    @pytest.mark.parametrize(
        ("content", "content_type", "status"),
        [
            (b"<map/>", "application/xml", 415),
            (b"", "application/json", 400),
            (b"{not json", "application/json", 422),
            (b"[1, 2]", "application/json", 422),
        ],
    )
    async def test_unusable_bodies(
        self, client: Client, content: bytes, content_type: str, status: int
    ) -> None:
        assert_problem(
            await client.post("/maps", content=content, headers={**AUTH, "Content-Type": content_type}),
            status,
        )

    async def test_body_over_the_limit_is_413(self, loaded: AsyncDriver, neo4j_target: Neo4jTarget) -> None:
        async with AsyncTestClient(create_app(settings_for(neo4j_target, max_body_bytes=4096))) as client:
            response = await client.post("/maps", content=b" " * 10_000, headers=AUTH)
            assert_problem(response, 413)


class TestReplaceAndDelete:
    async def test_replace_needs_if_match(self, client: Client) -> None:
        await create_pets(client)
        response = await client.put(
            "/maps/pets", content=as_json(small_map(thesis_text="Cats nap.")), headers=AUTH
        )
        assert_problem(response, 428)

    async def test_replace_with_current_etag(self, client: Client) -> None:
        tag = await create_pets(client)
        response = await client.put(
            "/maps/pets",
            content=as_json(small_map(thesis_text="Cats nap.")),
            headers={**AUTH, "If-Match": tag},
        )
        assert response.status_code == 200, response.text
        created = tag_version(tag, "pets")
        assert created is not None
        assert response.headers["etag"] == version_tag("pets", created + 1)
        assert (await client.get("/claims/pets/thesis")).json()["text"] == "Cats nap."

    async def test_stale_etag_is_412_and_nothing_changes(self, client: Client, loaded: AsyncDriver) -> None:
        tag = await create_pets(client)
        await client.put(
            "/maps/pets",
            content=as_json(small_map(thesis_text="Cats nap.")),
            headers={**AUTH, "If-Match": tag},
        )
        before = await count_graph(loaded)
        response = await client.put(
            "/maps/pets", content=as_json(small_map(thesis_text="Stale.")), headers={**AUTH, "If-Match": tag}
        )
        assert_problem(response, 412)
        assert await count_graph(loaded) == before
        assert (await client.get("/claims/pets/thesis")).json()["text"] == "Cats nap."

    async def test_id_mismatch_is_422(self, client: Client) -> None:
        tag = await create_pets(client)
        other = small_map("cats")
        assert_problem(
            await client.put("/maps/pets", content=as_json(other), headers={**AUTH, "If-Match": tag}), 422
        )

    async def test_replace_unknown_map_is_404(self, client: Client) -> None:
        response = await client.put(
            "/maps/pets", content=as_json(small_map()), headers={**AUTH, "If-Match": '"pets-v1"'}
        )
        assert_problem(response, 404)

    async def test_delete(self, client: Client, loaded: AsyncDriver) -> None:
        before = await count_graph(loaded)
        tag = await create_pets(client)
        assert_problem(await client.delete("/maps/pets", headers=AUTH), 428)
        assert_problem(await client.delete("/maps/pets", headers={**AUTH, "If-Match": '"pets-v9"'}), 412)
        response = await client.delete("/maps/pets", headers={**AUTH, "If-Match": tag})
        assert response.status_code == 204
        assert_problem(await client.get("/maps/pets"), 404)
        assert await count_graph(loaded) == before


class TestPatchClaim:
    async def test_patch_bumps_versions_and_rescores(self, client: Client) -> None:
        tag = await create_pets(client)
        claim = await client.get("/claims/pets/sleep-good")
        before_root = (await client.get("/maps/pets/scores")).json()["root_strength"]
        response = await client.patch(
            "/claims/pets/sleep-good",
            json={"base_score": 0.1, "tags": ["health", "sleep"]},
            headers={**AUTH, "If-Match": claim.headers["etag"]},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["base_score"], body["tags"], body["version"]) == (0.1, ["health", "sleep"], 2)
        assert response.headers["etag"] == '"pets/sleep-good-v2"'
        assert (await client.get("/maps/pets")).headers["etag"] != tag
        after_root = (await client.get("/maps/pets/scores")).json()["root_strength"]
        assert after_root < before_root, (
            "a weaker supporter must weaken the thesis (the score cache was refreshed)"
        )
        untouched = (await client.get("/claims/pets/dogs-bark")).json()
        assert untouched["version"] == 1

    async def test_return_minimal_answers_204_with_the_new_tag_and_the_next_read_sees_the_write(
        self, client: Client
    ) -> None:
        await create_pets(client)
        claim = await client.get("/claims/pets/sleep-good")
        before_root = (await client.get("/maps/pets/scores")).json()["root_strength"]
        response = await client.patch(
            "/claims/pets/sleep-good",
            json={"base_score": 0.1},
            headers={**AUTH, "If-Match": claim.headers["etag"], "Prefer": "return=minimal"},
        )
        assert response.status_code == 204, response.text
        assert response.content == b""
        written = claim.json()["map_version"] + 1
        assert response.headers["etag"] == f'"pets/sleep-good-v{written}"'
        assert response.headers["preference-applied"] == "return=minimal"
        read = await client.get("/claims/pets/sleep-good")
        assert (read.headers["etag"], read.json()["base_score"]) == (response.headers["etag"], 0.1)
        assert (await client.get("/maps/pets/scores")).json()["root_strength"] < before_root
        # The tag answered is the one to write with next.
        again = await client.patch(
            "/claims/pets/sleep-good",
            json={"base_score": 0.2},
            headers={**AUTH, "If-Match": response.headers["etag"], "Prefer": "return=minimal"},
        )
        assert again.status_code == 204, again.text

    async def test_return_minimal_is_still_refused_without_a_token(self, client: Client) -> None:
        await create_pets(client)
        claim = await client.get("/claims/pets/sleep-good")
        response = await client.patch(
            "/claims/pets/sleep-good",
            json={"base_score": 0.1},
            headers={"If-Match": claim.headers["etag"], "Prefer": "return=minimal"},
        )
        assert_problem(response, 401)
        assert (await client.get("/claims/pets/sleep-good")).json()["base_score"] != 0.1

    async def test_stale_claim_etag_is_412(self, client: Client) -> None:
        await create_pets(client)
        etag = (await client.get("/claims/pets/sleep-good")).headers["etag"]
        await client.patch(
            "/claims/pets/sleep-good", json={"text": "Sleep helps cats."}, headers={**AUTH, "If-Match": etag}
        )
        response = await client.patch(
            "/claims/pets/sleep-good", json={"text": "Again."}, headers={**AUTH, "If-Match": etag}
        )
        assert_problem(response, 412)

    @pytest.mark.parametrize("body", [{"base_score": 2}, {"text": ""}, {"tags": ["Not A Slug"]}])
    async def test_invalid_patch_is_422(self, client: Client, body: dict[str, Any]) -> None:
        await create_pets(client)
        etag = (await client.get("/claims/pets/sleep-good")).headers["etag"]
        assert_problem(
            await client.patch("/claims/pets/sleep-good", json=body, headers={**AUTH, "If-Match": etag}), 422
        )

    async def test_a_field_a_patch_cannot_change_is_400_naming_it(self, client: Client) -> None:
        await create_pets(client)
        etag = (await client.get("/claims/pets/sleep-good")).headers["etag"]
        response = await client.patch(
            "/claims/pets/sleep-good", json={"kind": "claim"}, headers={**AUTH, "If-Match": etag}
        )
        assert "kind" in assert_problem(response, 400)["detail"]

    async def test_unknown_claim_is_404(self, client: Client) -> None:
        tag = await create_pets(client)
        version = tag_version(tag, "pets")
        assert version is not None
        response = await client.patch(
            "/claims/pets/ghost",
            json={"text": "x"},
            headers={**AUTH, "If-Match": version_tag("pets/ghost", version)},
        )
        assert_problem(response, 404)


class TestMethods:
    @pytest.mark.parametrize(
        ("method", "path"), [("DELETE", "/claims/import-ai-455/x"), ("PUT", "/claims"), ("POST", "/health")]
    )
    async def test_unsupported_method_is_405(self, client: Client, method: str, path: str) -> None:
        assert_problem(await client.request(method, path, headers=AUTH), 405)


class TestRecreatedMap:
    async def test_a_tag_of_a_deleted_map_never_names_the_map_created_again(self, client: Client) -> None:
        first_tag = await create_pets(client)
        old_body = (await client.get("/maps/pets/document")).content
        deleted = await client.delete("/maps/pets", headers={**AUTH, "If-Match": first_tag})
        assert deleted.status_code == 204, deleted.text
        again = await client.post(
            "/maps",
            content=as_json(small_map(thesis_text="Cats are restless.")),
            headers={**AUTH, "Content-Type": "application/json"},
        )
        assert again.status_code == 201, again.text
        assert again.headers["etag"] != first_tag
        revalidated = await client.get("/maps/pets/document", headers={"If-None-Match": first_tag})
        assert revalidated.status_code == 200
        assert revalidated.content != old_body
        blind = await client.patch(
            "/claims/pets/thesis", json={"text": "Overwritten."}, headers={**AUTH, "If-Match": first_tag}
        )
        assert_problem(blind, 412)
