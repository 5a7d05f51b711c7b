"""Debate endpoints over the in-memory store: briefs, gaps, robustness, perspectives and the wider what-if."""

from __future__ import annotations

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from support.app import TOKEN, Client
from support.memory_store import MemoryStore

from api.app import create_app
from api.settings import Settings
from graph.compute import ComputePool
from graph.mapgraph import node_strengths
from graph.service import MapService

ROOT = "clark-thesis-automated-rd-2028"


async def test_brief_json_leads_with_the_heaviest_argument_and_revalidates(essay_client: Client) -> None:
    scores = (await essay_client.get("/maps/import-ai-455/scores")).json()
    heaviest = max(scores["scores"], key=lambda row: row["contribution"])
    response = await essay_client.get("/maps/import-ai-455/brief?side=pro")
    assert response.status_code == 200
    brief = response.json()
    assert brief["arguments"][0]["node"]["id"] == heaviest["id"]
    assert brief["reading"] == scores["reading"]
    again = await essay_client.get(
        "/maps/import-ai-455/brief?side=pro", headers={"If-None-Match": response.headers["etag"]}
    )
    assert again.status_code == 304


async def test_brief_prints_as_markdown_and_escaped_html(essay_client: Client) -> None:
    markdown = await essay_client.get("/maps/import-ai-455/brief?side=con&format=markdown")
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert markdown.text.startswith("# Against: ")
    assert "needs research proper as well as engineering" in markdown.text  # the creativity gap leads
    page = await essay_client.get("/maps/import-ai-455/brief?side=con&format=html")
    assert page.headers["content-type"].startswith("text/html")
    assert "<h2>Our arguments</h2>" in page.text
    assert "better-than-even" in page.text


async def test_brief_refuses_a_side_it_does_not_know(essay_client: Client) -> None:
    response = await essay_client.get("/maps/import-ai-455/brief?side=maybe")
    assert response.status_code == 400
    assert "side" in response.text


async def test_gaps_lists_findings_with_fixes_errors_first(essay_client: Client) -> None:
    response = await essay_client.get("/maps/import-ai-455/gaps")
    assert response.status_code == 200
    gaps = response.json()
    kinds = {finding["kind"] for finding in gaps["findings"]}
    assert {"idle-evidence", "unanswered-reply", "pivotal"} <= kinds
    order = {"error": 0, "warning": 1, "info": 2}
    severities = [order[finding["severity"]] for finding in gaps["findings"]]
    assert severities == sorted(severities)
    assert all(finding["fix"] and finding["message"] for finding in gaps["findings"])


async def test_robustness_is_reproducible_from_its_seed(essay_client: Client) -> None:
    url = "/maps/import-ai-455/robustness?samples=40&seed=7&spread=0.1"
    first = (await essay_client.get(url)).json()
    assert first["seed"] == 7
    assert first["samples"] == 40
    other = (await essay_client.get(url.replace("seed=7", "seed=8"))).json()
    assert other["distribution"] != first["distribution"]
    assert first["verdict"].startswith(("Stable.", "Not stable."))
    refused = await essay_client.get("/maps/import-ai-455/robustness?samples=100000")
    assert refused.status_code == 400


async def test_perspectives_compare_names_each_reading(essay_client: Client) -> None:
    body = {
        "perspectives": [
            {
                "name": "sceptic",
                "rationale": "curves do not make research",
                "base_scores": {"creativity-gap": 0.9},
            },
            {"name": "believer", "weights": [{"source": "creativity-gap", "target": ROOT, "weight": 0.1}]},
        ]
    }
    response = await essay_client.post("/maps/import-ai-455/perspectives/compare", json=body)
    assert response.status_code == 200
    result = response.json()
    strengths = {p["name"]: p["root_strength"] for p in result["perspectives"]}
    assert strengths["sceptic"] < strengths["as-mapped"] < strengths["believer"]
    assert result["differences"][0]["spread"] >= result["differences"][-1]["spread"]
    wrong = await essay_client.post(
        "/maps/import-ai-455/perspectives/compare",
        json={"perspectives": [{"name": "typo", "base_score": {"creativity-gap": 0.9}}]},
    )
    assert wrong.status_code in (400, 422)
    assert "base_score" in wrong.text


async def test_what_if_adds_a_hypothetical_counterpoint_and_rows_carry_text(essay_client: Client) -> None:
    body = {
        "add_nodes": [{"id": "rebuttal", "text": "Benchmarks measure the wrong thing.", "base_score": 0.7}],
        "add_relations": [{"source": "rebuttal", "target": "capability-curves-converge", "type": "attacks"}],
    }
    response = await essay_client.post("/maps/import-ai-455/what-if", json=body)
    assert response.status_code == 200
    outcome = response.json()
    rows = {row["id"]: row for row in outcome["rows"]}
    assert rows["capability-curves-converge"]["strength_delta"] < 0
    assert outcome["root_strength_after"] < outcome["root_strength_before"]
    assert rows["rebuttal"]["hypothetical"] is True
    assert rows["creativity-gap"]["text"].startswith("Automating AI R&D needs research proper")
    assert rows["creativity-gap"]["kind"] == "caveat"


async def test_what_if_changes_a_relation_weight(essay_client: Client) -> None:
    body = {"weights": [{"source": "creativity-gap", "target": ROOT, "weight": 0.01}]}
    outcome = (await essay_client.post("/maps/import-ai-455/what-if", json=body)).json()
    assert outcome["root_strength_after"] > outcome["root_strength_before"]


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"base_score": {"creativity-gap": 0.1}}, "base_score"),
        ({"remove_relations": [{"source": "creativity-gap", "targt": ROOT}]}, "targt"),
        ({"weights": [{"source": "nobody", "target": ROOT, "weight": 0.5}]}, "weights[0]"),
    ],
)
async def test_what_if_refuses_unknown_fields_and_relations_naming_them(
    essay_client: Client, body: dict[str, object], named: str
) -> None:
    response = await essay_client.post("/maps/import-ai-455/what-if", json=body)
    assert response.status_code in (400, 422)
    assert named in response.text


async def test_a_what_if_is_drawn_with_the_moved_nodes_marked(essay_client: Client) -> None:
    body = {
        "add_nodes": [{"id": "rebuttal", "text": "Benchmarks measure the wrong thing.", "base_score": 0.7}],
        "add_relations": [{"source": "rebuttal", "target": "capability-curves-converge", "type": "attacks"}],
        "remove_nodes": ["cotra-100-hour-forecast"],
    }
    outcome = (await essay_client.post("/maps/import-ai-455/what-if", json=body)).json()
    row = next(r for r in outcome["rows"] if r["id"] == "capability-curves-converge")
    response = await essay_client.post("/maps/import-ai-455/what-if/diagram?format=dot", json=body)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/vnd.graphviz")
    dot = response.text
    assert f"what-if {row['strength_before']:.2f} → {row['strength_after']:.2f}" in dot
    assert "[hypothetical] Benchmarks measure the wrong thing." in dot
    assert "cotra" not in dot.lower()  # removed nodes are not drawn
    svg = await essay_client.post("/maps/import-ai-455/what-if/diagram", json=body)
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/maps/pets/gaps?semantics=card-based", None),
        ("GET", "/maps/pets/robustness?semantics=max-based&samples=10", None),
        ("GET", "/maps/pets/brief?side=pro&semantics=h-categorizer", None),
        ("POST", "/maps/pets/perspectives/compare?semantics=card-based", {"perspectives": []}),
    ],
)
async def test_an_attack_only_semantics_on_a_map_with_supports_is_a_422_naming_it(
    client: Client, method: str, path: str, body: object
) -> None:
    response = await client.request(method, path, json=body)
    assert response.status_code == 422, response.text
    assert "attack" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/maps/pets/brief?side=pro", "/maps/pets/gaps"])
async def test_briefs_and_gaps_are_rate_limited_per_client(store: MemoryStore, path: str) -> None:
    service = MapService(store, pool=ComputePool(workers=2, queue=8, deadline_s=30.0))
    settings = Settings(api_token=TOKEN, rate_limit_per_minute=1, rate_limit_burst=2)
    async with AsyncTestClient(create_app(settings, service)) as client:
        statuses = [(await client.get(path)).status_code for _ in range(3)]
        refused = await client.get(path)
    assert statuses == [200, 200, 429]
    assert int(refused.headers["retry-after"]) >= 1


HOSTILE = "<script>alert(1)</script> *loud* [click](javascript:alert(2))"


@pytest.mark.parametrize("format", ["markdown", "html"])
async def test_a_printed_brief_never_turns_map_text_into_markup(store: MemoryStore, format: str) -> None:
    graph = await store.read_map("pets")
    nodes = [
        msgspec.structs.replace(node, text=HOSTILE) if node.id == "sleep-good" else node
        for node in graph.document.nodes
    ]
    document = msgspec.structs.replace(graph.document, nodes=nodes)
    store._write(document, node_strengths(document), None, False, False)
    service = MapService(store, pool=ComputePool(workers=2, queue=8, deadline_s=30.0))
    async with AsyncTestClient(create_app(Settings(rate_limit_per_minute=0), service)) as client:
        response = await client.get(f"/maps/pets/brief?side=pro&format={format}")
    assert response.status_code == 200, response.text
    assert "<script>" not in response.text
    if format == "markdown":  # a Markdown renderer would make these a link and emphasis
        assert "[click](javascript" not in response.text
        assert "*loud*" not in response.text
    else:
        assert "<a " not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-type"].count("charset") == 1
    if format == "html":
        assert "script-src" not in response.headers["content-security-policy"]
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
