"""Strict query strings: a parameter an operation does not declare is a 400 naming it, never silently ignored.

A misspelt filter (``?knd=evidence``) that is ignored answers every node, which looks like an answer; a 400
names the parameter and lists the ones the operation takes. Routes whose policy says ``lenient_query``
(pages for people: the viewer, its embed and oEmbed, the docs and static files) are left alone: browsers and
embedding sites add parameters of their own.
"""

from __future__ import annotations

from typing import Any

from litestar import Request

from api.errors import BAD_REQUEST, ApiProblem
from api.policy import policy_of

_NOT_QUERY = frozenset({"request", "service", "settings", "data", "scope", "state", "headers", "cookies"})


def declared_query(request: Request[Any, Any, Any]) -> frozenset[str]:
    """The query parameter names the matched operation declares (aliases as sent)."""
    handler = request.route_handler
    path_parameters = set(request.path_params)
    names = set()
    for name, parameter in handler.parsed_fn_signature.parameters.items():
        # QueryParameter(name="id") spells the alias in name, Parameter(query="id") in query.
        kwarg = parameter.kwarg_definition
        alias = getattr(kwarg, "query", None) or getattr(kwarg, "name", None)
        if name not in _NOT_QUERY and name not in path_parameters:
            names.add(alias or name)
    return frozenset(names)


async def strict_query(request: Request[Any, Any, Any]) -> None:
    """Refuse a query parameter the operation does not take.

    Raises:
        ApiProblem: 400 naming the first unknown parameter and listing the known ones.
    """
    if not request.scope.get("query_string") or policy_of(request.route_handler).lenient_query:
        return
    known = declared_query(request)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        takes = ", ".join(sorted(known)) or "none"
        raise ApiProblem(
            BAD_REQUEST, f"unknown query parameter {unknown[0][:60]!r}: this operation takes {takes}"
        )
