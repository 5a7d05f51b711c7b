"""Stored perspectives and the crux over the in-memory store: kept with the map, applied by name, compared.

The essay keeps two perspectives (``benchmark-sceptic`` and ``engineering-is-enough``, the same ones
``maps/perspectives/import-ai-455.json`` sends); the small ``pets`` map keeps none until a test writes one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support.app import AUTH, Client

ESSAY = "/maps/import-ai-455"
ROOT = "clark-thesis-automated-rd-2028"
SENT = Path(__file__).resolve().parents[3] / "maps" / "perspectives" / "import-ai-455.json"
KEPT = ["benchmark-sceptic", "engineering-is-enough"]


def sent_perspectives() -> list[dict[str, Any]]:
    perspectives: list[dict[str, Any]] = json.loads(SENT.read_text())["perspectives"]
    return perspectives


async def map_tag(client: Client, map_id: str) -> str:
    response = await client.get(f"/maps/{map_id}")
    tag: str = response.headers["etag"]
    return tag


class TestTheEssaysPerspectives:
    async def test_the_essay_keeps_the_two_shipped_perspectives(self, essay_client: Client) -> None:
        response = await essay_client.get(f"{ESSAY}/perspectives")

        assert response.status_code == 200
        listed = response.json()
        assert [p["name"] for p in listed["perspectives"]] == KEPT
        for kept, sent in zip(listed["perspectives"], sent_perspectives(), strict=True):
            assert {key: kept[key] for key in sent} == sent
        again = await essay_client.get(
            f"{ESSAY}/perspectives", headers={"If-None-Match": response.headers["etag"]}
        )
        assert again.status_code == 304

    async def test_comparing_the_stored_ones_answers_what_sending_them_answers(
        self, essay_client: Client
    ) -> None:
        stored = await essay_client.get(f"{ESSAY}/perspectives/compare")
        sent = await essay_client.post(
            f"{ESSAY}/perspectives/compare", json={"perspectives": sent_perspectives()}
        )

        assert stored.status_code == sent.status_code == 200
        assert stored.json() == sent.json()
        assert [p["name"] for p in stored.json()["perspectives"]] == ["as-mapped", *KEPT]

    @pytest.mark.parametrize("view", ["scores", "tree"])
    async def test_a_read_by_perspective_is_the_map_as_that_perspective_scores_it(
        self, essay_client: Client, view: str
    ) -> None:
        compared = (await essay_client.get(f"{ESSAY}/perspectives/compare")).json()
        expected = {p["name"]: p["root_strength"] for p in compared["perspectives"]}

        for name in KEPT:
            response = await essay_client.get(f"{ESSAY}/{view}?perspective={name}")
            assert response.status_code == 200
            body = response.json()
            strength = body["root_strength"] if view == "scores" else body["tree"]["strength"]
            assert strength == pytest.approx(expected[name], abs=1e-9)
        plain = (await essay_client.get(f"{ESSAY}/scores")).json()
        assert plain["root_strength"] == pytest.approx(expected["as-mapped"], abs=1e-9)

    async def test_the_scores_show_the_perspectives_base_scores(self, essay_client: Client) -> None:
        rows = (await essay_client.get(f"{ESSAY}/scores?perspective=benchmark-sceptic")).json()["scores"]
        by_id = {row["id"]: row for row in rows}
        assert by_id["capability-curves-converge"]["base_score"] == 0.2
        assert by_id["creativity-gap"]["base_score"] == 0.75

    async def test_briefs_robustness_and_diagrams_take_a_perspective(self, essay_client: Client) -> None:
        sceptic = "perspective=benchmark-sceptic"
        brief = (await essay_client.get(f"{ESSAY}/brief?side=con&{sceptic}")).json()
        plain = (await essay_client.get(f"{ESSAY}/brief?side=con")).json()
        assert brief["root_strength"] < plain["root_strength"]

        robust = (await essay_client.get(f"{ESSAY}/robustness?samples=20&{sceptic}")).json()
        assert robust["root_strength"] == pytest.approx(brief["root_strength"], abs=1e-9)

        drawn = await essay_client.get(f"{ESSAY}/diagram?format=dot&{sceptic}")
        mapped = await essay_client.get(f"{ESSAY}/diagram?format=dot")
        assert drawn.status_code == mapped.status_code == 200
        assert drawn.content != mapped.content

    @pytest.mark.parametrize(
        "path", ["scores", "tree", "brief?side=pro", "robustness?samples=10", "diagram?format=dot"]
    )
    async def test_an_unknown_perspective_is_404_naming_those_kept(
        self, essay_client: Client, path: str
    ) -> None:
        joiner = "&" if "?" in path else "?"
        response = await essay_client.get(f"{ESSAY}/{path}{joiner}perspective=optimist")

        assert response.status_code == 404
        detail = response.json()["detail"]
        assert "optimist" in detail
        assert all(name in detail for name in KEPT)


class TestTheCrux:
    async def test_the_essays_crux_flips_the_verdict_when_recomputed(self, essay_client: Client) -> None:
        response = await essay_client.get(f"{ESSAY}/crux?a=benchmark-sceptic&b=engineering-is-enough")

        assert response.status_code == 200
        crux = response.json()
        assert crux["a_root_strength"] < 0.5 <= crux["b_root_strength"]
        assert not crux["agree"]
        assert crux["minimal"]
        assert crux["crux"]
        # Recompute the sceptic with only the crux adopted, through the what-if: the thesis now holds.
        sceptic = sent_perspectives()[0]
        base_scores = dict(sceptic["base_scores"])
        weights = {(w["source"], w["target"]): w["weight"] for w in sceptic.get("weights", [])}
        for member in crux["crux"]:
            if member["kind"] == "base_score":
                base_scores[member["node"]] = member["b"]
            else:
                weights[(member["source"], member["target"])] = member["b"]
        outcome = (
            await essay_client.post(
                f"{ESSAY}/what-if",
                json={
                    "base_scores": base_scores,
                    "weights": [{"source": s, "target": t, "weight": w} for (s, t), w in weights.items()],
                },
            )
        ).json()
        root_row = next(row for row in outcome["rows"] if row["id"] == ROOT)
        assert root_row["strength_after"] == pytest.approx(crux["crux_root_strength"], abs=1e-9)
        assert root_row["strength_after"] >= 0.5
        for member in crux["crux"]:
            assert member["without"] < 0.5

    async def test_without_a_the_crux_starts_from_the_map_as_mapped(self, essay_client: Client) -> None:
        crux = (await essay_client.get(f"{ESSAY}/crux?b=engineering-is-enough")).json()
        scores = (await essay_client.get(f"{ESSAY}/scores")).json()

        assert crux["a"] == "as-mapped"
        assert crux["a_root_strength"] == pytest.approx(scores["root_strength"], abs=1e-9)

    async def test_readings_that_agree_have_no_crux_and_say_so(self, essay_client: Client) -> None:
        crux = (await essay_client.get(f"{ESSAY}/crux?b=engineering-is-enough")).json()

        assert crux["agree"] is True
        assert crux["crux"] == []
        assert crux["crux_root_strength"] is None
        assert crux["movers"]
        assert "agree" in crux["explanation"]
        moves = [abs(m["alone"] - crux["a_root_strength"]) for m in crux["movers"]]
        assert moves == sorted(moves, reverse=True)

    async def test_unknown_names_are_404_naming_the_kept_ones(self, essay_client: Client) -> None:
        response = await essay_client.get(f"{ESSAY}/crux?a=optimist&b=pessimist")

        assert response.status_code == 404
        detail = response.json()["detail"]
        assert "'optimist' or 'pessimist'" in detail
        assert all(name in detail for name in KEPT)

    async def test_b_is_required(self, essay_client: Client) -> None:
        assert (await essay_client.get(f"{ESSAY}/crux?a=benchmark-sceptic")).status_code == 400

    async def test_the_posted_crux_is_the_stored_ones(self, essay_client: Client) -> None:
        sceptic, engineering = sent_perspectives()
        posted = await essay_client.post(f"{ESSAY}/crux", json={"a": sceptic, "b": engineering})
        stored = await essay_client.get(f"{ESSAY}/crux?a=benchmark-sceptic&b=engineering-is-enough")

        assert posted.status_code == 200
        assert posted.json() == stored.json()
        null_a = await essay_client.post(f"{ESSAY}/crux", json={"a": None, "b": engineering})
        assert null_a.json()["a"] == "as-mapped"

    async def test_a_posted_reading_naming_what_the_map_lacks_is_422_listing_each(
        self, essay_client: Client
    ) -> None:
        response = await essay_client.post(
            f"{ESSAY}/crux",
            json={
                "a": {"name": "x", "base_scores": {"no-such-node": 0.2}},
                "b": {
                    "name": "y",
                    "base_scores": {"other-missing": 0.4},
                    "weights": [{"source": "creativity-gap", "target": "no-such-node", "weight": 0.5}],
                },
            },
        )

        assert response.status_code == 422
        paths = sorted(problem["path"] for problem in response.json()["problems"])
        assert paths == ["a.base_scores.no-such-node", "b.base_scores.other-missing", "b.weights[0]"]


class TestWritingPerspectives:
    async def test_put_creates_then_replaces_and_each_write_is_a_version_by_its_writer(
        self, client: Client
    ) -> None:
        tag = await map_tag(client, "pets")
        body = {"rationale": "dogs first", "base_scores": {"sleep-good": 0.9}}

        created = await client.put(
            "/maps/pets/perspectives/dog-people", json=body, headers={**AUTH, "If-Match": tag}
        )

        assert created.status_code == 201, created.text
        assert created.json()["author"] == "api-token"
        assert created.headers["etag"] != tag
        replaced = await client.put(
            "/maps/pets/perspectives/dog-people",
            json={**body, "rationale": "dogs only"},
            headers={**AUTH, "If-Match": created.headers["etag"]},
        )
        assert replaced.status_code == 200
        listed = (await client.get("/maps/pets/perspectives")).json()
        assert [(p["name"], p["rationale"]) for p in listed["perspectives"]] == [("dog-people", "dogs only")]
        document = (await client.get("/maps/pets/document")).json()
        assert document["perspectives"] == listed["perspectives"]
        scores = (await client.get("/maps/pets/scores?perspective=dog-people")).json()
        assert {row["id"]: row["base_score"] for row in scores["scores"]}["sleep-good"] == 0.9

    async def test_a_write_needs_if_match_and_the_current_tag(self, client: Client) -> None:
        body = {"base_scores": {"sleep-good": 0.9}}
        missing = await client.put("/maps/pets/perspectives/p", json=body, headers=AUTH)
        stale = await client.put(
            "/maps/pets/perspectives/p", json=body, headers={**AUTH, "If-Match": '"pets-v0"'}
        )
        assert missing.status_code == 428
        assert stale.status_code in (409, 412)

    async def test_a_write_needs_a_writer(self, client: Client) -> None:
        tag = await map_tag(client, "pets")
        response = await client.put("/maps/pets/perspectives/p", json={}, headers={"If-Match": tag})
        assert response.status_code == 401

    async def test_a_client_may_not_name_the_author(self, client: Client) -> None:
        tag = await map_tag(client, "pets")
        response = await client.put(
            "/maps/pets/perspectives/p", json={"author": "someone-else"}, headers={**AUTH, "If-Match": tag}
        )
        assert response.status_code == 400
        assert "author" in response.text

    async def test_unknown_nodes_and_relations_are_422_listing_each(self, client: Client) -> None:
        tag = await map_tag(client, "pets")
        response = await client.put(
            "/maps/pets/perspectives/p",
            json={
                "base_scores": {"cats-fly": 0.5, "fish-sing": 0.1},
                "weights": [{"source": "cats-fly", "target": "thesis", "weight": 0.5}],
            },
            headers={**AUTH, "If-Match": tag},
        )
        assert response.status_code == 422
        paths = [problem["path"] for problem in response.json()["problems"]]
        assert paths == ["base_scores.cats-fly", "base_scores.fish-sing", "weights[0]"]
        assert (await map_tag(client, "pets")) == tag

    @pytest.mark.parametrize("name", ["compare", "as-mapped"])
    async def test_reserved_names_are_refused(self, client: Client, name: str) -> None:
        tag = await map_tag(client, "pets")
        response = await client.put(
            f"/maps/pets/perspectives/{name}", json={}, headers={**AUTH, "If-Match": tag}
        )
        assert response.status_code in (405, 422)

    async def test_delete_removes_it_and_an_unknown_name_is_404(self, client: Client) -> None:
        tag = await map_tag(client, "pets")
        created = await client.put(
            "/maps/pets/perspectives/p", json={"rationale": "r"}, headers={**AUTH, "If-Match": tag}
        )
        deleted = await client.delete(
            "/maps/pets/perspectives/p", headers={**AUTH, "If-Match": created.headers["etag"]}
        )
        assert deleted.status_code == 204
        assert deleted.headers["etag"] != created.headers["etag"]
        assert (await client.get("/maps/pets/perspectives")).json()["perspectives"] == []
        again = await client.delete(
            "/maps/pets/perspectives/p", headers={**AUTH, "If-Match": deleted.headers["etag"]}
        )
        assert again.status_code == 404
        assert "keeps no perspectives" in again.json()["detail"]


class TestWholeDocumentWrites:
    async def test_a_document_with_duplicate_or_dangling_perspectives_is_422_listing_each(
        self, client: Client
    ) -> None:
        document = (await client.get("/maps/pets/document")).json()
        document["perspectives"] = [
            {"name": "twin", "base_scores": {"nobody": 0.3}},
            {"name": "twin", "weights": [{"source": "a", "target": "b", "weight": 0.4}]},
        ]
        tag = await map_tag(client, "pets")

        response = await client.put("/maps/pets", json=document, headers={**AUTH, "If-Match": tag})

        assert response.status_code == 422
        found = sorted((p["path"], p["code"]) for p in response.json()["problems"])
        assert found == [
            ("perspectives[0].base_scores.nobody", "unknown-node"),
            ("perspectives[1].name", "duplicate-name"),
            ("perspectives[1].weights[0]", "unknown-relation"),
        ]

    async def test_the_server_sets_authors_and_keeps_them_for_unchanged_perspectives(
        self, client: Client
    ) -> None:
        document = (await client.get("/maps/pets/document")).json()
        document["perspectives"] = [{"name": "p", "rationale": "r", "author": "forged"}]
        written = await client.put(
            "/maps/pets", json=document, headers={**AUTH, "If-Match": await map_tag(client, "pets")}
        )
        assert written.status_code == 200, written.text
        kept = (await client.get("/maps/pets/perspectives")).json()["perspectives"]
        assert kept[0]["author"] == "api-token"

        again = await client.put(
            "/maps/pets", json=document, headers={**AUTH, "If-Match": written.headers["etag"]}
        )
        assert again.status_code == 200
        assert again.json()["changed"] is False
