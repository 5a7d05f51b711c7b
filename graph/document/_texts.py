"""Source texts of a map document: read from its ``text_file`` next to it, or cited from stored sources."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from schemas import Problem


def resolve_text_files(raw: object, base: Path, cited: Mapping[str, str] | None = None) -> list[Problem]:
    """Read each source's ``text_file`` (relative to ``base``) into its ``text``, in place.

    The file is decoded as UTF-8 exactly as stored, with no newline translation, because quote offsets count
    the characters of the file as it is. A file that is not there is no problem for a source ``cited`` holds
    (id to text, e.g. the sources a server stores): it takes that text.
    """
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        return []
    problems = []
    for index, source in enumerate(raw["sources"]):
        if not isinstance(source, dict) or not isinstance(source.get("text_file"), str):
            continue
        where = f"sources[{index}].text_file"
        name = source["text_file"]
        path = base / name
        try:
            text = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            if cited is not None and source.get("id") in cited and not isinstance(source.get("text"), str):
                source["text"] = cited[source["id"]]
                continue
            problems.append(
                Problem(
                    path=where, message=f"text file {name!r} not found at {path}", code="text-file-missing"
                )
            )
            continue
        except UnicodeDecodeError as error:
            byte = error.object[error.start]
            message = f"text file {name!r} is not UTF-8: byte 0x{byte:02x} at byte {error.start}"
            problems.append(Problem(path=where, message=message, code="text-file-not-utf8"))
            continue
        except OSError as error:
            problems.append(
                Problem(
                    path=where, message=f"cannot read text file {name!r}: {error}", code="text-file-missing"
                )
            )
            continue
        inline = source.get("text")
        if isinstance(inline, str) and inline != text:
            problems.append(
                Problem(
                    path=f"sources[{index}]",
                    message=f"text and text_file {name!r} disagree: keep one of them",
                    code="text-conflict",
                )
            )
            continue
        source["text"] = text
    return problems


CitedSource = str | Mapping[str, Any]
"""A stored source a document may cite: its text alone, or every field of it (``title``, ``text``...)."""


def resolve_cited_texts(raw: object, cited: Mapping[str, CitedSource]) -> list[Problem]:
    """Give each source that names a ``text_file`` and no ``text`` the text of the source cited as ``cited``.

    A document sent over HTTP carries no files: its ``text_file`` sources take the text of the source of the
    same id already stored (``cited``, id to text or to every field); any other is a problem saying what to
    send instead. When ``cited`` holds a source's fields, those a source leaves out are the stored one's: a
    source given by its ``id`` alone (or with ``text_file``) is the stored source whole.

    Example:
        >>> raw = {"sources": [{"id": "essay"}]}
        >>> resolve_cited_texts(raw, {"essay": {"title": "An essay", "text": "One.", "url": None}})
        []
        >>> raw["sources"]
        [{'id': 'essay', 'title': 'An essay', 'text': 'One.'}]
    """
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        return []
    problems = []
    for index, source in enumerate(raw["sources"]):
        if isinstance(source, dict) and set(source) == {"id"}:
            stored = cited.get(source["id"]) if isinstance(source["id"], str) else None
            if isinstance(stored, Mapping):
                source.update({key: value for key, value in stored.items() if value is not None})
            continue
        if not isinstance(source, dict) or not isinstance(source.get("text_file"), str):
            continue
        if isinstance(source.get("text"), str):
            continue
        source_id = source.get("id")
        if isinstance(source_id, str) and source_id in cited:
            found = cited[source_id]
            if isinstance(found, str):
                source["text"] = found
            else:  # fields the document leaves out are the stored source's
                for key, value in found.items():
                    if value is not None:
                        source.setdefault(key, value)
            continue
        message = (
            f"text_file {source['text_file']!r} is only read when the map is loaded from its folder "
            f"(argmap load FILE, also with --api): over HTTP send the text inline (text:), or cite a source "
            f"already stored on the server by its id (there is no stored source {source_id!r})"
        )
        problems.append(
            Problem(path=f"sources[{index}].text_file", message=message, code="text-file-not-sent")
        )
    return problems
