"""End-to-end: claim search and detail, sources, and the engine over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from support.app import Client
from support.problems import assert_problem

from graph.document import check_computation
from schemas import MapDocument

pytestmark = pytest.mark.neo4j


class TestSearch:
    async def test_words_find_claims_with_quotes_at_their_offsets(
        self, client: Client, essay: MapDocument
    ) -> None:
        body = (await client.get("/claims", params={"q": "SWE-Bench"})).json()
        assert body["hits"], "SWE-Bench is discussed in the essay"
        source = essay.sources[0].text
        assert source is not None
        for hit in body["hits"]:
            assert hit["map"] == "import-ai-455"
            assert hit["href"] == f"/claims/import-ai-455/{hit['id']}"
            if hit["quote"] is not None:
                quote = hit["quote"]
                assert source[quote["start"] : quote["end"]] == quote["text"]
        relevances = [hit["relevance"] for hit in body["hits"]]
        assert relevances == sorted(relevances, reverse=True)

    async def test_pagination_is_stable_and_complete(self, client: Client) -> None:
        everything = (await client.get("/claims", params={"q": "AI", "limit": 100})).json()["hits"]
        assert len(everything) > 6
        seen: list[str] = []
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"q": "AI", "limit": 5}
            if cursor:
                params["cursor"] = cursor
            page = (await client.get("/claims", params=params)).json()
            seen.extend(hit["id"] for hit in page["hits"])
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == [hit["id"] for hit in everything]

    async def test_listing_without_q_pages_through_every_node(
        self, client: Client, essay: MapDocument
    ) -> None:
        seen: list[str] = []
        cursor: str | None = None
        for _ in range(100):
            params: dict[str, Any] = {"limit": 25}
            if cursor:
                params["cursor"] = cursor
            page = (await client.get("/claims", params=params)).json()
            seen.extend(hit["id"] for hit in page["hits"])
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert sorted(seen) == sorted(node.id for node in essay.nodes)

    @pytest.mark.parametrize(
        ("params", "check"),
        [
            ({"kind": "evidence"}, lambda hit: hit["kind"] == "evidence"),
            ({"speaker": "virtuesig-reporter"}, lambda hit: hit["speaker"] == "virtuesig-reporter"),
            ({"min_strength": 0.8}, lambda hit: hit["strength"] >= 0.8),
            ({"map": "import-ai-455"}, lambda hit: hit["map"] == "import-ai-455"),
        ],
    )
    async def test_filters(self, client: Client, params: dict[str, Any], check: Any) -> None:
        hits = (await client.get("/claims", params={**params, "limit": 100})).json()["hits"]
        assert hits
        assert all(check(hit) for hit in hits)

    async def test_filters_that_match_nothing(self, client: Client) -> None:
        body = (await client.get("/claims", params={"map": "no-such-map"})).json()
        assert body == {
            "hits": [],
            "limit": 20,
            "next_cursor": None,
            "facets": {"total": 0, "kind": {}, "speaker": {}, "tag": {}},
        }

    @pytest.mark.parametrize("q", ['"unbalanced', "a:b OR (", "***", "\\", "AND"])
    async def test_query_syntax_never_breaks(self, client: Client, q: str) -> None:
        response = await client.get("/claims", params={"q": q})
        assert response.status_code == 200, response.text
        assert isinstance(response.json()["hits"], list)

    @pytest.mark.parametrize(
        "params",
        [{"cursor": "not-a-cursor"}, {"limit": 0}, {"limit": 101}, {"kind": "opinion"}, {"min_strength": 2}],
    )
    async def test_bad_parameters_are_400(self, client: Client, params: dict[str, Any]) -> None:
        assert_problem(await client.get("/claims", params=params), 400)


class TestClaim:
    async def test_detail_has_everything(self, client: Client, essay: MapDocument) -> None:
        node = next(node for node in essay.nodes if node.computations)
        response = await client.get(f"/claims/import-ai-455/{node.id}")
        assert response.status_code == 200
        body = response.json()
        assert body["text"] == node.text
        assert body["speaker"]["id"] == node.speaker
        assert [q["start"] for q in body["quotes"]] == [q.start for q in node.quotes]
        expected = [check_computation(c).agrees for c in node.computations]
        assert [c["agrees"] for c in body["computations"]] == expected
        supporters = sorted(r.source for r in essay.relations if r.target == node.id and r.type == "supports")
        assert sorted(item["id"] for item in body["supporters"]) == supporters
        bears_on = sorted(r.target for r in essay.relations if r.source == node.id)
        assert sorted(item["id"] for item in body["bears_on"]) == bears_on
        assert 0.0 <= body["strength"] <= 1.0
        assert response.headers["etag"] == f'"import-ai-455/{node.id}-v1"'
        cached = await client.get(
            f"/claims/import-ai-455/{node.id}", headers={"If-None-Match": response.headers["etag"]}
        )
        assert cached.status_code == 304

    async def test_evidence_carries_its_data(self, client: Client, essay: MapDocument) -> None:
        node = next(node for node in essay.nodes if node.evidence and node.evidence.observations)
        body = (await client.get(f"/claims/import-ai-455/{node.id}")).json()
        assert node.evidence is not None
        assert [o["value"] for o in body["evidence"]["observations"]] == [
            o.value for o in node.evidence.observations
        ]

    async def test_unknown_claim_is_404(self, client: Client) -> None:
        body = assert_problem(await client.get("/claims/import-ai-455/ghost"), 404)
        assert "ghost" in body["detail"]


class TestSources:
    async def test_whole_source(self, client: Client, essay: MapDocument) -> None:
        source = next(source for source in essay.sources if source.text)
        body = (await client.get(f"/sources/{source.id}")).json()
        assert body["text"] == source.text
        assert body["length"] == len(source.text or "")
        assert body["maps"] == ["import-ai-455"]

    async def test_a_source_answers_every_field_it_was_declared_with(
        self, client: Client, essay: MapDocument
    ) -> None:
        for source in essay.sources:
            body = (await client.get(f"/sources/{source.id}")).json()
            declared = {"title": source.title, "outlet": source.outlet, "author": source.author}
            declared |= {"published": source.published, "url": source.url, "note": source.note}
            assert {key: body[key] for key in declared} == declared
        assert any(source.note for source in essay.sources), "the essay's sources carry a note to check"

    async def test_span_with_context(self, client: Client, essay: MapDocument) -> None:
        node = next(node for node in essay.nodes if node.quotes)
        quote = node.quotes[0]
        source = next(source for source in essay.sources if source.text)
        body = (
            await client.get(f"/sources/{source.id}", params={"start": quote.start, "end": quote.end})
        ).json()
        assert body["text"] == quote.text
        assert (source.text or "")[: quote.start].endswith(body["before"])
        assert (source.text or "")[quote.end :].startswith(body["after"])

    @pytest.mark.parametrize(
        "params", [{"start": 5}, {"start": 10, "end": 5}, {"start": 0, "end": 10**7}, {"start": -1, "end": 3}]
    )
    async def test_bad_spans_are_400(
        self, client: Client, essay: MapDocument, params: dict[str, int]
    ) -> None:
        source = next(source for source in essay.sources if source.text)
        assert_problem(await client.get(f"/sources/{source.id}", params=params), 400)

    async def test_unknown_source_is_404(self, client: Client) -> None:
        assert_problem(await client.get("/sources/ghost"), 404)


class TestEvaluate:
    async def test_two_strong_attackers(self, client: Client) -> None:
        body = {"arguments": {"a": 0.5, "b": 1.0, "c": 1.0}, "attacks": [["b", "a"], ["c", "a"]], "root": "a"}
        result = (await client.post("/qbaf/evaluate", params={"semantics": "QE"}, json=body)).json()
        assert result["strengths"]["strengths"]["a"] == pytest.approx(0.1, abs=1e-9)
        assert result["strengths"]["metadata"]["acyclic"] is True
        values = {item["argument"]: item["value"] for item in result["contributions"]["contributions"]}
        assert values == pytest.approx({"b": -0.2, "c": -0.2}, abs=1e-9)

    async def test_cyclic_graph_reports_convergence(self, client: Client) -> None:
        body = {"arguments": {"a": 1.0, "b": 1.0}, "attacks": [["a", "b"], ["b", "a"]]}
        result = (await client.post("/qbaf/evaluate", params={"semantics": "DF-QuAD"}, json=body)).json()
        assert result["strengths"]["strengths"] == pytest.approx({"a": 0.5, "b": 0.5}, abs=1e-6)
        assert result["strengths"]["metadata"]["acyclic"] is False
        assert result["strengths"]["metadata"]["converged"] is True
        assert result["contributions"] is None

    async def test_every_problem_is_listed(self, client: Client) -> None:
        body = {
            "arguments": {"a": 1.5, "b": 0.5},
            "supports": [["a", "a"], ["b", "ghost"]],
            "attacks": [["b", "a"]],
        }
        problem = assert_problem(await client.post("/qbaf/evaluate", json=body), 422)
        assert len(problem["problems"]) >= 3
