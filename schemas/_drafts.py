"""A map document checked and scored without being saved: what the editor shows while one types."""

from __future__ import annotations

import msgspec

from schemas._base import Output
from schemas._debate import Finding


class DraftCheck(Output, frozen=True, kw_only=True):
    """An unsaved map document that a save would take, scored and linted.

    ``strengths`` holds each node's strength under ``semantics``, ``root`` names the node everything is
    weighed against (the thesis), and ``findings`` and ``counts`` are the map linter's. A document a save
    would refuse gets the save's own answer instead: a 422 listing every problem at its path.
    """

    map_id: str | None = None
    root: str | None = None
    semantics: str | None = None
    strengths: dict[str, float] = msgspec.field(default_factory=dict)
    findings: list[Finding] = msgspec.field(default_factory=list)
    counts: dict[str, int] = msgspec.field(default_factory=dict)
