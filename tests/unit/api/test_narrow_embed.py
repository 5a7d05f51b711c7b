"""The embed's list for narrow screens: in every embed page, the drawn claims heaviest first under the weighed
one, each linking to its panel in the viewer of the same version; a drawing wider than 480 px is marked so
the stylesheet shows the list instead below that width."""

from __future__ import annotations

import html
import re

from support.app import Client


def narrow_list(page: str) -> str:
    found = re.search(r'<section class="narrow-list".*?</section>', page, re.S)
    assert found is not None
    return found.group(0)


async def test_lists_the_drawn_claims_heaviest_first_with_links_to_the_viewer(client: Client) -> None:
    page = (await client.get("/maps/pets/embed", params={"version": "1"})).text
    listed = narrow_list(page)
    assert "<strong>Cats are well rested.</strong>" in listed
    texts = re.findall(r'<li class="(pro|con|neutral)"><a href="([^"]+)"[^>]*>([^<]+)</a>', listed)
    scores = (await client.get("/maps/pets/scores")).json()["scores"]
    ranked = [row["id"] for row in scores if row["rank"] is not None]
    assert [html.unescape(href).rsplit("#node-", 1)[1] for _, href, _ in texts] == ranked
    assert all(html.unescape(href).startswith("/maps/pets/view?version=1#node-") for _, href, _ in texts)
    assert {sign for sign, _, _ in texts} == {"pro", "con"}
    assert 'href="/maps/pets/view?version=1" target="_blank" rel="noopener">Open the full map</a>' in listed


async def test_only_a_drawing_wider_than_480_px_is_marked_wide(client: Client) -> None:
    wide = (await client.get("/maps/pets/embed", params={"layout": "article", "width": "640"})).text
    narrow = (await client.get("/maps/pets/embed", params={"layout": "article", "width": "375"})).text
    assert 'class="diagram embedded wide"' in wide
    assert 'class="diagram embedded"' in narrow
