"""docs/security.md's table of who may call each route is the one the routes' declared policies give."""

from __future__ import annotations

from pathlib import Path

from litestar import Litestar
from support.app import Client

from api.route_table import BEGIN, END, markdown_table, route_rows

PAGE = Path(__file__).resolve().parents[3] / "docs" / "security.md"


def test_the_page_holds_the_table_the_routes_declare(client: Client) -> None:
    app = client.app
    assert isinstance(app, Litestar)
    text = PAGE.read_text(encoding="utf-8")
    documented = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert documented == markdown_table(app), (
        "run: python -m api.route_table, and paste it in docs/security.md"
    )


def test_every_write_of_a_map_names_a_role_and_checks_the_map(client: Client) -> None:
    app = client.app
    assert isinstance(app, Litestar)
    for row in route_rows(app):
        if row.method in {"PUT", "PATCH", "DELETE"} and "{map_id}" in row.path:
            assert row.policy.role is not None, row
            assert row.policy.writes, row
            assert not row.policy.cross_origin, row
