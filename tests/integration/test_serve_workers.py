"""``argmap serve --workers N``: one socket served by N processes, each with the server's limits and logs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from support.live import free_port
from support.neo4j import Neo4jTarget
from support.workers import REPO, worker_environment

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
CEILING_S = 60.0


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_two_workers_serve_one_port_with_the_server_limits(neo4j_target: Neo4jTarget, tmp_path: Path) -> None:
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    env = worker_environment(neo4j_target, {"ARGMAP_LOG_LEVEL": "info", "ARGMAP_MAX_HEADERS": "20"})
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + CEILING_S
        while True:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "argmap serve --workers 2 never answered"
            time.sleep(0.2)
        workers = [
            pid for pid in children(process.pid) if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]
        assert len(workers) == 2, f"two serving processes under the supervisor, found {workers}"
        # Each worker took its limits from the environment: 21 header fields are refused.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            fields = b"".join(b"X-F%d: v\r\n" % i for i in range(21))
            sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n" + fields + b"\r\n")
            assert sock.recv(64).startswith(b"HTTP/1.1 431")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/maps", timeout=10) as answer:
            assert answer.status == 200
        # The access line is written once the answer is sent, so it may land just after the client has it.
        deadline = time.monotonic() + CEILING_S
        while '"logger":"argmap.access"' not in (tmp_path / "serve.log").read_text():
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
    lines = (tmp_path / "serve.log").read_text()
    assert '"logger":"argmap.access"' in lines, "the workers write the JSON access lines"
    assert os.environ.get("ARGMAP_PORT") != str(port), "the test's own environment is left alone"
