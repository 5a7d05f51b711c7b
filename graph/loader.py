"""Loading map document files into Neo4j: validate every file first, then one transaction per map."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from graph.document import load_document_file
from graph.mapgraph import node_strengths
from graph.store import MapRepository, WriteResult, ensure_schema, open_driver


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
    driver = open_driver(uri, auth)
    results = []
    try:
        await ensure_schema(driver, database)
        async with driver.session(database=database) as session:
            repository = MapRepository(session)
            for document in documents:
                if progress:
                    print(
                        f"loading {document.id}: {len(document.nodes)} nodes, "
                        f"{len(document.relations)} relations",
                        file=sys.stderr,
                    )
                results.append(await repository.save_map(document, node_strengths(document)))
    finally:
        await driver.close()
    return results
