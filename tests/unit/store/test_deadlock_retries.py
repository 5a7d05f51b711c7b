"""A write Neo4j picks as a deadlock victim runs again; every other failure reaches the caller at once."""

from __future__ import annotations

import pytest
from neo4j.exceptions import Neo4jError

from graph.errors import DatabaseUnavailable
from graph.store._errors import DEADLOCK, retrying_deadlocks, translated


class Work:
    """A unit of work that fails with the given Neo4j codes, in order, then answers."""

    def __init__(self, *codes: str) -> None:
        self.codes = list(codes)
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.codes:
            with translated():
                raise Neo4jError._hydrate_neo4j(code=self.codes.pop(0), message="waits cross")
        return "written"


async def test_a_deadlock_victim_runs_again_until_it_commits() -> None:
    work = Work(DEADLOCK, DEADLOCK)
    assert await retrying_deadlocks(work) == "written"
    assert work.calls == 3


async def test_another_transient_error_is_not_retried_here() -> None:
    work = Work("Neo.TransientError.General.DatabaseUnavailable")
    with pytest.raises(DatabaseUnavailable, match="retry later"):
        await retrying_deadlocks(work)
    assert work.calls == 1


async def test_a_write_that_keeps_losing_gets_the_error_after_its_retries() -> None:
    work = Work(*[DEADLOCK] * 10)
    with pytest.raises(DatabaseUnavailable):
        await retrying_deadlocks(work, retries=3)
    assert work.calls == 4
