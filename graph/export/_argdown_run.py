"""The one place that runs Node.js: the official Argdown parser reads a file for ``from_argdown``.

It needs the parser ``make argdown`` installs (``var/node``) and ``tools/argdown/read.js``, both in a source
checkout; ``ARGMAP_ARGDOWN_MODULES`` names another ``node_modules`` folder that holds ``@argdown/node``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from graph.errors import NotAvailableHere

REPO = Path(__file__).resolve().parents[2]
READER = REPO / "tools" / "argdown" / "read.js"
MODULES = REPO / "var" / "node" / "node_modules"
TIMEOUT_S = 60


class ArgdownUnavailable(NotAvailableHere):
    """The official Argdown parser cannot be run here (no Node.js, or ``make argdown`` not run)."""


def parse_argdown_file(path: Path) -> dict[str, Any]:
    """The official parser's reading of ``path``: ``{"errors": [...], "frontMatter": {...}, "model": {...}}``.

    Raises:
        ArgdownUnavailable: Node.js or the parser is missing, or the parser crashed.
        OSError: ``path`` cannot be read.
    """
    path.resolve(strict=True)
    node = shutil.which("node")
    modules = Path(os.environ.get("ARGMAP_ARGDOWN_MODULES") or MODULES)
    if node is None:
        raise ArgdownUnavailable("reading Argdown needs Node.js (node) on PATH")
    if not READER.exists() or not (modules / "@argdown" / "node").exists():
        raise ArgdownUnavailable(f"the Argdown parser is not installed in {modules}: run `make argdown`")
    done = subprocess.run(
        [node, str(READER), str(path), str(modules)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ArgdownUnavailable(f"the Argdown parser failed: {last}")
    parsed: dict[str, Any] = json.loads(done.stdout)
    return parsed


def parse_argdown_text(text: str) -> dict[str, Any]:
    """The official parser's reading of Argdown ``text`` (a request body): as ``parse_argdown_file``.

    The parser reads files, so the text is written to a private temporary file that is removed afterwards.

    Raises:
        ArgdownUnavailable: Node.js or the parser is missing, or the parser crashed.
    """
    with tempfile.TemporaryDirectory(prefix="argmap-argdown-") as folder:
        path = Path(folder) / "body.argdown"
        path.write_text(text, encoding="utf-8")
        return parse_argdown_file(path)
