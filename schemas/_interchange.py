"""What an import from another format did: the map written, and what the format could not say."""

from __future__ import annotations

import msgspec

from schemas._api import WriteReceipt
from schemas._base import Output


class Defaulted(Output, frozen=True, kw_only=True):
    """One thing an import decided because the format does not say it, or left out because a map cannot.

    ``value`` is what it was given (``skipped`` for what was left out); ``count`` how many items it concerns.
    """

    field: str
    value: str
    count: int
    reason: str


class ImportReceipt(WriteReceipt, frozen=True, kw_only=True):
    """A map written from another format (AIF), with every default the import chose and what it skipped."""

    format: str
    defaulted: list[Defaulted] = msgspec.field(default_factory=list)
    skipped: list[Defaulted] = msgspec.field(default_factory=list)
