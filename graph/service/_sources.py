"""Sources as resources: stored on their own, read, revised, and their quotes re-anchored in a revision.

A source is readable by whoever may read a map citing it, and, as a resource of its own, as its visibility
says (its owner, their group, or anyone). A stored text never changes: a correction is the next revision.
A map keeps citing the revision it was written against; the anchors report tells where each of its quotes
stands in the latest revision, and the map's owner re-cites the latest by writing the map again with it.
"""

from __future__ import annotations

import datetime

from graph.accounts import ANONYMOUS, MapAccess, Principal, default_visibility, may_write
from graph.errors import Conflict, Forbidden, InvalidQuery, NotFound
from graph.service._access import MapAccessRules, owner_of
from graph.sources import StoredSource, anchor_report, quote_anchors, source_id_of
from schemas import (
    AnchorReport,
    NewRevision,
    NewSource,
    QuoteAnchor,
    RevisionEntry,
    Role,
    Source,
    SourceDetail,
    SourceReceipt,
    SourceSpan,
    Visibility,
)

SPAN_CONTEXT = 120


class MapSources(MapAccessRules):
    """Stored sources: post, read (whole, a span, a revision), revise, and the anchors report."""

    async def source(
        self,
        source_id: str,
        *,
        caller: Principal = ANONYMOUS,
        start: int | None = None,
        end: int | None = None,
        revision: int | None = None,
    ) -> SourceDetail | SourceSpan:
        """A source with its latest text (or revision ``revision``), or with ``start`` and ``end`` one span.

        A source is as visible as the maps that cite it, and as its own visibility when it was stored on its
        own: one ``caller`` may read neither way is not found, and the maps listed are those they may read.

        Raises:
            NotFound: no such source (or revision), or none ``caller`` may read.
            InvalidQuery: a span that is not inside the text (or only one end given).
        """
        stored, maps = await self._readable_source(source_id, caller)
        shown = stored.latest if revision is None else stored.revision(revision)
        if shown is None:
            raise NotFound(
                f"source {source_id!r} has no revision {revision}: its revisions are 1 to "
                f"{stored.latest.number}"
            )
        text = shown.text
        if start is None and end is None:
            source = stored.source
            return SourceDetail(
                id=source.id,
                title=source.title,
                length=len(text),
                maps=maps,
                text=text,
                outlet=source.outlet,
                author=source.author,
                published=source.published,
                url=source.url,
                note=source.note,
                revision=shown.number,
                revisions=[
                    RevisionEntry(
                        number=r.number,
                        content_hash=r.content_hash,
                        length=len(r.text),
                        created=r.created,
                        author=r.author,
                        change=r.change,
                    )
                    for r in stored.revisions
                ],
            )
        if start is None or end is None or not 0 <= start < end <= len(text):
            raise InvalidQuery(
                f"the span must satisfy 0 <= start < end <= {len(text)} (got start={start}, end={end}); "
                "give both start and end for a span, or neither for the whole text"
            )
        return SourceSpan(
            source_id=stored.id,
            start=start,
            end=end,
            text=text[start:end],
            before=text[max(0, start - SPAN_CONTEXT) : start],
            after=text[end : end + SPAN_CONTEXT],
        )

    async def store_source(self, new: NewSource, *, actor: Principal) -> SourceReceipt:
        """Store a source on its own, as ``actor``; posting the identical source again changes nothing.

        Its id is ``new.id``, else made from its title. Its visibility is as a new map's by ``actor``
        unless given.

        Raises:
            Conflict: a source of that id is stored with other content (the message says which field
                differs, and where the texts part; only the id is named to one who may not read it).
        """
        source = Source(
            id=new.id or source_id_of(new.title),
            title=new.title,
            outlet=new.outlet,
            author=new.author,
            published=new.published,
            url=new.url,
            text=new.text,
            note=new.note,
        )
        try:
            existing: StoredSource | None = await self.store.stored_source(source.id)
        except NotFound:
            existing = None
        if (
            existing is not None
            and existing.revision_of(source) is None
            and not await self.may_read_source(actor, existing)
        ):
            raise Conflict(f"the source id {source.id!r} is taken: give yours another id")
        owner, group = owner_of(actor)
        stored, revision, created = await self.store.add_source(
            source,
            owner=owner,
            group=group,
            visibility=new.visibility or default_visibility(actor),
            stored_by=actor.author_name,
            when=_now(),
        )
        shown = stored.revision(revision) or stored.latest
        return SourceReceipt(
            id=stored.id,
            revision=shown.number,
            content_hash=shown.content_hash,
            length=len(shown.text),
            created=created,
        )

    async def revise_source(self, source_id: str, new: NewRevision, *, actor: Principal) -> SourceReceipt:
        """Keep a corrected text as the source's next revision; the latest text again adds none.

        The source's owner, their group's editors and admins revise it (a source stored by no one in
        particular, such as one loaded with a map by the command line, only admins).

        Raises:
            NotFound: no such source, or none ``actor`` may read.
            Forbidden: ``actor`` may read the source but not revise it.
        """
        stored, _maps = await self._readable_source(source_id, actor)
        access = MapAccess(owner=stored.owner, group=stored.group, visibility=Visibility.PRIVATE)
        if actor.role is not Role.ADMIN and not may_write(actor, access):
            raise Forbidden(
                f"you may read source {source_id!r} but not revise it: whoever stored it, their group's "
                "editors and admins do"
            )
        revised, created = await self.store.add_source_revision(
            source_id, new.text, author=actor.author_name, when=_now(), change=new.change
        )
        return SourceReceipt(
            id=revised.id,
            revision=revised.latest.number,
            content_hash=revised.latest.content_hash,
            length=len(revised.latest.text),
            created=created,
        )

    async def source_anchors(self, source_id: str, *, caller: Principal = ANONYMOUS) -> AnchorReport:
        """Every quote of every map ``caller`` may read citing the source, re-anchored in its latest revision.

        Each quote is compared from the revision its map cites (the text it was written against) to the
        latest: exact, moved, fuzzy (with its similarity), ambiguous or orphaned. Nothing is written.

        Raises:
            NotFound: no such source, or none ``caller`` may read.
        """
        stored, maps = await self._readable_source(source_id, caller)
        latest = stored.latest
        anchors: list[QuoteAnchor] = []
        for map_id in maps:
            graph = await self.graph(map_id)
            cited = stored.cited_as(map_id) or 1
            old = graph.sources[source_id].text if source_id in graph.sources else None
            anchors += await self.pool.run(
                quote_anchors,
                graph.document,
                graph.version,
                source_id,
                cited,
                old or "",
                latest.text,
            )
        return anchor_report(source_id, latest.number, anchors)

    async def _readable_source(self, source_id: str, caller: Principal) -> tuple[StoredSource, list[str]]:
        """The source and the maps citing it that ``caller`` may read; NotFound when they may read none."""
        stored = await self.store.stored_source(source_id)
        cited_by = [map_id for map_id, _revision in stored.citations]
        readable = await self.readable(caller)
        maps = cited_by if readable is None else [m for m in cited_by if m in set(readable)]
        if not maps and not await self.may_read_source(caller, stored):
            raise NotFound(f"there is no source {source_id!r}")
        return stored, maps


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
