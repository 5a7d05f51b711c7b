"""The one base Struct every boundary type derives from, so shared options live in one place."""

from __future__ import annotations

import msgspec


class Struct(msgspec.Struct, omit_defaults=False):
    """Base for map documents and API bodies: plain JSON objects, field names as written."""


class Output(msgspec.Struct, frozen=True, kw_only=True):
    """Base for response bodies: immutable once built."""
