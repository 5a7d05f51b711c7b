"""The map editor in the browser: ``/maps/new`` (a new text) and ``/maps/{id}/edit`` (a map one may write).

The page is a frame the script (``editor.js``) fills: the source text on one side, where selected words become
a node's quote, and the map's nodes on the other. Every choice it offers comes from the schema's enumerations
(kinds, relation types, voices), written into the page as data attributes; the map itself is read by the
script from ``GET /maps/{id}/document`` with its ETag, so the page never holds map text in markup. The
script checks and scores the unsaved document with ``POST /drafts/check`` as one types, draws it with
``POST /drafts/diagram``, and saves it with ``PUT /maps/{id}`` (``If-Match``) or, for a new text, ``POST
/maps``.

Only a signed-in caller who may write the map gets the page: the route's policy (``EDITING``) asks for
credentials (401, answered as a page with a link to sign in), and the app's guard refuses a map the caller may
read but not write (403) and hides one they may not read (404). The YAML editor stays at
``/maps/{id}/edit/yaml`` for those who prefer the text of the document.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, MediaType, Response, get
from litestar.di import NamedDependency

from api.maps import MAP_ID
from api.markup import esc, map_path
from api.page_policy import html_page
from api.pages_accounts import PROBLEM_PAGES, VISIBILITY_WORDS
from api.policy import EDITING, NEW_MAP_PAGE
from graph.service import MapService, Principal
from schemas import NodeKind, QuoteProvenance, RelationType, Visibility

VOICE_WORDS: dict[QuoteProvenance, str] = {
    QuoteProvenance.AUTHOR_VOICE: "the author's own voice",
    QuoteProvenance.AUTHOR_CITED: "the author's sentence, answered by another speaker",
    QuoteProvenance.SPEAKER_WORDS: "the speaker's own words, quoted",
    QuoteProvenance.AUTHOR_PARAPHRASE: "the author restating the speaker",
}
"""How the voice menu names each voice (docs/map-format.md); a member missing here shows its name."""
KIND_WORDS: dict[NodeKind, str] = {
    NodeKind.THESIS: "thesis: the main claim",
    NodeKind.CLAIM: "claim: a reason",
    NodeKind.EVIDENCE: "evidence: a fact or figure",
    NodeKind.CAVEAT: "caveat: a limit",
    NodeKind.COUNTERPOINT: "counterpoint: an objection",
}
"""How the kind menu names each kind; a member missing here shows its name."""


def choices(members: dict[str, str]) -> str:
    """A closed set as the page hands it to the script: ``[[value, words], ...]`` in JSON (then escaped).

    Example:
        >>> choices({"supports": "supports"})
        '[["supports","supports"]]'
    """
    return msgspec.json.encode([[value, words] for value, words in members.items()]).decode()


def _menus() -> str:
    kinds = {kind.value: KIND_WORDS.get(kind, kind.value) for kind in NodeKind}
    relations = {relation.value: relation.value for relation in RelationType}
    voices = {voice.value: VOICE_WORDS.get(voice, voice.value) for voice in QuoteProvenance}
    visibility = {choice.value: VISIBILITY_WORDS.get(choice, choice.value) for choice in Visibility}
    return (
        f' data-kinds="{esc(choices(kinds))}" data-relations="{esc(choices(relations))}"'
        f' data-voices="{esc(choices(voices))}" data-visibility="{esc(choices(visibility))}"'
    )


def editor_page(title: str, body: str) -> Response[str]:
    """The editor's page: ``body`` (escaped markup) with the editor's style and script."""
    return html_page(
        title,
        body,
        stylesheets=("accounts.css", "editor.css"),
        scripts=("editor.js",),
        body_class="map-editor-page",
    )


def _header(title: str, nav: str = "") -> str:
    links = '<a href="/">argmap</a> · <a href="/my-maps">your maps</a>' + nav
    return (
        f'<header class="site"><p class="site-nav">{links}</p>'
        f'<h1 id="editor-title">{esc(title)}</h1></header>'
    )


NEW_SOURCE_FORM = (
    '<form id="new-text" class="card stacked new-text" aria-labelledby="new-text-heading">'
    '<h2 id="new-text-heading">1. The text you map</h2>'
    '<label for="source-title">Its title</label>'
    '<input id="source-title" name="source_title" required maxlength="300">'
    '<label for="source-author">Its author</label>'
    '<input id="source-author" name="source_author" maxlength="200" placeholder="(unnamed)">'
    '<label for="source-url">Where it was published (address)</label>'
    '<input id="source-url" name="source_url" type="url" maxlength="2000" placeholder="https://">'
    '<label for="source-file">Pick a text file (UTF-8)…</label>'
    '<input id="source-file" name="source_file" type="file" accept=".txt,.md,text/plain">'
    '<label for="source-body">…or paste the text, exactly as published</label>'
    '<textarea id="source-body" name="source_body" rows="12" required spellcheck="false"></textarea>'
    '<h2 id="new-map-heading">2. Your map</h2>'
    '<label for="map-title">The map\'s title</label>'
    '<input id="map-title" name="map_title" required maxlength="200">'
    '<label for="map-id">Its id (lower-case letters, digits and hyphens)</label>'
    '<input id="map-id" name="map_id" required maxlength="80" pattern="[a-z0-9][a-z0-9\\-]{0,79}" '
    'autocapitalize="none" spellcheck="false">'
    '<p id="new-text-status" class="notice" role="status" aria-live="polite" hidden></p>'
    '<button type="submit" id="start-mapping">Start mapping</button></form>'
)
"""The first step of ``/maps/new``: the text, its title, author and address; the new map's id and title."""

WORKSPACE = (
    '<div id="workspace" class="workspace" hidden>'
    '<div class="editor-bar" role="group" aria-label="The map">'
    '<label for="map-title-edit">Title</label><input id="map-title-edit" maxlength="200">'
    '<label for="visibility">Who may read it</label><select id="visibility"></select>'
    '<button type="button" id="save">Save</button>'
    '<p id="save-status" class="status" role="status" aria-live="polite"></p></div>'
    '<p id="restored" class="notice" role="status" hidden></p>'
    '<section id="conflict" class="notice problem conflict" tabindex="-1" aria-labelledby="conflict-heading" '
    'hidden><h2 id="conflict-heading">Saved elsewhere meanwhile</h2><p id="conflict-summary"></p>'
    '<ul id="conflict-changes"></ul><p class="problem-actions">'
    '<button type="button" id="save-mine">Save mine over it</button> '
    '<button type="button" id="take-theirs">Discard mine, load theirs</button></p></section>'
    '<section id="problems" class="problems" tabindex="-1" aria-labelledby="problems-heading" hidden>'
    '<h2 id="problems-heading">Problems to fix before saving</h2><ol id="problem-list"></ol></section>'
    '<div class="editor-columns">'
    '<section class="source-pane" aria-labelledby="source-heading">'
    '<h2 id="source-heading">The text</h2>'
    '<p class="hint" id="source-hint">Select words in the text (with the mouse, or with Shift and the arrow '
    "keys), then make them a node or a quote of the selected node.</p>"
    '<label for="source-choice" class="source-choice-label" hidden>Source</label>'
    '<select id="source-choice" hidden></select>'
    '<textarea id="source-text" aria-readonly="true" spellcheck="false" aria-describedby="source-hint" '
    'aria-label="The source text: select words to quote"></textarea>'
    '<fieldset class="quote-tools"><legend>The selected words</legend>'
    '<p id="selection-words" class="selection-words" aria-live="polite">Nothing selected.</p>'
    '<label for="new-kind">Kind</label><select id="new-kind"></select>'
    '<label for="new-speaker">Speaker</label><select id="new-speaker"></select>'
    '<label for="new-speaker-name" hidden id="new-speaker-name-label">New speaker\'s name</label>'
    '<input id="new-speaker-name" maxlength="200" hidden>'
    '<label for="new-voice">Voice</label><select id="new-voice"></select>'
    '<label for="new-link">Connect it</label><select id="new-link"></select>'
    '<label for="new-target">to</label><select id="new-target"></select>'
    '<div class="quote-buttons">'
    '<button type="button" id="quote-new-node">New node from the selection</button>'
    '<button type="button" id="quote-add">Add as a quote of the selected node</button></div>'
    "</fieldset></section>"
    '<section class="map-pane" aria-labelledby="nodes-heading">'
    '<div class="strength-line"><p id="thesis-strength" role="status" aria-live="polite">'
    "Thesis strength: not scored yet.</p></div>"
    '<h2 id="nodes-heading">Nodes</h2>'
    '<p class="hint">The selected node (marked) takes the quotes you add and is offered as the target of '
    "new connections.</p>"
    '<ol id="node-list" class="node-list"></ol>'
    '<button type="button" id="add-node">Add a node without a quote</button>'
    '<section aria-labelledby="findings-heading" class="findings">'
    '<h2 id="findings-heading">What the linter finds</h2>'
    '<p id="findings-summary" role="status" aria-live="polite">Not checked yet.</p>'
    '<ul id="finding-list"></ul></section>'
    '<section aria-labelledby="preview-heading" class="preview">'
    '<h2 id="preview-heading">Diagram preview</h2>'
    '<p><button type="button" id="redraw">Redraw the preview</button> '
    '<span id="preview-status" role="status" aria-live="polite"></span></p>'
    '<div id="preview-frame" class="preview-frame"><img id="preview" alt="The diagram of the map as edited" '
    "hidden></div></section>"
    '<section id="comments" aria-labelledby="comments-heading" class="comments" hidden>'
    '<h2 id="comments-heading">Comments</h2><ul id="comment-list"></ul></section>'
    "</section></div></div>"
)
"""The editor itself, filled by the script; every list in it is built with ``textContent``."""


class EditorPages(Controller):
    """The editor of a new text and of a map one may write."""

    path = "/maps"
    include_in_schema = False
    exception_handlers = PROBLEM_PAGES

    @get("/new", media_type=MediaType.HTML, cache=False, opt=NEW_MAP_PAGE.as_opt())
    async def new(self, caller: NamedDependency[Principal]) -> Response[str]:
        """The text to map and the new map's id and title; then the editor, which creates it on "Save"."""
        body = (
            _header("Map a new text")
            + f'<main id="main" class="account map-editor" data-new="true" data-user="{esc(caller.id or "")}"'
            f' data-user-name="{esc(caller.name)}"{_menus()}>'
            '<noscript><p class="notice problem">The editor needs JavaScript: turn it on for this site, or '
            "write the map as a file (docs/map-format.md).</p></noscript>"
            + NEW_SOURCE_FORM
            + WORKSPACE
            + "</main>"
        )
        return editor_page("Map a new text · argmap", body)

    @get("/{map_id:str}/edit", media_type=MediaType.HTML, cache=False, opt=EDITING.as_opt())
    async def edit(
        self,
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        map_id: Annotated[str, MAP_ID],
    ) -> Response[str]:
        """The editor of one map (the guard has already refused a caller who may not write it)."""
        graph = await service.graph(map_id)
        path = map_path(graph.id)
        nav = (
            f' · <a href="{esc(path)}/view">view this map</a>'
            f' · <a href="{esc(path)}/edit/yaml" id="yaml-link">advanced: edit as YAML</a>'
        )
        body = (
            _header(f"Edit: {graph.document.title}", nav)
            + f'<main id="main" class="account map-editor" data-map="{esc(graph.id)}"'
            f' data-user="{esc(caller.id or "")}" data-user-name="{esc(caller.name)}"{_menus()}>'
            '<noscript><p class="notice problem">The editor needs JavaScript: turn it on for this site, or '
            f'use <a href="{esc(path)}/edit/yaml">the YAML editor</a>.</p></noscript>'
            f'<p class="meta">Map <span class="map-id">{esc(graph.id)}</span> · version '
            f'<span id="current-version">{graph.version}</span></p>' + WORKSPACE + "</main>"
        )
        return editor_page(f"Edit {graph.document.title} · argmap", body)


EDITOR_PAGE_HANDLERS: list[type[Controller]] = [EditorPages]
"""What ``api.app`` registers next to the account pages."""
