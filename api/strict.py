"""Strict query strings: a parameter an operation does not declare is a 400 naming it, never silently ignored.

A misspelt filter (``?knd=evidence``) that is ignored answers every node, which looks like an answer; a 400
names the parameter and lists the ones the operation takes. Routes whose policy says ``lenient_query``
(pages for people: the viewer, its embed and oEmbed, the docs and static files) are left alone: browsers and
embedding sites add parameters of their own.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.handlers.base import BaseRouteHandler

from api.errors import BAD_REQUEST, ApiProblem
from api.policy import policy_of
from graph.lru import LRU

_NOT_QUERY = frozenset({"request", "service", "settings", "data", "scope", "state", "headers", "cookies"})


def declared_query(request: Request[Any, Any, Any]) -> frozenset[str]:
    """The query parameter names the matched operation declares (aliases as sent).

    They are the handler's own parameters and those of every dependency it takes (a shared set of query
    parameters, such as a diagram's options, is one dependency), less path parameters and injected values.
    """
    handler = request.route_handler
    # Keyed by identity, and the handler is kept with its names: an id alone may be reused by a handler of
    # another app once the first is collected.
    found = _declared.get(id(handler))
    if found is None or found[0] is not handler:
        found = (handler, _query_names(handler))
        _declared.put(id(handler), found)
    return found[1] - set(request.path_params)


_declared: LRU[tuple[BaseRouteHandler, frozenset[str]]] = LRU(4096)


def _query_names(handler: BaseRouteHandler) -> frozenset[str]:
    dependencies = handler.resolve_dependencies()
    names: set[str] = set()
    pending = [handler.parsed_fn_signature]
    taken: set[str] = set()
    while pending:
        for name, parameter in pending.pop().parameters.items():
            if name in dependencies:
                if name not in taken:
                    taken.add(name)
                    pending.append(dependencies[name].parsed_fn_signature)
                continue
            if name in _NOT_QUERY:
                continue
            # QueryParameter(name="id") spells the alias in name, Parameter(query="id") in query.
            kwarg = parameter.kwarg_definition
            names.add(getattr(kwarg, "query", None) or getattr(kwarg, "name", None) or name)
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
