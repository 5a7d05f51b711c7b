"""A text body names its charset once: Litestar adds it to every text/* type, so the app never says it too."""

from __future__ import annotations

import pytest
from support.app import Client


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/maps/pets/brief", {"side": "pro", "format": "markdown"}),
        ("/maps/pets/brief", {"side": "pro", "format": "html"}),
        ("/maps/pets/export", {"format": "csv"}),
        ("/maps/pets/export", {"format": "argdown"}),
        ("/maps/pets/diagram", {"format": "dot"}),
    ],
)
async def test_a_text_body_says_its_charset_once(client: Client, path: str, params: dict[str, str]) -> None:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    content_type = response.headers["content-type"]
    assert content_type.startswith("text/")
    assert content_type.count("charset=") == 1, content_type
