"""Soak and write load: a busy newsroom's mix against ``argmap serve`` and the real Neo4j, on loopback.

Two phases, each after loading the essay fresh:

1. **Writers**: 16 clients doing read-ETag -> change one base score -> ``PATCH`` with ``If-Match`` for
   ``BENCH_WRITE_SECONDS`` (15 s): acknowledged writes per second, their p50/p99 latency, the share refused as
   stale (412), and a check that every acknowledged write is visible afterwards.
2. **Soak**: ``BENCH_SOAK_SECONDS`` (60 s) of reads by wrk at 32 connections over tree, search (varied
   queries), claim detail, scores and a cached diagram, while what-ifs and writes run beside them, after a
   warm-up of the same mix (``BENCH_SOAK_WARMUP_SECONDS``, 20 s) that fills the caches. Reports zero errors or
   not, read throughput and p99, what-if and write counts, lost writes, and the server's resident memory at
   the end against its value after warm-up (target: within 10 %).

Run ``python -m bench soak``; ``python -m bench hostile`` soaks the server beside hostile clients.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from bench.bench_http import ESSAY, parse_wrk, server_port, start_server, stop_server
from bench.neo4j import Target
from graph.document import load_document_file
from graph.service import load_files

TOKEN = "bench-soak-token"  # noqa: S105 - the token of a throwaway benchmark server
AUTH = {"Authorization": f"Bearer {TOKEN}"}
WRITERS = 16
CONNECTIONS = 32
MEMORY_TARGET = 0.10
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
class SoakPhase:
    """What the mixed soak measured."""

    seconds: float
    reads_per_s: float
    read_p50_ms: float
    read_p99_ms: float
    read_errors: int
    what_ifs: int
    what_if_errors: int
    writes: int
    write_errors: int
    lost: int
    rss_warm_mb: float
    rss_end_mb: float


def _seconds(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def rss_mb(pid: int) -> float:
    """The resident memory of process ``pid``, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


class Writers:
    """Clients that each own one node and write its base score under If-Match, remembering what was acked."""

    def __init__(self, http: httpx.AsyncClient, map_id: str, nodes: list[str]) -> None:
        self.http, self.map_id, self.nodes = http, map_id, nodes
        self.acknowledged: dict[str, float] = {}
        self.latencies: list[float] = []
        self.stale = self.errors = 0

    async def run(self, deadline: float) -> None:
        await asyncio.gather(*(self._one(node, deadline) for node in self.nodes))

    async def _one(self, node: str, deadline: float) -> None:
        url, value = f"/claims/{self.map_id}/{node}", 0
        while time.monotonic() < deadline:
            read = await self.http.get(url)
            value += 1
            score = round((value % 90 + 5) / 100, 2)
            started = time.monotonic()
            response = await self.http.patch(
                url, json={"base_score": score}, headers={**AUTH, "If-Match": read.headers.get("etag", "")}
            )
            if response.status_code == 200:
                self.latencies.append(time.monotonic() - started)
                self.acknowledged[node] = score
            elif response.status_code == 412:
                self.stale += 1
            else:
                self.errors += 1

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


async def _what_ifs(
    http: httpx.AsyncClient, map_id: str, nodes: list[str], deadline: float
) -> tuple[int, int]:
    done = errors = 0
    while time.monotonic() < deadline:
        node = nodes[done % len(nodes)]
        response = await http.post(f"/maps/{map_id}/what-if", json={"base_scores": {node: 0.2}})
        done += 1
        errors += response.status_code != 200
    return done, errors


async def _mixed(
    wrk: str, base: str, script: Path, map_id: str, nodes: list[str], seconds: int
) -> tuple[str, tuple[int, int], Writers]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        deadline = time.monotonic() + seconds
        writers = Writers(http, map_id, nodes[:4])
        reads, what_ifs, _ = await asyncio.gather(
            run_wrk(wrk, base, script, seconds),
            asyncio.gather(*(_what_ifs(http, map_id, nodes, deadline) for _ in range(2))),
            writers.run(deadline),
        )
        total = (sum(done for done, _ in what_ifs), sum(errors for _, errors in what_ifs))
        return reads, total, writers


def run(target: Target, wrk: str) -> tuple[WritePhase, SoakPhase]:
    """Both phases against a fresh server over ``target``."""
    document = load_document_file(ESSAY)
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
    asyncio.run(load_files(target.connection, [ESSAY], progress=False))
    process = start_server(served, port)
    try:
        writes = asyncio.run(_write_phase(base, document.id, nodes, _seconds("BENCH_WRITE_SECONDS", 15)))
        warmup = _seconds("BENCH_SOAK_WARMUP_SECONDS", 20)
        asyncio.run(_mixed(wrk, base, script, document.id, nodes, warmup))
        rss_warm = rss_mb(process.pid)
        seconds = _seconds("BENCH_SOAK_SECONDS", 60)
        output, (what_ifs, what_if_errors), writers = asyncio.run(
            _mixed(wrk, base, script, document.id, nodes, seconds)
        )
        lost = asyncio.run(_lost(base, writers, document.id))
        rss_end = rss_mb(process.pid)
    finally:
        stop_server(process)
        script.unlink(missing_ok=True)
    reads = parse_wrk(output)
    soak = SoakPhase(
        seconds=seconds,
        reads_per_s=reads.requests_per_s,
        read_p50_ms=reads.p50_ms,
        read_p99_ms=reads.p99_ms,
        read_errors=reads.non_2xx + reads.socket_errors,
        what_ifs=what_ifs,
        what_if_errors=what_if_errors,
        writes=len(writers.latencies),
        write_errors=writers.errors,
        lost=lost,
        rss_warm_mb=rss_warm,
        rss_end_mb=rss_end,
    )
    return writes, soak


async def _lost(base: str, writers: Writers, map_id: str) -> int:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        writers.http = http
        return await writers.lost()


def render(writes: WritePhase, soak: SoakPhase) -> str:
    """The figures, each next to its target."""
    growth = (soak.rss_end_mb - soak.rss_warm_mb) / soak.rss_warm_mb
    errors = soak.read_errors + soak.what_if_errors + soak.write_errors + writes.errors
    lines = [
        f"16 writers, {writes.seconds:.0f} s: {writes.acknowledged / writes.seconds:.1f} acknowledged "
        f"writes/s (p50 {writes.p50_ms:.0f} ms, p99 {writes.p99_ms:.0f} ms), "
        f"{writes.stale} refused as stale (412), "
        f"{writes.errors} errors, {writes.lost} lost [target: 0 errors, 0 lost]",
        f"soak {soak.seconds} s at {CONNECTIONS} connections: reads {soak.reads_per_s:.0f} req/s, "
        f"p50 {soak.read_p50_ms:.1f} ms, p99 {soak.read_p99_ms:.1f} ms; {soak.what_ifs} what-ifs, "
        f"{soak.writes} writes alongside",
        f"errors {errors} (reads {soak.read_errors}, what-ifs {soak.what_if_errors}, writes "
        f"{soak.write_errors + writes.errors}); lost writes {soak.lost} [target: 0 and 0]: "
        + ("PASS" if errors == 0 and soak.lost == 0 and writes.lost == 0 else "MISS"),
        f"resident memory after warm-up {soak.rss_warm_mb:.0f} MB, at the end {soak.rss_end_mb:.0f} MB "
        f"({growth:+.1%}) [target: within {MEMORY_TARGET:.0%}]: "
        + ("PASS" if abs(growth) <= MEMORY_TARGET else "MISS"),
    ]
    return "\n".join(lines)


def describe() -> str:
    """What the soak measures, for the section header."""
    return (
        f"soak: {WRITERS} If-Match writers, then wrk {CONNECTIONS} connections over tree, scores, claim, "
        f"cached diagram and {len(QUERIES)} searches with what-ifs and writes beside them"
    )
