"""What the pages say about map versions: the version drawn, a newer one, and embeds that stay as published.

Every version of a map is kept, so a page, an embed or a citation can name one and keep showing it. The
viewer says which version it draws and, on a fixed one (``?version=N``), that a newer one exists with a
link to it; the embed snippets it offers, and oEmbed's answers, fix the current version unless asked for the
always-current kind.
"""

from __future__ import annotations

from api.markup import esc, map_path, with_query

EMBED_SIZE = (900, 600)
"""The iframe's size when the consumer gives no ``maxwidth``/``maxheight``."""


def pinned_query(query: dict[str, str], version: int) -> dict[str, str]:
    """``query`` naming ``version``: a drawing that keeps showing that version.

    Example:
        >>> pinned_query({"top": "8"}, 3)
        {'top': '8', 'version': '3'}
    """
    return {**query, "version": str(version)}


def current_query(query: dict[str, str]) -> dict[str, str]:
    """``query`` without a version: a drawing of whatever version is current when it is shown.

    Example:
        >>> current_query({"top": "8", "version": "3"})
        {'top': '8'}
    """
    return {key: value for key, value in query.items() if key != "version"}


def version_line(map_id: str, shown: int, latest: int, query: dict[str, str], *, pinned: bool) -> str:
    """The line over the drawing naming the version it draws; on an older fixed version, the newer one.

    Example:
        >>> "A newer version exists" in version_line("m", 1, 3, {"version": "1"}, pinned=True)
        True
        >>> "A newer version exists" in version_line("m", 3, 3, {}, pinned=False)
        False
    """
    path = map_path(map_id)
    history = f'<a href="{esc(path)}/versions">every version</a>'
    line = f'<p id="map-version" class="version-line" data-version="{shown}">Version {shown}'
    if not pinned:
        fixed = with_query(f"{path}/view", pinned_query(query, shown))
        return (
            f"{line}, the current one: this page follows the map as it changes ({history}; "
            f'<a href="{esc(fixed)}">this version fixed</a>).</p>'
        )
    if latest <= shown:
        return f"{line}, fixed: this page keeps showing it; it is also the current version ({history}).</p>"
    current = with_query(f"{path}/view", current_query(query))
    marked = with_query(f"{path}/view", {**current_query(query), "since": str(shown)})
    changed = with_query(f"{path}/diff", {"from": str(shown), "to": str(latest), "format": "html"})
    return (
        f"{line}, fixed: this page shows the map as it stood then ({history}).</p>"
        f'<p id="newer-version" class="newer-version" role="status" data-latest="{latest}">'
        f"<strong>A newer version exists:</strong> the map is now at version {latest}. "
        f'<a href="{esc(current)}">See the current version</a> '
        f'(<a href="{esc(changed)}">what changed</a> since version {shown}, or '
        f'<a href="{esc(marked)}">marked on the current map</a>).</p>'
    )


def embed_snippet(base: str, map_id: str, title: str, query: dict[str, str]) -> str:
    """The ``<iframe>`` a reader copies to embed this drawing elsewhere.

    Example:
        >>> embed_snippet("https://a.example", "m", "T", {"version": "2"})[:55]
        '<iframe src="https://a.example/maps/m/embed?version=2" '
    """
    src = with_query(f"{base}{map_path(map_id)}/embed", query)
    width, height = EMBED_SIZE
    return (
        f'<iframe src="{esc(src)}" width="{width}" height="{height}" loading="lazy" '
        f'title="{esc("Argument map: " + title)}" style="border:0;max-width:100%"></iframe>'
    )


def embed_snippets(base: str, map_id: str, title: str, query: dict[str, str], version: int) -> str:
    """The two embeds a reader may copy: fixed at ``version`` (as published), and always the current one."""
    fixed = embed_snippet(base, map_id, title, pinned_query(query, version))
    live = embed_snippet(base, map_id, title, current_query(query))
    return (
        f"<p>Paste this into a web page or article. It shows version {version}, as it stands now, however "
        "the map changes later (what an article cites):</p>"
        f'<pre id="embed-pinned"><code>{esc(fixed)}</code></pre>'
        "<p>Or always the current version (it changes with the map, with no notice to your readers):</p>"
        f'<pre id="embed-current"><code>{esc(live)}</code></pre>'
    )
