"""Access lines of a serving process: written in batches, in the log's JSON shape, none lost."""

from __future__ import annotations

import asyncio
import io
import json
import logging

from litestar.testing import AsyncTestClient
from support.memory_store import MemoryStore

from api.app import create_app
from api.observability import AccessLines, JsonFormatter, _AccessFields, access_log
from api.settings import Settings
from graph.compute import ComputePool
from graph.service import MapService


class CountingStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


async def test_lines_wait_for_the_interval_and_go_out_in_one_write() -> None:
    out = CountingStream()
    lines = AccessLines(out, interval_s=0.05)
    for number in range(5):
        lines.add("GET", f"/maps/{number}", 200, 0.5, f"id-{number}")
    assert out.getvalue() == ""
    await asyncio.sleep(0.2)
    written = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [entry["path"] for entry in written] == [f"/maps/{number}" for number in range(5)]
    assert out.writes == 1


async def test_a_full_buffer_is_written_at_once() -> None:
    out = CountingStream()
    lines = AccessLines(out, interval_s=60.0, max_bytes=400)
    for number in range(4):
        lines.add("GET", "/maps", 200, 0.5, f"id-{number}")
    assert out.writes == 1
    assert len(out.getvalue().splitlines()) == 3  # the third line passed 400 bytes; the fourth waits
    lines.flush()
    assert len(out.getvalue().splitlines()) == 4


def test_a_batched_line_has_the_keys_of_a_logged_one() -> None:
    out = io.StringIO()
    AccessLines(out).add("POST", "/maps", 201, 3.5, "abc")  # no event loop: written at once
    batched = json.loads(out.getvalue())
    record = logging.LogRecord(access_log.name, logging.INFO, __file__, 1, "%s", None, None)
    record.args = _AccessFields(method="POST", path="/maps", status=201, duration_ms=3.5, request_id="abc")
    logged = json.loads(JsonFormatter().format(record))
    assert batched.keys() == logged.keys()
    assert {k: v for k, v in batched.items() if k != "time"} == {
        k: v for k, v in logged.items() if k != "time"
    }


async def test_the_app_leaves_logging_to_the_process(store: MemoryStore) -> None:
    """Starting the app adds no handler: ARGMAP_LOG_LEVEL alone decides what the log holds."""
    root = logging.getLogger()
    before = list(root.handlers), root.level
    service = MapService(store, pool=ComputePool(workers=1, queue=2, deadline_s=10.0))
    async with AsyncTestClient(create_app(Settings(), service)) as client:
        await client.get("/ping")
    assert (list(root.handlers), root.level) == before
    assert not logging.getLogger("litestar").handlers
