"""Pages for people with an account: ``/sign-in``, ``/my-maps`` and a map's YAML editor.

Each page is server-rendered HTML with the viewer's stylesheet, one of its own and one script from
``/static`` (the Content-Security-Policy forbids inline script). Every text reaches the markup through
``esc``; the script writes only with ``textContent``. The script does what needs the session's CSRF token
(signing in and out, creating and saving a map): it asks ``GET /me`` for the token and calls the JSON API,
so a page never holds a credential itself.

The YAML editor, ``/maps/{id}/edit/yaml`` (the advanced mode of the editor in ``api.pages_editor``), shows
the map document as YAML, the format people write maps in (docs/map-format.md): the API
serves a document as JSON only, so the page renders it here, with the ETag of the same read for the save's
``If-Match``. Its visibility is a select beside the text, its choices taken from ``Visibility``.

A problem on these pages (a map the caller may not read is one that does not exist) is answered as a page
too, with the status and words of the API's problem details.
"""

from __future__ import annotations

import enum
from typing import Annotated, Any, cast

import msgspec
import yaml
from litestar import Controller, MediaType, Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException
from litestar.types import ExceptionHandlersMap

from api.caller import known_caller
from api.errors import handle_domain_error, handle_http_error
from api.maps import MAP_ID
from api.markup import esc, map_path
from api.page_policy import html_page
from api.policy import PAGE
from graph.errors import GraphError
from graph.service import MapService, Principal, Via, version_tag
from schemas import MapDocument, MapSummary, NodeKind, RelationType, Visibility

VISIBILITY_WORDS: dict[Visibility, str] = {
    Visibility.PRIVATE: "private: you and your editors",
    Visibility.GROUP: "group: your whole group",
    Visibility.PUBLIC: "public: anyone",
}
"""How the editor's select names each visibility, short enough for a phone's width (admins read every map,
and a group's editors its private maps: the editor's guide says so). A member missing here shows its name."""
TOP_KEYS = ("format", "id", "title", "summary", "root")
"""The document's own fields first in the YAML, as people write them (docs/map-format.md)."""


class _Dumper(yaml.SafeDumper):
    """Safe YAML as a person would write it: no anchors (map documents refuse aliases), text blocks kept."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # A list indented under its key, as docs/map-format.md writes maps ("nodes:" then "  - id: ...").
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Several lines read best as a block; PyYAML falls back to quoting when a block cannot hold the text.
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def plain(value: object) -> object:
    """``value`` as YAML-ready data, each struct without the fields left at their defaults.

    Example:
        >>> from schemas import Speaker
        >>> plain([Speaker(id="me", name="Me")])
        [{'id': 'me', 'name': 'Me'}]
    """
    if isinstance(value, msgspec.Struct):
        found: dict[str, object] = {}
        for field in msgspec.structs.fields(value):
            item = getattr(value, field.name)
            if field.default is not msgspec.NODEFAULT and item == field.default:
                continue
            if field.default_factory is not msgspec.NODEFAULT and item == field.default_factory():
                continue
            found[field.encode_name] = plain(item)
        return found
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


def document_yaml(document: MapDocument) -> str:
    """The map document as YAML for the editor, without its visibility (the page's select holds that).

    Example:
        >>> from schemas import Node, NodeKind, Speaker
        >>> thesis = Node(id="t", kind=NodeKind.THESIS, text="Cats nap.", speaker="me", base_score=0.5,
        ...               rationale="Why.")
        >>> doc = MapDocument(id="cats", title="Cats", sources=[], speakers=[Speaker(id="me", name="Me")],
        ...                   nodes=[thesis], visibility=Visibility.PRIVATE)
        >>> print(document_yaml(doc), end="")
        format: 1
        id: cats
        title: Cats
        sources: []
        speakers:
          - id: me
            name: Me
        nodes:
          - id: t
            kind: thesis
            text: Cats nap.
            speaker: me
            base_score: 0.5
            rationale: Why.
    """
    fields = plain(document)
    assert isinstance(fields, dict)  # noqa: S101 - a struct is always a mapping of its fields
    fields.pop("visibility", None)
    fields["format"] = document.format  # a reader of the text should see which format it is in
    ordered = {key: fields[key] for key in TOP_KEYS if key in fields}
    ordered.update((key, item) for key, item in fields.items() if key not in ordered)
    text: str = yaml.dump(ordered, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text


def starter_document(name: str) -> MapDocument:
    """The small map the "new map" button creates (the page's script gives it an id): a thesis and a reason.

    Example:
        >>> [node.kind.value for node in starter_document("Ana").nodes]
        ['thesis', 'claim']
    """
    return msgspec.convert(
        {
            "format": 1,
            "id": "new-map",
            "title": f"A new map by {name}"[:200],
            "summary": "What the text argues, in a sentence.",
            "visibility": Visibility.PRIVATE.value,
            "sources": [],
            "speakers": [{"id": "author", "name": name}],
            "nodes": [
                {
                    "id": "thesis",
                    "kind": "thesis",
                    "speaker": "author",
                    "text": "The main claim, in your own words.",
                    "base_score": 0.5,
                    "rationale": "Why this score, in one line.",
                },
                {
                    "id": "first-reason",
                    "kind": "claim",
                    "speaker": "author",
                    "text": "A reason that supports the main claim.",
                    "base_score": 0.5,
                    "rationale": "Why this score, in one line.",
                },
            ],
            "relations": [{"source": "first-reason", "target": "thesis", "type": "supports"}],
        },
        MapDocument,
    )


def page(title: str, body: str, *, status_code: int = 200, body_class: str = "") -> Response[str]:
    """An account page: ``body`` (already escaped markup) with the account pages' style and script."""
    return html_page(
        title,
        body,
        stylesheets=("accounts.css",),
        scripts=("accounts.js",),
        body_class=body_class,
        status_code=status_code,
    )


def _header(title: str, *, nav: str = "") -> str:
    links = '<a href="/">argmap</a> · <a href="/my-maps">your maps</a>' + nav
    return f'<header class="site"><p class="site-nav">{links}</p><h1>{esc(title)}</h1></header>'


def problem_page(request: Request[Any, Any, Any], error: Exception) -> Response[str]:
    """A problem as a page: the API's status, title and detail (a hidden map is "not found", 404)."""
    if isinstance(error, GraphError):
        answer = handle_domain_error(request, error)
    elif isinstance(error, HTTPException):
        answer = handle_http_error(request, error)
    else:
        raise error
    problem = msgspec.json.decode(answer.content)
    title, detail = str(problem.get("title", "Error")), str(problem.get("detail") or "")
    caller = known_caller(cast("dict[str, Any]", request.scope))
    signed_in = caller is not None and caller.signed_in
    sign_in = (
        '<p><a href="/sign-in">Sign in</a> to see the maps you may read.</p>'
        if answer.status_code in (401, 404) and not signed_in
        else ""
    )
    body = (
        _header(title)
        + f'<main id="main" class="account"><div class="notice problem" role="alert"><p><strong>'
        f"{esc(title)}</strong> ({answer.status_code})</p><p>{esc(detail)}</p></div>{sign_in}"
        '<p><a href="/my-maps">Back to your maps</a></p></main>'
    )
    response = page(f"{title} · argmap", body, status_code=answer.status_code or 500)
    for name in ("Retry-After", "WWW-Authenticate"):
        if name in answer.headers:
            response.headers[name] = answer.headers[name]
    return response


EDITOR_HELP = (
    '<details class="editor-help" open><summary>How a map is written</summary><ul>'
    "<li><code>nodes</code>: the propositions, each with an <code>id</code> (lower-case letters, digits, "
    f"hyphens), a <code>kind</code> ({esc(', '.join(kind.value for kind in NodeKind))}), its "
    "<code>text</code> in your own words, its <code>speaker</code>, a <code>base_score</code> from 0 to 1 "
    "and a one-line <code>rationale</code>.</li>"
    "<li><code>relations</code>: how nodes bear on each other: <code>source</code>, <code>target</code> "
    f"and a <code>type</code> ({esc(', '.join(kind.value for kind in RelationType))}).</li>"
    "<li>Indent with spaces, never tabs. Put text with a colon or a quote mark in single quotes.</li>"
    "<li>Who may read it: <em>private</em> is you, your group's editors and the site's admins; "
    "<em>group</em> adds everyone in your group; <em>public</em> is anyone.</li>"
    "<li>Every field is described in the project's <em>docs/map-format.md</em>; the schema is at "
    '<a href="/formats/map-document">/formats/map-document</a>.</li></ul></details>'
)
"""The editor's short guide; the kinds and relation types are the schema's own."""

PROBLEM_PAGES: ExceptionHandlersMap = {GraphError: problem_page, HTTPException: problem_page}


def _signed_in_line(caller: Principal) -> str:
    role = caller.role.value if caller.role else "reader"
    group = f" in group <strong>{esc(caller.group)}</strong>" if caller.group else ""
    return (
        f'<p class="who">Signed in as <strong>{esc(caller.name)}</strong> '
        f'(<span class="handle">{esc(caller.id or "")}</span>), {esc(role)}{group}.</p>'
    )


def _map_row(summary: MapSummary, caller: Principal) -> str:
    path = map_path(summary.id)
    mine = caller.id is not None and summary.owner == caller.id
    owner = "yours" if mine else f"by {summary.owner}" if summary.owner else "by the site"
    links = f'<a href="{esc(path)}/view">view</a>'
    if mine:
        links += f' <a href="{esc(path)}/edit">edit</a>'
    return (
        f'<li class="map-row{" mine" if mine else ""}" data-map="{esc(summary.id)}">'
        f'<h3><a href="{esc(path)}/view">{esc(summary.title)}</a></h3>'
        f'<p class="meta"><span class="badge owner">{esc(owner)}</span> '
        f'<span class="badge visibility">{esc(summary.visibility.value)}</span> '
        f'<span class="map-id">{esc(summary.id)}</span> · version {summary.version}</p>'
        f'<p class="links">{links}</p></li>'
    )


class AccountPages(Controller):
    """Signing in, the maps one may read and write, and the editor of one map."""

    path = "/"
    include_in_schema = False
    opt = PAGE.as_opt()
    exception_handlers = PROBLEM_PAGES

    @get("/sign-in", media_type=MediaType.HTML, cache=False)
    async def sign_in(self, caller: NamedDependency[Principal]) -> Response[str]:
        """A password form; a link's code after ``#`` is used at once by the script (never sent here)."""
        already = ""
        if caller.via is Via.SESSION:
            already = (
                f'<div class="notice" id="signed-in-already">{_signed_in_line(caller)}'
                '<p><a href="/my-maps">Go to your maps</a></p></div>'
            )
        body = (
            _header("Sign in")
            + '<main id="main" class="account narrow-page">'
            + already
            + '<p id="sign-in-status" class="notice" role="status" aria-live="polite" hidden></p>'
            '<section class="card" aria-labelledby="password-heading">'
            '<h2 id="password-heading">With your handle and password</h2>'
            '<form id="password-form" class="stacked" autocomplete="on">'
            '<label for="sign-in-user">Handle</label>'
            '<input id="sign-in-user" name="user" autocomplete="username" autocapitalize="none" '
            'spellcheck="false" required maxlength="63">'
            '<label for="sign-in-password">Password</label>'
            '<input id="sign-in-password" name="password" type="password" '
            'autocomplete="current-password" required maxlength="256">'
            '<button type="submit" id="sign-in-button">Sign in</button></form></section>'
            '<p class="hint">Got a sign-in link from your teacher or editor? Open it: it signs you in '
            "once, and then it is used up. Ask for a new one if it has expired.</p>"
            '<noscript><p class="notice problem">Signing in needs JavaScript: turn it on for this '
            "site.</p></noscript></main>"
        )
        return page("Sign in · argmap", body, body_class="sign-in-page")

    @get("/my-maps", media_type=MediaType.HTML, cache=False)
    async def my_maps(
        self, service: NamedDependency[MapService], caller: NamedDependency[Principal]
    ) -> Response[str]:
        """The maps the caller may read, theirs first and marked, with "new map" and "sign out"."""
        if not caller.signed_in:
            body = (
                _header("Your maps") + '<main id="main" class="account narrow-page"><div class="notice">'
                "<p>You are not signed in.</p>"
                '<p><a class="button-link" href="/sign-in">Sign in</a> to see and edit your maps.</p>'
                '</div><p><a href="/">All public maps</a></p></main>'
            )
            return page("Your maps · argmap", body, body_class="my-maps-page")
        listing = await service.list_maps(caller)
        mine = [entry for entry in listing.maps if entry.owner is not None and entry.owner == caller.id]
        others = [entry for entry in listing.maps if entry.owner is None or entry.owner != caller.id]
        starter = msgspec.json.encode(plain(starter_document(caller.name))).decode()
        sign_out = (
            '<button type="button" id="sign-out">Sign out</button>' if caller.via is Via.SESSION else ""
        )
        # Only a person's own credentials make them a map's owner (the server's token makes admin maps).
        new_map = (
            f'<button type="button" id="new-map" data-user="{esc(caller.id or "")}" '
            f'data-starter="{esc(starter)}">New map</button><a class="button-link" id="map-new-text" '
            'href="/maps/new">Map a new text</a>'
            if caller.via in (Via.SESSION, Via.TOKEN) and caller.id
            else ""
        )
        own = "".join(_map_row(entry, caller) for entry in mine) or (
            '<li class="empty">None yet: press "New map" to start one.</li>'
        )
        readable = "".join(_map_row(entry, caller) for entry in others) or ('<li class="empty">None.</li>')
        body = (
            _header("Your maps")
            + '<main id="main" class="account">'
            + _signed_in_line(caller)
            + f'<div class="actions">{new_map}{sign_out}</div>'
            '<p id="my-maps-status" class="notice" role="status" aria-live="polite" hidden></p>'
            f'<h2 id="mine-heading">Yours ({len(mine)})</h2>'
            f'<ul class="map-rows" id="my-map-list" aria-labelledby="mine-heading">{own}</ul>'
            f'<h2 id="others-heading">Others you may read ({len(others)})</h2>'
            f'<ul class="map-rows" id="other-map-list" aria-labelledby="others-heading">{readable}</ul>'
            "</main>"
        )
        return page("Your maps · argmap", body, body_class="my-maps-page")

    @get("/maps/{map_id:str}/edit/yaml", media_type=MediaType.HTML, cache=False)
    async def edit(
        self,
        service: NamedDependency[MapService],
        caller: NamedDependency[Principal],
        map_id: Annotated[str, MAP_ID],
    ) -> Response[str]:
        """The map's document as YAML in a text box, its visibility, and "Save" (``PUT``, ``If-Match``).

        A map the caller may not read is not found (the app's guard answers 404 before this runs).
        """
        graph = await service.graph(map_id)
        document = graph.document
        writable = await service.writable(caller, map_id)
        chosen = document.visibility or Visibility.PUBLIC
        options = "".join(
            f'<option value="{esc(choice.value)}"{" selected" if choice is chosen else ""}>'
            f"{esc(VISIBILITY_WORDS.get(choice, choice.value))}</option>"
            for choice in Visibility
        )
        disabled = "" if writable else " disabled"
        if writable:
            note = ""
        elif caller.signed_in:
            note = (
                '<p class="notice" id="read-only">You may read this map but not change it: its owner, '
                "its group's editors and admins do.</p>"
            )
        else:
            note = (
                '<p class="notice" id="read-only">You are not signed in: <a href="/sign-in">sign in</a> '
                "to edit your maps.</p>"
            )
        path = map_path(graph.id)
        nav = f' · <a href="{esc(path)}/view">view this map</a> · <a href="{esc(path)}/edit">the editor</a>'
        body = (
            _header(f"Edit: {document.title}", nav=nav)
            + '<main id="main" class="account editor-page">'
            + note
            + f'<p class="meta">Map <span class="map-id">{esc(graph.id)}</span> · version '
            f'<span id="current-version">{graph.version}</span>'
            f"{' · owner ' + esc(graph.owner) if graph.owner else ''}</p>"
            f'<form id="editor" data-map="{esc(graph.id)}" '
            f'data-etag="{esc(version_tag(graph.id, graph.version))}" data-version="{graph.version}">'
            '<div class="editor-bar">'
            f'<label for="visibility">Who may read it</label><select id="visibility" name="visibility"'
            f"{disabled}>{options}</select>"
            f'<button type="submit" id="save"{disabled}>Save</button>'
            '<p id="save-status" class="status" role="status" aria-live="polite"></p></div>'
            '<div class="editor-grid">'
            '<section id="problems" class="problems" tabindex="-1" aria-labelledby="problems-heading" '
            'hidden><h2 id="problems-heading">Not saved</h2><p id="problems-summary"></p>'
            '<ol id="problem-list"></ol></section>'
            '<div class="editor-text"><label for="document" class="document-label">The map document, '
            "in YAML</label>"
            f'<textarea id="document" name="document" spellcheck="false" autocapitalize="off" '
            f'autocomplete="off" rows="28"{" readonly" if not writable else ""}>'
            f"{esc(document_yaml(document))}</textarea></div>"
            f"{EDITOR_HELP}</div></form></main>"
        )
        return page(f"Edit {document.title} · argmap", body, body_class="editor-page")


ACCOUNT_PAGE_HANDLERS: list[type[Controller]] = [AccountPages]
"""What ``api.app`` registers next to the viewer's pages."""
