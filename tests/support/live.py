"""A real HTTP server for an app, in a background thread: for tests about concurrency over real sockets.

Litestar's test clients call the app synchronously through a portal, so two requests never overlap there;
tests that need overlapping requests use this server and ``httpx.AsyncClient`` instead.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import msgspec
import uvicorn
from litestar import Litestar

from api.serving import server_config
from api.settings import Settings


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(
    make_app: Callable[[Settings], Litestar], settings: Settings, timeout_s: float = 20.0
) -> Iterator[str]:
    """Serve the app ``make_app`` builds until the block ends, as ``argmap serve`` does; yields its base URL.

    The server has the protocol limits of ``api.serving`` and its public URL is its own loopback address.
    """
    port = free_port()
    settings = msgspec.structs.replace(settings, public_url=f"http://127.0.0.1:{port}")
    config = server_config(make_app(settings), settings, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the test server on port {port} did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout_s)
