"""Loading map document files into Neo4j: validate every file first, then one transaction per map."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from graph.document import load_document_file
from graph.service._service import MapService
from graph.store import WriteResult

LARGE_MAP_NODES = 1000


async def load_files(
    connection: tuple[str, tuple[str, str] | None, str | None],
    paths: Sequence[Path],
    *,
    progress: bool = True,
) -> list[WriteResult]:
    """Validate all ``paths``, then write each map in its own transaction.

    Nothing is written when any file is invalid: validation runs on every file before the first write.

    Raises:
        InvalidArgumentMap: a file breaks the rules.
        DatabaseUnavailable: Neo4j does not answer.
    """
    documents = [load_document_file(path) for path in paths]
    uri, auth, database = connection
    service = MapService.connect(uri, auth, database)
    results = []
    try:
        await service.prepare()
        for document in documents:
            if progress:
                print(
                    f"loading {document.id}: {len(document.nodes)} nodes, "
                    f"{len(document.relations)} relations",
                    file=sys.stderr,
                )
            # A bar for large maps, or when a person is watching; logs of small loads stay one line.
            large = len(document.nodes) >= LARGE_MAP_NODES
            bar = ProgressBar(document.id) if progress and (large or sys.stderr.isatty()) else None
            results.append(await service.load(document, progress=bar))
            if bar is not None:
                bar.close()
    finally:
        await service.close()
    return results


class ProgressBar:
    """A one-line progress bar on stderr for the rows of one map write."""

    WIDTH = 30

    def __init__(self, label: str) -> None:
        self.label = label
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        """Redraw the bar (carriage return, no newline) for ``done`` of ``total`` rows."""
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        print(f"\r  {self.label} [{bar}] {done}/{total} rows", end="", file=sys.stderr, flush=True)
        self.shown = True

    def close(self) -> None:
        """End the bar's line."""
        if self.shown:
            print(file=sys.stderr)
