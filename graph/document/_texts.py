"""Source texts of a map document: read from its ``text_file`` next to it, or cited from stored sources."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

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


def resolve_cited_texts(raw: object, cited: Mapping[str, str]) -> list[Problem]:
    """Give each source that names a ``text_file`` and no ``text`` the text of the source cited as ``cited``.

    A document sent over HTTP carries no files: its ``text_file`` sources take the text of the source of the
    same id already stored (``cited``, id to text); any other is a problem saying what to send instead.
    """
    if not isinstance(raw, dict) or not isinstance(raw.get("sources"), list):
        return []
    problems = []
    for index, source in enumerate(raw["sources"]):
        if not isinstance(source, dict) or not isinstance(source.get("text_file"), str):
            continue
        if isinstance(source.get("text"), str):
            continue
        source_id = source.get("id")
        if isinstance(source_id, str) and source_id in cited:
            source["text"] = cited[source_id]
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
