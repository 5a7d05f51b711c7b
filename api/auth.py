"""Who is calling, and whether they may: one guard before every handler, from the route's declared policy.

A caller proves who they are with ``Authorization: Bearer <token>`` (a personal token, or the server's own
``ARGMAP_API_TOKEN``, the first admin) or with the session cookie the sign-in page sets; no credentials make
an anonymous reader. Then, in order:

1. a credential in the URL is refused (it would be in every log along the way);
2. the route's role (``api.policy``) is required: 401 without credentials, 403 with too low a role;
3. a write made with the session cookie needs the session's CSRF token in ``X-CSRF-Token``;
4. a route about one map asks the service whether the caller may read it (404 when not, as if it did not
   exist) or, for a write, change it (403).

Example:
    >>> bool(secret_in_url(b"q=swe&access_token=abc")), bool(secret_in_url(b"q=amt_" + b"x" * 30))
    (True, True)
    >>> bool(secret_in_url(b"q=token%20budgets&kind=claim"))
    False
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from api.caller import keep_caller, known_caller
from api.errors import BAD_REQUEST, FORBIDDEN, UNAUTHORIZED, ApiProblem
from api.policy import SAFE_METHODS, policy_of
from graph.errors import Unauthenticated
from graph.service import (
    ANONYMOUS,
    BOOTSTRAP,
    SESSION_PREFIX,
    TOKEN_PREFIX,
    Event,
    Principal,
    Via,
    audit,
    same_secret,
)

if TYPE_CHECKING:
    from api.settings import Settings
    from graph.service import MapService

SESSION_COOKIE = "argmap_session"
"""The browser session's cookie: ``HttpOnly``, ``SameSite=Lax``, ``Secure`` behind HTTPS."""
CSRF_HEADER = "x-csrf-token"
"""The header a cookie-authenticated write carries the session's CSRF token in (``GET /me`` gives it)."""
_SECRET_PARAMETER = re.compile(
    rb"(?:^|&)(?:access_token|token|api_key|apikey|bearer|password)=|am[tsl]_[A-Za-z0-9_-]{20,}",
    re.IGNORECASE,
)
_SIGN_IN_HINT = "send Authorization: Bearer <your token>, or sign in at /sign-in"


def secret_in_url(query: bytes) -> bool:
    """Whether a query string carries what looks like a credential (a parameter name or a token's shape)."""
    return bool(query) and _SECRET_PARAMETER.search(query) is not None


async def caller_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    """The caller of this request, worked out once per request (the guard does it first).

    Raises:
        ApiProblem: 401 for a malformed ``Authorization`` header.
        Unauthenticated: a token that is unknown, revoked or expired; a session cookie that ended, on a write.
    """
    scope = cast("dict[str, Any]", connection.scope)
    known = known_caller(scope)
    if known is not None:
        return known
    caller = await _identify(connection)
    keep_caller(scope, caller)
    return caller


async def _identify(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    header = connection.headers.get("authorization")
    if header is not None:
        scheme, _separator, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise ApiProblem(
                UNAUTHORIZED, _SIGN_IN_HINT, headers={"WWW-Authenticate": 'Bearer realm="argmap"'}
            )
        settings: Settings = connection.app.state.settings
        if settings.api_token and same_secret(token, settings.api_token):
            return BOOTSTRAP
        if not token.startswith(TOKEN_PREFIX):
            raise Unauthenticated("the token is not valid: it is unknown, revoked or expired")
        return await _service(connection).accounts.caller_by_token(token)
    cookie = connection.cookies.get(SESSION_COOKIE)
    if cookie and cookie.startswith(SESSION_PREFIX):
        try:
            return await _service(connection).accounts.caller_by_session(cookie)
        except Unauthenticated:
            # A cookie left from an ended session reads public pages as anyone; a write is told to sign in.
            if connection.scope.get("method") in SAFE_METHODS:
                return ANONYMOUS
            raise
    return ANONYMOUS


def _service(connection: ASGIConnection[Any, Any, Any, Any]) -> MapService:
    service: MapService = connection.app.state.service
    return service


async def access_guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """The app's one guard: credentials, the route's role, CSRF, and the map's own access (module docstring).

    Raises:
        ApiProblem: 400 for a credential in the URL, 401 without credentials where a role is needed, 403
            for too low a role or a missing CSRF token.
        Unauthenticated, NotFound, Forbidden: from the service (401, 404, 403).
    """
    method = connection.scope.get("method", "GET")
    if method == "OPTIONS":
        return
    if secret_in_url(connection.scope.get("query_string", b"")):
        raise ApiProblem(
            BAD_REQUEST,
            "credentials are refused in a URL, where logs and browser histories keep them: send the token "
            "as Authorization: Bearer <token>, and revoke one that was sent in a URL",
        )
    caller = await caller_of(connection)
    policy = policy_of(handler)
    if policy.role is not None:
        if caller.role is None:
            raise ApiProblem(
                UNAUTHORIZED, _SIGN_IN_HINT, headers={"WWW-Authenticate": 'Bearer realm="argmap"'}
            )
        if policy.role.outranks(caller.role):
            audit(Event.FORBIDDEN, actor=caller.id, path=connection.url.path, needs=policy.role)
            raise ApiProblem(
                FORBIDDEN, f"this needs the {policy.role.value} role; you are {caller.role.value}"
            )
    if caller.via is Via.SESSION and method not in SAFE_METHODS:
        given = connection.headers.get(CSRF_HEADER, "")
        if caller.csrf is None or not same_secret(given, caller.csrf):
            audit(Event.CSRF_REFUSED, actor=caller.id, path=connection.url.path)
            raise ApiProblem(
                FORBIDDEN,
                f"a write with the session cookie needs the session's CSRF token in {CSRF_HEADER} (GET /me)",
            )
    map_id = connection.path_params.get("map_id")
    if isinstance(map_id, str):
        await _service(connection).authorize(caller, map_id, write=policy.writes)


def provide_caller(request: Request[Any, Any, Any]) -> Principal:
    """The caller as a handler's dependency named ``caller``, as the guard worked it out."""
    return known_caller(cast("dict[str, Any]", request.scope)) or ANONYMOUS
