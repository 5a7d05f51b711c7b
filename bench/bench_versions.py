"""Kept versions: what each costs in the database, and whether a thousand of them slow writes or reads.

Over the real Neo4j, through ``MapService`` in this process (no HTTP, so the figures are the store's and the
service's): the essay is loaded, then ``BENCH_VERSIONS`` (1,000) one-node edits are written, each a version.

- **Write latency**: the median and p95 of ``WRITES`` (50) edits right after loading (1 version kept, the
  process warmed up on a copy of the essay) and again after the thousand (target: within 20 % of the first).
- **Bytes per version**: the kept snapshots' mean size in the database (the compressed document).
- **Reads of an old version**: version 2's tree, cold (a new service: read from the store, scored) and cached.
- **Reads of the current version**: the tree through a new service, with 1 and with 1,000 versions kept
  (target: no slower).

Run ``python -m bench versions``.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from dataclasses import dataclass

import msgspec

from bench.bench_http import ESSAY
from bench.neo4j import Target
from graph.document import load_document_file
from graph.service import CLI, MapService, load_files
from graph.store import Neo4jStore
from schemas import DEFAULT_CONTRIBUTION, DEFAULT_SEMANTICS, ClaimPatch

WRITES = 50
WRITE_TARGET = 0.20


@dataclass(frozen=True, slots=True)
class VersionCosts:
    """What the versions benchmark measured."""

    versions: int
    write_p50_first_ms: float
    write_p95_first_ms: float
    write_p50_after_ms: float
    write_p95_after_ms: float
    bytes_per_version: float
    old_cold_ms: float
    old_cached_ms: float
    current_cold_first_ms: float
    current_cold_after_ms: float


async def _writes(service: MapService, map_id: str, nodes: list[str], count: int) -> list[float]:
    """``count`` edits of one base score each, timed; each makes a version."""
    times = []
    for number in range(count):
        node = nodes[number % len(nodes)]
        graph = await service.graph(map_id)
        score = round(0.05 + (graph.nodes[node].base_score + 0.37) % 0.9, 3)
        started = time.perf_counter()
        await service.patch_node(
            map_id, node, ClaimPatch(base_score=score), actor=CLI, expected_version=frozenset({graph.version})
        )
        times.append((time.perf_counter() - started) * 1000)
    return times


async def _tree_ms(
    target: Target, map_id: str, version: int | None, *, twice: bool = False
) -> tuple[float, float]:
    service = MapService.connect(*target.connection)
    try:
        timings = []
        for _ in range(2 if twice else 1):
            started = time.perf_counter()
            await service.tree(
                map_id,
                root=None,
                depth=25,
                semantics=DEFAULT_SEMANTICS,
                contribution=DEFAULT_CONTRIBUTION,
                version=version,
            )
            timings.append((time.perf_counter() - started) * 1000)
        return timings[0], timings[-1]
    finally:
        await service.close()


async def _run(target: Target, versions: int) -> VersionCosts:
    document = load_document_file(ESSAY)
    nodes = [node.id for node in document.nodes if node.id != document.root][:20]
    await load_files(target.connection, [ESSAY], progress=False)
    current_first, _ = await _tree_ms(target, document.id, None)
    service = MapService.connect(*target.connection)
    try:
        # The first writes of a process pay for query planning and warm caches: they warm up on a copy of
        # the essay, so the map measured keeps its one version until its own timed writes.
        warm_up = msgspec.structs.replace(document, id="versions-warm-up")
        await service.load(warm_up)
        await _writes(service, warm_up.id, nodes, WRITES)
        first = await _writes(service, document.id, nodes, WRITES)
        await _writes(service, document.id, nodes, max(versions - 2 * WRITES, 0))
        after = await _writes(service, document.id, nodes, WRITES)
        kept = await service.versions(document.id, limit=1)
    finally:
        await service.close()
    store = Neo4jStore.connect(*target.connection)
    try:
        sizes = await store.version_bytes(document.id)
    finally:
        await store.close()
    old_cold, old_cached = await _tree_ms(target, document.id, 2, twice=True)
    current_after, _ = await _tree_ms(target, document.id, None)
    return VersionCosts(
        versions=kept.current,
        write_p50_first_ms=statistics.median(first),
        write_p95_first_ms=statistics.quantiles(first, n=20)[18],
        write_p50_after_ms=statistics.median(after),
        write_p95_after_ms=statistics.quantiles(after, n=20)[18],
        bytes_per_version=sizes,
        old_cold_ms=old_cold,
        old_cached_ms=old_cached,
        current_cold_first_ms=current_first,
        current_cold_after_ms=current_after,
    )


def run(target: Target) -> VersionCosts:
    """The benchmark on a wiped database."""
    target.wipe()
    return asyncio.run(_run(target, int(os.environ.get("BENCH_VERSIONS") or 1000)))


def render(costs: VersionCosts) -> str:
    """The figures, each next to its target."""
    growth = costs.write_p50_after_ms / costs.write_p50_first_ms - 1
    return "\n".join(
        [
            f"writes with 1 version kept: p50 {costs.write_p50_first_ms:.1f} ms, p95 "
            f"{costs.write_p95_first_ms:.1f} ms; with {costs.versions} kept: p50 "
            f"{costs.write_p50_after_ms:.1f} ms, p95 {costs.write_p95_after_ms:.1f} ms ({growth:+.0%}) "
            f"[target: within {WRITE_TARGET:.0%}]: " + ("PASS" if growth <= WRITE_TARGET else "MISS"),
            f"bytes per kept version (compressed document, the essay): {costs.bytes_per_version:,.0f}; "
            f"{costs.versions} versions: {costs.bytes_per_version * costs.versions / 1024 / 1024:.1f} MiB",
            f"tree of version 2 with {costs.versions} kept: cold {costs.old_cold_ms:.1f} ms (read from the "
            f"store and scored), cached {costs.old_cached_ms:.2f} ms",
            f"tree of the current version, cold: {costs.current_cold_first_ms:.1f} ms with 1 version kept, "
            f"{costs.current_cold_after_ms:.1f} ms with {costs.versions}",
        ]
    )


def describe() -> str:
    """What the benchmark measures, for the section header."""
    return (
        f"versions: {WRITES} one-node edits timed after loading the essay and again after "
        f"{os.environ.get('BENCH_VERSIONS') or 1000} versions; bytes per version; cold and cached reads"
    )
