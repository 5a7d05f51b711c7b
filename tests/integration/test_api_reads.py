"""End-to-end reads over the real Neo4j: maps, trees, scores, what-if, claims, sources, the engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver
from support.app import Client
from support.neo4j import count_graph
from support.problems import assert_problem

from schemas import MapDocument

pytestmark = pytest.mark.neo4j
MAP = "/maps/import-ai-455"
REPO = Path(__file__).resolve().parents[2]


class TestMaps:
    async def test_list_has_the_essay_with_counts(self, client: Client, essay: MapDocument) -> None:
        body = (await client.get("/maps")).json()
        (entry,) = body["maps"]
        assert entry["id"] == "import-ai-455"
        assert sum(entry["counts"].values()) == len(essay.nodes)
        assert entry["counts"]["thesis"] == sum(1 for node in essay.nodes if node.kind == "thesis")
        assert entry["root"] == essay.root

    async def test_one_map_with_etag_and_304(self, client: Client, essay: MapDocument) -> None:
        response = await client.get(MAP)
        assert response.status_code == 200
        body = response.json()
        assert body["thesis_ids"] == [node.id for node in essay.nodes if node.kind == "thesis"]
        assert sum(body["relations"].values()) == len(essay.relations)
        tag = response.headers["etag"]
        assert tag == '"import-ai-455-v1"'
        again = await client.get(MAP, headers={"If-None-Match": tag})
        assert again.status_code == 304
        assert again.content == b""
        other = await client.get(MAP, headers={"If-None-Match": '"import-ai-455-v0"'})
        assert other.status_code == 200

    async def test_document_round_trips(self, client: Client, essay: MapDocument) -> None:
        body = (await client.get(f"{MAP}/document")).json()
        assert body["id"] == essay.id
        assert [node["id"] for node in body["nodes"]] == [node.id for node in essay.nodes]

    @pytest.mark.parametrize("path", ["/maps/nope", "/maps/nope/tree", "/maps/nope/scores", "/claims/nope/x"])
    async def test_unknown_map_is_404(self, client: Client, path: str) -> None:
        body = assert_problem(await client.get(path), 404)
        assert "nope" in body["detail"]


class TestFormats:
    async def test_map_document_schema_is_the_published_one(self, client: Client) -> None:
        response = await client.get("/formats/map-document")
        assert response.status_code == 200
        published = json.loads((REPO / "docs" / "map-schema.json").read_text())
        assert response.json() == published


class TestTree:
    async def test_default_root_is_the_thesis(self, client: Client, essay: MapDocument) -> None:
        body = (await client.get(f"{MAP}/tree")).json()
        assert body["root"] == essay.root
        tree = body["tree"]
        assert tree["id"] == essay.root
        incoming = [rel for rel in essay.relations if rel.target == essay.root]
        shown = tree["supporters"] + tree["attackers"] + tree["qualifiers"]
        assert sorted(child["node"]["id"] for child in shown) == sorted(rel.source for rel in incoming)
        for child in tree["supporters"]:
            assert child["relation"] == "supports"

    async def test_every_node_is_expanded_once(self, client: Client, essay: MapDocument) -> None:
        body = (await client.get(f"{MAP}/tree", params={"depth": 100})).json()
        expanded: list[str] = []
        refs: list[str] = []

        def walk(node: dict[str, Any]) -> None:
            (refs if node["ref"] else expanded).append(node["id"])
            for group in ("supporters", "attackers", "qualifiers"):
                for child in node[group]:
                    walk(child["node"])

        walk(body["tree"])
        assert len(expanded) == len(set(expanded))
        assert set(refs) <= set(expanded)
        # The tree holds the root and everything that bears on it; the essay's other theses (the 2027 figure,
        # the consequences, the reporter's reading) and what only they rest on are not under Clark's forecast.
        upstream = {essay.root}
        grew = True
        while grew:
            more = {rel.source for rel in essay.relations if rel.target in upstream} - upstream
            upstream |= more
            grew = bool(more)
        assert set(expanded) == upstream
        assert set(expanded) < {node.id for node in essay.nodes}

    async def test_depth_truncates(self, client: Client) -> None:
        body = (await client.get(f"{MAP}/tree", params={"depth": 0})).json()
        tree = body["tree"]
        assert tree["truncated"] is True
        assert tree["supporters"] == tree["attackers"] == tree["qualifiers"] == []

    async def test_other_root(self, client: Client) -> None:
        body = (await client.get(f"{MAP}/tree", params={"root": "reporter-verdict"})).json()
        assert body["tree"]["id"] == "reporter-verdict"
        assert body["tree"]["contribution"] == 0.0

    @pytest.mark.parametrize(
        ("params", "status"),
        [
            ({"root": "no-such-node"}, 404),
            ({"depth": -1}, 400),
            ({"depth": "deep"}, 400),
            ({"semantics": "bogus"}, 400),
            ({"semantics": "df-quad-ish"}, 400),  # a spelling scoring.md does not promise
            ({"semantics": "h-categorizer"}, 422),
            ({"contribution": "vibes"}, 400),
        ],
    )
    async def test_bad_parameters(self, client: Client, params: dict[str, Any], status: int) -> None:
        assert_problem(await client.get(f"{MAP}/tree", params=params), status)


class TestScores:
    async def test_shapley_adds_up_and_ranks_by_weight(self, client: Client, essay: MapDocument) -> None:
        body = (await client.get(f"{MAP}/scores")).json()
        assert body["semantics"] == "QE"
        assert body["contribution"] == "shapley"
        rows = body["scores"]
        assert {row["id"] for row in rows} == {node.id for node in essay.nodes}
        total = sum(row["contribution"] for row in rows)
        assert total == pytest.approx(body["root_strength"] - body["root_base_score"], abs=1e-9)
        assert body["efficiency"]["holds"] is True
        ranked = [row for row in rows if row["rank"] is not None]
        weights = [row["weight_carried"] for row in ranked]
        assert weights == sorted(weights, reverse=True)
        assert [row["rank"] for row in ranked] == list(range(1, len(ranked) + 1))
        for row in rows:
            assert 0.0 <= row["strength"] <= 1.0

    @pytest.mark.parametrize("semantics", ["QE", "DF-QuAD", "Euler", "Squared-DF-QuAD", "Euler-top"])
    @pytest.mark.parametrize("contribution", ["removal", "removal-intrinsic", "gradient"])
    async def test_every_semantics_and_function(
        self, client: Client, semantics: str, contribution: str
    ) -> None:
        response = await client.get(
            f"{MAP}/scores", params={"semantics": semantics, "contribution": contribution}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["contribution"] == contribution
        assert body["solver"]["converged"] is True

    async def test_scores_are_cached_per_version(self, client: Client) -> None:
        first = (await client.get(f"{MAP}/scores")).json()
        second = (await client.get(f"{MAP}/scores")).json()
        assert first == second


class TestWhatIf:
    async def test_lowering_the_heaviest_supporter_lowers_the_root(
        self, client: Client, loaded: AsyncDriver
    ) -> None:
        scores = (await client.get(f"{MAP}/scores")).json()
        supporter = next(row for row in scores["scores"] if row["contribution"] > 0)
        before = await count_graph(loaded)
        response = await client.post(f"{MAP}/what-if", json={"base_scores": {supporter["id"]: 0.0}})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["root_strength_after"] < body["root_strength_before"]
        row = next(item for item in body["rows"] if item["id"] == supporter["id"])
        assert row["strength_after"] <= row["strength_before"]
        assert await count_graph(loaded) == before, "what-if must not write"
        assert (await client.get(MAP)).headers["etag"] == '"import-ai-455-v1"'

    async def test_removing_nodes_and_relations(self, client: Client, essay: MapDocument) -> None:
        relation = next(rel for rel in essay.relations if rel.target == essay.root)
        leaf = next(node.id for node in essay.nodes if node.id not in {essay.root, relation.source})
        body = (
            await client.post(
                f"{MAP}/what-if",
                json={
                    "remove_nodes": [leaf],
                    "remove_relations": [{"source": relation.source, "target": relation.target}],
                },
            )
        ).json()
        removed = next(item for item in body["rows"] if item["id"] == leaf)
        assert removed["removed"] is True
        assert removed["strength_after"] is None

    async def test_unknown_names_are_422_with_every_problem(self, client: Client, essay: MapDocument) -> None:
        response = await client.post(
            f"{MAP}/what-if",
            json={
                "base_scores": {"ghost": 0.5},
                "remove_nodes": ["phantom", essay.root],
                "remove_relations": [{"source": "a", "target": "b"}],
            },
        )
        body = assert_problem(response, 422)
        assert {problem["path"] for problem in body["problems"]} == {
            "base_scores.ghost",
            "remove_nodes[0]",
            "remove_nodes[1]",
            "remove_relations[0]",
        }

    async def test_score_out_of_range_is_422(self, client: Client, essay: MapDocument) -> None:
        assert_problem(await client.post(f"{MAP}/what-if", json={"base_scores": {essay.root: 1.5}}), 422)

    async def test_malformed_json_is_400(self, client: Client) -> None:
        response = await client.post(
            f"{MAP}/what-if", content=b"{not json", headers={"Content-Type": "application/json"}
        )
        assert_problem(response, 400)
