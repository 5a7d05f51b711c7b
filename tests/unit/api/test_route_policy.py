"""Every route declares its policy, and the edge, the guards and the query rules follow the declaration."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from support.app import Client

from api.policy import COMPUTATION, WRITE, RoutePolicy, policy_of, undeclared

FOREIGN = "https://news.example"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _app(client: Client) -> Litestar:
    app = client.app
    assert isinstance(app, Litestar)
    return app


def _example(parameter: re.Match[str]) -> str:
    """A value for a path parameter ``{name:type}`` that routes: the map id, a number, or a word."""
    if parameter.group(1) == "map_id":
        return "pets"
    return "1" if parameter.group(0).endswith(":int}") else "x"


def unsafe_routes(app: Litestar) -> list[tuple[str, str, RoutePolicy]]:
    """(concrete path, method, policy) of every route that takes an unsafe method."""
    found: list[tuple[str, str, RoutePolicy]] = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler):
                continue
            for method in sorted(handler.http_methods & UNSAFE):
                path = re.sub(r"\{(\w+):\w+\}", _example, route.path)
                found.append((path, method, policy_of(handler)))
    return found


async def test_every_unsafe_route_declares_its_policy(client: Client) -> None:
    handlers = [h for route in _app(client).routes for h in getattr(route, "route_handlers", [])]
    assert undeclared(handlers) == []


async def test_the_computations_are_the_posts_that_write_nothing(client: Client) -> None:
    routes = unsafe_routes(_app(client))
    open_posts = {path for path, method, policy in routes if method == "POST" and policy.cross_origin}
    assert open_posts == {
        "/maps/pets/what-if",
        "/maps/pets/what-if/diagram",
        "/maps/pets/perspectives/compare",
        "/maps/pets/crux",
        "/qbaf/evaluate",
    }


async def test_every_route_open_to_other_origins_is_answered_cross_origin_and_no_write_is(
    client: Client,
) -> None:
    routes = unsafe_routes(_app(client))
    assert any(policy.cross_origin for *_, policy in routes)
    assert any(not policy.cross_origin for *_, policy in routes)
    for path, method, policy in routes:
        preflight = await client.options(
            path, headers={"Origin": FOREIGN, "Access-Control-Request-Method": method}
        )
        request = await client.request(method, path, headers={"Origin": FOREIGN}, json={})
        if policy.cross_origin:
            assert preflight.status_code == 204, (method, path)
            assert preflight.headers["access-control-allow-origin"] == FOREIGN
            assert request.status_code != 403, (method, path, request.text)
            assert request.headers["access-control-allow-origin"] == FOREIGN
        else:
            assert preflight.status_code == 403, (method, path)
            assert request.status_code == 403, (method, path)
            assert request.json()["type"].endswith("/forbidden")


async def test_a_write_is_refused_to_a_caller_without_the_token(client: Client) -> None:
    for path, method, policy in unsafe_routes(_app(client)):
        response = await client.request(method, path, json={})
        if policy.role is not None:
            assert response.status_code == 401, (method, path, response.text)
            assert response.headers["www-authenticate"].startswith("Bearer")
        else:
            assert response.status_code != 401, (method, path)


async def test_a_write_declares_the_bearer_scheme_and_a_computation_none(client: Client) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    what_if = document["paths"]["/maps/{map_id}/what-if"]["post"]
    create = document["paths"]["/maps"]["post"]
    assert create.get("security") == WRITE.security == [{"bearer": []}, {"session": []}]
    assert what_if.get("security", []) == COMPUTATION.security == []


@pytest.mark.parametrize("path", ["/maps/pets/view?utm_source=feed", "/schema/openapi.json?x=1", "/?ref=a"])
async def test_pages_declared_lenient_take_any_query(client: Client, path: str) -> None:
    assert (await client.get(path)).status_code == 200


async def test_an_api_read_refuses_an_undeclared_query_parameter(client: Client) -> None:
    response = await client.get("/maps/pets/tree?dpeth=2")
    assert response.status_code == 400
    assert "dpeth" in response.json()["detail"]


async def test_an_undeclared_unsafe_route_counts_as_a_write() -> None:
    from litestar import post

    @post("/x")
    async def handler() -> None:
        return None

    assert policy_of(handler) == WRITE
    assert undeclared([handler]) == [str(handler)]


async def test_a_diagram_takes_the_query_of_its_options_and_nothing_else(client: Client) -> None:
    drawn = await client.get("/maps/pets/diagram?format=dot&depth=1&labels=full&width=640&legend=false")
    assert drawn.status_code == 200, drawn.text
    assert "rankdir=BT" in drawn.text
    misspelt = await client.get("/maps/pets/diagram?format=dot&dpeth=1")
    assert misspelt.status_code == 400
    assert "'dpeth'" in misspelt.json()["detail"]
    assert "depth" in misspelt.json()["detail"]
    document = (await client.get("/schema/openapi.json")).json()
    parameters = {p["name"] for p in document["paths"]["/maps/{map_id}/diagram"]["get"]["parameters"]}
    assert parameters >= {"format", "root", "semantics", "contribution", "top", "depth", "min_weight"}
    assert parameters >= {"direction", "width", "height", "labels", "legend", "version"}


async def test_the_query_check_never_reads_the_names_of_another_handler_with_the_same_id(
    client: Client,
) -> None:
    from api import strict

    handler = next(
        h
        for route in _app(client).routes
        for h in getattr(route, "route_handlers", [])
        if route.path == "/claims"
    )
    stranger = next(
        h for route in _app(client).routes for h in getattr(route, "route_handlers", []) if h is not handler
    )
    strict._declared.put(
        id(handler), (stranger, frozenset({"speaker", "status"}))
    )  # a collected app's leftover
    response = await client.get("/claims?q=cats&limit=5")
    assert response.status_code == 200, response.text
