"""The edge type of the generic QBAF input."""

from dataclasses import dataclass
from typing import Literal

Polarity = Literal["attack", "support"]


@dataclass(frozen=True, slots=True)
class Edge:
    """A directed edge: ``source`` supports or attacks ``target``.

    Attributes:
        source: Id of the supporting/attacking argument.
        target: Id of the argument it acts on.
        polarity: ``"support"`` or ``"attack"``.
        weight: In (0, 1]; scales the source's strength in the target's aggregation (1 = plain QBAF).
    """

    source: str
    target: str
    polarity: Polarity
    weight: float = 1.0
