"""What a conditional write expects of a map's version: one version, any of several (an ``If-Match`` list)."""

from __future__ import annotations

from graph.errors import StaleVersion

Expected = int | frozenset[int] | None
"""None: no condition; an int: exactly that version; a set: any of those versions."""


def require_version(map_id: str, version: int, expected: Expected) -> None:
    """Pass when ``version`` is what ``expected`` allows.

    Raises:
        StaleVersion: the map is at another version.

    Example:
        >>> require_version("pets", 3, frozenset({2, 3}))
        >>> require_version("pets", 3, 2)
        Traceback (most recent call last):
        ...
        graph.errors.StaleVersion: map 'pets' is at version 3, not 2
    """
    if expected is None:
        return
    allowed = {expected} if isinstance(expected, int) else expected
    if version not in allowed:
        wanted = " or ".join(str(v) for v in sorted(allowed))
        raise StaleVersion(f"map {map_id!r} is at version {version}, not {wanted}")
