"""Sources as resources: a text stored on its own, its revisions, and its quotes re-anchored in a revision."""

from __future__ import annotations

import enum
from typing import Annotated

from msgspec import Meta

from schemas._accounts import Visibility
from schemas._base import Output, Struct
from schemas._map import Slug, Text

SourceText = Annotated[str, Meta(min_length=1, description="The whole text, exactly as published (UTF-8).")]


class AnchorStatus(enum.StrEnum):
    """Where a quote written against one revision of a source stands in a later revision.

    ``exact``: the same words at the same offsets. ``moved``: the same words, found once elsewhere (or where
    the text around them says they went). ``fuzzy``: close words (a typo fixed, a word changed), with their
    similarity. ``ambiguous``: the same words at several places the text around them cannot tell apart.
    ``orphaned``: nothing close enough is left.
    """

    EXACT = "exact"
    MOVED = "moved"
    FUZZY = "fuzzy"
    AMBIGUOUS = "ambiguous"
    ORPHANED = "orphaned"


class NewSource(Struct, kw_only=True, forbid_unknown_fields=True):
    """A source to store: its text and what a reader needs to find it (no id: one made from its title)."""

    title: Text
    text: SourceText
    id: Slug | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    outlet: str | None = None
    note: str | None = None
    """An editorial note about the source itself, e.g. an inconsistency in its dates."""
    visibility: Visibility | None = None
    """Who may read it until a map cites it (then readers of that map may too); as a new map's default."""


class NewRevision(Struct, kw_only=True, forbid_unknown_fields=True):
    """A corrected text of a stored source: its next revision."""

    text: SourceText
    change: Annotated[str, Meta(max_length=2000)] | None = None
    """What was corrected, in words (``typo in the second paragraph fixed``)."""


class SourceReceipt(Output, frozen=True, kw_only=True):
    """A source stored (or found stored exactly so): its id, its revision and the text's hash."""

    id: str
    revision: int
    content_hash: str
    """``sha256:`` and the SHA-256 of the text's UTF-8 bytes, in hex."""
    length: int
    """The text's length in characters (what quote offsets count)."""
    created: bool
    """False when the identical source or revision was already stored (the answer is the same)."""


class RevisionEntry(Output, frozen=True, kw_only=True):
    """One revision of a source's text."""

    number: int
    content_hash: str
    length: int
    created: str | None = None
    """When it was stored (ISO 8601); none for a first text stored by a map's write before revisions."""
    author: str | None = None
    change: str | None = None


class QuoteAnchor(Output, frozen=True, kw_only=True):
    """One quote of one map, re-anchored from the revision the map cites into the latest one."""

    map_id: str
    map_version: int
    node_id: str
    quote: int
    """The quote's index among its node's quotes."""
    text: str
    """The quoted words, as the map has them."""
    cited_revision: int
    status: AnchorStatus
    old_start: int
    old_end: int
    new_start: int | None = None
    new_end: int | None = None
    new_text: str | None = None
    """The latest revision's words at the new place (differs from ``text`` when ``fuzzy``)."""
    similarity: float
    """1 for the same words; the closeness of ``new_text`` to ``text`` otherwise (0 when orphaned)."""
    candidates: list[int] = []
    """When ambiguous: every start where the words occur in the latest revision."""
    before: str = ""
    after: str = ""
    """Context either side of the new place in the latest revision (of the old place, when orphaned)."""


class AnchorReport(Output, frozen=True, kw_only=True):
    """Every quote of every map the caller may read citing a source, checked against its latest revision."""

    source_id: str
    latest_revision: int
    counts: dict[str, int]
    """Quotes per status."""
    anchors: list[QuoteAnchor]
