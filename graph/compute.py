"""Where CPU-heavy work runs: worker processes or threads, bounded, every job under a deadline.

Scoring, contributions, what-if, QBAF evaluation, document decoding and DOT building happen here, never on the
event loop, so ``/ping`` and cached reads keep answering while they run. With ``processes=True`` (the server's
default) a job whose function is importable by name runs in a worker process, so its Python work does not
hold the interpreter that serves every read; a job that cannot travel to a process (a closure, an argument
that does not pickle) runs in a worker thread, as every job does with ``processes=False``.

The pool admits at most ``workers + queue`` jobs at once; one more is refused at once with ``Busy`` (a 503
with ``Retry-After`` over HTTP) instead of waiting behind the others. A job that runs past its deadline stops
at its next ``check_deadline()`` with ``DeadlineExceeded``: the engine's loops call it, so no job can hold a
worker for longer than its budget.

Example:
    >>> import anyio
    >>> pool = ComputePool(workers=1, queue=0, deadline_s=5.0)
    >>> anyio.run(pool.run, sum, [1, 2, 3])
    6
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from types import FunctionType
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from graph.errors import Busy, DeadlineExceeded

logger = logging.getLogger("argmap.compute")

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


class NotTransferable(Exception):
    """A job's result could not be pickled back from a worker process."""


class _ArgumentsStay(Exception):
    """This call's arguments do not pickle (a closure among them): this call runs in a thread."""


# Modules a worker process imports before its first job, so that job does not pay for them.
_PRELOAD = ("graph.service",)


def _start_worker() -> None:
    """Initialise a worker process: the server's interrupt is the server's to handle, not each worker's.

    A worker leaves with its server: a server killed outright (no shutdown to tell its workers) would
    otherwise leave them waiting for jobs for ever, since each holds both ends of the pipe jobs come on.
    A worker runs at a lower CPU priority than its server (``WORKER_NICENESS``), so on a busy machine the
    server's reads get the cores first and the heavy jobs, which have budgets, take what is left.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(WORKER_NICENESS)
    server = os.getppid()
    threading.Thread(target=_leave_with, args=(server,), name="argmap-server-watch", daemon=True).start()
    for name in _PRELOAD:
        __import__(name)


def _leave_with(server: int) -> None:
    """Exit this worker process once ``server``, the process that started it, is gone."""
    while os.getppid() == server:
        time.sleep(_SERVER_WATCH_S)
    os._exit(0)


WORKER_NICENESS = 5
"""How much lower a compute worker process's CPU priority is than its server's (``nice``; about 3 to 1)."""
_SERVER_WATCH_S = 0.5
"""How often a worker process looks whether its server still runs."""


def _in_process(deadline: float, budget: float, payload: bytes) -> bytes:
    """Run one job, pickled as ``(func, args)`` by the server, in a worker process; return its result pickled.

    Pickling both ends here tells a job or result that does not pickle apart from a job that failed. The
    deadline travels as a ``time.monotonic`` instant: on Linux one clock serves every process of the machine.
    """
    func, args = pickle.loads(payload)  # noqa: S301 - pickled by the server process that started this one
    result = _Job(deadline, budget, func, args).run()
    try:
        return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as error:
        raise NotTransferable(f"the result of {func.__qualname__} does not pickle: {error}") from None


def _ready() -> int:
    """A job that only proves a worker process is up (and holds it briefly, so the next one starts too)."""
    time.sleep(0.05)
    return 0


class _Processes:
    """The worker processes of this server process: one executor per size, shared by every pool of that size.

    Sharing means apps built one after another in one process (tests, reloads) start their workers once.
    A broken executor (a worker killed) is replaced on the next job.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._executors: dict[int, ProcessPoolExecutor] = {}

    def get(self, workers: int) -> ProcessPoolExecutor:
        with self._lock:
            executor = self._executors.get(workers)
            if executor is None:
                executor = ProcessPoolExecutor(
                    max_workers=workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker,
                )
                self._executors[workers] = executor
            return executor

    def discard(self, workers: int, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executors.get(workers) is broken:
                del self._executors[workers]
        broken.shutdown(wait=False, cancel_futures=True)


_PROCESSES = _Processes()


def _travels(func: Callable[..., Any]) -> bool:
    """Whether ``func`` can be named in another process: a module-level function, not a closure or lambda."""
    if isinstance(func, partial):
        return _travels(func.func)
    qualname = getattr(func, "__qualname__", "<unnamed>")
    return isinstance(func, FunctionType) and "<" not in qualname and "." not in qualname


class ComputePool:
    """A bounded set of worker threads for CPU-bound jobs, shared by every request of one process.

    A job's deadline is the request's (``request_budget``) when one is set, else ``deadline_s`` from its
    admission. Its caller waits no longer than the deadline: a job that overruns, or whose caller is cancelled
    (the client left), is abandoned and stops at its next ``check_deadline()``, so an answer is not later
    than its budget (and the time the event loop takes to send it).

    With ``processes``, a job abandoned by its caller keeps its worker process until its next
    ``check_deadline()`` past the deadline (a process shares no cancel flag with the server).

    Args:
        workers: Jobs that run at the same time (worker processes or threads).
        queue: Jobs that may wait for a worker; beyond ``workers + queue`` a job is refused with ``Busy``.
        deadline_s: Default budget of one job, counted from the moment it is admitted.
        processes: Run jobs whose function travels in worker processes instead of threads.
    """

    def __init__(
        self, *, workers: int = 2, queue: int = 16, deadline_s: float = 10.0, processes: bool = False
    ) -> None:
        if workers < 1 or queue < 0 or deadline_s <= 0:
            raise ValueError("a pool needs workers >= 1, queue >= 0 and a positive deadline")
        self._limiter = anyio.CapacityLimiter(workers)
        self._workers = workers
        self._capacity = workers + queue
        self._admitted = 0
        self._stay_home: set[str] = set()
        self.deadline_s = deadline_s
        self.processes = processes

    async def start(self) -> None:
        """Start the worker processes now (when the pool uses them), so the first request does not wait."""
        if not self.processes:
            return
        executor = _PROCESSES.get(self._workers)
        await asyncio.gather(*(asyncio.wrap_future(executor.submit(_ready)) for _ in range(self._workers)))

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
                if self.processes and _travels(func) and self._name(func) not in self._stay_home:
                    try:
                        moved: T = await self._in_process(job)
                        return moved
                    except _ArgumentsStay as error:
                        logger.debug("%s runs in a thread: %s", self._name(func), error)
                    except NotTransferable as error:
                        # Its results never travel: it runs in a thread from now on, and the log says why.
                        self._stay_home.add(self._name(func))
                        logger.info("%s runs in a thread: %s", self._name(func), error)
                result: T = await anyio.to_thread.run_sync(
                    job.run, limiter=self._limiter, abandon_on_cancel=True
                )
                return result
            raise _overrun(budget)
        finally:
            job.cancelled = True  # an abandoned job stops at its next check; a finished one never looks again
            self._admitted -= 1

    @staticmethod
    def _name(func: Callable[..., Any]) -> str:
        named = func.func if isinstance(func, partial) else func
        return f"{getattr(named, '__module__', '?')}.{getattr(named, '__qualname__', repr(named))}"

    async def _in_process(self, job: _Job) -> Any:
        """``job`` run in a worker process; the limiter holds as many jobs running as there are workers."""
        try:
            payload = pickle.dumps((job.func, job.args), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            raise _ArgumentsStay(f"its arguments do not pickle: {error}") from None
        async with self._limiter:
            executor = _PROCESSES.get(self._workers)
            try:
                future: Future[bytes] = executor.submit(_in_process, job.deadline, job.budget, payload)
            except BrokenProcessPool:
                _PROCESSES.discard(self._workers, executor)
                raise Busy("a worker process stopped: try again in a moment") from None
            try:
                pickled = await asyncio.shield(asyncio.wrap_future(future))
            except asyncio.CancelledError:
                future.cancel()  # a job still queued never starts; a running one stops at its deadline
                raise
            except BrokenProcessPool:
                _PROCESSES.discard(self._workers, executor)
                raise Busy("a worker process stopped: try again in a moment") from None
        return pickle.loads(pickled)  # noqa: S301 - bytes pickled by this server's own worker process
