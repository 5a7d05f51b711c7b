"""How a serving process runs Python: tuning that belongs to a worker, not to the app object tests build.

The cyclic garbage collector's defaults (a young collection every 700 allocations) suit scripts, not a server
that keeps map versions, evaluations and encoded bodies in memory: a large request (a 10,000-argument QBAF
decodes into some 100,000 objects) then sets off full collections that walk the whole cache, and every
request waiting on the event loop pays for them. Collecting young objects every ``threshold`` allocations
instead keeps those pauses rare; reference counting still frees everything that is not a cycle at once.

Example:
    >>> import gc
    >>> saved = gc.get_threshold()
    >>> tune_collector(50_000)
    >>> gc.get_threshold()[0]
    50000
    >>> tune_collector(0)  # 0 leaves Python's thresholds as they are
    >>> gc.get_threshold()[0]
    50000
    >>> gc.set_threshold(*saved)
"""

from __future__ import annotations

import gc


def tune_collector(threshold: int) -> None:
    """Collect young objects every ``threshold`` allocations (0: keep the interpreter's thresholds)."""
    if threshold > 0:
        _young, middle, old = gc.get_threshold()
        gc.set_threshold(threshold, middle, old)
