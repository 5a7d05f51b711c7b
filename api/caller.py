"""Where a request keeps its caller once the app's guard has worked it out (``api.auth``).

Example:
    >>> scope = {}
    >>> keep_caller(scope, ANONYMOUS)
    >>> known_caller(scope) is ANONYMOUS, caller_key(scope, "10.0.0.1")
    (True, 'addr:10.0.0.1')
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from graph.service import ANONYMOUS, Principal

_CALLER_KEY = "argmap_caller"


def keep_caller(scope: MutableMapping[str, Any], caller: Principal) -> None:
    """Remember the request's caller in its ASGI scope."""
    scope[_CALLER_KEY] = caller


def known_caller(scope: MutableMapping[str, Any]) -> Principal | None:
    """The request's caller, if the guard worked it out already."""
    known = scope.get(_CALLER_KEY)
    return known if isinstance(known, Principal) else None


def caller_key(scope: MutableMapping[str, Any], address: str) -> str:
    """What per-caller limits count by: the person when signed in, else the address."""
    return (known_caller(scope) or ANONYMOUS).key(address)
