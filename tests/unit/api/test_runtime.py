"""A serving worker tunes its garbage collector as the settings say; apps built by tests leave it alone."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from api import asgi
from api.app import create_app
from api.settings import Settings


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    saved = gc.get_threshold()
    yield saved
    gc.set_threshold(*saved)


def test_the_asgi_factory_applies_the_threshold(
    thresholds: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARGMAP_GC_THRESHOLD", "12345")
    asgi.app()
    assert gc.get_threshold() == (12345, thresholds[1], thresholds[2])


def test_building_an_app_does_not_touch_the_collector(thresholds: tuple[int, int, int]) -> None:
    create_app(Settings(gc_threshold=99_999))
    assert gc.get_threshold() == thresholds
