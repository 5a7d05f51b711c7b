"""Single flight: concurrent requests for the same cold result share one computation."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class SingleFlight:
    """Runs at most one computation per key at a time; callers who arrive meanwhile await its result.

    Without this, sixteen clients asking for a map's scores right after a write would compute them sixteen
    times in the worker pool, and the pool's queue would turn the fifteenth into a 503.
    """

    def __init__(self) -> None:
        self._running: dict[Hashable, asyncio.Future[Any]] = {}

    async def run(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
        """``await compute()``, unless a computation for ``key`` is already running: then share its result."""
        running = self._running.get(key)
        if running is not None:
            try:
                result: T = await asyncio.shield(running)
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if running.cancelled() and task is not None and not task.cancelling():
                    return await self.run(key, compute)  # the leader was cancelled, not this caller
                raise
            return result
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        try:
            value = await compute()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # the waiters (if any) re-raise it; nobody waiting is not an error
            raise
        else:
            future.set_result(value)
            return value
        finally:
            del self._running[key]
