"""A stored source as the store holds it: its metadata, its texts (revisions 1 to n), who cites which. Pure.

A stored text never changes: a corrected text is the next revision. A map cites the revision whose text it
was written against, found by the text itself, so a map written before the correction keeps citing the
text it quotes, and one written after cites the new one.

Example:
    >>> first = Source(id="essay", title="Essay", text="One. Two.")
    >>> stored = StoredSource(source=first, revisions=(Revision(1, "One. Two."), Revision(2, "One. Too.")))
    >>> stored.latest.number, stored.revision_of(first), stored.revision_of(with_text(first, "One. Too."))
    (2, 1, 2)
    >>> stored.revision_of(with_text(first, "Three.")) is None
    True
    >>> stored.revision_of(msgspec.structs.replace(first, title="Other")) is None  # metadata differs
    True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import msgspec

from graph.accounts import MapAccess
from schemas import Source, Visibility


def content_hash(text: str) -> str:
    """``sha256:`` and the SHA-256 of ``text``'s UTF-8 bytes, in hex: what a client can compute itself.

    Example:
        >>> content_hash("")
        'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    """
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def source_id_of(title: str) -> str:
    """The id a source stored without one takes: its title's ASCII letters and digits, joined by hyphens.

    The same title always makes the same id, so posting one source twice finds it stored.

    Example:
        >>> source_id_of("Import AI 455: Automating AI"), source_id_of("Ça va ?"), source_id_of("李雷")
        ('import-ai-455-automating-ai', 'ca-va', 'source')
    """
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_title.replace("'", ""))
    return "-".join(words)[:80].strip("-") or "source"


def with_text(source: Source, text: str | None) -> Source:
    """``source`` with another text (and no ``text_file``)."""
    return msgspec.structs.replace(source, text=text, text_file=None)


PER_MAP = ("reports_on", "written_by")
"""Fields of a source that name one map's own sources and speakers: each map citing it keeps its own."""


def metadata(source: Source) -> Source:
    """What a source says besides its text, shared by every map citing it: compared between copies of it.

    Example:
        >>> first = Source(id="s", title="Essay", text="One.", written_by="reporter")
        >>> metadata(first) == metadata(Source(id="s", title="Essay", text="Two."))
        True
    """
    return msgspec.structs.replace(source, text=None, text_file=None, reports_on=None, written_by=None)


def own_fields(source: Source) -> dict[str, str | None]:
    """The fields of ``source`` its map keeps for itself (``PER_MAP``)."""
    return {name: getattr(source, name) for name in PER_MAP}


@dataclass(frozen=True, slots=True)
class Revision:
    """One text of a source: revision 1 is the first stored."""

    number: int
    text: str
    created: str | None = None
    author: str | None = None
    change: str | None = None

    @property
    def content_hash(self) -> str:
        """The text's ``sha256:`` hash."""
        return content_hash(self.text)


@dataclass(frozen=True, slots=True)
class StoredSource:
    """A source with every revision of its text and the maps that cite it (with the revision each cites)."""

    source: Source
    """The metadata, with the first revision's text."""
    revisions: tuple[Revision, ...]
    """Revisions 1 to n, in order."""
    citations: tuple[tuple[str, int], ...] = ()
    """(map id, revision cited) for every map citing the source, by map id."""
    owner: str | None = None
    """Who stored it first (by ``POST /sources`` or a map's write)."""
    group: str | None = None
    visibility: Visibility | None = None
    """Who may read it besides the readers of the maps citing it; None: only those readers."""
    stored: bool = False
    """Stored as a resource (posted, or revised): kept when no map cites it."""

    @property
    def id(self) -> str:
        """The source's id."""
        return self.source.id

    @property
    def latest(self) -> Revision:
        """The newest revision."""
        return self.revisions[-1]

    def revision(self, number: int) -> Revision | None:
        """Revision ``number``, if there is one."""
        return self.revisions[number - 1] if 1 <= number <= len(self.revisions) else None

    def revision_of(self, source: Source) -> int | None:
        """The newest revision ``source`` is a copy of (the same metadata and text), else None."""
        if metadata(source) != metadata(self.source):
            return None
        text = source.text or ""
        return next((r.number for r in reversed(self.revisions) if r.text == text), None)

    def shared_beyond(self, map_id: str) -> bool:
        """Whether the source is more than ``map_id``'s own copy: stored, revised, or cited by another map.

        A source only one map cites, never stored on its own, changes with that map (as before sources were
        resources); any other is cited as it is stored.
        """
        return self.stored or len(self.revisions) > 1 or any(m != map_id for m, _r in self.citations)

    @property
    def access(self) -> MapAccess | None:
        """Who may read it as a resource of its own (None: only readers of the maps citing it)."""
        if self.visibility is None:
            return None
        return MapAccess(owner=self.owner, group=self.group, visibility=self.visibility)

    def cited_as(self, map_id: str) -> int | None:
        """The revision ``map_id`` cites, if it cites the source."""
        return next((revision for m, revision in self.citations if m == map_id), None)
