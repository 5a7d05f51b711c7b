"""The public entry points: parse, read, validate and load map documents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from graph.document._anchor import fill_offsets
from graph.document._parse import Draft, convert, decode, media_for
from graph.document._patch import is_masked
from graph.document._texts import CitedSource, resolve_cited_texts, resolve_text_files
from graph.document._validate import in_document_order, validate_document, view_problems
from graph.document._view import DocumentView
from graph.errors import InvalidArgumentMap
from schemas import MapDocument, Problem


def parse_document(
    data: bytes | str, *, media: str = "yaml", allow_unknown_fields: bool = False
) -> MapDocument:
    """Decode a map document and convert it to Structs, reporting every structural problem at once.

    Only the structure is checked here (types, required fields, kinds, ranges); ``validate_document`` checks
    the meaning. ``load_document`` does both.

    Args:
        data: The document as YAML or JSON.
        media: ``"yaml"`` or ``"json"``.
        allow_unknown_fields: Drop keys the format does not define instead of reporting them.

    Returns:
        The map document.

    Raises:
        InvalidArgumentMap: When the data is not valid YAML/JSON or does not have the map document's shape;
            ``problems`` lists every problem with its path.
        ValueError: When ``media`` is neither ``"yaml"`` nor ``"json"``.
    """
    draft = _draft(data, media, allow_unknown_fields=allow_unknown_fields)
    return _complete(draft, draft.problems)


def read_document(path: Path | str, *, allow_unknown_fields: bool = False) -> MapDocument:
    """Read a map document file (``.yaml``, ``.yml`` or ``.json``) and fill each source's text from its file.

    A source's ``text_file`` is resolved relative to the document's directory and read as UTF-8 exactly as
    stored. Only the structure is checked; ``load_document_file`` also validates.

    Raises:
        InvalidArgumentMap: When the extension names no format we read, the content is malformed, or a text
            file is missing or not UTF-8.
        OSError: When the document itself cannot be read.
    """
    draft = _read_draft(Path(path), allow_unknown_fields=allow_unknown_fields)
    return _complete(draft, draft.problems)


def load_document(
    data: bytes | str,
    *,
    media: str = "yaml",
    allow_unknown_fields: bool = False,
    cited: Mapping[str, CitedSource] | None = None,
) -> MapDocument:
    """Parse and validate a map document, reporting structural and semantic problems together.

    A document that comes without its files (an HTTP body) may name a ``text_file`` only for a source whose
    text ``cited`` holds (id to text, or to every field: the sources already stored), and may give such a
    source by its ``id`` alone; quotes given by their words are placed.

    Raises:
        InvalidArgumentMap: When anything is wrong; ``problems`` lists every problem with its path.
        ValueError: When ``media`` is neither ``"yaml"`` nor ``"json"``.
    """
    draft = _draft(data, media, allow_unknown_fields=allow_unknown_fields, cited=cited or {})
    return _complete(draft, draft.problems + _semantic(draft))


def load_document_file(
    path: Path | str, *, allow_unknown_fields: bool = False, cited: Mapping[str, str] | None = None
) -> MapDocument:
    """Read, resolve and validate a map document file; the path the CLI's ``argmap validate`` takes.

    A source whose ``text_file`` is not there takes its text from ``cited`` (id to text: the sources a
    server stores), when it holds that source.

    Raises:
        InvalidArgumentMap: When anything is wrong; ``problems`` lists every problem with its path.
        OSError: When the document itself cannot be read.
    """
    draft = _read_draft(Path(path), allow_unknown_fields=allow_unknown_fields, cited=cited)
    return _complete(draft, draft.problems + _semantic(draft))


def sources_to_cite(data: bytes | str, *, media: str = "yaml") -> list[str]:
    """The ids of the sources a document names by ``text_file`` without a ``text``, or by their ``id`` alone.

    Those are sources it expects stored. A document that does not decode names none (its problems are
    reported when it is loaded).

    Example:
        >>> sources_to_cite("sources: [{id: essay, text_file: a.txt}, {id: other, text: 'x'}, {id: by-id}]")
        ['essay', 'by-id']
    """
    raw, problems = decode(data, media)
    if problems or not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        return []
    return [
        source["id"]
        for source in raw["sources"]
        if isinstance(source, dict)
        and isinstance(source.get("id"), str)
        and (
            set(source) == {"id"}
            or (isinstance(source.get("text_file"), str) and not isinstance(source.get("text"), str))
        )
    ]


def missing_text_files(path: Path) -> list[str]:
    """The ids of the sources of the map file at ``path`` whose ``text_file`` is not there (to cite instead).

    A file that cannot be read or decoded names none (reading it again reports why).

    Example:
        >>> missing_text_files(Path("docs/examples/phone-pouches.yaml"))
        []
    """
    media = media_for(path)
    try:
        data = path.read_bytes() if media is not None else b""
    except OSError:
        return []
    raw, problems = decode(data, media) if media is not None else (None, [])
    if problems or not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        return []
    return [
        source["id"]
        for source in raw["sources"]
        if isinstance(source, dict)
        and isinstance(source.get("id"), str)
        and isinstance(source.get("text_file"), str)
        and not isinstance(source.get("text"), str)
        and not (path.parent / source["text_file"]).is_file()
    ]


def require_valid(doc: MapDocument) -> MapDocument:
    """Return ``doc`` unchanged when it is valid, e.g. a body the HTTP layer already decoded.

    Raises:
        InvalidArgumentMap: When ``validate_document`` finds problems.
    """
    problems = validate_document(doc)
    if problems:
        raise invalid_map(problems)
    return doc


def invalid_map(problems: Sequence[Problem]) -> InvalidArgumentMap:
    """The error for a list of problems, with a one-line summary as its detail."""
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    detail = f"the map document has {count} {noun}"
    if count:
        first = problems[0]
        detail += f"; first: {first.path}: {first.message}"
    return InvalidArgumentMap(detail, problems)


def _draft(
    data: bytes | str,
    media: str,
    *,
    allow_unknown_fields: bool,
    cited: Mapping[str, CitedSource] | None = None,
) -> Draft:
    raw, problems = decode(data, media)
    if problems:
        return _failed(problems)
    text_problems = resolve_cited_texts(raw, cited) if cited is not None else []
    return _placed_and_converted(raw, text_problems, allow_unknown_fields=allow_unknown_fields)


def _placed_and_converted(raw: object, text_problems: list[Problem], *, allow_unknown_fields: bool) -> Draft:
    """Fill in the offsets of quotes given by their words, then convert; every problem in one list."""
    anchoring = fill_offsets(raw)
    draft = convert(raw, allow_unknown_fields=allow_unknown_fields)
    draft.problems[:0] = text_problems
    draft.problems += anchoring.problems
    draft.unplaced = frozenset(anchoring.unplaced)
    return draft


def _read_draft(path: Path, *, allow_unknown_fields: bool, cited: Mapping[str, str] | None = None) -> Draft:
    media = media_for(path)
    if media is None:
        message = f"cannot tell the format of {path.name!r}: name it .yaml, .yml or .json"
        return _failed([Problem(path="$", message=message, code="unknown-media")])
    raw, problems = decode(path.read_bytes(), media)
    if problems:
        return _failed(problems)
    text_problems = resolve_text_files(raw, path.parent, cited)
    return _placed_and_converted(raw, text_problems, allow_unknown_fields=allow_unknown_fields)


def _semantic(draft: Draft) -> list[Problem]:
    """The semantic problems of a draft, minus those that only repeat a structural one."""
    # A source whose file could not be read has no text; saying so again for its quotes is noise.
    unread = {p.path.removesuffix(".text_file") for p in draft.problems if p.code.startswith("text-file")}
    return [
        problem
        for problem in view_problems(draft.view)
        if not is_masked(problem.path, draft.masked)
        and not (problem.code == "source-without-text" and problem.path in unread)
        and not (problem.code in _OFFSET_CODES and _quote_path(problem.path) in draft.unplaced)
    ]


# What the quote checks say about offsets; for an unplaced quote they would describe its stand-ins.
_OFFSET_CODES = frozenset({"quote-mismatch", "bad-offsets", "offset-out-of-range"})


def _quote_path(path: str) -> str:
    """``nodes[1].quotes[0]`` for a path at or under that quote."""
    return path.removesuffix(".start").removesuffix(".end")


def _failed(problems: list[Problem]) -> Draft:
    return Draft(view=DocumentView(complete=False), problems=problems)


def _complete(draft: Draft, problems: list[Problem]) -> MapDocument:
    if problems or draft.document is None:
        raise invalid_map(in_document_order(problems))
    return draft.document
