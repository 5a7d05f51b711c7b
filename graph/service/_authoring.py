"""Writing maps over HTTP as one writes them on disk: sources cited by id, and Argdown read by its parser."""

from __future__ import annotations

from typing import Any

from graph.document import sources_to_cite
from graph.errors import InvalidArgumentMap, NotFound
from graph.export import AifImport, from_argdown, parse_argdown_text
from graph.service._reads import MapReads
from schemas import Problem

# One read of the store each: a map cites a handful of sources; any beyond these are told to send their text.
MAX_CITED = 100
# Node.js starting and loading the Argdown parser takes a few seconds on its own.
ARGDOWN_DEADLINE_S = 60.0


class MapAuthoring(MapReads):
    """The steps of a write that read stored sources or run the Argdown parser, in the worker pool."""

    async def cited_texts(self, body: bytes, media: str) -> dict[str, str]:
        """The stored texts of the sources a map document body names by ``text_file`` alone, by id.

        A body carries no files: its ``text_file`` sources can only be sources already stored (cited by
        another map). Those not stored (and any past the first ``MAX_CITED``) are left out; decoding then says
        to send the text or cite one.
        """
        if b"text_file" not in body:
            return {}
        texts: dict[str, str] = {}
        for source_id in (await self.pool.run(_sources_to_cite, body, media))[:MAX_CITED]:
            try:
                stored = await self.store.stored_source(source_id)
            except NotFound:
                continue
            texts[source_id] = stored.latest.text
        return texts

    async def read_argdown(self, body: bytes, *, map_id: str, title: str | None) -> AifImport:
        """A map document read from an Argdown body by the official parser, as ``argmap load`` reads a file.

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
        return await self.pool.run(_from_argdown, parsed, map_id, title)


def _sources_to_cite(body: bytes, media: str) -> list[str]:
    return sources_to_cite(body, media=media)


def _from_argdown(parsed: dict[str, Any], map_id: str, title: str | None) -> AifImport:
    return from_argdown(parsed, map_id=map_id, title=title)
