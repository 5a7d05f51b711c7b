"""Hostile soak: ordinary readers beside slow clients, oversized heads and cache-filling searches.

Against ``argmap serve`` (its default limits) over the real Neo4j with the essay loaded, for
``BENCH_HOSTILE_SECONDS`` (60 s), all at once on loopback:

- **ordinary readers**: 8 clients, each reading the tree, scores, a claim or a search every 40 ms (a busy
  newsroom's pace, not the server's limit: that is ``bench http``);
- **a liveness probe**: one ``GET /ping`` every 50 ms on a new connection, timed from connect to answer
  (readers and probe run in this process; the hostile clients below in another, so their work does not
  delay the probe's own clock);
- **slow clients**: 200 connections that send a request head one byte every half second, and 200 that open
  and send nothing, each reopened as soon as the server closes it;
- **oversized heads**: requests with a 1 MiB header, one after another;
- **cache-filling searches**: ``/claims?limit=100&min_strength=0.000000<i>`` with a new ``i`` each time, from
  four clients, each sending one every ``SEARCH_EVERY_S`` (200 new searches a second in all, each a new
  search answer, as the probe that grew a worker to 2 GB sent).

The server runs with the default rate limit (120 a minute per client and endpoint; a search counts only
when it is not answered from memory). Targets: 0 answers other than 2xx/3xx to the ordinary readers,
``/ping`` p99 under 50 ms, and the server's resident memory at most its value after warm-up plus the search
answers' byte budget (``ARGMAP_SEARCH_ANSWER_BYTES``, 32 MiB) and 64 MiB for everything else.

Run ``python -m bench hostile``.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import statistics
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

import httpx

from bench.bench_http import ESSAY, server_port, start_server, stop_server
from bench.neo4j import Target
from bench.processes import rss_mb
from graph.document import load_document_file
from graph.service import load_files

READERS = 8
READ_EVERY_S = 0.04
TRICKLERS = 200
IDLERS = 200
SEARCHERS = 4
SEARCH_EVERY_S = 0.02
PING_EVERY_S = 0.05
PING_TARGET_MS = 50.0
SEARCH_BUDGET_MB = 32.0
OTHER_MEMORY_MB = 64.0
HUGE_HEADER = 1024 * 1024


@dataclass(frozen=True, slots=True)
class HostileSoak:
    """What the soak measured."""

    seconds: int
    reads_per_s: float
    read_p99_ms: float
    read_failures: int
    pings: int
    ping_p99_ms: float
    ping_failures: int
    slow_closed: int
    huge_refused: int
    huge_other: int
    searches: int
    searches_refused: int
    search_failures: int
    rss_warm_mb: float
    rss_max_mb: float


class Counters:
    """Tallies the attackers keep while the soak runs."""

    def __init__(self) -> None:
        self.slow_closed = 0
        self.huge_refused = 0
        self.huge_other = 0
        self.searches = 0
        self.searches_refused = 0
        self.search_failures = 0
        self.pings: list[float] = []
        self.reads: list[float] = []
        self.read_failures = 0
        self.ping_failures = 0
        self.rss_max_mb = 0.0


async def _connection(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
    """A new connection to the server, or None (after a short pause) when it refuses one."""
    try:
        return await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        await asyncio.sleep(0.2)
        return None


async def _trickler(port: int, deadline: float, counters: Counters, *, idle: bool) -> None:
    head = b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"s" * 4096
    while time.monotonic() < deadline:
        opened = await _connection(port)
        if opened is None:
            continue
        reader, writer = opened
        try:
            for byte in head:
                if idle or time.monotonic() >= deadline:
                    break
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(0.5)
            await asyncio.wait_for(reader.read(), timeout=max(deadline - time.monotonic(), 0.01))
            counters.slow_closed += 1  # the read ended: the server closed the connection
        except (ConnectionResetError, BrokenPipeError):
            counters.slow_closed += 1
        except (OSError, TimeoutError):
            pass  # still open when the soak ended: not counted as closed by the server
        finally:
            writer.close()


async def _huge_heads(port: int, deadline: float, counters: Counters) -> None:
    request = b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: " + b"h" * HUGE_HEADER + b"\r\n\r\n"
    while time.monotonic() < deadline:
        opened = await _connection(port)
        if opened is None:
            continue
        reader, writer = opened
        try:
            writer.write(request)
            await writer.drain()
            answer = await asyncio.wait_for(reader.read(), timeout=10)
        except (ConnectionResetError, BrokenPipeError):
            answer = b""  # the server closed the connection once the limit passed: what it should do
        except (OSError, TimeoutError):
            answer = b"no answer"
        finally:
            writer.close()
        if answer.startswith(b"HTTP/1.1 431") or not answer:
            counters.huge_refused += 1
        else:
            counters.huge_other += 1


async def _searches(base: str, deadline: float, counters: Counters, offset: int) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        i = offset
        while time.monotonic() < deadline:
            i += SEARCHERS
            response = await http.get(
                "/claims", params={"limit": "100", "min_strength": f"0.000000{i}", "q": "the"}
            )
            await asyncio.sleep(SEARCH_EVERY_S)
            counters.searches += 1
            if response.status_code == 429:
                counters.searches_refused += 1
            elif response.status_code >= 500:
                counters.search_failures += 1


async def _ping(port: int) -> bool:
    """One ``GET /ping`` on a new connection, as a load balancer's probe sends it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(b"GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        await writer.drain()
        return (await reader.read()).startswith(b"HTTP/1.1 200")
    finally:
        writer.close()


async def _pings(port: int, deadline: float, counters: Counters) -> None:
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            answered = await asyncio.wait_for(_ping(port), timeout=5)
        except (OSError, TimeoutError):
            answered = False
        if answered:
            counters.pings.append((time.perf_counter() - started) * 1000)
        else:
            counters.ping_failures += 1
        await asyncio.sleep(PING_EVERY_S)


async def _reader(base: str, paths: list[str], deadline: float, counters: Counters, offset: int) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        i = offset
        while time.monotonic() < deadline:
            i += 1
            started = time.perf_counter()
            try:
                status = (await http.get(paths[i % len(paths)])).status_code
            except httpx.HTTPError:
                status = 0
            counters.reads.append((time.perf_counter() - started) * 1000)
            if not 200 <= status < 400:
                counters.read_failures += 1
            await asyncio.sleep(READ_EVERY_S)


async def _memory(pid: int, deadline: float, counters: Counters) -> None:
    while time.monotonic() < deadline:
        counters.rss_max_mb = max(counters.rss_max_mb, rss_mb(pid))
        await asyncio.sleep(0.5)


async def _attack(base: str, port: int, seconds: float, tallies: Any) -> None:
    counters = Counters()
    deadline = time.monotonic() + seconds
    await asyncio.gather(
        *(_trickler(port, deadline, counters, idle=False) for _ in range(TRICKLERS)),
        *(_trickler(port, deadline, counters, idle=True) for _ in range(IDLERS)),
        _huge_heads(port, deadline, counters),
        *(_searches(base, deadline, counters, offset) for offset in range(SEARCHERS)),
    )
    tallies.update(
        slow_closed=counters.slow_closed,
        huge_refused=counters.huge_refused,
        huge_other=counters.huge_other,
        searches=counters.searches,
        searches_refused=counters.searches_refused,
        search_failures=counters.search_failures,
    )


def _attacker(base: str, port: int, seconds: float, tallies: Any) -> None:
    """The hostile clients, in a process of their own: their work must not delay the probe's clock."""
    asyncio.run(_attack(base, port, seconds, tallies))


async def _soak(base: str, port: int, pid: int, paths: list[str], seconds: int) -> Counters:
    counters = Counters()
    with multiprocessing.Manager() as manager:
        tallies = manager.dict()
        attacker = multiprocessing.Process(target=_attacker, args=(base, port, seconds, tallies))
        attacker.start()
        deadline = time.monotonic() + seconds
        await asyncio.gather(
            *(_reader(base, paths, deadline, counters, offset) for offset in range(READERS)),
            _pings(port, deadline, counters),
            _memory(pid, deadline, counters),
        )
        await asyncio.to_thread(attacker.join, 60)
        for name, value in dict(tallies).items():
            setattr(counters, name, value)
    return counters


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98] if len(samples) >= 2 else float("nan")


def run(target: Target) -> HostileSoak:
    """The soak against a fresh server over ``target``."""
    document = load_document_file(ESSAY)
    claim = next(node.id for node in document.nodes if node.id != document.root)
    paths = [
        f"/maps/{document.id}/tree",
        f"/maps/{document.id}/scores",
        f"/claims/{document.id}/{claim}",
        *(f"/claims?q={urllib.parse.quote(query)}" for query in ("benchmark", "time horizon", "METR")),
    ]
    port = server_port()
    base = f"http://127.0.0.1:{port}"
    target.wipe()
    asyncio.run(load_files(target.connection, [ESSAY], progress=False))
    # The default rate limit, as a public server runs: the readers' searches repeat (free), the attackers'
    # are new each time and count against it.
    process = start_server(target, port, {"ARGMAP_RATE_LIMIT_PER_MINUTE": "120"})
    seconds = int(os.environ.get("BENCH_HOSTILE_SECONDS") or 60)
    try:
        asyncio.run(_warm(base, paths))
        rss_warm = rss_mb(process.pid)
        counters = asyncio.run(_soak(base, port, process.pid, paths, seconds))
    finally:
        stop_server(process)
    return HostileSoak(
        seconds=seconds,
        reads_per_s=len(counters.reads) / seconds,
        read_p99_ms=_p99(counters.reads),
        read_failures=counters.read_failures,
        pings=len(counters.pings),
        ping_p99_ms=_p99(counters.pings),
        ping_failures=counters.ping_failures,
        slow_closed=counters.slow_closed,
        huge_refused=counters.huge_refused,
        huge_other=counters.huge_other,
        searches=counters.searches,
        searches_refused=counters.searches_refused,
        search_failures=counters.search_failures,
        rss_warm_mb=rss_warm,
        rss_max_mb=max(counters.rss_max_mb, rss_warm),
    )


async def _warm(base: str, paths: list[str]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        for _ in range(3):
            for path in paths:
                await http.get(path)


def render(soak: HostileSoak) -> str:
    """The figures, each next to its target."""
    ceiling = soak.rss_warm_mb + SEARCH_BUDGET_MB + OTHER_MEMORY_MB
    return "\n".join(
        [
            f"hostile soak {soak.seconds} s: ordinary readers ({READERS} clients) "
            f"{soak.reads_per_s:.0f} req/s, p99 {soak.read_p99_ms:.1f} ms, {soak.read_failures} answers "
            "other than 2xx/3xx [target: 0]: " + ("PASS" if soak.read_failures == 0 else "MISS"),
            f"/ping every {PING_EVERY_S * 1000:.0f} ms on a new connection: {soak.pings} answered, p99 "
            f"{soak.ping_p99_ms:.1f} ms, {soak.ping_failures} failed [target: p99 < {PING_TARGET_MS:.0f} ms, "
            "0 failed]: "
            + ("PASS" if soak.ping_p99_ms < PING_TARGET_MS and soak.ping_failures == 0 else "MISS"),
            f"slow clients ({TRICKLERS} trickling heads, {IDLERS} idle): {soak.slow_closed} connections "
            f"closed by the server; 1 MiB heads: {soak.huge_refused} refused (431 or closed), "
            f"{soak.huge_other} otherwise [target: 0 otherwise]: "
            + ("PASS" if soak.huge_other == 0 else "MISS"),
            f"cache-filling searches: {soak.searches} distinct, {soak.searches_refused} refused by the rate "
            f"limit (429), {soak.search_failures} answered 5xx [target: 0]: "
            + ("PASS" if soak.search_failures == 0 else "MISS"),
            f"resident memory after warm-up {soak.rss_warm_mb:.0f} MB, at most {soak.rss_max_mb:.0f} MB "
            f"[target: <= {ceiling:.0f} MB, warm-up + {SEARCH_BUDGET_MB:.0f} MB search answers + "
            f"{OTHER_MEMORY_MB:.0f} MB]: " + ("PASS" if soak.rss_max_mb <= ceiling else "MISS"),
        ]
    )


def describe() -> str:
    """What the soak measures, for the section header."""
    return (
        f"hostile soak: {READERS} ordinary readers and /ping every "
        f"{PING_EVERY_S * 1000:.0f} ms, beside {TRICKLERS} trickling and {IDLERS} idle connections, 1 MiB "
        f"heads and {SEARCHERS} clients filling the search cache"
    )
