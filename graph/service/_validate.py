"""Map document files read as a write would read them: ``argmap validate``, and the CLI's offline commands."""

from __future__ import annotations

from pathlib import Path

from graph.document import load_document_file
from graph.errors import InvalidArgumentMap
from schemas import MapDocument, ValidationReport


def validate_file(path: Path) -> ValidationReport:
    """Every problem of the map document at ``path`` (quotes checked against their source text), or its size.

    Example:
        >>> report = validate_file(Path("docs/examples/phone-pouches.yaml"))
        >>> report.valid, report.map_id
        (True, 'phone-pouches')
    """
    try:
        document = load_document_file(path)
    except InvalidArgumentMap as error:
        return ValidationReport(file=str(path), valid=False, problems=error.problems)
    return ValidationReport(
        file=str(path), valid=True, problems=[], map_id=document.id, nodes=len(document.nodes)
    )


def read_map_file(path: Path) -> MapDocument:
    """The map document at ``path`` (YAML or JSON), validated, its ``text_file`` sources read.

    Raises:
        InvalidArgumentMap: every problem of the document.
        OSError: the file cannot be read.
    """
    return load_document_file(path)
