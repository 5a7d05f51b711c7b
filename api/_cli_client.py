"""The CLI's commands over an argmap server: load, export, delete, gaps and brief through its HTTP API."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from api._cli_remote import SHOWN_PROBLEMS, Answer, RemoteError, Server

if TYPE_CHECKING:
    from schemas import MapDocument, Problem

JSON = {"Content-Type": "application/json"}


def load(server: Server, path: Path, document: MapDocument) -> str:
    """Create or replace the map of ``document`` (read from ``path``) on the server; the line to print.

    The map is created when the server has none of its id, replaced under the ETag just read otherwise; a
    write landing in between is a 412 naming the map's new ETag.

    Raises:
        RemoteError: the server refused; a 422 lists the problems at their place in ``path``.
    """
    import msgspec

    body = msgspec.json.encode(document)
    what = f"{path}: load {document.id!r} into {server.url}"
    current = server.request("GET", f"/maps/{document.id}")
    if current.status == 404:
        answer = server.request("POST", "/maps", body=body, headers=JSON)
        receipt = _written(server, answer, path, what, 201, None)
        return f"{document.id}: created, version {receipt['version']}"
    server.expect(current, 200, what=what)
    tag = current.headers.get("etag", "")
    answer = server.request("PUT", f"/maps/{document.id}", body=body, headers={**JSON, "If-Match": tag})
    receipt = _written(server, answer, path, what, 200, f"/maps/{document.id}")
    state = "replaced" if receipt["changed"] else "unchanged"
    return f"{document.id}: {state}, version {receipt['version']}"


def _written(
    server: Server, answer: Answer, path: Path, what: str, status: int, resource: str | None
) -> dict[str, object]:
    try:
        found: dict[str, object] = server.expect(answer, status, what=what, resource=resource).json()
    except RemoteError as error:
        if not error.problems:
            raise
        from schemas import Problem

        problems = [
            Problem(path=str(problem.get("path", "$")), message=str(problem.get("message", "")))
            for problem in error.problems
        ]
        raise RemoteError(located_problems(str(error), path, problems)) from None
    return found


def located_problems(lead: str, path: Path, problems: Sequence[Problem]) -> str:
    """One line: ``lead``, then the first problems, each at its line and column in ``path``."""
    from graph.service import located

    shown = "; ".join(located(path, problems[:SHOWN_PROBLEMS]))
    more = " ..." if len(problems) > SHOWN_PROBLEMS else ""
    return f"{lead}: {shown}{more}"


def stored_texts(server: Server | None, path: Path) -> dict[str, str] | None:
    """The server's texts of the sources the map at ``path`` names by a ``text_file`` that is not there.

    A class can share a source: once one map cites it on the server, another map names it by its id and
    ``text_file`` alone, and is checked and loaded against the stored text. None without a server.

    Raises:
        RemoteError: the server cannot be asked, or refused for another reason than not storing the source.
    """
    if server is None:
        return None
    from urllib.parse import quote

    from graph.service import missing_text_files

    texts: dict[str, str] = {}
    for source_id in missing_text_files(path):
        answer = server.request("GET", f"/sources/{quote(source_id, safe='')}")
        if answer.status == 404:
            continue
        found = server.expect(answer, 200, what=f"{path}: read source {source_id!r} from {server.url}").json()
        if isinstance(found.get("text"), str):
            texts[source_id] = found["text"]
    return texts


def read(path: Path, server: Server | None = None) -> MapDocument:
    """The map document at ``path``, validated, its text files read and its quotes placed.

    With a ``server``, a source whose text file is not there is read from the server when it stores it.

    Raises:
        RemoteError: every problem, on one line, each at its line and column in the file.
        OSError: the file cannot be read.
    """
    from graph.errors import InvalidArgumentMap
    from graph.service import read_map_file

    cited = stored_texts(server, path)
    try:
        return read_map_file(path, cited=cited)
    except InvalidArgumentMap as error:
        raise RemoteError(located_problems(f"{path}: {error.detail}", path, error.problems)) from None


def import_file(server: Server, path: Path, format: str, map_id: str, title: str | None) -> Answer:
    """Create a map on the server from an AIF or Argdown file, as ``POST /maps?format=``; its answer.

    Raises:
        RemoteError: the server refused (a 409 when the id is taken), or cannot be asked.
    """
    params = {"format": format, "id": map_id, **({"title": title} if title else {})}
    media = "application/json" if format == "aif" else "text/x-argdown; charset=utf-8"
    answer = server.request(
        "POST", "/maps", body=path.read_bytes(), headers={"Content-Type": media}, params=params
    )
    return server.expect(answer, 201, what=f"{path}: create {map_id!r} on {server.url}")


def export(server: Server, map_id: str, format: str) -> bytes:
    """The map ``map_id`` exported by the server in ``format``.

    Raises:
        RemoteError: no such map (404), an unknown format, or the server cannot be asked.
    """
    answer = server.request("GET", f"/maps/{map_id}/export", params={"format": format})
    return server.expect(answer, 200, what=f"export {map_id!r} from {server.url}").body


def delete(server: Server, map_id: str, if_match: str | None) -> str:
    """Delete the map ``map_id`` (at ``if_match``, or at the version read just before); the line to print.

    Raises:
        RemoteError: no such map, the token was refused, or the map changed since (412, with its ETag).
    """
    what = f"delete {map_id!r} from {server.url}"
    tag = if_match
    if tag is None:
        tag = server.expect(server.request("GET", f"/maps/{map_id}"), 200, what=what).headers.get("etag", "")
    answer = server.request("DELETE", f"/maps/{map_id}", headers={"If-Match": tag})
    server.expect(answer, 204, what=what, resource=f"/maps/{map_id}")
    return f"{map_id}: deleted from {server.url} (was {tag})"


def gaps_json(server: Server, map_id: str, semantics: str) -> bytes:
    """The server's gaps of ``map_id``, as its JSON body."""
    answer = server.request("GET", f"/maps/{map_id}/gaps", params={"semantics": semantics})
    return server.expect(answer, 200, what=f"gaps of {map_id!r} from {server.url}").body


def brief(server: Server, map_id: str, params: dict[str, str]) -> bytes:
    """The server's brief of ``map_id`` for ``params`` (side, format, root, semantics, top)."""
    answer = server.request("GET", f"/maps/{map_id}/brief", params=params)
    return server.expect(answer, 200, what=f"brief of {map_id!r} from {server.url}").body
