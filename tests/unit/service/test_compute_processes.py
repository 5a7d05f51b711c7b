"""The compute pool's worker processes: jobs leave the serving process; errors and deadlines come back."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.maps import small_map

from graph.compute import WORKER_NICENESS, ComputePool, check_deadline
from graph.errors import Busy, DeadlineExceeded, InvalidArgumentMap, NotFound
from graph.mapgraph import MapGraph, evaluate
from schemas import Problem


def _pid() -> int:
    return os.getpid()


def _niceness() -> int:
    return os.nice(0)


def _spin(seconds: float) -> int:
    """Busy for ``seconds``, checking the deadline as the engine's loops do."""
    end, turns = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        check_deadline()
        turns += 1
    return turns


def _refuse(detail: str) -> None:
    raise InvalidArgumentMap(detail, [Problem(path="nodes[0]", code="bad", message=detail)])


def _strengths(graph: MapGraph) -> dict[str, float]:
    return evaluate(graph, semantics="qe", contribution="removal").strengths.strengths


def _die() -> None:
    os._exit(1)


def _unpicklable_result() -> object:
    return lambda: None


@pytest.fixture(scope="module")
def pool() -> ComputePool:
    return ComputePool(workers=1, queue=2, deadline_s=10.0, processes=True)


async def test_a_job_runs_in_another_process(pool: ComputePool) -> None:
    await pool.start()
    assert await pool.run(_pid) != os.getpid()


async def test_a_worker_yields_the_cores_to_its_server(pool: ComputePool) -> None:
    assert await pool.run(_niceness) == min(os.nice(0) + WORKER_NICENESS, 19)


async def test_a_map_graph_travels_and_scores_as_at_home(pool: ComputePool) -> None:
    document = small_map()
    graph = MapGraph(document, 2, {node.id: 2 for node in document.nodes})
    assert await pool.run(_strengths, graph) == _strengths(graph)


async def test_a_domain_error_comes_back_with_its_problems(pool: ComputePool) -> None:
    with pytest.raises(InvalidArgumentMap) as raised:
        await pool.run(_refuse, "no good")
    assert raised.value.detail == "no good"
    assert [problem.code for problem in raised.value.problems] == ["bad"]


async def test_a_job_past_its_deadline_stops_in_its_process(pool: ComputePool) -> None:
    with pytest.raises(DeadlineExceeded, match=r"budget of 0\.2 s"):
        await pool.run(_spin, 5.0, deadline_s=0.2)
    # The one worker process is free again: were the first job still spinning, this one would wait past 1 s.
    assert await pool.run(_spin, 0.01, deadline_s=1.0) > 0


async def test_a_closure_runs_in_a_thread(pool: ComputePool) -> None:
    def where() -> int:
        return os.getpid()

    assert await pool.run(where) == os.getpid()


async def test_a_result_that_does_not_pickle_is_computed_at_home(pool: ComputePool) -> None:
    result = await pool.run(_unpicklable_result)
    assert callable(result)


async def test_a_worker_that_dies_costs_its_job_a_503_and_is_replaced() -> None:
    pool = ComputePool(workers=3, queue=0, processes=True)  # a size of its own: its executor breaks
    with pytest.raises(Busy, match="worker process stopped"):
        await pool.run(_die)
    assert await pool.run(_pid) != os.getpid()


def test_every_domain_error_pickles_whole() -> None:
    error = pickle.loads(pickle.dumps(NotFound("no map 'x'")))  # noqa: S301 - its own bytes
    assert (type(error), error.detail, str(error)) == (NotFound, "no map 'x'", "no map 'x'")


_SERVER = """
import anyio, os, signal
from pathlib import Path
from graph.compute import ComputePool

async def main() -> None:
    pool = ComputePool(workers=2, queue=0, processes=True)
    await pool.start()
    workers = [
        child
        for task in Path(f"/proc/{os.getpid()}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]
    print(" ".join(workers), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # no shutdown: the workers are not told

anyio.run(main)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_worker_processes_leave_when_their_server_is_killed() -> None:
    ran = subprocess.run(
        [sys.executable, "-c", _SERVER], capture_output=True, text=True, timeout=30, check=False
    )
    workers = [int(pid) for pid in ran.stdout.split()]
    assert len(workers) >= 2, ran.stderr  # the two workers (and the resource tracker)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in workers if _alive(pid)] == []
