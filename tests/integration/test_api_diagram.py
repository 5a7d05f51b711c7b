"""End-to-end: the Graphviz diagram of the essay, drawn by the real ``dot``."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import pytest
from support.app import Client
from support.problems import assert_problem

from schemas import MapDocument

pytestmark = pytest.mark.neo4j
DIAGRAM = "/maps/import-ai-455/diagram"


class TestDiagram:
    async def test_svg_shows_every_node(self, client: Client, essay: MapDocument) -> None:
        response = await client.get(DIAGRAM)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("image/svg+xml")
        root = ET.fromstring(response.content)  # noqa: S314 - our own server's output
        titles = {element.text for element in root.iter("{http://www.w3.org/2000/svg}title")}
        assert {node.id for node in essay.nodes} <= titles

    async def test_top_keeps_the_heaviest(self, client: Client) -> None:
        scores = (await client.get("/maps/import-ai-455/scores")).json()["scores"]
        heaviest = [row["id"] for row in scores if row["rank"] is not None][:5]
        lightest = [row["id"] for row in scores if row["rank"] is not None][-1]
        dot = (await client.get(DIAGRAM, params={"format": "dot", "top": 5})).text
        for node_id in heaviest:
            assert f"{node_id} [" in dot or f'"{node_id}" [' in dot
        assert f"{lightest} [" not in dot

    @pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("pdf", b"%PDF")])
    async def test_binary_formats(self, client: Client, fmt: str, magic: bytes) -> None:
        response = await client.get(DIAGRAM, params={"format": fmt, "top": 10})
        assert response.status_code == 200
        assert response.content.startswith(magic)

    async def test_etag_and_304(self, client: Client) -> None:
        first = await client.get(DIAGRAM, params={"format": "dot"})
        again = await client.get(
            DIAGRAM, params={"format": "dot"}, headers={"If-None-Match": first.headers["etag"]}
        )
        assert again.status_code == 304

    @pytest.mark.parametrize("params", [{"format": "gif"}, {"top": 0}, {"direction": "up"}])
    async def test_bad_parameters_are_400(self, client: Client, params: dict[str, str | int]) -> None:
        assert_problem(await client.get(DIAGRAM, params=params), 400)


class TestCards:
    @pytest.mark.parametrize(
        "path", ["/maps/import-ai-455/card.png", "/claims/import-ai-455/capability-curves-converge/card.png"]
    )
    async def test_the_essays_cards_are_1200_by_630_pngs(self, client: Client, path: str) -> None:
        response = await client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/png"
        assert response.headers["etag"] == '"import-ai-455-v1"'
        assert response.content.startswith(b"\x89PNG")
        assert struct.unpack(">II", response.content[16:24]) == (1200, 630)

    async def test_a_claims_card_says_the_claim(self, client: Client, essay: MapDocument) -> None:
        claim = next(node for node in essay.nodes if node.id == "capability-curves-converge")
        response = await client.get(f"/claims/import-ai-455/{claim.id}/card.svg")
        svg = ET.fromstring(response.content)  # noqa: S314 - our own server's output
        words = " ".join(" ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text")).split())
        assert " ".join(claim.text.split()) in words
