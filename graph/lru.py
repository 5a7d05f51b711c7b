"""The one bounded map every cache of the project uses: least recently used out first, by count and by size.

Example:
    >>> kept: LRU[bytes] = LRU(capacity=2, size=len, max_size=10)
    >>> kept.put("a", b"1234"); kept.put("b", b"5678"); kept.get("a")
    b'1234'
    >>> kept.put("c", b"90")  # over the count: "b", least recently used, goes
    >>> sorted(kept.keys()), kept.total_size
    (['a', 'c'], 6)
    >>> kept.put("huge", b"x" * 11)  # larger than the whole bound: not kept, nothing else dropped
    >>> sorted(kept.keys())
    ['a', 'c']
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

V = TypeVar("V")


class LRU(Generic[V]):
    """A map bounded by entries, and by total size when ``size`` is given, forgetting the least recent first.

    Bodies range from a few hundred bytes to a few hundred kilobytes, so a count alone would not bound a
    worker's memory: a sized LRU counts both.
    """

    def __init__(self, capacity: int, size: Callable[[V], int] | None = None, max_size: int = 0) -> None:
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._capacity = capacity
        self._size = size
        self._max_size = max_size
        self._total = 0

    def get(self, key: Hashable) -> V | None:
        """The value under ``key`` (now the most recently used), or None."""
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: Hashable, value: V) -> None:
        """Keep ``value`` under ``key``, forgetting the least recently used entries beyond the bounds.

        A value larger than the whole size bound is not kept (it would push out everything else).
        """
        weight = self._size(value) if self._size else 0
        if self._size and weight > self._max_size:
            return
        if key in self._items:
            self._forget(key)
        self._items[key] = value
        self._total += weight
        while len(self._items) > self._capacity or (self._size and self._total > self._max_size):
            self._forget(next(iter(self._items)))

    def pop(self, key: Hashable) -> V | None:
        """Remove and return the value under ``key``, or None."""
        if key not in self._items:
            return None
        value = self._items[key]
        self._forget(key)
        return value

    def drop(self, predicate: Callable[[Hashable], bool]) -> None:
        """Forget every entry whose key satisfies ``predicate``."""
        for key in [key for key in self._items if predicate(key)]:
            self._forget(key)

    def keys(self) -> Iterator[Hashable]:
        """The keys, least recently used first."""
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    @property
    def total_size(self) -> int:
        """The summed size of the entries (0 when unsized)."""
        return self._total

    def _forget(self, key: Hashable) -> None:
        value = self._items.pop(key)
        self._total -= self._size(value) if self._size else 0
