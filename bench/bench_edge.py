"""What the HTTP edge costs: argmap's 404 and a cached tree against the smallest Litestar app serving the
same bytes under the same uvicorn, in the same run (``python -m bench edge``).

Both servers run one uvicorn worker with uvloop and httptools, no uvicorn access log (argmap writes its own
access line per request, which it keeps). The runs alternate reference and argmap so both see the same
machine. Targets: argmap's 404 at least 0.8x the reference's, the cached tree at least 0.6x, p99 under 10 ms.
``BENCH_HTTP_SECONDS`` (default 10) sets each run's duration.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from bench.bench_http import (
    CONNECTIONS,
    FLOOR_PATH,
    THREADS,
    WARMUP_SECONDS,
    WrkResult,
    _get,
    answering,
    run_wrk,
    seconds_per_run,
    start_server,
    stop_server,
)
from bench.neo4j import ROOT, Target
from graph.document import load_document_file
from graph.service import load_files

ESSAY = ROOT / "maps" / "import-ai-455.yaml"
BODY_FILE = ROOT / "var" / "bench-edge-tree.json"
REFERENCE_LOG = ROOT / "var" / "bench-edge-reference.log"
TARGETS = {"404": 0.8, "tree": 0.6}
TARGET_P99_MS = 10.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_reference(port: int, body: Path, tag: str) -> subprocess.Popen[bytes]:
    """``uvicorn bench.reference_app:app`` as ``argmap serve`` runs uvicorn; returns once it answers.

    Raises:
        RuntimeError: it died or did not answer within 30 s.
    """
    env = {**os.environ, "BENCH_REFERENCE_BODY": str(body), "BENCH_REFERENCE_ETAG": tag}
    command = [sys.executable, "-m", "uvicorn", "bench.reference_app:app", "--port", str(port)]
    command += ["--no-access-log", "--log-level", "warning"]
    with REFERENCE_LOG.open("wb") as log:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    return answering(process, f"http://127.0.0.1:{port}{FLOOR_PATH}", 404, REFERENCE_LOG, timeout_s=30)


def _cpu_us(result: WrkResult) -> str:
    """The server's CPU time per request in microseconds: what the edge costs, however loaded the machine."""
    return "?" if result.server_cpu_ms is None else f"{result.server_cpu_ms * 1000:.0f} us/req"


def _line(name: str, ours: WrkResult, reference: WrkResult) -> str:
    ratio = ours.requests_per_s / reference.requests_per_s
    goal = TARGETS[name]
    met = ratio >= goal and ours.p99_ms < TARGET_P99_MS
    return (
        f"{name:<5} argmap {ours.requests_per_s:>8.0f} req/s p50 {ours.p50_ms:5.2f} ms"
        f" p99 {ours.p99_ms:6.2f} ms"
        f" cpu {_cpu_us(ours)}"
        f" | reference {reference.requests_per_s:>8.0f} req/s p99 {reference.p99_ms:6.2f} ms"
        f" cpu {_cpu_us(reference)}"
        f" | {ratio:.2f}x (goal {goal}x, p99 < {TARGET_P99_MS:g} ms) {'ok' if met else 'MISS'}"
    )


def run(target: Target, wrk: str) -> list[str]:
    """Serve the essay with argmap and its tree with the reference app; measure both, alternating.

    Raises:
        RuntimeError: a server failed, or the tree did not answer 200.
    """
    import asyncio

    seconds = seconds_per_run()
    target.wipe()
    asyncio.run(load_files(target.connection, [ESSAY], progress=False))
    tree_path = f"/maps/{load_document_file(ESSAY).id}/tree"
    ours_port, reference_port = _free_port(), _free_port()
    ours = start_server(target, ours_port)
    reference = None
    try:
        status, body = _get(f"http://127.0.0.1:{ours_port}{tree_path}")
        if status != 200:
            raise RuntimeError(f"GET {tree_path} answered {status}: {body[:200]!r}")
        BODY_FILE.write_bytes(body)
        reference = start_reference(reference_port, BODY_FILE, '"bench"')
        bases = {"argmap": f"http://127.0.0.1:{ours_port}", "reference": f"http://127.0.0.1:{reference_port}"}
        for base in bases.values():
            for path in (FLOOR_PATH, tree_path):
                run_wrk(wrk, base + path, WARMUP_SECONDS)
        lines = [f"wrk -t{THREADS} -c{CONNECTIONS} -d{seconds}s --latency, one uvicorn worker each"]
        single = None
        for name, path in (("404", FLOOR_PATH), ("tree", tree_path)):
            theirs = run_wrk(wrk, bases["reference"] + path, seconds, (reference.pid, None))
            mine = run_wrk(wrk, bases["argmap"] + path, seconds, (ours.pid, target.pid))
            lines.append(_line(name, mine, theirs))
            single = mine
    finally:
        stop_server(ours)
        if reference is not None:
            stop_server(reference)
    lines.append(_workers_line(wrk, target, tree_path, seconds, single))
    return lines


def _workers_line(wrk: str, target: Target, tree_path: str, seconds: int, single: WrkResult | None) -> str:
    """The cached tree from ``argmap serve --workers 2``, against the one-worker figure above."""
    port = _free_port()
    served = start_server(target, port, {"ARGMAP_WORKERS": "2"})
    try:
        url = f"http://127.0.0.1:{port}{tree_path}"
        run_wrk(wrk, url, WARMUP_SECONDS)
        both = run_wrk(wrk, url, seconds)
    finally:
        stop_server(served)
    gain = f" ({both.requests_per_s / single.requests_per_s:.2f}x one worker)" if single else ""
    return (
        f"tree  argmap --workers 2 {both.requests_per_s:>8.0f} req/s p50 {both.p50_ms:5.2f} ms"
        f" p99 {both.p99_ms:6.2f} ms{gain}"
    )
