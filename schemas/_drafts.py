"""A map document checked and scored without being saved: what the editor shows while one types."""

from __future__ import annotations

import msgspec

from schemas._base import Output
from schemas._debate import Finding
from schemas._problem import Problem


class DraftCheck(Output, frozen=True, kw_only=True):
    """An unsaved map document's problems, or, when it has none, its strengths and the linter's findings.

    ``valid`` false: ``problems`` lists every problem a save would refuse (each at its path), and nothing is
    scored. ``valid`` true: ``strengths`` holds each node's strength under ``semantics``, ``root`` names the
    node everything is weighed against (the thesis), and ``findings`` and ``counts`` are the map linter's.
    """

    valid: bool
    problems: list[Problem] = msgspec.field(default_factory=list)
    map_id: str | None = None
    root: str | None = None
    semantics: str | None = None
    strengths: dict[str, float] = msgspec.field(default_factory=dict)
    findings: list[Finding] = msgspec.field(default_factory=list)
    counts: dict[str, int] = msgspec.field(default_factory=dict)
