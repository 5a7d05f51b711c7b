"""Map writes at the API: one editor's PATCH, 16 editors of one map, and 16 editors of 16 maps.

Against ``argmap serve`` and the real Neo4j, on loopback, after loading the essay and 16 copies of it under
other ids (the copies cite the same sources, as maps of one story do):

1. **One editor**: ``BENCH_SINGLE_WRITES`` (100) one-node ``PATCH`` es in a row with ``If-Match``, each after
   the ``GET`` that gives its ETag: the PATCH's p50 and p99 (target: p50 < 30 ms), twice: answered with the
   claim at its new version (200, scored before the answer), then with ``Prefer: return=minimal`` (204 and
   the new ETag as soon as the write commits; the new version is scored after it).
2. **One map, 16 writers**: change one base score -> ``PATCH`` with ``If-Match`` and
   ``Prefer: return=minimal`` for ``BENCH_WRITE_SECONDS`` (15 s), each writer keeping the ETag of its last
   write and reading the claim again only after a 412: acknowledged writes/s, p50/p99 (target: at least
   20/s, p99 < 500 ms).
3. **16 maps, one writer each**, as long: writes/s and p50/p99 (target: at least 100/s).

CPU per write counts the server and its compute worker processes, and Neo4j.

After each phase every acknowledged write must be visible (0 lost) and each map's kept versions must run
from 1 to its current version without a gap, one new version per acknowledged write.

Run ``python -m bench writes``.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Coroutine
from dataclasses import dataclass, replace
from typing import Any

import httpx
import msgspec

from bench.bench_http import ESSAY, server_port, start_server, stop_server
from bench.bench_soak import AUTH, TOKEN, WRITERS, Writers, load_documents
from bench.neo4j import Target
from bench.processes import cpu_seconds
from graph.document import load_document_file
from schemas import MapDocument

COPIES = WRITERS
SINGLE_P50_MS = 30.0
ONE_MAP_RATE, ONE_MAP_P99_MS = 20.0, 500.0
MANY_MAPS_RATE = 100.0


@dataclass(frozen=True, slots=True)
class Phase:
    """What one phase measured."""

    name: str
    seconds: float
    acknowledged: int
    stale: int
    errors: int
    p50_ms: float
    p99_ms: float
    lost: int
    gaps: int
    """Maps whose kept versions skip a number or do not grow by one per acknowledged write."""
    server_cpu_ms: float | None = None
    """CPU time (user + system) the server spent per acknowledged write: less noisy than latency."""
    neo4j_cpu_ms: float | None = None
    """The same for the local Neo4j (None for an external one)."""
    error_statuses: tuple[tuple[int, int], ...] = ()
    """(status, count) of the errors, so a miss says what went wrong."""

    @property
    def rate(self) -> float:
        """Acknowledged writes per second."""
        return self.acknowledged / self.seconds if self.seconds else 0.0


def _count(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _percentiles(latencies: list[float]) -> tuple[float, float]:
    ordered = sorted(latencies) or [0.0]
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000


def copies(document: MapDocument, count: int) -> list[MapDocument]:
    """``count`` copies of ``document`` under the ids ``<id>-copy-<n>``."""
    return [msgspec.structs.replace(document, id=f"{document.id}-copy-{n}") for n in range(count)]


async def _versions(http: httpx.AsyncClient, map_id: str) -> list[int]:
    """Every kept version number of a map, newest first."""
    numbers: list[int] = []
    before: int | None = None
    while True:
        params = {"limit": "100"} | ({} if before is None else {"before": str(before)})
        page = (await http.get(f"/maps/{map_id}/versions", params=params)).json()
        numbers += [entry["version"] for entry in page["versions"]]
        before = page["next_before"]
        if before is None:
            return numbers


async def _current(http: httpx.AsyncClient, map_ids: list[str]) -> dict[str, int]:
    return {map_id: len(await _versions(http, map_id)) for map_id in map_ids}


async def _gaps(http: httpx.AsyncClient, before: dict[str, int], acknowledged: dict[str, int]) -> int:
    gaps = 0
    for map_id, count in before.items():
        numbers = await _versions(http, map_id)
        gapless = numbers == list(range(len(numbers), 0, -1))
        gaps += not gapless or len(numbers) != count + acknowledged.get(map_id, 0)
    return gaps


async def _single(base: str, map_id: str, nodes: list[str], writes: int, *, minimal: bool) -> Phase:
    """One editor's PATCHes, each after the GET of the claim it edits; ``minimal`` asks for 204 answers."""
    prefer = {"Prefer": "return=minimal"} if minimal else {}
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        before = await _current(http, [map_id])
        latencies: list[float] = []
        errors = 0
        acknowledged: dict[str, float] = {}
        started_all = time.monotonic()
        for number in range(writes):
            node = nodes[number % len(nodes)]
            url = f"/claims/{map_id}/{node}"
            read = await http.get(url)
            score = round(0.05 + (read.json()["base_score"] + 0.37) % 0.9, 2)
            started = time.monotonic()
            response = await http.patch(
                url,
                json={"base_score": score},
                headers={**AUTH, "If-Match": read.headers.get("etag", ""), **prefer},
            )
            if response.status_code in {200, 204}:
                latencies.append(time.monotonic() - started)
                acknowledged[node] = score
            else:
                errors += 1
        elapsed = time.monotonic() - started_all
        document = (await http.get(f"/maps/{map_id}/document")).json()
        stored = {node["id"]: node["base_score"] for node in document["nodes"]}
        lost = sum(1 for node, score in acknowledged.items() if stored[node] != score)
        gaps = await _gaps(http, before, {map_id: len(latencies)})
    p50, p99 = _percentiles(latencies)
    name = "one editor, Prefer: return=minimal (204)" if minimal else "one editor, the claim answered (200)"
    return Phase(name, elapsed, len(latencies), 0, errors, p50, p99, lost, gaps)


async def _concurrent(base: str, name: str, plan: list[tuple[str, str]], seconds: int) -> Phase:
    """``plan``: one (map, node) per writer."""
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=httpx.Limits(max_connections=64)) as http:
        map_ids = sorted({map_id for map_id, _ in plan})
        before = await _current(http, map_ids)
        writers = [Writers(http, map_id, [node], minimal=True) for map_id, node in plan]
        started = time.monotonic()
        await asyncio.gather(*(writer.run(started + seconds) for writer in writers))
        elapsed = time.monotonic() - started
        lost = sum([await writer.lost() for writer in writers])
        acknowledged: dict[str, int] = {}
        for writer in writers:
            acknowledged[writer.map_id] = acknowledged.get(writer.map_id, 0) + len(writer.latencies)
        gaps = await _gaps(http, before, acknowledged)
    latencies = [latency for writer in writers for latency in writer.latencies]
    p50, p99 = _percentiles(latencies)
    statuses: dict[int, int] = {}
    for writer in writers:
        for status, count in writer.statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    return Phase(
        name,
        elapsed,
        len(latencies),
        sum(writer.stale for writer in writers),
        sum(writer.errors for writer in writers),
        p50,
        p99,
        lost,
        gaps,
        error_statuses=tuple(sorted(statuses.items())),
    )


def run(target: Target) -> list[Phase]:
    """The three phases against a fresh server over ``target``."""
    document = load_document_file(ESSAY)
    nodes = [node.id for node in document.nodes if node.id != document.root]
    others = copies(document, COPIES)
    target.wipe()
    asyncio.run(load_documents(target, [document, *others]))
    served = replace(target, server_env={**target.server_env, "ARGMAP_API_TOKEN": TOKEN})
    port = server_port()
    base = f"http://127.0.0.1:{port}"
    seconds = _count("BENCH_WRITE_SECONDS", 15)
    process = start_server(served, port)
    pids = (process.pid, target.pid)
    try:
        count = _count("BENCH_SINGLE_WRITES", 100)
        single = _costed(pids, _single(base, others[0].id, nodes, count, minimal=False))
        minimal = _costed(pids, _single(base, others[0].id, nodes, count, minimal=True))
        one_map = _costed(
            pids,
            _concurrent(
                base,
                f"{WRITERS} writers, one map",
                [(document.id, node) for node in nodes[:WRITERS]],
                seconds,
            ),
        )
        many = _costed(
            pids,
            _concurrent(
                base,
                f"{WRITERS} writers, {COPIES} maps",
                [(copy.id, nodes[n % len(nodes)]) for n, copy in enumerate(others)],
                seconds,
            ),
        )
    finally:
        stop_server(process)
    return [single, minimal, one_map, many]


def _costed(pids: tuple[int | None, int | None], phase: Coroutine[Any, Any, Phase]) -> Phase:
    """Run ``phase`` and add the CPU the server and Neo4j spent per acknowledged write during it."""
    before = [cpu_seconds(pid) for pid in pids]
    measured = asyncio.run(phase)
    after = [cpu_seconds(pid) for pid in pids]
    server, neo4j = (
        None if start is None or end is None else (end - start) * 1000 / max(measured.acknowledged, 1)
        for start, end in zip(before, after, strict=True)
    )
    return replace(measured, server_cpu_ms=server, neo4j_cpu_ms=neo4j)


def render(phases: list[Phase]) -> str:
    """One line per phase, against its target."""
    single, minimal, one_map, many = phases
    verdicts = [
        single.p50_ms < SINGLE_P50_MS,
        minimal.p50_ms < SINGLE_P50_MS,
        one_map.rate >= ONE_MAP_RATE and one_map.p99_ms < ONE_MAP_P99_MS,
        many.rate >= MANY_MAPS_RATE,
    ]
    targets = [
        f"p50 < {SINGLE_P50_MS:.0f} ms",
        f"p50 < {SINGLE_P50_MS:.0f} ms",
        f">= {ONE_MAP_RATE:.0f}/s, p99 < {ONE_MAP_P99_MS:.0f} ms",
        f">= {MANY_MAPS_RATE:.0f}/s",
    ]
    lines = []
    for phase, passed, goal in zip(phases, verdicts, targets, strict=True):
        sound = phase.lost == 0 and phase.gaps == 0 and phase.errors == 0
        lines.append(
            f"{phase.name}: {phase.acknowledged} acknowledged in {phase.seconds:.1f} s = "
            f"{phase.rate:.1f} writes/s, "
            f"p50 {phase.p50_ms:.0f} ms, p99 {phase.p99_ms:.0f} ms; CPU per write: server "
            f"{_ms(phase.server_cpu_ms)}, Neo4j {_ms(phase.neo4j_cpu_ms)}; {phase.stale} stale (412), "
            f"{phase.errors} errors{_statuses(phase)}, {phase.lost} lost, "
            f"{phase.gaps} maps with version gaps [target: {goal}, 0 errors, 0 lost, 0 gaps]: "
            + ("PASS" if passed and sound else "MISS")
        )
    return "\n".join(lines)


def _statuses(phase: Phase) -> str:
    """`` (503: 3)`` for a phase with errors; nothing for one without."""
    if not phase.error_statuses:
        return ""
    return " (" + ", ".join(f"{status}: {count}" for status, count in phase.error_statuses) + ")"


def _ms(value: float | None) -> str:
    return "?" if value is None else f"{value:.1f} ms"


def describe() -> str:
    """What the section measures, for its header."""
    return (
        "writes: one editor's PATCH latency (the claim answered, then 204 with Prefer: return=minimal), then "
        f"{WRITERS} If-Match writers on one map, then {WRITERS} writers on {COPIES} maps (return=minimal, "
        "each keeping the ETag of its last write and reading the claim again only after a 412)"
    )
