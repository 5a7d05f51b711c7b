"""HTTP load benchmark of the read endpoints with wrk, on loopback, against the real server and Neo4j.

Run from the repository root with ``python -m bench.bench_http`` (or ``python -m bench http``). Loads the
essay map into the benchmark database, starts ``argmap serve`` as a subprocess and measures each endpoint
right after a trivial static endpoint, so every ratio compares two runs made under the same conditions.
The floor is a 404 probe (routing and the error path, no handler work). Targets at 16 connections: tree and
claim detail at least 0.5x the floor with p99 under 25 ms; a mix of at least 300 distinct searches at least
0.25x with p99 under 50 ms; ``POST /qbaf/evaluate`` on a 10,000-argument, 30,000-edge acyclic graph within 3x
the engine's in-process time. ``BENCH_HTTP_SECONDS`` (default 10) sets the duration of each run.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from bench.http_mix import qbaf_figures, search_paths, write_lua
from bench.neo4j import ROOT, Target, neo4j_target
from bench.processes import cpu_seconds
from graph.document import load_document_file
from graph.service import load_files

ESSAY = ROOT / "maps" / "import-ai-455.yaml"
SERVER_LOG = ROOT / "var" / "bench-http-server.log"
THREADS = 2
CONNECTIONS = 16
WARMUP_SECONDS = 5
QUERY = "time horizon"
TARGET_RATIO = 0.5
TARGET_P99_MS = 25.0
SEARCH_TARGET = (0.25, 50.0)
QBAF_TARGET = 3.0
FLOOR_PATH = "/no-such-route"
SEARCH_SCRIPT = ROOT / "var" / "bench-search-mix.lua"
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_DURATION = re.compile(r"^([\d.]+)(us|ms|s|m)$")


@dataclass(frozen=True, slots=True)
class WrkResult:
    """What one wrk run measured, with the CPU (user + system) the server and the local Neo4j spent per
    request during it when known."""

    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int
    server_cpu_ms: float | None = None
    neo4j_cpu_ms: float | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """One endpoint's run, with the static run made just before it."""

    name: str
    path: str
    result: WrkResult
    static: WrkResult | None
    target: tuple[float, float] | None

    @property
    def ratio(self) -> float | None:
        """Throughput relative to the static run next to it."""
        if self.static is None or not self.static.requests_per_s:
            return None
        return self.result.requests_per_s / self.static.requests_per_s

    @property
    def verdict(self) -> str:
        """PASS/MISS against the target, or why the run cannot count."""
        if self.static is not None and (self.result.non_2xx or self.result.socket_errors):
            return "INVALID (errors)"  # the floor answers 404 by design; a measured endpoint must not
        if self.target is None or self.ratio is None:
            return ""
        passed = self.ratio >= self.target[0] and self.result.p99_ms < self.target[1]
        return "PASS" if passed else "MISS"


def seconds_per_run() -> int:
    """The duration of each measured run, from ``BENCH_HTTP_SECONDS`` (default 10)."""
    return int(os.environ.get("BENCH_HTTP_SECONDS") or "10")


def server_port() -> int:
    """The port the benchmarked server listens on, from ``BENCH_HTTP_PORT`` (default 8765)."""
    return int(os.environ.get("BENCH_HTTP_PORT") or "8765")


def ensure_wrk() -> str | None:
    """The path of wrk, installing Debian's package when running as root; None when it is unavailable."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or shutil.which("apt-get") is None:
        return found
    print("installing wrk (Debian package wrk)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        if subprocess.run(command, env=env, capture_output=True, check=False).returncode != 0:
            return None
    return shutil.which("wrk")


def _milliseconds(text: str) -> float:
    match = _DURATION.match(text)
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * _UNITS_MS[match[2]]


def parse_wrk(output: str) -> WrkResult:
    """Read requests/s, p50/p99 (``--latency``), request count and errors from wrk's report.

    Raises:
        ValueError: The report lacks a figure (wrk failed or printed an unknown format).
    """
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    if rate is None or p50 is None or p99 is None or total is None:
        raise ValueError("wrk printed no complete report:\n" + output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return WrkResult(
        requests_per_s=float(rate[1]),
        p50_ms=_milliseconds(p50[1]),
        p99_ms=_milliseconds(p99[1]),
        requests=int(total[1]),
        non_2xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=sum(int(count) for count in sockets.groups()) if sockets else 0,
    )


def run_wrk(
    wrk: str,
    url: str,
    seconds: int,
    pids: tuple[int | None, int | None] = (None, None),
    script: Path | None = None,
) -> WrkResult:
    """One wrk run at the benchmark's threads and connections, with the CPU per request of ``pids``.

    Raises:
        RuntimeError: wrk failed.
    """
    # CPU per request tells which process saturates first; throughput alone cannot on a shared machine.
    before = [cpu_seconds(pid) for pid in pids]
    command = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {completed.stderr.strip()}")
    result = parse_wrk(completed.stdout)
    server_ms, neo4j_ms = (
        None if start is None or end is None else (end - start) * 1000 / max(result.requests, 1)
        for start, end in zip(before, [cpu_seconds(pid) for pid in pids], strict=True)
    )
    return replace(result, server_cpu_ms=server_ms, neo4j_cpu_ms=neo4j_ms)


def static_path() -> str:
    """``/ping`` when the app has it (no database), else Litestar's OpenAPI JSON, served from memory."""
    from api.app import create_app
    from api.settings import load_settings

    paths = {route.path for route in create_app(load_settings()).routes}
    return "/ping" if "/ping" in paths else "/schema/openapi.json"


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own loopback server
            return int(response.status), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def start_server(
    target: Target, port: int, extra_env: dict[str, str] | None = None, *, append_log: bool = False
) -> subprocess.Popen[bytes]:
    """Start ``argmap serve`` on ``port`` against ``target`` and return once ``/health`` answers 200.

    Raises:
        RuntimeError: The port is taken, or the server died or did not get ready within 60 s.
    """
    with socket.socket() as probe:
        taken = probe.connect_ex(("127.0.0.1", port)) == 0
    if taken:
        # Measuring whatever else listens there would give plausible, meaningless figures.
        raise RuntimeError(f"port {port} is already in use: set BENCH_HTTP_PORT to a free port")
    script = Path(sys.executable).with_name("argmap")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "api.cli"]
    # The benchmark is one client hammering the expensive endpoints on purpose: no rate limit.
    # One serving process unless a section asks for more: figures are compared with one-process references.
    env = {
        **os.environ,
        **target.server_env,
        "ARGMAP_RATE_LIMIT_PER_MINUTE": "0",
        "ARGMAP_WORKERS": "1",
        **(extra_env or {}),
    }
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    with SERVER_LOG.open("ab" if append_log else "wb") as log:
        process = subprocess.Popen(
            [*command, "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    return answering(process, f"http://127.0.0.1:{port}/health", 200, SERVER_LOG)


def answering(
    process: subprocess.Popen[bytes], url: str, status: int, log: Path, timeout_s: float = 60
) -> subprocess.Popen[bytes]:
    """``process`` once ``url`` answers ``status``.

    Raises:
        RuntimeError: the process exited, or ``url`` did not answer so within ``timeout_s``.
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}; see {log}")
        try:
            if _get(url)[0] == status:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(process)
    raise RuntimeError(f"{url} did not answer {status} within {timeout_s:g} s; see {log}")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop the server we started: SIGTERM (uvicorn shuts down cleanly), SIGKILL after 15 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def endpoints() -> list[tuple[str, str, tuple[float, float] | None]]:
    """(label, path, target) of the measured endpoints of the essay map (``search mix`` runs a script)."""
    document = load_document_file(ESSAY)
    root = document.root or document.nodes[0].id
    # The most debated non-root node: its claim page has the most supporters, attackers and quotes to render.
    incoming = Counter(relation.target for relation in document.relations if relation.target != root)
    claim = incoming.most_common(1)[0][0]
    main_target = (TARGET_RATIO, TARGET_P99_MS)
    return [
        ("tree", f"/maps/{document.id}/tree", main_target),
        ("scores", f"/maps/{document.id}/scores", None),
        ("claims?q= (one query)", "/claims?q=" + urllib.parse.quote(QUERY), None),
        ("claims/{id}", f"/claims/{document.id}/{claim}", main_target),
        ("search mix", "/claims?q=" + urllib.parse.quote(QUERY), SEARCH_TARGET),
    ]


def run(target: Target, wrk: str) -> list[Row]:
    """Load the essay, serve it, warm every endpoint up, then measure static/endpoint pairs.

    Raises:
        RuntimeError: The server failed, or an endpoint does not answer 200 during warm-up.
    """
    seconds, port = seconds_per_run(), server_port()
    target.wipe()
    asyncio.run(load_files(target.connection, [ESSAY], progress=False))
    measured = endpoints()
    paths = search_paths(load_document_file(ESSAY))
    script = write_lua(paths, SEARCH_SCRIPT)
    base = f"http://127.0.0.1:{port}"
    process = start_server(target, port)
    rows = []
    try:
        for path in [path for _, path, _ in measured] + paths:
            status, body = _get(base + path)
            if status != 200 or not body:
                raise RuntimeError(f"GET {path} answered {status} during warm-up: {body[:200]!r}")
        run_wrk(wrk, base + FLOOR_PATH, WARMUP_SECONDS)
        for name, path, _ in measured:
            # Also opens the driver's pooled connections that 16 concurrent requests need.
            run_wrk(wrk, base + path, WARMUP_SECONDS, script=script if name == "search mix" else None)
        for name, path, goal in measured:
            reference = run_wrk(wrk, base + FLOOR_PATH, seconds, (process.pid, target.pid))
            rows.append(Row(f"floor (404 {FLOOR_PATH})", FLOOR_PATH, reference, None, None))
            chosen = script if name == "search mix" else None
            result = run_wrk(wrk, base + path, seconds, (process.pid, target.pid), script=chosen)
            rows.append(Row(name, path, result, reference, goal))
        local_s, remote_s = qbaf_figures(base)
    finally:
        stop_server(process)
    rows += search_mix_uncached(target, wrk, base, port, script, seconds)
    print(qbaf_line(local_s, remote_s))
    print(f"search mix: {len(paths)} distinct queries ({SEARCH_SCRIPT.relative_to(ROOT)})")
    return rows


def search_mix_uncached(
    target: Target, wrk: str, base: str, port: int, script: Path, seconds: int
) -> list[Row]:
    """The search mix again on a server that keeps no search answers: every search is a full-text query.

    A server keeps each search's answer until some map changes, so after the warm-up the mix above is served
    from memory, as repeated searches are in use. This run is the price of a search nobody asked before.
    """
    process = start_server(target, port, {"ARGMAP_SEARCH_ANSWERS": "0"}, append_log=True)
    try:
        run_wrk(wrk, base + FLOOR_PATH, WARMUP_SECONDS)
        run_wrk(wrk, base + "/", WARMUP_SECONDS, script=script)
        reference = run_wrk(wrk, base + FLOOR_PATH, seconds, (process.pid, target.pid))
        result = run_wrk(wrk, base + "/", seconds, (process.pid, target.pid), script=script)
    finally:
        stop_server(process)
    return [
        Row(f"floor (404 {FLOOR_PATH})", FLOOR_PATH, reference, None, None),
        Row("search mix, none kept", "/claims?q=…", result, reference, SEARCH_TARGET),
    ]


def qbaf_line(local_s: float, remote_s: float) -> str:
    """The QBAF figure against its target: HTTP end to end over the engine in process, same graph."""
    ratio = remote_s / local_s if local_s else float("inf")
    verdict = "PASS" if ratio <= QBAF_TARGET else "MISS"
    return (
        f"POST /qbaf/evaluate 10,000 arguments / 30,000 edges: engine {local_s * 1000:.0f} ms in process, "
        f"{remote_s * 1000:.0f} ms over HTTP = {ratio:.2f}x (target <= {QBAF_TARGET:.0f}x) {verdict}"
    )


def render(rows: list[Row]) -> str:
    """The result table; ratios compare each endpoint with the static run just before it."""
    header = (
        f"{'endpoint':<22} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'ratio':>6} {'requests':>8} "
        f"{'non-2xx':>7} {'sockerr':>7} {'cpu ms/req: srv':>15} {'neo4j':>6}  {'target':<21} result"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        result = row.result
        ratio = "-" if row.ratio is None else f"{row.ratio:.2f}x"
        lines.append(
            f"{row.name:<22} {result.requests_per_s:>7,.0f} {result.p50_ms:>7.2f} {result.p99_ms:>7.2f} "
            f"{ratio:>6} {result.requests:>8,} {result.non_2xx:>7} {result.socket_errors:>7} "
            f"{_ms(result.server_cpu_ms):>15} {_ms(result.neo4j_cpu_ms):>6}  "
            f"{_target(row.target):<21} {row.verdict}"
        )
    return "\n".join(lines)


def _target(goal: tuple[float, float] | None) -> str:
    return "-" if goal is None else f">={goal[0]:.2f}x & p99<{goal[1]:.0f}ms"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def server_log_summary() -> str:
    """How many error lines and tracebacks the server logged, and the level it ran at."""
    try:
        text = SERVER_LOG.read_text(errors="replace")
    except OSError:
        return f"no server log at {SERVER_LOG}"
    errors = sum(1 for line in text.splitlines() if line.startswith(("ERROR", "CRITICAL")))
    level = os.environ.get("ARGMAP_LOG_LEVEL") or "info (default: uvicorn access log on)"
    relative = SERVER_LOG.relative_to(ROOT)
    return f"server log {relative}: {errors} error lines, {text.count('Traceback')} tracebacks; level {level}"


def describe() -> str:
    """The run parameters, so the figures can be reproduced."""
    return (
        f"wrk -t{THREADS} -c{CONNECTIONS} -d{seconds_per_run()}s --latency http://127.0.0.1:{server_port()}"
        f"<path> (after {WARMUP_SECONDS} s warm-up each); server: argmap serve --port {server_port()}"
    )


def main() -> int:
    """Run the HTTP benchmark and print its table; skip with a note when wrk is unavailable."""
    wrk = ensure_wrk()
    if wrk is None:
        print("wrk is not installed (Debian: apt-get install wrk): HTTP benchmark skipped")
        return 0
    with neo4j_target() as target:
        print(target.describe())
        print(describe())
        rows = run(target, wrk)
        print(render(rows))
        print(server_log_summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
