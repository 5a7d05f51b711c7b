"""Where CPU-heavy work runs: worker threads behind a bounded limiter, every job under a deadline.

Scoring, contributions, what-if, QBAF evaluation, document decoding and DOT building happen here, never on the
event loop, so ``/ping`` and cached reads keep answering while they run. The pool admits at most
``workers + queue`` jobs at once; one more is refused at once with ``Busy`` (a 503 with ``Retry-After`` over
HTTP) instead of waiting behind the others. A job that runs past its deadline stops at its next
``check_deadline()`` with ``DeadlineExceeded``: the engine's loops call it, so no job can hold a worker for
longer than its budget.

Example:
    >>> import anyio
    >>> pool = ComputePool(workers=1, queue=0, deadline_s=5.0)
    >>> anyio.run(pool.run, sum, [1, 2, 3])
    6
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from graph.errors import Busy, DeadlineExceeded

T = TypeVar("T")

_local = threading.local()


def check_deadline() -> None:
    """Stop the current job if it has run past its deadline; free when no deadline is set.

    Long loops in the engine call this every iteration; outside a pool job (the CLI, tests) it does nothing.

    Raises:
        DeadlineExceeded: the job's budget is spent.

    Example:
        >>> check_deadline()  # no job, no deadline
    """
    deadline: float | None = getattr(_local, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        budget: float = _local.budget
        raise DeadlineExceeded(
            f"the computation ran past its budget of {budget:g} s: ask for less (fewer arguments, "
            "a cheaper contribution function, a smaller subtree)"
        )


def _run_with_deadline(deadline: float, budget: float, func: Callable[..., T], *args: Any) -> T:
    _local.deadline, _local.budget = deadline, budget
    try:
        check_deadline()  # the job may have waited its whole budget in the queue
        return func(*args)
    finally:
        _local.deadline = None


class ComputePool:
    """A bounded set of worker threads for CPU-bound jobs, shared by every request of one process.

    Args:
        workers: Jobs that run at the same time.
        queue: Jobs that may wait for a worker; beyond ``workers + queue`` a job is refused with ``Busy``.
        deadline_s: Default budget of one job, counted from the moment it is admitted.
    """

    def __init__(self, *, workers: int = 2, queue: int = 16, deadline_s: float = 10.0) -> None:
        if workers < 1 or queue < 0 or deadline_s <= 0:
            raise ValueError("a pool needs workers >= 1, queue >= 0 and a positive deadline")
        self._limiter = anyio.CapacityLimiter(workers)
        self._capacity = workers + queue
        self._admitted = 0
        self.deadline_s = deadline_s

    @property
    def admitted(self) -> int:
        """Jobs running or waiting now."""
        return self._admitted

    async def run(self, func: Callable[..., T], *args: Any, deadline_s: float | None = None) -> T:
        """Run ``func(*args)`` in a worker thread and return its result.

        Raises:
            Busy: every worker is taken and the queue is full.
            DeadlineExceeded: the job did not finish within its budget.
        """
        if self._admitted >= self._capacity:
            raise Busy("the server is busy computing for other requests: try again in a moment")
        budget = self.deadline_s if deadline_s is None else deadline_s
        job = functools.partial(_run_with_deadline, time.monotonic() + budget, budget, func, *args)
        self._admitted += 1
        try:
            return await anyio.to_thread.run_sync(job, limiter=self._limiter)
        finally:
            self._admitted -= 1
