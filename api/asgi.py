"""ASGI entry point for process managers: ``uvicorn --factory api.asgi:app``.

Settings are read when the factory is called, in each worker, never at import time.
"""

from __future__ import annotations

from litestar import Litestar

from api.app import create_app
from api.settings import load_settings


def app() -> Litestar:
    """Build the app from the environment."""
    return create_app(load_settings())
