"""The lock file covers what pyproject.toml asks for, so a fresh install gets the tested set."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_declared_dependency_is_pinned_with_hashes() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    lock = (REPO / "requirements" / "dev.txt").read_text(encoding="utf-8")
    pinned = {m.group(1).lower().replace("_", "-") for m in re.finditer(r"^([A-Za-z0-9_.-]+)==", lock, re.M)}
    assert wanted - pinned == set()
    hashed = re.findall(r"^[A-Za-z0-9_.-]+==\S+(?: ;[^\n]*)? \\\n\s+--hash=sha256:", lock, re.M)
    assert len(hashed) == len(re.findall(r"^[A-Za-z0-9_.-]+==", lock, re.M)), "every pin carries its hashes"
