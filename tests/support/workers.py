"""argmap served by separate worker processes (``argmap serve``), as a deployment runs it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path

from support.app import TOKEN
from support.live import free_port
from support.neo4j import Neo4jTarget

REPO = Path(__file__).resolve().parents[2]


def worker_environment(target: Neo4jTarget, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a worker pointed at the tests' Neo4j, writes enabled with ``TOKEN``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "ARGMAP_"))}
    env |= {
        "ARGMAP_API_TOKEN": TOKEN,
        "ARGMAP_LOG_LEVEL": "warning",
        "ARGMAP_RATE_LIMIT_PER_MINUTE": "0",
        "ARGMAP_WORKERS": "1",  # each worker one process: the tests start as many as they mean to
        "NEO4J_URI": target.uri,
    }
    if target.auth is not None:
        env |= {"NEO4J_USER": target.auth[0], "NEO4J_PASSWORD": target.auth[1]}
    if target.database:
        env["NEO4J_DATABASE"] = target.database
    return env | dict(extra or {})


@contextmanager
def workers(
    target: Neo4jTarget, count: int = 2, extra: Mapping[str, str] | None = None, log_dir: Path | None = None
) -> Iterator[list[str]]:
    """Start ``count`` ``argmap serve`` processes on free ports; yields their base URLs."""
    processes: list[subprocess.Popen[bytes]] = []
    urls = []
    with ExitStack() as logs:
        for number in range(count):
            port = free_port()
            log = logs.enter_context((log_dir / f"worker-{number}.log").open("wb")) if log_dir else None
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
                    cwd=REPO,
                    env=worker_environment(target, extra),
                    stdout=log or subprocess.DEVNULL,
                    stderr=subprocess.STDOUT,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        try:
            for url, process in zip(urls, processes, strict=True):
                _wait_until_up(url, process)
            yield urls
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()


def _wait_until_up(url: str, process: subprocess.Popen[bytes], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the worker at {url} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/ping", timeout=1) as response:  # noqa: S310 - loopback URL
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"the worker at {url} did not answer within {timeout_s:.0f} s")
