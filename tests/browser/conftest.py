"""Fixtures for the viewer: the real app over the real Neo4j with the essay loaded, served by a real uvicorn
to a real headless Chromium (Debian's ``chromium`` and ``chromium-driver``; ``make test`` installs them).

No browser is ever downloaded: Selenium is pointed at ``/usr/bin/chromium`` and ``/usr/bin/chromedriver``
(``ARGMAP_CHROMIUM`` and ``ARGMAP_CHROMEDRIVER`` override them). A missing browser fails the run, never
skips it. Screenshots go to ``var/test-artifacts/browser/`` (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from neo4j import AsyncDriver
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from support import essay_db
from support.app import Client, settings_for
from support.live import serving
from support.neo4j import Neo4jTarget

from api.app import create_app
from schemas import MapDocument

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "var" / "test-artifacts" / "browser"
CHROMIUM = os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("ARGMAP_CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)


@pytest.fixture
async def client(driver: AsyncDriver, essay: MapDocument, neo4j_target: Neo4jTarget) -> AsyncIterator[Client]:
    """A client of the real app (in process) over the essay alone, writes enabled with ``support.app.TOKEN``.

    One app is shared while the database holds the essay alone (``support.essay_db``)."""
    async for shared in essay_db.essay_client(driver, neo4j_target, essay):
        yield shared


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def live_server(loaded: AsyncDriver, neo4j_target: Neo4jTarget) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread with its own event loop."""
    with serving(create_app, settings_for(neo4j_target)) as url:
        yield url


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    """Headless Debian Chromium with a fresh profile, driven by Debian's chromedriver."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise RuntimeError(
                f"{path} is missing: apt-get install chromium chromium-driver (make test does)"
            )
    profile = tempfile.mkdtemp(prefix="argmap-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def artifacts() -> Path:
    """Where this run's screenshots go (kept after the run, ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
