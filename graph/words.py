"""Counts in words that agree with their number, for the messages people read."""

from __future__ import annotations

__all__ = ["counted"]


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
