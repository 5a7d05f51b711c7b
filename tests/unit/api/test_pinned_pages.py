"""Pages of kept versions: the viewer names the version it draws and, on a fixed one, the newer one; embed
snippets and oEmbed fix the current version unless asked for the always-current kind."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from support.app import PUBLIC_URL, Client
from support.maps import small_map
from support.memory_store import MemoryStore

from graph.mapgraph import node_strengths

VIEW = "/maps/pets/view"


async def write_twice(store: MemoryStore) -> int:
    """Two new versions of ``pets``, as writes through any worker make them; the last version."""
    version = 1
    for text in ("Cats are very well rested.", "Cats are rested beyond doubt."):
        document = small_map(thesis_text=text)
        version = (await store.save_map(document, node_strengths(document), must_exist=True)).version
    return version


def iframe_query(markup: str) -> tuple[str, dict[str, list[str]]]:
    """The path and query of the first iframe's ``src`` in ``markup`` (HTML-escaped, as pages hold it)."""
    found = re.search(r'<iframe src="([^"]+)"', markup)
    assert found is not None, markup
    parts = urlsplit(html.unescape(found.group(1)))
    return parts.path, parse_qs(parts.query)


def snippet(page: str, element_id: str) -> str:
    """The escaped snippet shown in ``<pre id=element_id>``, as a reader would copy it."""
    found = re.search(rf'<pre id="{element_id}"><code>(.*?)</code></pre>', page, re.S)
    assert found is not None, element_id
    return html.unescape(found.group(1))


class TestTheViewer:
    async def test_names_the_current_version_and_offers_it_fixed(self, client: Client) -> None:
        page = (await client.get(VIEW, params={"top": "2"})).text
        assert 'id="map-version"' in page
        assert "Version 1, the current one" in page
        assert "newer-version" not in page
        assert 'data-version="1" data-pinned="false"' in page
        assert html.escape("/maps/pets/view?top=2&version=1") in page

    async def test_a_fixed_version_says_a_newer_one_exists_and_links_to_it(
        self, client: Client, store: MemoryStore
    ) -> None:
        latest = await write_twice(store)
        page = (await client.get(VIEW, params={"version": "1", "top": "2"})).text
        assert "Version 1, fixed" in page
        notice = re.search(r'<p id="newer-version"[^>]*>(.*?)</p>', page, re.S)
        assert notice is not None
        assert f"now at version {latest}" in notice.group(1)
        links = [html.unescape(href) for href in re.findall(r'href="([^"]+)"', notice.group(1))]
        assert links == [
            f"{VIEW}?top=2",
            f"/maps/pets/diff?from=1&to={latest}&format=html",
            f"{VIEW}?top=2&since=1",
        ]
        assert 'data-version="1" data-pinned="true"' in page
        # Redrawing it another way keeps it at version 1.
        assert '<input type="hidden" name="version" value="1">' in page
        assert "Cats are well rested." in page  # the drawing is of version 1
        assert "beyond doubt" not in page
        changes = await client.get(links[1])
        assert changes.status_code == 200
        assert changes.headers["content-type"].startswith("text/html")

    async def test_since_an_earlier_version_the_page_asks_its_script_to_mark_the_changes(
        self, client: Client, store: MemoryStore
    ) -> None:
        latest = await write_twice(store)
        page = (await client.get(VIEW, params={"since": "1"})).text
        assert 'data-since="1"' in page
        assert f'data-version="{latest}"' in page
        assert '<input type="hidden" name="since" value="1">' in page
        assert 'name="version"' not in page
        # Not earlier than the version drawn: nothing to mark.
        assert 'data-since=""' in (await client.get(VIEW, params={"since": str(latest)})).text
        assert (await client.get(VIEW, params={"since": "0"})).status_code == 400

    async def test_a_fixed_version_that_is_current_has_no_notice(self, client: Client) -> None:
        page = (await client.get(VIEW, params={"version": "1"})).text
        assert "Version 1, fixed" in page
        assert "it is also the current version" in page
        assert "newer-version" not in page

    async def test_the_embed_snippets_fix_the_version_or_follow_the_map(
        self, client: Client, store: MemoryStore
    ) -> None:
        latest = await write_twice(store)
        for params in ({"top": "2"}, {"top": "2", "version": str(latest)}):
            page = (await client.get(VIEW, params=params)).text
            path, query = iframe_query(snippet(page, "embed-pinned"))
            assert path == "/maps/pets/embed"
            assert query == {"top": ["2"], "version": [str(latest)]}
            assert iframe_query(snippet(page, "embed-current"))[1] == {"top": ["2"]}
        old = (await client.get(VIEW, params={"version": "1"})).text
        assert iframe_query(snippet(old, "embed-pinned"))[1] == {"version": ["1"]}
        # The pictures offered are of the version the page draws.
        assert html.escape("/maps/pets/diagram?version=1&layout=article&format=svg") in old


class TestOEmbed:
    async def test_pins_the_current_version_by_default(self, client: Client, store: MemoryStore) -> None:
        latest = await write_twice(store)
        body = (await client.get("/oembed", params={"url": f"{PUBLIC_URL}{VIEW}?top=2"})).json()
        path, query = iframe_query(body["html"])
        assert path == "/maps/pets/embed"
        assert query["version"] == [str(latest)]
        embedded = await client.get(path, params={key: value[0] for key, value in query.items()})
        assert embedded.status_code == 200
        assert "beyond doubt" in embedded.text

    async def test_a_url_naming_a_version_keeps_it(self, client: Client, store: MemoryStore) -> None:
        await write_twice(store)
        body = (await client.get("/oembed", params={"url": f"{PUBLIC_URL}{VIEW}?version=1"})).json()
        path, query = iframe_query(body["html"])
        assert query["version"] == ["1"]
        embedded = await client.get(path, params={key: value[0] for key, value in query.items()})
        assert "Cats are well rested." in embedded.text
        assert "beyond doubt" not in embedded.text

    async def test_pin_false_embeds_the_always_current_drawing(self, client: Client) -> None:
        for params in (
            {"url": f"{PUBLIC_URL}{VIEW}?top=2", "pin": "false"},
            {"url": f"{PUBLIC_URL}{VIEW}?top=2&pin=false"},
        ):
            body = (await client.get("/oembed", params=params)).json()
            _, query = iframe_query(body["html"])
            assert "version" not in query, params
            assert query["top"] == ["2"]

    async def test_the_pinned_embed_answers_the_same_after_writes(
        self, client: Client, store: MemoryStore
    ) -> None:
        body = (await client.get("/oembed", params={"url": f"{PUBLIC_URL}{VIEW}"})).json()
        path, query = iframe_query(body["html"])
        params = {key: value[0] for key, value in query.items()}
        before = (await client.get(path, params=params)).text
        await write_twice(store)
        assert (await client.get(path, params=params)).text == before
