"""The HTTP server's limits (``api.serving``) over real sockets: heads too large, clients too slow or gone.

Each test speaks raw HTTP/1.1 to a real uvicorn serving the app over the in-memory store, because these limits
live below the app, where the test clients do not reach. Timeouts here are a fraction of a second so the
tests are quick; each wait has a ceiling of several seconds for a slow machine, never a speed target.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Iterator

import httpx
import msgspec
import pytest
from support.live import serving
from support.maps import layered_qbaf
from support.memory_store import MemoryStore

from api.app import create_app
from api.settings import Settings
from graph.compute import ComputePool
from graph.service import MapService

SHORT_S = 0.5
CEILING_S = 10.0


@pytest.fixture
def pool() -> ComputePool:
    """The served app's worker pool, watched by the tests of clients that leave."""
    return ComputePool(workers=1, queue=4, deadline_s=60.0)


@pytest.fixture
def server(store: MemoryStore, pool: ComputePool) -> Iterator[str]:
    """The app on a real socket, with small limits and short timeouts."""
    settings = Settings(
        rate_limit_per_minute=0,
        max_header_bytes=4096,
        max_headers=20,
        header_timeout_s=SHORT_S,
        body_timeout_s=SHORT_S,
        compute_deadline_s=60.0,
    )
    service = MapService(store, pool=pool)
    with serving(lambda chosen: create_app(chosen, service), settings) as url:
        yield url


def connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=CEILING_S)


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (or the ceiling passes)."""
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0


def problem_of(answer: bytes) -> dict[str, object]:
    body = answer.split(b"\r\n\r\n", 1)[1]
    decoded: dict[str, object] = msgspec.json.decode(body)
    return decoded


def ping(url: str) -> int:
    return httpx.get(f"{url}/ping", timeout=CEILING_S).status_code


class TestHeadLimits:
    def test_a_head_over_the_byte_limit_is_a_431_and_the_server_reads_no_more(self, server: str) -> None:
        with connect(server) as sock:
            sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 8192 + b"\r\n\r\n")
            answer = read_all(sock)
        assert status_of(answer) == 431
        assert "larger than 4096 bytes" in str(problem_of(answer)["detail"])
        assert ping(server) == 200

    def test_a_header_block_sent_without_end_is_cut_at_the_limit(self, server: str) -> None:
        # A client streaming one endless header: refused once the limit passes, not read to the end.
        with connect(server) as sock:
            sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\nX-Endless: ")
            refused = False
            for _ in range(64):
                try:
                    sock.sendall(b"b" * 1024)
                except (BrokenPipeError, ConnectionResetError):
                    refused = True
                    break
            answer = read_all(sock)
        assert refused or status_of(answer) == 431

    def test_more_header_fields_than_allowed_is_a_431(self, server: str) -> None:
        fields = b"".join(b"X-F%d: v\r\n" % i for i in range(21))
        with connect(server) as sock:
            sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n" + fields + b"\r\n")
            answer = read_all(sock)
        assert status_of(answer) == 431
        assert "more than 20 header fields" in str(problem_of(answer)["detail"])

    def test_a_head_within_both_limits_is_served(self, server: str) -> None:
        fields = b"".join(b"X-F%d: v\r\n" % i for i in range(18))  # with Host and Connection: 20
        with connect(server) as sock:
            sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + fields + b"\r\n")
            answer = read_all(sock)
        assert status_of(answer) == 200


class TestSlowClients:
    def test_an_idle_connection_is_closed_silently(self, server: str) -> None:
        with connect(server) as sock:
            started = time.monotonic()
            answer = read_all(sock)
        assert answer == b""
        assert time.monotonic() - started < CEILING_S, "closed by the server, not by the test's ceiling"

    def test_a_head_that_trickles_in_gets_a_408(self, server: str) -> None:
        with connect(server) as sock:
            sock.sendall(b"GET /ping HTTP/1.1\r\n")
            time.sleep(SHORT_S * 3)
            answer = read_all(sock)
        assert status_of(answer) == 408

    def test_an_idle_keep_alive_connection_is_closed_after_its_answer(self, server: str) -> None:
        with connect(server) as sock:
            sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = read_all(sock)  # the answer, then the close once the connection idles
        assert status_of(answer) == 200

    def test_a_kept_alive_connection_may_idle_longer_than_a_head_may_take(self, server: str) -> None:
        # Between requests the keep-alive timeout applies, not the head's: a client that reuses its connection
        # after a pause longer than the head timeout must be answered, not find it closed under it.
        with connect(server) as sock:
            sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
            assert status_of(sock.recv(65536)) == 200
            time.sleep(SHORT_S * 3)
            sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert status_of(read_all(sock)) == 200

    def test_a_body_that_does_not_arrive_gets_a_408_and_is_logged_so(
        self, server: str, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO, logger="argmap.access")
        with connect(server) as sock:
            sock.sendall(
                b"POST /maps/pets/what-if HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 100\r\n\r\n{"base_'
            )
            answer = read_all(sock)
        assert status_of(answer) == 408
        assert "body did not arrive" in str(problem_of(answer)["detail"])
        assert ping(server) == 200
        assert access_statuses(caplog, "/maps/pets/what-if") == [408]


class TestClientsThatLeave:
    def test_a_client_gone_mid_body_is_logged_as_499_not_500(
        self, server: str, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO, logger="argmap.access")
        with connect(server) as sock:
            sock.sendall(
                b"POST /maps/pets/what-if HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 100\r\n\r\n{"base_'
            )
            time.sleep(SHORT_S / 5)
        assert wait_for(lambda: access_statuses(caplog, "/maps/pets/what-if")) == [499]
        assert ping(server) == 200

    def test_a_computation_stops_when_its_client_leaves(
        self, server: str, pool: ComputePool, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.INFO, logger="argmap.access")
        body = msgspec.json.encode(layered_qbaf(800))
        with connect(server) as sock:
            sock.sendall(
                b"POST /qbaf/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body) + body
            )
            assert wait_for(lambda: [1] if pool.admitted else []) == [1], "the evaluation never started"
        # The evaluation has a minute of budget left; it stops because nobody waits for it any more.
        assert wait_for(lambda: [0] if not pool.admitted else []) == [0]
        assert wait_for(lambda: access_statuses(caplog, "/qbaf/evaluate")) == [499]


def access_statuses(caplog: pytest.LogCaptureFixture, path: str) -> list[int]:
    """The statuses the access log gave requests to ``path``."""
    statuses = []
    for record in caplog.records:
        fields = record.args
        if record.name == "argmap.access" and isinstance(fields, dict) and fields.get("path") == path:
            statuses.append(int(fields["status"]))
    return statuses


def wait_for(probe: object) -> list[int]:
    """``probe()`` once it is not empty, or after the ceiling."""
    assert callable(probe)
    deadline = time.monotonic() + CEILING_S
    while time.monotonic() < deadline:
        found: list[int] = probe()
        if found:
            return found
        time.sleep(0.05)
    return []


class TestUnderLoad:
    """The probe's slow and oversized clients at once, bounded: the server keeps answering and sheds them."""

    async def test_readers_are_served_while_slow_idle_and_oversized_clients_are_shed(
        self, server: str
    ) -> None:
        port = int(server.rsplit(":", 1)[1])

        async def hostile(first_bytes: bytes) -> bytes:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                if first_bytes:
                    writer.write(first_bytes)
                    await writer.drain()
                return await asyncio.wait_for(reader.read(), timeout=CEILING_S)
            except (ConnectionResetError, BrokenPipeError):
                return b""
            finally:
                writer.close()

        huge = b"GET /ping HTTP/1.1\r\nHost: x\r\nX-Huge: " + b"h" * (1024 * 1024) + b"\r\n\r\n"
        clients = [
            *(hostile(b"") for _ in range(100)),
            *(hostile(b"GET /ping HTTP/1.1\r\n") for _ in range(50)),
            *(hostile(huge) for _ in range(10)),
        ]
        shed = asyncio.gather(*clients)
        async with httpx.AsyncClient(base_url=server, timeout=CEILING_S) as http:
            statuses = [(await http.get("/ping")).status_code for _ in range(20)]
        answers = await shed
        assert statuses == [200] * 20
        assert answers[:100] == [b""] * 100, "idle connections are closed without an answer"
        assert {status_of(answer) for answer in answers[100:150]} == {408}
        assert {status_of(answer) for answer in answers[150:]} <= {431, 0}, (
            "refused, or cut off while sending"
        )
