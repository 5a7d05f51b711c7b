"""docs/api.md misses no route: every route of the app has a row in its tables, and every row names a route.

A row's first cell is ``METHOD /path?name=&other=``; the names after ``?`` are the query parameters the page
documents for it. Of the rows naming one route (``POST /maps`` has two), the names together must be the
route's query parameters: the OpenAPI document's for the operations it declares, and the handler's own
(including its dependencies') for the pages outside the document.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from support.app import Client

PAGE = Path(__file__).resolve().parents[3] / "docs" / "api.md"
_ROW = re.compile(r"^\| `(GET|HEAD|POST|PUT|PATCH|DELETE) (/[^`?\s]*)(?:\?([^`]*))?`", re.MULTILINE)
_NAME = re.compile(r"(?:^|&|\[&)([a-z_]+)=")
_PATH_TYPE = re.compile(r"\{(\w+):\w+\}")
UNDOCUMENTED = {
    ("GET", "/schema/{path}"): "Litestar's not-found answer for other files under /schema",
    ("GET", "/schema/oauth2-redirect.html"): "Swagger UI's OAuth2 redirect, unused: the API has no OAuth",
}
"""Routes the app has that are not the API's, each with why the tables leave it out."""

Route = tuple[str, str]


def documented_rows(text: str) -> dict[Route, set[str]]:
    """Each (method, path) a table row names, with the query parameters its rows list together."""
    rows: dict[Route, set[str]] = defaultdict(set)
    for method, path, query in _ROW.findall(text):
        rows[(method, path)] |= set(_NAME.findall(query.replace("\\|", "|")))
    return dict(rows)


def app_routes(app: Litestar) -> dict[Route, tuple[HTTPRouteHandler, set[str]]]:
    """Each (method, path) the app answers, other than OPTIONS and HEAD, with its handler and query names."""
    found = {}
    for route in app.routes:
        for method, (handler, kwargs_model) in getattr(route, "route_handler_map", {}).items():
            if method in {"OPTIONS", "HEAD"}:
                continue
            names = {parameter.field_alias for parameter in kwargs_model.expected_query_params}
            found[(method, _PATH_TYPE.sub(r"{\1}", route.path))] = (handler, names)
    return found


def openapi_query_names(document: dict[str, Any], route: Route) -> set[str] | None:
    """The query parameters the OpenAPI document declares for ``route`` (None: no such operation)."""
    method, path = route
    operation = document["paths"].get(path, {}).get(method.lower())
    if operation is None:
        return None
    return {parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "query"}


def test_rows_are_read_with_their_parameters() -> None:
    text = (
        "| `GET /maps/{map_id}/brief?side=pro\\|con&root=&format=json\\|html` | x |\n"
        "| `POST /maps?format=aif&id=NEW_ID[&title=]` | x |\n"
        "| `POST /maps` | x |\n"
        "not a row: `GET /ping`\n"
    )

    assert documented_rows(text) == {
        ("GET", "/maps/{map_id}/brief"): {"side", "root", "format"},
        ("POST", "/maps"): {"format", "id", "title"},
    }


class TestTheApiPage:
    async def test_every_route_has_a_row(self, client: Client) -> None:
        assert isinstance(client.app, Litestar)
        rows = documented_rows(PAGE.read_text(encoding="utf-8"))
        missing = sorted(set(app_routes(client.app)) - set(rows) - set(UNDOCUMENTED))

        assert not missing, f"routes without a row in docs/api.md: {missing}"

    async def test_every_row_names_a_route(self, client: Client) -> None:
        assert isinstance(client.app, Litestar)
        rows = documented_rows(PAGE.read_text(encoding="utf-8"))
        routes = app_routes(client.app)
        unknown = sorted(set(rows) - set(routes))

        assert not unknown, f"rows of docs/api.md that name no route: {unknown}"
        assert not set(UNDOCUMENTED) - set(routes), "an excused route no longer exists"
        assert len(rows) >= 35

    async def test_each_row_lists_the_query_parameters_of_its_route(self, client: Client) -> None:
        assert isinstance(client.app, Litestar)
        document = (await client.get("/schema/openapi.json")).json()
        routes = app_routes(client.app)
        compared = 0
        for route, documented in sorted(documented_rows(PAGE.read_text(encoding="utf-8")).items()):
            if route not in routes:
                continue
            handler, handler_names = routes[route]
            declared = openapi_query_names(document, route)
            if handler.resolve_include_in_schema():
                assert declared is not None, f"{route} is missing from the OpenAPI document"
                assert declared == handler_names, f"{route}: the OpenAPI document and the handler differ"
            expected = handler_names if declared is None else declared
            assert documented == expected, (
                f"{route}: docs/api.md lists {sorted(documented)}, the route takes {sorted(expected)}"
            )
            compared += 1
        assert compared >= 35
