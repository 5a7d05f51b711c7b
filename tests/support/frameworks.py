"""Small frameworks from the scoring specification that several test modules use."""

from __future__ import annotations

from graph.scoring import QBAF, Edge


def stock_example(root: str | None = None) -> QBAF:
    """EX4: the cyclic stock example, where Buy and Sell attack each other."""
    return QBAF.build(
        {"Buy": 0.5, "Sell": 0.5, "1": 0.8, "2": 0.7, "3": 0.3, "4": 0.9, "5": 0.9},
        [
            Edge("1", "Sell", "support"),
            Edge("2", "Buy", "support"),
            Edge("4", "2", "support"),
            Edge("5", "Buy", "support"),
            Edge("Buy", "Sell", "attack"),
            Edge("Sell", "Buy", "attack"),
            Edge("2", "1", "attack"),
            Edge("3", "2", "attack"),
            Edge("4", "3", "attack"),
            Edge("5", "1", "attack"),
        ],
        root=root,
    )
