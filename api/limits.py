"""Per-client rate limits on the expensive endpoints: those whose policy is ``rate_limited`` (api.policy).

Each caller has a token bucket per endpoint: a signed-in person by who they are (however many addresses
they come from), an anonymous one by their address as the server sees it; ``burst`` requests at once,
refilled at ``per_minute``. Over the limit a request gets 429 with ``Retry-After``. Buckets live in each
worker process, so a deployment with N workers allows up to N times the rate; put a shared limiter in the
proxy when that matters (docs/deploy.md).

Example:
    >>> clock = iter([0.0, 0.0, 0.0, 30.0]).__next__
    >>> limiter = RateLimiter(per_minute=2, burst=2, clock=clock)
    >>> [limiter.take("10.0.0.1", "whatIf") for _ in range(3)]
    [None, None, 30.0]
    >>> limiter.take("10.0.0.1", "whatIf")  # half a minute later one token is back
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any, cast

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from api.caller import caller_key
from api.errors import TOO_MANY_REQUESTS, ApiProblem
from graph.lru import LRU

MAX_CLIENTS = 10_000  # buckets kept; the least recently seen client is forgotten first


class RateLimiter:
    """Token buckets by (client, endpoint)."""

    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._clock = clock
        self._buckets: LRU[tuple[float, float]] = LRU(MAX_CLIENTS)

    def take(self, client: str, endpoint: str) -> float | None:
        """Spend one token; None when allowed, else the seconds until one is available again."""
        now = self._clock()
        key = (client, endpoint)
        tokens, then = self._buckets.get(key) or (self._burst, now)
        tokens = min(self._burst, tokens + (now - then) * self._rate)
        allowed = tokens >= 1.0
        self._buckets.put(key, (tokens - 1.0 if allowed else tokens, now))
        return None if allowed else (1.0 - tokens) / self._rate


def rate_limited(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Guard of an expensive endpoint: refuse a client over its rate with 429 and ``Retry-After``.

    Raises:
        ApiProblem: 429 when the client's bucket for this endpoint is empty.
    """
    charge(connection, handler.handler_name)


def charge(connection: ASGIConnection[Any, Any, Any, Any], endpoint: str) -> None:
    """Spend one of the client's tokens for ``endpoint``: a guard's work, or a handler's for a costly case.

    Raises:
        ApiProblem: 429 with ``Retry-After`` when the client's bucket for ``endpoint`` is empty.
    """
    limiter: RateLimiter | None = getattr(connection.app.state, "limiter", None)
    if limiter is None:
        return
    address = connection.client.host if connection.client else "unknown"
    wait = limiter.take(caller_key(cast("dict[str, Any]", connection.scope), address), endpoint)
    if wait is not None:
        seconds = max(1, math.ceil(wait))
        raise ApiProblem(
            TOO_MANY_REQUESTS,
            f"too many requests to this endpoint from you: try again in {seconds} s",
            headers={"Retry-After": str(seconds)},
        )
