"""The pieces under the service: the compute pool, single flight, tags, cursors and the write diff."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from support.maps import small_map

from graph.compute import ComputePool, check_deadline, request_budget
from graph.errors import Busy, DeadlineExceeded, InvalidQuery
from graph.service._once import SingleFlight
from graph.service._search import SearchRequest, decode_cursor, encode_cursor, fingerprint
from graph.service._tags import tag_version, version_tag
from graph.store._codec import digest, plan_replace


def spin(seconds: float) -> int:
    """Busy work that checks its deadline, as the engine's loops do."""
    end, rounds = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        check_deadline()
        rounds += 1
    return rounds


class TestComputePool:
    async def test_runs_in_another_thread(self) -> None:
        pool = ComputePool(workers=1, queue=0)
        assert await pool.run(threading.get_ident) != threading.get_ident()

    async def test_refuses_beyond_workers_and_queue(self) -> None:
        pool = ComputePool(workers=1, queue=1, deadline_s=5.0)
        running = [asyncio.create_task(pool.run(spin, 0.3)) for _ in range(2)]
        await asyncio.sleep(0.05)
        with pytest.raises(Busy):
            await pool.run(spin, 0.01)
        assert all(rounds > 0 for rounds in await asyncio.gather(*running))
        assert pool.admitted == 0

    async def test_a_job_past_its_deadline_stops(self) -> None:
        pool = ComputePool(workers=1, queue=0, deadline_s=0.1)
        with pytest.raises(DeadlineExceeded):
            await pool.run(spin, 5.0)

    def test_outside_a_job_there_is_no_deadline(self) -> None:
        check_deadline()
        assert spin(0.01) > 0

    async def test_the_jobs_of_one_request_share_its_budget(self) -> None:
        # Each of two jobs fits the budget alone; together they do not. Each once had a budget of its own,
        # so a request of several jobs answered long after its deadline.
        pool = ComputePool(workers=1, queue=0, deadline_s=60.0)
        with request_budget(0.5):
            assert await pool.run(spin, 0.3) > 0
            with pytest.raises(DeadlineExceeded):
                await pool.run(spin, 0.3)

    async def test_a_job_own_deadline_stays_within_the_requests(self) -> None:
        pool = ComputePool(workers=1, queue=0, deadline_s=60.0)
        with request_budget(0.2), pytest.raises(DeadlineExceeded):
            await pool.run(spin, 5.0, deadline_s=30.0)

    async def test_a_job_that_never_checks_is_abandoned_at_its_deadline(self) -> None:
        # time.sleep never calls check_deadline: the caller answers without the job instead of waiting for it.
        pool = ComputePool(workers=1, queue=0, deadline_s=0.2)
        with pytest.raises(DeadlineExceeded):
            await pool.run(time.sleep, 3.0)
        assert pool.admitted == 0

    async def test_a_cancelled_caller_stops_its_job(self) -> None:
        stopped = threading.Event()

        def until_stopped() -> None:
            try:
                spin(60.0)
            finally:
                stopped.set()

        pool = ComputePool(workers=1, queue=0, deadline_s=60.0)
        caller = asyncio.create_task(pool.run(until_stopped))
        await asyncio.sleep(0.1)
        caller.cancel()
        with pytest.raises(asyncio.CancelledError):
            await caller
        # The job had a minute left; it stops at its next check instead (the wait is a ceiling, not a target).
        assert await asyncio.to_thread(stopped.wait, 10.0)


class TestSingleFlight:
    async def test_concurrent_callers_share_one_computation(self) -> None:
        flights, calls = SingleFlight(), []

        async def compute() -> int:
            calls.append(1)
            await asyncio.sleep(0.05)
            return 42

        results = await asyncio.gather(*(flights.run("k", compute) for _ in range(5)))
        assert results == [42] * 5
        assert len(calls) == 1

    async def test_an_error_reaches_every_waiter_and_is_not_remembered(self) -> None:
        flights = SingleFlight()

        async def fail() -> int:
            await asyncio.sleep(0.01)
            raise ValueError("boom")

        outcomes = await asyncio.gather(*(flights.run("k", fail) for _ in range(3)), return_exceptions=True)
        assert all(isinstance(outcome, ValueError) for outcome in outcomes)

        async def works() -> int:
            return 1

        assert await flights.run("k", works) == 1


class TestTagsAndCursors:
    @pytest.mark.parametrize(
        ("tag", "resource", "version"),
        [
            ('"pets-v3"', "pets", 3),
            ('"pets/thesis-v12"', "pets/thesis", 12),
            ('W/"pets-v3"', "pets", None),
            ('"pets-v3"', "pets-two", None),
            ('"pets-vx"', "pets", None),
            ("pets-v3", "pets", None),
            ('"pets-v' + "9" * 40 + '"', "pets", None),
        ],
    )
    def test_tag_version(self, tag: str, resource: str, version: int | None) -> None:
        assert tag_version(tag, resource) == version

    def test_a_tag_names_its_version(self) -> None:
        assert tag_version(version_tag("a-v2", 7), "a-v2") == 7

    def test_cursor_round_trip(self) -> None:
        bound_to = fingerprint(SearchRequest(q="cats"))
        assert decode_cursor(encode_cursor(1.5, "m", "n", bound_to), bound_to) == (1.5, "m", "n")

    def test_a_cursor_of_other_words_is_refused(self) -> None:
        cursor = encode_cursor(1.5, "m", "n", fingerprint(SearchRequest(q="cats")))
        with pytest.raises(InvalidQuery, match="other words or filters"):
            decode_cursor(cursor, fingerprint(SearchRequest(q="dogs")))


class TestWriteDiff:
    def test_unchanged_map_plans_nothing(self) -> None:
        document = small_map()
        old_nodes = {node.id: (digest(node), 1) for node in document.nodes}
        old_relations = {
            (rel.source, rel.target, rel.type.value): (rel.weight, rel.note, order)
            for order, rel in enumerate(document.relations)
        }
        plan = plan_replace(document, old_nodes, old_relations, 2)
        assert plan.created_nodes == frozenset()
        assert plan.deleted_nodes == []
        assert plan.created_relations == {}
        assert plan.deleted_relations == {}
        assert set(plan.versions.values()) == {1}

    def test_a_changed_node_is_recreated_with_the_new_version(self) -> None:
        document = small_map()
        old_nodes = {node.id: (digest(node), 1) for node in document.nodes}
        old_nodes["thesis"] = ("another-hash", 1)
        plan = plan_replace(document, old_nodes, {}, 2)
        assert plan.created_nodes == frozenset({"thesis"})
        assert plan.deleted_nodes == ["thesis"]
        assert plan.versions == {"thesis": 2, "sleep-good": 1, "dogs-bark": 1}
