"""Diagram render times at the API: the essay as SVG, cold and from the per-version render cache.

Run from the repository root with ``python -m bench diagram``. Loads the essay into the benchmark database,
starts ``argmap serve`` and times requests one at a time over loopback, so each figure is one request's
latency as a reader's browser sees it (connection set-up included):

- ``first tree``: the essay's tree, the first request once the server answers: start-up warmed the map
  (read from Neo4j, scored), so only the tree is built. Target: under 300 ms.
- ``first drawing``: the whole essay as SVG, the first drawing after the server started: the map was read
  and scored at start-up, so it is drawn (DOT, then Graphviz). Target: under 1 s.
- ``cold whole``: the whole essay drawn anew (another direction, no key, full labels), the map already
  scored: only the DOT building and Graphviz run. Target: median under 1 s.
- ``cold top-k``: summaries not drawn before (distinct ``top`` values). Target: median under 1 s.
- ``cached``: the same request again, served from the render cache. Target: median under 5 ms.
- each layout (``article`` at 640 and 375 px, ``slide``, ``print``, ``full``): drawn anew for
  ``LAYOUT_VARIANTS`` distinct requests (another ``top``), the map already scored: Graphviz measures each
  attempt until one fits. Target: median under 1 s. Then the same request again from the render cache.
  Target: median under 5 ms.
- cards (``/maps/{id}/card.png`` and ``/claims/{map}/{claim}/card.png``, 1200x630 PNGs): each drawn anew
  for ``CARD_CLAIMS`` claims and the map, then the map's card again from the render cache. Targets as above.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from bench.bench_http import ESSAY, SERVER_LOG, start_server, stop_server
from bench.neo4j import Target
from graph.service import load_files

PORT = int(os.environ.get("BENCH_DIAGRAM_PORT", "8766"))
MAP = "import-ai-455"
COLD_VARIANTS = 10
WHOLE_VARIANTS = ("direction=TB", "legend=false", "labels=full")
CACHED_REQUESTS = 200
TARGET_COLD_MS = 1000.0
TARGET_CACHED_MS = 5.0
TARGET_FIRST_MS = 300.0
"""The first request after start-up, of a map the server warmed (``ARGMAP_WARM_MAPS``)."""
LAYOUTS = {
    "article 640": "layout=article&width=640",
    "article 375": "layout=article&width=375",
    "slide": "layout=slide",
    "print": "layout=print",
    "full": "layout=full",
}
LAYOUT_VARIANTS = 3
CARD_CLAIMS = ("capability-curves-converge", "creativity-gap", "cotra-100-hour-forecast")
LAYOUT_CACHED_REQUESTS = 50


@dataclass(frozen=True, slots=True)
class Timing:
    """Latencies of one kind of request, in milliseconds."""

    name: str
    path: str
    samples: list[float]
    target_ms: float

    @property
    def p50(self) -> float:
        """The median."""
        return statistics.median(self.samples)

    @property
    def worst(self) -> float:
        """The largest sample (p99 when there are a hundred or more)."""
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]

    @property
    def verdict(self) -> str:
        """PASS when the median is within the target."""
        return "PASS" if self.p50 < self.target_ms else "MISS"


def timed_get(url: str, starts: tuple[bytes, ...] = (b"<?xml", b"\x89PNG")) -> tuple[float, int]:
    """Milliseconds for one GET of ``url`` until the last byte, and the body's length.

    Raises:
        RuntimeError: the server did not answer 200 with a body starting with one of ``starts`` (an SVG or a
            PNG unless told).
    """
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our own loopback server
            body = response.read()
            status = int(response.status)
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"GET {url} answered {error.code}: {error.read()[:200]!r}") from error
    elapsed = (time.perf_counter() - start) * 1000
    if status != 200 or not body.startswith(starts):
        raise RuntimeError(f"GET {url} answered {status} without the body expected ({starts!r})")
    return elapsed, len(body)


def run(target: Target) -> tuple[list[Timing], int]:
    """Load the essay, serve it, and time the first, cold and cached SVG renders; also the SVG's size."""
    target.wipe()
    asyncio.run(load_files(target.connection, [ESSAY], progress=False))
    base = f"http://127.0.0.1:{PORT}"
    whole = f"/maps/{MAP}/diagram?format=svg"
    process = start_server(target, PORT)
    try:
        first_tree, _ = timed_get(base + f"/maps/{MAP}/tree", (b"{",))
        first, size = timed_get(base + whole)
        whole_paths = [f"{whole}&{variant}" for variant in WHOLE_VARIANTS]
        cold_whole = [timed_get(base + path)[0] for path in whole_paths]
        cold_paths = [f"/maps/{MAP}/diagram?format=svg&top={top}" for top in range(5, 5 + COLD_VARIANTS)]
        cold = [timed_get(base + path)[0] for path in cold_paths]
        cached = [timed_get(base + whole)[0] for _ in range(CACHED_REQUESTS)]
        layouts = [timing for name, query in LAYOUTS.items() for timing in time_layout(base, name, query)]
        cards = time_cards(base)
    finally:
        stop_server(process)
    return [
        Timing("first tree (warmed at start)", f"/maps/{MAP}/tree", [first_tree], TARGET_FIRST_MS),
        Timing("first drawing (draw only)", whole, [first], TARGET_COLD_MS),
        Timing("cold whole (3 variants)", whole, cold_whole, TARGET_COLD_MS),
        Timing(f"cold top-k ({COLD_VARIANTS} new)", f"/maps/{MAP}/diagram?top=5..14", cold, TARGET_COLD_MS),
        Timing(f"cached ({CACHED_REQUESTS} requests)", whole, cached, TARGET_CACHED_MS),
        *layouts,
        *cards,
    ], size


def time_cards(base: str) -> list[Timing]:
    """The map's card and a few claims' cards drawn anew (the map already scored), then from the cache."""
    paths = [f"/maps/{MAP}/card.png", *(f"/claims/{MAP}/{claim}/card.png" for claim in CARD_CLAIMS)]
    cold = [timed_get(base + path)[0] for path in paths]
    cached = [timed_get(base + paths[0])[0] for _ in range(LAYOUT_CACHED_REQUESTS)]
    return [
        Timing(f"cards: cold ({len(paths)} new)", paths[0], cold, TARGET_COLD_MS),
        Timing("cards: cached", paths[0], cached, TARGET_CACHED_MS),
    ]


def time_layout(base: str, name: str, query: str) -> list[Timing]:
    """One layout drawn anew for a few ``top`` values (the map already scored), then again from the cache."""
    paths = [f"/maps/{MAP}/diagram?format=svg&{query}&top={top}" for top in range(6, 6 + LAYOUT_VARIANTS)]
    cold = [timed_get(base + path)[0] for path in paths]
    cached = [timed_get(base + paths[0])[0] for _ in range(LAYOUT_CACHED_REQUESTS)]
    return [
        Timing(f"{name}: cold ({LAYOUT_VARIANTS} new)", paths[0], cold, TARGET_COLD_MS),
        Timing(f"{name}: cached", paths[0], cached, TARGET_CACHED_MS),
    ]


def render(timings: list[Timing], size: int) -> str:
    """The result table."""
    header = f"{'request':<28} {'n':>4} {'p50 ms':>9} {'p99/max ms':>11} {'target':>10}  result"
    lines = [header, "-" * len(header)]
    for timing in timings:
        lines.append(
            f"{timing.name:<28} {len(timing.samples):>4} {timing.p50:>9.2f} {timing.worst:>11.2f} "
            f"{'<' + format(timing.target_ms, 'g') + ' ms':>10}  {timing.verdict}"
        )
    lines.append(
        f"whole essay SVG: {size / 1024:.0f} KiB; server log: {SERVER_LOG.relative_to(SERVER_LOG.parents[1])}"
    )
    return "\n".join(lines)


def describe() -> str:
    """How the figures were taken."""
    return (
        f"sequential GETs over loopback to argmap serve --port {PORT} (BENCH_DIAGRAM_PORT), "
        "connection set-up included; the essay as SVG"
    )
