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

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from graph.errors import Busy, DeadlineExceeded

T = TypeVar("T")

_local = threading.local()
_request_budget: ContextVar[tuple[float, float] | None] = ContextVar("argmap_request_budget", default=None)


@contextmanager
def request_budget(seconds: float) -> Iterator[None]:
    """Every job started inside shares one deadline ``seconds`` from now: the budget of a request, not a job.

    A request that runs several jobs (decode the map, score it, draw it) is held to one budget in total.

    Example:
        >>> import anyio
        >>> pool = ComputePool(workers=1, queue=0, deadline_s=60.0)
        >>> async def two_jobs() -> int:
        ...     with request_budget(5.0):
        ...         return await pool.run(sum, [1, 2]) + await pool.run(sum, [3])
        >>> anyio.run(two_jobs)
        6
    """
    token = _request_budget.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _request_budget.reset(token)


class _Job:
    """One call in a worker thread, with the deadline and the cancel flag its loops check."""

    __slots__ = ("args", "budget", "cancelled", "deadline", "func")

    def __init__(
        self, deadline: float, budget: float, func: Callable[..., Any], args: tuple[Any, ...]
    ) -> None:
        self.deadline, self.budget, self.func, self.args = deadline, budget, func, args
        self.cancelled = False

    def run(self) -> Any:
        _local.job = self
        try:
            check_deadline()  # the job may have waited its whole budget in the queue
            return self.func(*self.args)
        finally:
            _local.job = None


def _overrun(budget: float) -> DeadlineExceeded:
    return DeadlineExceeded(
        f"the computation ran past its budget of {budget:g} s: ask for less (fewer arguments, "
        "a cheaper contribution function, a smaller subtree)"
    )


def check_deadline() -> None:
    """Stop the current job if it has run past its deadline or its caller has gone; free outside a job.

    Long loops in the engine call this every iteration; outside a pool job (the CLI, tests) it does nothing.

    Raises:
        DeadlineExceeded: the job's budget is spent, or nobody waits for its result any more.

    Example:
        >>> check_deadline()  # no job, no deadline
    """
    job: _Job | None = getattr(_local, "job", None)
    if job is not None and (job.cancelled or time.monotonic() > job.deadline):
        raise _overrun(job.budget)


class ComputePool:
    """A bounded set of worker threads for CPU-bound jobs, shared by every request of one process.

    A job's deadline is the request's (``request_budget``) when one is set, else ``deadline_s`` from its
    admission. Its caller waits no longer than the deadline: a job that overruns, or whose caller is cancelled
    (the client left), is abandoned and stops at its next ``check_deadline()``, so an answer is not later
    than its budget (and the time the event loop takes to send it).

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

        ``deadline_s`` gives this job a budget of its own, still within the request's.

        Raises:
            Busy: every worker is taken and the queue is full.
            DeadlineExceeded: the job did not finish within its budget.
        """
        if self._admitted >= self._capacity:
            raise Busy("the server is busy computing for other requests: try again in a moment")
        now = time.monotonic()
        shared = _request_budget.get()
        budget = self.deadline_s if deadline_s is None else deadline_s
        deadline = now + budget
        if shared is not None and shared[0] <= deadline:
            deadline, budget = shared
        job = _Job(deadline, budget, func, args)
        self._admitted += 1
        try:
            with anyio.move_on_after(max(deadline - now, 0.0)):
                result: T = await anyio.to_thread.run_sync(
                    job.run, limiter=self._limiter, abandon_on_cancel=True
                )
                return result
            raise _overrun(budget)
        finally:
            job.cancelled = True  # an abandoned job stops at its next check; a finished one never looks again
            self._admitted -= 1
