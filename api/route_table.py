"""Who may call each route, as a Markdown table derived from the routes' declared policies (``api.policy``).

``docs/security.md`` holds this table between two markers and a test keeps it equal to what the app
declares, so the page cannot drift from the code. Print it with ``python -m api.route_table``.

Example:
    >>> from api.policy import WRITE
    >>> row = RouteRow("DELETE", "/maps/{map_id}", WRITE)
    >>> row.cells()
    ['`DELETE /maps/{map_id}`', 'author or above', 'write that map', 'no', '']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from litestar import Litestar

from api.policy import RoutePolicy, policy_of

BEGIN = "<!-- routes: begin (python -m api.route_table) -->"
END = "<!-- routes: end -->"
_PATH_TYPE = re.compile(r"\{(\w+):\w+\}")
_SKIPPED_PREFIXES = ("/schema", "/static", "/schema-assets")


@dataclass(frozen=True, slots=True)
class RouteRow:
    """One route's line of the table."""

    method: str
    path: str
    policy: RoutePolicy

    def cells(self) -> list[str]:
        """Method and path, who may call it, what the map it names requires, other origins, rate limit."""
        if "{map_id}" not in self.path:
            per_map = ""
        elif self.policy.writes:
            per_map = "write that map"
        else:
            per_map = "read that map"
        return [
            f"`{self.method} {self.path}`",
            self.policy.who,
            per_map,
            "yes" if self.policy.cross_origin else "no",
            "per caller" if self.policy.rate_limited else "",
        ]


def route_rows(app: Litestar) -> list[RouteRow]:
    """Every route the app answers (but OPTIONS, HEAD and the docs' own files), sorted by path and method."""
    rows = []
    for route in app.routes:
        path = _PATH_TYPE.sub(r"{\1}", route.path)
        if path.startswith(_SKIPPED_PREFIXES):
            continue
        for method, (handler, _kwargs) in getattr(route, "route_handler_map", {}).items():
            if method not in {"OPTIONS", "HEAD"}:
                rows.append(RouteRow(method, path, policy_of(handler)))
    return sorted(rows, key=lambda row: (row.path, row.method))


def markdown_table(app: Litestar) -> str:
    """The table, between its markers, as ``docs/security.md`` holds it."""
    header = ["route", "who may call it", "and on the map it names", "other origins", "rate limit"]
    lines = [BEGIN, "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in route_rows(app)]
    lines.append(END)
    return "\n".join(lines)


if __name__ == "__main__":
    from api.app import create_app
    from api.settings import Settings

    print(markdown_table(create_app(Settings())))
