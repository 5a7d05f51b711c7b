"""Writing maps over HTTP as one writes them on disk: sources cited by id, and Argdown read by its parser."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graph.accounts import Principal
from graph.document import sources_to_cite
from graph.errors import InvalidArgumentMap
from graph.export import (
    AifImport,
    argdown_cited_sources,
    from_argdown,
    parse_argdown_file,
    parse_argdown_text,
)
from graph.service._access import MapAccessRules
from schemas import Problem

# A stored source as an Argdown import cites it: every field, by id.
Cited = dict[str, str | Mapping[str, Any]]

# One read of the store each: a map cites a handful of sources; any beyond these are told to send their text.
MAX_CITED = 100
# Node.js starting and loading the Argdown parser takes a few seconds on its own.
ARGDOWN_DEADLINE_S = 60.0


class MapAuthoring(MapAccessRules):
    """The steps of a write that read stored sources or run the Argdown parser, in the worker pool."""

    async def cited_sources(
        self, body: bytes, media: str, *, caller: Principal | None = None
    ) -> dict[str, str | Mapping[str, Any]]:
        """Every field of the latest revision of each stored source a body cites by ``text_file`` or ``id``.

        With ``caller``, only the sources they may read are cited: another's private text is not theirs to
        quote. Those left out are reported by decoding, as sources the server does not store.
        """
        if b"text_file" not in body and b"id" not in body:
            return {}
        named = await self.pool.run(_sources_to_cite, body, media)
        return await self.stored_citations(named[:MAX_CITED], caller)

    async def read_argdown(
        self, body: bytes, *, map_id: str, title: str | None, caller: Principal | None = None
    ) -> AifImport:
        """A map document read from an Argdown body by the official parser, as ``argmap load`` reads a file.

        Quotes keep their source when the front matter gives its text or it is a stored source that
        ``caller`` may read.

        Raises:
            ArgdownUnavailable: the parser cannot run here.
            InvalidArgumentMap: the body is not UTF-8, the parser found errors (each with its line), or the
                document does not make a valid map.
        """
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as error:
            message = f"the Argdown body is not UTF-8: byte 0x{body[error.start]:02x} at byte {error.start}"
            raise InvalidArgumentMap(message, [Problem(path="$", message=message, code="not-utf8")]) from None
        parsed = await self.pool.run(parse_argdown_text, text, deadline_s=ARGDOWN_DEADLINE_S)
        # Without a caller no stored source is cited: whose private text could be quoted is unknown.
        cited = await self._argdown_cited(parsed, caller) if caller is not None else {}
        return await self.pool.run(_from_argdown, parsed, map_id, title, None, cited, text)

    async def read_argdown_file(self, path: Path, *, map_id: str, title: str | None) -> AifImport:
        """A map document read from an Argdown file by the official parser (Node.js, ``make argdown``).

        A source's ``text_file`` in the front matter is read next to the file; a source it does not give the
        text of may be a stored one.

        Raises:
            ArgdownUnavailable: the parser cannot run here.
            InvalidArgumentMap: the parser found errors, or the document does not make a valid map.
            OSError: the file cannot be read.
        """
        parsed = await self.pool.run(parse_argdown_file, path, deadline_s=ARGDOWN_DEADLINE_S)
        cited = await self._argdown_cited(parsed, None)
        text = path.read_bytes().decode("utf-8", errors="replace")
        return await self.pool.run(_from_argdown, parsed, map_id, title, path.parent, cited, text)

    async def _argdown_cited(self, parsed: dict[str, Any], caller: Principal | None) -> Cited:
        """The stored sources an Argdown document cites without their text (those ``caller`` may read)."""
        return await self.stored_citations(argdown_cited_sources(parsed)[:MAX_CITED], caller)


def _sources_to_cite(body: bytes, media: str) -> list[str]:
    return sources_to_cite(body, media=media)


def _from_argdown(
    parsed: dict[str, Any], map_id: str, title: str | None, base: Path | None, cited: Cited, text: str
) -> AifImport:
    return from_argdown(parsed, map_id=map_id, title=title, base=base, cited=cited, text=text)
