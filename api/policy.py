"""What a route declares about itself: who may call it, whether other sites' pages may, its query rules.

A handler states its policy once, on its decorator, and everything else derives from that one value: the
role the app's guard (``api.auth``) requires, its rate limit, its OpenAPI ``security``, whether the edge lets
a page of another origin call it, and whether an undeclared query parameter is refused. The edge never
matches path strings.

Example:
    >>> WRITE.cross_origin, WRITE.role, WRITE.writes
    (False, <Role.AUTHOR: 'author'>, True)
    >>> COMPUTATION.cross_origin, COMPUTATION.rate_limited, COMPUTATION.role
    (True, True, None)
    >>> sorted(COMPUTATION.declared())
    ['guards', 'opt', 'security']
    >>> COMPUTATION.declared()["security"]
    []
    >>> WRITE.declared()["security"]
    [{'bearer': []}, {'session': []}]
    >>> ADMINS.role, ADMINS.who
    (<Role.ADMIN: 'admin'>, 'admin')
    >>> READ.who, WRITE.who
    ('anyone', 'author or above')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from api.limits import rate_limited
from schemas import Role

POLICY_KEY = "argmap_policy"
BEARER = "bearer"
SESSION = "session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class RoutePolicy:
    """One route's declared policy (see the module docstring for what derives from it)."""

    role: Role | None = None
    """The least role a caller needs (None: anyone, signed in or not)."""
    writes: bool = False
    """It changes the map it names: the caller must be allowed to write that map, not only to read it."""
    cross_origin: bool = True
    """A page of another origin may call it (reads, and POSTs that compute and write nothing)."""
    lenient_query: bool = False
    """Pages for people: browsers and embedding sites add query parameters of their own."""
    rate_limited: bool = False
    """Expensive: each caller has a token bucket (``ARGMAP_RATE_LIMIT_PER_MINUTE``)."""

    @property
    def who(self) -> str:
        """Who may call the route, in words (the security docs' table)."""
        if self.role is None:
            return "anyone"
        return "admin" if self.role is Role.ADMIN else f"{self.role.value} or above"

    @property
    def guards(self) -> list[Guard]:
        """The guards of this route besides the app's own (``api.auth.access_guard``), in order."""
        return [rate_limited] if self.rate_limited else []

    @property
    def security(self) -> list[dict[str, list[str]]]:
        """The OpenAPI ``security`` of the operation: ``[]`` says it is public."""
        return [{BEARER: []}, {SESSION: []}] if self.role is not None else []

    def declared(self) -> dict[str, Any]:
        """The decorator's keyword arguments that declare this policy: ``@post(..., **WRITE.declared())``."""
        return {"opt": self.as_opt(), "guards": self.guards, "security": self.security}

    def as_opt(self) -> dict[str, Any]:
        """The ``opt`` of a router or controller whose handlers all take this policy (and need no guard)."""
        return {POLICY_KEY: self}


READ = RoutePolicy()
"""A read: anyone, any origin (a map's own visibility still applies)."""
EXPENSIVE_READ = RoutePolicy(rate_limited=True)
"""A read that computes much (diagrams, robustness): rate-limited."""
COMPUTATION = RoutePolicy(rate_limited=True)
"""A POST that computes from its body and writes nothing (what-if, QBAF evaluation): open like a read."""
PAGE = RoutePolicy(lenient_query=True)
"""A page for people (viewer, embed, oEmbed, the docs)."""
WRITE = RoutePolicy(role=Role.AUTHOR, writes=True, cross_origin=False)
"""A write of a map: a signed-in author or above who may write that map; no other origin unless
``ARGMAP_CORS_WRITE_ORIGINS`` lists it."""
SIGNED_IN = RoutePolicy(role=Role.AUTHOR, cross_origin=False)
"""An account route for anyone signed in (their own tokens, who they are); the use case checks the rest."""
DRAFTING = RoutePolicy(role=Role.AUTHOR, cross_origin=False, rate_limited=True)
"""A POST that checks, scores or draws an unsaved map document for its author (the editor): anyone signed in,
from this site's pages, rate-limited like the other computations."""
NEW_MAP_PAGE = RoutePolicy(role=Role.AUTHOR, cross_origin=False, lenient_query=True)
"""The page that starts a new map (``/maps/new``): anyone signed in; a caller without credentials is asked to
sign in."""
EDITING = RoutePolicy(role=Role.AUTHOR, writes=True, cross_origin=False, lenient_query=True)
"""A page that changes a map (the editor): its author, their group's editors or an admin; a caller without
credentials is asked to sign in, one who may read the map but not write it is refused (403)."""
EDITORS = RoutePolicy(role=Role.EDITOR, cross_origin=False)
"""An account route for editors and admins (their group's people)."""
ADMINS = RoutePolicy(role=Role.ADMIN, cross_origin=False)
"""An account route for admins only (groups)."""
SIGN_IN = RoutePolicy(cross_origin=False, rate_limited=True)
"""Signing in and out: anyone, from this site's own pages only, rate-limited per address."""


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
