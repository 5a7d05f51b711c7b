"""The ClaimReview export over HTTP: signed by the configured publisher, its URLs from the public origin."""

from __future__ import annotations

from collections.abc import AsyncIterator

import msgspec
import pytest
from litestar.testing import AsyncTestClient
from support.app import PUBLIC_URL, TOKEN, Client
from support.memory_store import MemoryStore

from api.app import create_app
from api.settings import Settings, SettingsError, load_settings
from graph.compute import ComputePool
from graph.service import CLI, MapService
from schemas import Operation, StatedComputation

LOGO = "https://desk.example.org/logo.png"


@pytest.fixture
async def desk_client(store: MemoryStore) -> AsyncIterator[Client]:
    """The pets map with one stated figure, served by a desk that names itself."""
    service = MapService(store, pool=ComputePool(workers=2, queue=4, deadline_s=10.0))
    graph = await service.graph("pets")
    figure = StatedComputation(operation=Operation.RATIO, inputs=[1, 3], stated=0.33, decimals=2)
    nodes = [
        msgspec.structs.replace(node, computations=[figure]) if node.id == "sleep-good" else node
        for node in graph.document.nodes
    ]
    await service.load(msgspec.structs.replace(graph.document, nodes=nodes), actor=CLI)
    settings = Settings(
        api_token=TOKEN,
        rate_limit_per_minute=0,
        public_url=PUBLIC_URL,
        publisher_name="The Desk",
        publisher_url="https://desk.example.org",
        publisher_logo=LOGO,
    )
    async with AsyncTestClient(create_app(settings, service)) as client:
        yield client


async def test_the_configured_publisher_signs_and_the_host_header_is_not_trusted(desk_client: Client) -> None:
    response = await desk_client.get("/maps/pets/export?format=claimreview", headers={"Host": "evil.example"})
    assert response.status_code == 200
    (review,) = response.json()["@graph"]

    assert review["author"] == {
        "@type": "Organization",
        "name": "The Desk",
        "url": "https://desk.example.org",
        "logo": {"@type": "ImageObject", "url": LOGO},
    }
    assert review["url"].startswith(f"{PUBLIC_URL}/maps/pets/view?version=")
    assert "evil.example" not in response.text
    versions = (await desk_client.get("/maps/pets/versions")).json()["versions"]
    assert review["datePublished"] == versions[0]["created"][:10]


async def test_without_a_publisher_the_public_origin_signs(client: Client) -> None:
    response = await client.get("/maps/pets/export?format=claimreview")

    assert response.status_code == 200
    assert response.json()["@graph"] == []  # the pets map states no figure and resolves no forecast


async def test_an_anonymous_reader_may_not_export_a_map_it_may_not_see(client: Client) -> None:
    response = await client.get("/maps/nowhere/export?format=claimreview")

    assert response.status_code == 404


@pytest.mark.parametrize("variable", ["ARGMAP_PUBLISHER_URL", "ARGMAP_PUBLISHER_LOGO"])
def test_a_publisher_url_must_be_absolute(variable: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        load_settings({variable: "desk.example.org/logo"})
    assert load_settings({"ARGMAP_PUBLISHER_NAME": "The Desk"}).publisher_name == "The Desk"
