"""Start-up warming: the first maps read and scored before the server answers, so no reader pays for it.

A server's first request used to read its map from Neo4j, open the driver's first connections and score the
map: over a second for the essay. Warming does that once at start, for the first ``maps`` maps by id,
within a time budget, and leaves the results in the per-version caches every request reads.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.service._service import MapService

WARM_MAPS = 20
"""Maps warmed at start unless the settings say otherwise (``ARGMAP_WARM_MAPS``; 0 turns warming off)."""
WARM_BUDGET_S = 15.0
"""The longest start-up waits for warming: past it, the server answers and the rest is read on demand."""


@dataclass(frozen=True, slots=True)
class Warmed:
    """What warming did."""

    maps: int
    seconds: float


async def warm_up(service: MapService, *, maps: int) -> Warmed:
    """Read, score and describe the first ``maps`` maps (the current version, default scoring options).

    Each map's version, document, evaluation, spread and detail are left in the service's caches, exactly
    as the first request for them would leave them; nothing is written.
    """
    started = time.perf_counter()
    entries = await service.store.list_maps(limit=maps) if maps else []
    for entry in entries:
        graph, evaluation = await service.evaluation(entry.id)
        await service.spread(graph, evaluation)  # the scores, the tree and the brief all give it
        await service.detail(entry.id)
    return Warmed(maps=len(entries), seconds=time.perf_counter() - started)
