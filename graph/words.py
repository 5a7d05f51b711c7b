"""Counts in words that agree with their number, for the messages people read."""

from __future__ import annotations

__all__ = ["counted", "counted_kind"]

_KIND_NOUNS = {"thesis": ("thesis", "theses"), "evidence": ("piece of evidence", "pieces of evidence")}
"""Node kinds whose noun is not the kind's name with an ``s``."""


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` followed by the noun in the form that agrees with it.

    Args:
        count: how many.
        singular: the noun for one.
        plural: the noun for any other count; ``singular`` with an ``s`` when not given.

    Returns:
        The count and the noun, as ``"1 problem"`` or ``"2 problems"``.

    Examples:
        >>> counted(1, "problem"), counted(0, "problem"), counted(3, "thesis", "theses")
        ('1 problem', '0 problems', '3 theses')
    """
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def counted_kind(count: int, kind: str) -> str:
    """``count`` nodes of ``kind`` (a ``schemas.NodeKind`` value) in words.

    Examples:
        >>> counted_kind(4, "thesis"), counted_kind(1, "evidence"), counted_kind(2, "counterpoint")
        ('4 theses', '1 piece of evidence', '2 counterpoints')
    """
    singular, plural = _KIND_NOUNS.get(kind, (kind, kind + "s"))
    return counted(count, singular, plural)
