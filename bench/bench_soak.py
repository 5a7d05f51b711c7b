"""Soak and write load: a busy newsroom's mix against ``argmap serve`` and the real Neo4j, on loopback.

Two phases, each after loading the essay fresh:

1. **Writers**: 16 clients doing read-ETag -> change one base score -> ``PATCH`` with ``If-Match`` for
   ``BENCH_WRITE_SECONDS`` (15 s): acknowledged writes per second, their p50/p99 latency, the share refused as
   stale (412), and a check that every acknowledged write is visible afterwards.
2. **Soak**: ``BENCH_SOAK_SECONDS`` (60 s) of reads by wrk at 32 connections over tree, search (varied
   queries), claim detail, scores and a cached diagram of the essay, while heavy work runs beside them: two
   clients of what-ifs, one of robustness (a new seed each time, so nothing is served from memory), one of
   what-if diagrams (each drawn anew), and four If-Match writers on a copy of the essay. A probe asks
   ``/ping`` every 25 ms throughout, and another reads the wrk paths one at a time, so the tail of each kind
   of read (tree, scores, claim, diagram, search) is known. After a warm-up of the same mix
   (``BENCH_SOAK_WARMUP_SECONDS``, 20 s) that fills the caches. Reports read throughput, p50/p99 (target:
   p99 < 50 ms, 0 timeouts, 0 errors), ``/ping`` p99 (target < 10 ms), the heavy requests done and refused,
   lost writes, and the server's resident memory at the end against its value after warm-up (target: within
   10 %).

   The writes go to a copy: a read of a map written a moment ago waits for that version's scores (one
   evaluation), which is the cost of the write, not heavy work stalling reads. The first read after each
   write to the copy is timed on its own and reported beside its target-less figure.

Run ``python -m bench soak``; ``python -m bench hostile`` soaks the server beside hostile clients.
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import tempfile
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import msgspec

from bench.bench_http import ESSAY, parse_wrk, server_port, start_server, stop_server
from bench.neo4j import Target
from bench.processes import rss_mb
from graph.document import load_document_file
from graph.service import CLI, MapService
from schemas import MapDocument

TOKEN = "bench-soak-token"  # noqa: S105 - the token of a throwaway benchmark server
AUTH = {"Authorization": f"Bearer {TOKEN}"}
WRITERS = 16
CONNECTIONS = 32
MEMORY_TARGET = 0.10
READ_P99_TARGET_MS = 50
PING_TARGET_MS = 10
QUERIES = [
    "time horizon",
    "benchmark",
    "kernel",
    "alignment",
    "Amdahl",
    "Erdős",
    "METR",
    "drug trials",
    "60%",
]


@dataclass(frozen=True, slots=True)
class WritePhase:
    """What the 16 writers measured."""

    seconds: float
    acknowledged: int
    stale: int
    errors: int
    p50_ms: float
    p99_ms: float
    lost: int


@dataclass(frozen=True, slots=True)
class Heavy:
    """One kind of heavy request the soak ran beside the reads: done (200), refused busy (503), other."""

    name: str
    done: int = 0
    busy: int = 0
    errors: int = 0


@dataclass(frozen=True, slots=True)
class SoakPhase:
    """What the mixed soak measured."""

    seconds: float
    reads_per_s: float
    read_p50_ms: float
    read_p99_ms: float
    read_errors: int
    read_timeouts: int
    ping_p50_ms: float
    ping_p99_ms: float
    ping_max_ms: float
    heavy: tuple[Heavy, ...]
    writes: int
    write_errors: int
    after_write_p50_ms: float
    after_write_p99_ms: float
    probed: tuple[tuple[str, float, float, float], ...]
    """(kind of read, p50, p99, max in ms) from the probe that reads the wrk paths one at a time."""
    lost: int
    rss_warm_mb: float
    rss_end_mb: float


def _seconds(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


class Writers:
    """Clients that each own one node and write its base score under If-Match, remembering what was acked."""

    def __init__(
        self, http: httpx.AsyncClient, map_id: str, nodes: list[str], *, minimal: bool = False
    ) -> None:
        self.http, self.map_id, self.nodes = http, map_id, nodes
        self.minimal = minimal
        """Write with ``Prefer: return=minimal`` and keep the ETag of each 204, as an editor saving does; read
        the claim again only after a 412."""
        self.acknowledged: dict[str, float] = {}
        self.latencies: list[float] = []
        self.stale = self.errors = 0
        self.statuses: dict[int, int] = {}
        """How many answers of each status other than success and 412."""

    async def run(self, deadline: float) -> None:
        await asyncio.gather(*(self._one(node, deadline) for node in self.nodes))

    async def _one(self, node: str, deadline: float) -> None:
        url, value, tag = f"/claims/{self.map_id}/{node}", 0, ""
        prefer = {"Prefer": "return=minimal"} if self.minimal else {}
        while time.monotonic() < deadline:
            if not tag:
                tag = (await self.http.get(url)).headers.get("etag", "")
            value += 1
            score = round((value % 90 + 5) / 100, 2)
            started = time.monotonic()
            response = await self.http.patch(
                url, json={"base_score": score}, headers={**AUTH, "If-Match": tag, **prefer}
            )
            tag = response.headers.get("etag", "") if self.minimal else ""
            if response.status_code in {200, 204}:
                self.latencies.append(time.monotonic() - started)
                self.acknowledged[node] = score
                await self.written()
            elif response.status_code == 412:
                self.stale += 1
            else:
                self.errors += 1
                self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1

    async def written(self) -> None:
        """Called after each acknowledged write (nothing here; a subclass may read what was written)."""

    async def lost(self) -> int:
        """Acknowledged writes the map does not show now."""
        document = (await self.http.get(f"/maps/{self.map_id}/document")).json()
        stored = {node["id"]: node["base_score"] for node in document["nodes"]}
        return sum(1 for node, score in self.acknowledged.items() if stored[node] != score)


async def _write_phase(base: str, map_id: str, nodes: list[str], seconds: int) -> WritePhase:
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=httpx.Limits(max_connections=64)) as http:
        writers = Writers(http, map_id, nodes[:WRITERS])
        started = time.monotonic()
        await writers.run(started + seconds)
        elapsed = time.monotonic() - started
        latencies = sorted(writers.latencies) or [0.0]
        return WritePhase(
            seconds=elapsed,
            acknowledged=len(writers.latencies),
            stale=writers.stale,
            errors=writers.errors,
            p50_ms=statistics.median(latencies) * 1000,
            p99_ms=latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
            lost=await writers.lost(),
        )


def wrk_script(paths: list[str]) -> Path:
    """A wrk Lua script that cycles through ``paths``; the caller deletes it."""
    body = "paths = {" + ", ".join(f'"{path}"' for path in paths) + "}\n"
    body += (
        'i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format("GET", paths[(i % #paths) + 1])\nend\n'
    )
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115 - wrk reads it later
    handle.write(body)
    handle.close()
    return Path(handle.name)


async def run_wrk(wrk: str, base: str, script: Path, seconds: int, connections: int = CONNECTIONS) -> str:
    """wrk's report of ``seconds`` of GETs over the paths of ``script`` at ``connections``."""
    process = await asyncio.create_subprocess_exec(
        wrk,
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(script),
        base + "/",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    return output.decode()


def _percentiles(latencies: list[float]) -> tuple[float, float, float]:
    """p50, p99 and max of ``latencies`` (seconds), in milliseconds; zeros for none."""
    ordered = sorted(latencies) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000, ordered[-1] * 1000


class HeavyClient:
    """One client sending one kind of heavy request in a loop, counting how each was answered."""

    def __init__(
        self, name: str, send: Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]
    ) -> None:
        self.name, self.send = name, send
        self.done = self.busy = self.errors = 0
        self.statuses: dict[int, int] = {}
        """How many answers of each status other than 200 and 503."""

    async def run(self, http: httpx.AsyncClient, deadline: float) -> None:
        turn = 0
        while time.monotonic() < deadline:
            response = await self.send(http, turn)
            turn += 1
            if response.status_code == 200:
                self.done += 1
            elif response.status_code == 503:
                self.busy += 1
                await asyncio.sleep(float(response.headers.get("retry-after", "1")))
            else:
                self.errors += 1
                self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1

    def counted(self) -> Heavy:
        return Heavy(self.name, self.done, self.busy, self.errors)


def heavy_clients(map_id: str, nodes: list[str]) -> list[HeavyClient]:
    """The heavy work of the soak: what-ifs, robustness with a fresh seed, what-if diagrams drawn anew."""

    def what_if(http: httpx.AsyncClient, turn: int) -> Awaitable[httpx.Response]:
        node = nodes[turn % len(nodes)]
        return http.post(f"/maps/{map_id}/what-if", json={"base_scores": {node: 0.2}})

    def robustness(http: httpx.AsyncClient, turn: int) -> Awaitable[httpx.Response]:
        return http.get(f"/maps/{map_id}/robustness", params={"seed": str(1000 + turn)})

    def render(http: httpx.AsyncClient, turn: int) -> Awaitable[httpx.Response]:
        node = nodes[turn % len(nodes)]
        score = round(0.05 + (turn % 90) / 100, 2)  # a new scenario, so a new drawing, every time
        return http.post(f"/maps/{map_id}/what-if/diagram", json={"base_scores": {node: score}})

    return [
        HeavyClient("what-if", what_if),
        HeavyClient("what-if", what_if),
        HeavyClient("robustness", robustness),
        HeavyClient("what-if diagram", render),
    ]


async def _ping(http: httpx.AsyncClient, deadline: float, latencies: list[float]) -> None:
    while time.monotonic() < deadline:
        started = time.monotonic()
        await http.get("/ping")
        latencies.append(time.monotonic() - started)
        await asyncio.sleep(0.025)


async def _probe_reads(
    http: httpx.AsyncClient, paths: list[str], deadline: float, latencies: dict[str, list[float]]
) -> None:
    """One client reading the wrk paths in turn, timing each by kind (wrk's tail does not say which)."""
    turn = 0
    while time.monotonic() < deadline:
        path = paths[turn % len(paths)]
        turn += 1
        started = time.monotonic()
        await http.get(path)
        latencies.setdefault(_kind(path), []).append(time.monotonic() - started)
        await asyncio.sleep(0.01)


def _kind(path: str) -> str:
    """``tree``, ``scores``, ``claim``, ``diagram`` or ``search``: what a soak read path reads."""
    if path.startswith("/claims?"):
        return "search"
    if path.startswith("/claims/"):
        return "claim"
    return path.split("?", 1)[0].rsplit("/", 1)[-1]


class CopyWriters(Writers):
    """Writers on the copy that also time the first read of each version they wrote (its evaluation)."""

    def __init__(self, http: httpx.AsyncClient, map_id: str, nodes: list[str]) -> None:
        super().__init__(http, map_id, nodes)
        self.after_write: list[float] = []

    async def written(self) -> None:
        started = time.monotonic()
        await self.http.get(f"/maps/{self.map_id}/tree")
        self.after_write.append(time.monotonic() - started)


@dataclass(slots=True)
class Mixed:
    """What one run of the mix gave: wrk's report, the heavy clients, the writers and the pings."""

    wrk_output: str
    heavy: list[HeavyClient]
    writers: CopyWriters
    pings: list[float]
    probed: dict[str, list[float]]


async def _mixed(
    wrk: str,
    base: str,
    script: tuple[Path, list[str]],
    map_id: str,
    copy_id: str,
    nodes: list[str],
    seconds: int,
) -> Mixed:
    limits = httpx.Limits(max_connections=16)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        deadline = time.monotonic() + seconds
        writers = CopyWriters(http, copy_id, nodes[:4])
        heavy = heavy_clients(map_id, nodes)
        pings: list[float] = []
        probed: dict[str, list[float]] = {}
        reads = asyncio.create_task(run_wrk(wrk, base, script[0], seconds))
        await asyncio.gather(
            *(client.run(http, deadline) for client in heavy),
            writers.run(deadline),
            _ping(http, deadline, pings),
            _probe_reads(http, script[1], deadline, probed),
        )
        return Mixed(await reads, heavy, writers, pings, probed)


def _merged(clients: list[HeavyClient]) -> tuple[Heavy, ...]:
    """The heavy clients' counts, one line per kind of request."""
    kinds: dict[str, Heavy] = {}
    for client in clients:
        seen = kinds.get(client.name, Heavy(client.name))
        kinds[client.name] = Heavy(
            client.name, seen.done + client.done, seen.busy + client.busy, seen.errors + client.errors
        )
    return tuple(kinds.values())


def run(target: Target, wrk: str) -> tuple[WritePhase, SoakPhase]:
    """Both phases against a fresh server over ``target``."""
    document = load_document_file(ESSAY)
    copy = msgspec.structs.replace(document, id=f"{document.id}-copy")
    nodes = [node.id for node in document.nodes if node.id != document.root]
    claim = nodes[0]
    paths = [
        f"/maps/{document.id}/tree",
        f"/maps/{document.id}/scores",
        f"/claims/{document.id}/{claim}",
        f"/maps/{document.id}/diagram?top=10",
        *(f"/claims?q={urllib.parse.quote(query)}" for query in QUERIES),
    ]
    script = wrk_script(paths)
    served = replace(target, server_env={**target.server_env, "ARGMAP_API_TOKEN": TOKEN})
    port = server_port()
    base = f"http://127.0.0.1:{port}"
    target.wipe()
    asyncio.run(load_documents(target, [document, copy]))
    process = start_server(served, port)
    try:
        writes = asyncio.run(_write_phase(base, document.id, nodes, _seconds("BENCH_WRITE_SECONDS", 15)))
        warmup = _seconds("BENCH_SOAK_WARMUP_SECONDS", 20)
        asyncio.run(_mixed(wrk, base, (script, paths), document.id, copy.id, nodes, warmup))
        rss_warm = rss_mb(process.pid)
        seconds = _seconds("BENCH_SOAK_SECONDS", 60)
        mixed = asyncio.run(_mixed(wrk, base, (script, paths), document.id, copy.id, nodes, seconds))
        lost = asyncio.run(_lost(base, mixed.writers, copy.id))
        rss_end = rss_mb(process.pid)
    finally:
        stop_server(process)
        script.unlink(missing_ok=True)
    reads = parse_wrk(mixed.wrk_output)
    timeouts = re.search(r"timeout (\d+)", mixed.wrk_output)
    ping_p50, ping_p99, ping_max = _percentiles(mixed.pings)
    after_p50, after_p99, _ = _percentiles(mixed.writers.after_write)
    soak = SoakPhase(
        seconds=seconds,
        reads_per_s=reads.requests_per_s,
        read_p50_ms=reads.p50_ms,
        read_p99_ms=reads.p99_ms,
        read_errors=reads.non_2xx + reads.socket_errors,
        read_timeouts=int(timeouts[1]) if timeouts else 0,
        ping_p50_ms=ping_p50,
        ping_p99_ms=ping_p99,
        ping_max_ms=ping_max,
        heavy=_merged(mixed.heavy),
        writes=len(mixed.writers.latencies),
        write_errors=mixed.writers.errors,
        after_write_p50_ms=after_p50,
        after_write_p99_ms=after_p99,
        probed=tuple((kind, *_percentiles(latencies)) for kind, latencies in sorted(mixed.probed.items())),
        lost=lost,
        rss_warm_mb=rss_warm,
        rss_end_mb=rss_end,
    )
    return writes, soak


async def load_documents(target: Target, documents: list[MapDocument]) -> None:
    """Store ``documents`` in ``target`` through the service, one after the other, as the CLI loads them."""
    service = MapService.connect(*target.connection)
    try:
        for document in documents:
            await service.load(document, actor=CLI)
    finally:
        await service.close()


async def _lost(base: str, writers: Writers, map_id: str) -> int:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        writers.http = http
        return await writers.lost()


def render(writes: WritePhase, soak: SoakPhase) -> str:
    """The figures, each next to its target."""
    growth = (soak.rss_end_mb - soak.rss_warm_mb) / soak.rss_warm_mb
    heavy_errors = sum(kind.errors for kind in soak.heavy)
    errors = soak.read_errors + heavy_errors + soak.write_errors + writes.errors
    reads_pass = soak.read_p99_ms < READ_P99_TARGET_MS and soak.read_timeouts == 0 and soak.read_errors == 0
    lines = [
        f"16 writers, {writes.seconds:.0f} s: {writes.acknowledged / writes.seconds:.1f} acknowledged "
        f"writes/s (p50 {writes.p50_ms:.0f} ms, p99 {writes.p99_ms:.0f} ms), "
        f"{writes.stale} refused as stale (412), "
        f"{writes.errors} errors, {writes.lost} lost [target: 0 errors, 0 lost]",
        f"soak {soak.seconds} s at {CONNECTIONS} connections: reads {soak.reads_per_s:.0f} req/s, "
        f"p50 {soak.read_p50_ms:.1f} ms, p99 {soak.read_p99_ms:.1f} ms, {soak.read_timeouts} timeouts, "
        f"{soak.read_errors} errors [target: p99 < {READ_P99_TARGET_MS} ms, 0 timeouts, 0 errors]: "
        + ("PASS" if reads_pass else "MISS"),
        f"/ping throughout: p50 {soak.ping_p50_ms:.1f} ms, p99 {soak.ping_p99_ms:.1f} ms, "
        f"max {soak.ping_max_ms:.0f} ms [target: p99 < {PING_TARGET_MS} ms]: "
        + ("PASS" if soak.ping_p99_ms < PING_TARGET_MS else "MISS"),
        "the same reads one at a time beside it (p50/p99/max ms): "
        + "; ".join(f"{kind} {p50:.1f}/{p99:.1f}/{top:.0f}" for kind, p50, p99, top in soak.probed),
        "heavy work beside the reads: "
        + "; ".join(
            f"{kind.name} {kind.done} done, {kind.busy} busy (503), {kind.errors} other"
            for kind in soak.heavy
        ),
        f"writes to the copy: {soak.writes} acknowledged, {soak.write_errors} errors; the first tree read of "
        f"each new version (its evaluation) p50 {soak.after_write_p50_ms:.0f} ms, "
        f"p99 {soak.after_write_p99_ms:.0f} ms [no target: the cost of a write, not a stall]",
        f"errors {errors} (reads {soak.read_errors}, heavy {heavy_errors}, writes "
        f"{soak.write_errors + writes.errors}); lost writes {soak.lost} [target: 0 and 0]: "
        + ("PASS" if errors == 0 and soak.lost == 0 and writes.lost == 0 else "MISS"),
        f"resident memory (server and its compute workers) after warm-up {soak.rss_warm_mb:.0f} MB, "
        f"at the end {soak.rss_end_mb:.0f} MB ({growth:+.1%}) [target: within {MEMORY_TARGET:.0%}]: "
        + ("PASS" if abs(growth) <= MEMORY_TARGET else "MISS"),
    ]
    return "\n".join(lines)


def describe() -> str:
    """What the soak measures, for the section header."""
    return (
        f"soak: {WRITERS} If-Match writers, then wrk {CONNECTIONS} connections over tree, scores, claim, "
        f"cached diagram and {len(QUERIES)} searches, with what-ifs, robustness, what-if diagrams, writes "
        "to a copy and a /ping probe beside them"
    )
