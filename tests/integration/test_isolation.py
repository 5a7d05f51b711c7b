"""What a map shows belongs to that map: a write to one map never changes what another shows."""

from __future__ import annotations

import msgspec
import pytest
from support.app import AUTH, Client
from support.problems import assert_problem

from schemas import MapDocument, Node, NodeKind, Quote, Source, Speaker

pytestmark = pytest.mark.neo4j
ESSAY = "import-ai-455"


def citing(essay: MapDocument, source: Source, **changes: object) -> MapDocument:
    """A one-node map quoting the first sentence of the essay's ``source`` (changed as given).

    It carries the essay's sources and the speaker the source names as its author, since a source's
    ``reports_on`` and ``written_by`` name them.
    """
    text = source.text or ""
    end = text.index(".") + 1
    sources = [
        msgspec.structs.replace(other, text_file=None, **(changes if other.id == source.id else {}))
        for other in essay.sources
    ]
    authors = [speaker for speaker in essay.speakers if speaker.id == source.written_by]
    return MapDocument(
        id="reader-notes",
        title="A reader's notes",
        sources=sources,
        speakers=[Speaker(id="reader", name="A reader"), *authors],
        nodes=[
            Node(
                id="note",
                kind=NodeKind.THESIS,
                text="The article opens with the essay's claim.",
                speaker="reader",
                base_score=0.5,
                rationale="a reader's summary",
                quotes=[Quote(start=0, end=end, text=text[:end], source=source.id)],
            )
        ],
    )


async def essay_view(client: Client, source_id: str) -> tuple[str, dict[str, object], dict[str, object]]:
    summary = await client.get(f"/maps/{ESSAY}")
    source = (await client.get(f"/sources/{source_id}")).json()
    source.pop("maps")
    return summary.headers["etag"], summary.json(), source


class TestSharedSources:
    @pytest.mark.parametrize(
        "changes",
        [
            {"title": "Another title"},
            {"url": "https://example.org/elsewhere"},
            {"author": "Someone Else"},
        ],
        ids=["title", "url", "author"],
    )
    async def test_another_maps_copy_with_other_metadata_is_refused(
        self, client: Client, essay: MapDocument, changes: dict[str, object]
    ) -> None:
        source = next(source for source in essay.sources if source.text)
        before = await essay_view(client, source.id)
        response = await client.post(
            "/maps", content=msgspec.json.encode(citing(essay, source, **changes)), headers=AUTH
        )
        body = assert_problem(response, 409)
        assert source.id in body["detail"]
        assert ESSAY in body["detail"]
        assert await essay_view(client, source.id) == before
        assert (await client.get("/maps/reader-notes")).status_code == 404, "nothing of the refused map stays"

    async def test_citing_it_unchanged_leaves_the_first_map_as_it_was(
        self, client: Client, essay: MapDocument
    ) -> None:
        source = next(source for source in essay.sources if source.text)
        before = await essay_view(client, source.id)
        response = await client.post(
            "/maps", content=msgspec.json.encode(citing(essay, source)), headers=AUTH
        )
        assert response.status_code == 201, response.text
        assert await essay_view(client, source.id) == before, "same ETag, same summary, same source"
        cited_by = (await client.get(f"/sources/{source.id}")).json()["maps"]
        assert cited_by == [ESSAY, "reader-notes"]

        tag = response.headers["etag"]
        deleted = await client.delete("/maps/reader-notes", headers={**AUTH, "If-Match": tag})
        assert deleted.status_code == 204
        assert await essay_view(client, source.id) == before, "deleting the other map leaves the source"
