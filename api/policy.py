"""What a route declares about itself: who may call it, whether other sites' pages may, its query rules.

A handler states its policy once, on its decorator, and everything else derives from that one value: its
guards (the bearer token, the rate limit), its OpenAPI ``security``, whether the edge lets a page of another
origin call it, and whether an undeclared query parameter is refused. The edge never matches path strings.

Example:
    >>> WRITE.cross_origin, WRITE.caller
    (False, <Caller.WRITER: 'writer'>)
    >>> COMPUTATION.cross_origin, COMPUTATION.rate_limited, COMPUTATION.caller
    (True, True, <Caller.ANYONE: 'anyone'>)
    >>> sorted(COMPUTATION.declared())
    ['guards', 'opt', 'security']
    >>> COMPUTATION.declared()["security"]
    []
    >>> WRITE.declared()["security"]
    [{'bearer': []}]
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from api.http import writes_guard
from api.limits import rate_limited

POLICY_KEY = "argmap_policy"
BEARER = "bearer"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Caller(enum.StrEnum):
    """Who may call a route."""

    ANYONE = "anyone"
    """No credentials: reads, computations that write nothing, pages."""
    WRITER = "writer"
    """A bearer token with write access (``ARGMAP_API_TOKEN``)."""


@dataclass(frozen=True, slots=True)
class RoutePolicy:
    """One route's declared policy (see the module docstring for what derives from it)."""

    caller: Caller = Caller.ANYONE
    cross_origin: bool = True
    """A page of another origin may call it (reads, and POSTs that compute and write nothing)."""
    lenient_query: bool = False
    """Pages for people: browsers and embedding sites add query parameters of their own."""
    rate_limited: bool = False
    """Expensive: each client has a token bucket (``ARGMAP_RATE_LIMIT_PER_MINUTE``)."""

    @property
    def guards(self) -> list[Guard]:
        """The guards that enforce this policy, in the order they run."""
        guards: list[Guard] = []
        if self.caller is Caller.WRITER:
            guards.append(writes_guard)
        if self.rate_limited:
            guards.append(rate_limited)
        return guards

    @property
    def security(self) -> list[dict[str, list[str]]]:
        """The OpenAPI ``security`` of the operation: ``[]`` says it is public."""
        return [{BEARER: []}] if self.caller is Caller.WRITER else []

    def declared(self) -> dict[str, Any]:
        """The decorator's keyword arguments that declare this policy: ``@post(..., **WRITE.declared())``."""
        return {"opt": self.as_opt(), "guards": self.guards, "security": self.security}

    def as_opt(self) -> dict[str, Any]:
        """The ``opt`` of a router or controller whose handlers all take this policy (and need no guard)."""
        return {POLICY_KEY: self}


READ = RoutePolicy()
"""A read: anyone, any origin."""
EXPENSIVE_READ = RoutePolicy(rate_limited=True)
"""A read that computes much (diagrams, robustness): rate-limited."""
COMPUTATION = RoutePolicy(rate_limited=True)
"""A POST that computes from its body and writes nothing (what-if, QBAF evaluation): open like a read."""
PAGE = RoutePolicy(lenient_query=True)
"""A page for people (viewer, embed, oEmbed, the docs)."""
WRITE = RoutePolicy(caller=Caller.WRITER, cross_origin=False)
"""A write: the bearer token, and another origin only when ``ARGMAP_CORS_WRITE_ORIGINS`` lists it."""


def policy_of(handler: BaseRouteHandler) -> RoutePolicy:
    """The policy ``handler`` declares; one that declares none is a read when it only reads, else a write.

    Undeclared unsafe methods count as writes, so a route someone forgets to declare is shut, not open.
    """
    declared = handler.opt.get(POLICY_KEY)
    if isinstance(declared, RoutePolicy):
        return declared
    return READ if _only_safe(handler) else WRITE


def _only_safe(handler: BaseRouteHandler) -> bool:
    methods: set[str] = set(getattr(handler, "http_methods", ()))
    return bool(methods) and methods <= SAFE_METHODS


def undeclared(handlers: Iterable[BaseRouteHandler]) -> list[str]:
    """Handlers that take an unsafe method without declaring a policy (a test keeps this list empty)."""
    return [str(handler) for handler in handlers if POLICY_KEY not in handler.opt and not _only_safe(handler)]
