"""ASGI entry points: ``uvicorn --factory api.asgi:app`` for process managers, ``served`` for argmap serve.

Settings are read when the factory is called, in each worker, never at import time.
"""

from __future__ import annotations

from litestar import Litestar

from api.app import create_app
from api.runtime import tune_collector
from api.settings import load_settings


def app() -> Litestar:
    """Build the app from the environment (and tune this worker's garbage collector as it says)."""
    settings = load_settings()
    tune_collector(settings.gc_threshold)
    return create_app(settings)


def served() -> Litestar:
    """``app`` for a worker process of ``argmap serve --workers N``: it also writes the JSON log lines."""
    from api.observability import configure_logging

    settings = load_settings()
    configure_logging(settings.log_level, settings.audit_log)
    return app()
