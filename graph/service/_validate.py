"""Map document files read as a write would read them: ``argmap validate``, and the CLI's offline commands."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from graph.document import Filled, fill_file, load_document_file, positions
from graph.errors import InvalidArgumentMap
from schemas import MapDocument, Problem, ValidationReport


def validate_file(path: Path, cited: Mapping[str, str] | None = None) -> ValidationReport:
    """Every problem of the map document at ``path`` (quotes checked against their source text), or its size.

    Example:
        >>> report = validate_file(Path("docs/examples/phone-pouches.yaml"))
        >>> report.valid, report.map_id
        (True, 'phone-pouches')

    A source whose ``text_file`` is not there takes its text from ``cited`` (id to text), when it holds it.
    """
    try:
        document = load_document_file(path, cited=cited)
    except InvalidArgumentMap as error:
        return ValidationReport(file=str(path), valid=False, problems=error.problems)
    return ValidationReport(
        file=str(path), valid=True, problems=[], map_id=document.id, nodes=len(document.nodes)
    )


def read_map_file(path: Path, cited: Mapping[str, str] | None = None) -> MapDocument:
    """The map document at ``path`` (YAML or JSON), validated, its ``text_file`` sources read.

    A source whose ``text_file`` is not there takes its text from ``cited`` (id to text), when it holds it.

    Raises:
        InvalidArgumentMap: every problem of the document.
        OSError: the file cannot be read.
    """
    return load_document_file(path, cited=cited)


def fill_quotes_file(path: Path, *, write: bool = True, cited: Mapping[str, str] | None = None) -> Filled:
    """Give every quote of the map file at ``path`` that names only its words its offsets, in the file itself.

    Only the offsets are written; comments and layout stay. Nothing is written when any quote cannot be
    placed (``problems`` says why, with the candidate places or the nearest near-miss) or when ``write`` is
    false. The file is replaced whole (a new file renamed over it), so a reader never sees half of it.

    Raises:
        OSError: the file cannot be read or written.
    """
    filled = fill_file(path, cited)
    if write and filled.text is not None and not filled.problems:
        temporary = path.with_name(f".{path.name}.filling")
        temporary.write_bytes(filled.text.encode("utf-8"))
        temporary.chmod(path.stat().st_mode & 0o7777)
        temporary.replace(path)
    return filled


def located(path: Path, problems: Sequence[Problem]) -> list[str]:
    """Each problem as ``path (line L, column C): message``, placed in the map file at ``path``.

    Example:
        >>> located(Path("docs/examples/phone-pouches.yaml"), [Problem(path="nodes[0].kind", message="odd")])
        ['nodes[0].kind (line 26, column 11): odd']
    """
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    places = positions(text, [problem.path for problem in problems]) if text else {}
    lines = []
    for problem in problems:
        place = places.get(problem.path)
        where = f" (line {place[0]}, column {place[1]})" if place else ""
        lines.append(f"{problem.path}{where}: {problem.message}")
    return lines
