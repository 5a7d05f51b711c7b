"""``SourceRecords``: ``Neo4jStore``'s half that keeps sources stored on their own and their revisions.

A source node keeps its metadata and its first text; each later text is a ``SourceRevision`` node beside it
(``REVISED_AS``), never changed once written. A map's ``CITES`` relationship names the revision it cites.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.errors import NotFound
from graph.sources import Revision, StoredSource, with_text
from graph.store import _codec, _source_cypher
from graph.store._conflicts import stored_source_conflict
from graph.store._cypher import SOURCE_STATES
from graph.store._part import StorePart
from schemas import MapDocument, Source, Visibility


class SourceRecords(StorePart):
    """The source methods of ``Neo4jStore``, which supplies ``_session`` and ``_write``."""

    async def stored_source(self, source_id: str) -> StoredSource:
        """A source with every revision of its text and the maps citing it (each with its revision).

        Raises:
            NotFound: there is no such source.
        """
        rows = await self._rows(SOURCE_STATES, source_ids=[source_id])
        if not rows or rows[0]["source"].get("doc") is None:
            raise NotFound(f"there is no source {source_id!r}")
        return stored_from_row(rows[0])

    async def add_source(
        self,
        source: Source,
        *,
        owner: str | None,
        group: str | None,
        visibility: Visibility,
        stored_by: str,
        when: str,
    ) -> tuple[StoredSource, int, bool]:
        """Store a source on its own: the source as stored, the revision ``source`` is, and if it is new.

        The identical source (the same metadata, and the text of one of its revisions) is no change.

        Raises:
            Conflict: a source of that id is stored with other content (the message says what differs).
        """
        return await self._write(_add_source_tx, source, owner, group, visibility, stored_by, when)

    async def add_source_revision(
        self, source_id: str, text: str, *, author: str, when: str, change: str | None
    ) -> tuple[StoredSource, bool]:
        """Keep ``text`` as the source's next revision: the source after, and if a revision was added.

        A text equal to the latest revision's adds none.

        Raises:
            NotFound: there is no such source.
        """
        return await self._write(_add_revision_tx, source_id, text, author, when, change)


async def source_states(tx: AsyncManagedTransaction, source_ids: list[str]) -> dict[str, StoredSource]:
    """The stored sources among ``source_ids``, whole, by id (inside a map's write)."""
    result = await tx.run(SOURCE_STATES, source_ids=source_ids)
    rows = [record.data() async for record in result]
    return {row["source"]["id"]: stored_from_row(row) for row in rows if row["source"].get("doc") is not None}


def stored_from_row(row: Mapping[str, Any]) -> StoredSource:
    """The ``StoredSource`` of one ``SOURCE_STATES`` row."""
    node = row["source"]
    source = _codec.source_from_row(node)
    first = Revision(1, source.text or "", node.get("created"), node.get("stored_by"))
    later = tuple(
        Revision(int(r["number"]), r["text"], r.get("created"), r.get("author"), r.get("change"))
        for r in row["revisions"]
    )
    visibility = node.get("visibility")
    return StoredSource(
        source=source,
        revisions=(first, *later),
        citations=tuple((c["map"], int(c["revision"])) for c in row["citations"]),
        owner=node.get("owner"),
        group=node.get("owner_group"),
        visibility=Visibility(visibility) if visibility else None,
        stored=bool(node.get("stored")),
    )


async def _add_source_tx(
    tx: AsyncManagedTransaction,
    source: Source,
    owner: str | None,
    group: str | None,
    visibility: Visibility,
    stored_by: str,
    when: str,
) -> tuple[StoredSource, int, bool]:
    await tx.run(_source_cypher.CLAIM_SOURCE, source_id=source.id)
    stored = (await source_states(tx, [source.id])).get(source.id)
    if stored is None:
        props = _codec.source_rows(_one_source(source))[0]["props"]
        await tx.run(
            _source_cypher.CREATE_SOURCE,
            source_id=source.id,
            props=props,
            owner=owner,
            group=group,
            visibility=visibility.value,
            when=when,
            stored_by=stored_by,
        )
        created = StoredSource(
            source=source,
            revisions=(Revision(1, source.text or "", when, stored_by),),
            owner=owner,
            group=group,
            visibility=visibility,
            stored=True,
        )
        return created, 1, True
    revision = stored.revision_of(source)
    if revision is None:
        raise stored_source_conflict(stored, source)
    await tx.run(_source_cypher.KEEP_SOURCE, source_id=source.id)
    return stored, revision, False


async def _add_revision_tx(
    tx: AsyncManagedTransaction, source_id: str, text: str, author: str, when: str, change: str | None
) -> tuple[StoredSource, bool]:
    if await (await tx.run(_source_cypher.LOCK_SOURCE, source_id=source_id)).single() is None:
        raise NotFound(f"there is no source {source_id!r}")
    stored = (await source_states(tx, [source_id])).get(source_id)
    if stored is None:
        raise NotFound(f"there is no source {source_id!r}")
    if stored.latest.text == text:
        return stored, False
    number = stored.latest.number + 1
    text_hash = _codec.source_rows(_one_source(with_text(stored.source, text)))[0]["props"]["text_hash"]
    await tx.run(
        _source_cypher.ADD_REVISION,
        source_id=source_id,
        number=number,
        text=text,
        text_hash=text_hash,
        when=when,
        author=author,
        change=change,
    )
    revised = StoredSource(
        source=stored.source,
        revisions=(*stored.revisions, Revision(number, text, when, author, change)),
        citations=stored.citations,
        owner=stored.owner,
        group=stored.group,
        visibility=stored.visibility,
        stored=True,
    )
    return revised, True


def _one_source(source: Source) -> MapDocument:
    return MapDocument(id="source", title=source.title, sources=[source], speakers=[], nodes=[])
