"""Validation of QBAF inputs (spec §1), collecting every problem before failing."""

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from graph.scoring._edge import Edge
from graph.scoring._errors import InvalidQBAF
from schemas import QBAFProblem

ATTACK = 0
SUPPORT = 1
POLARITY_NAMES = ("attack", "support")


@dataclass(frozen=True, slots=True)
class EdgeInput:
    """Edge columns before validation; ``path(i)`` names edge ``i`` in messages."""

    sources: Sequence[str]
    targets: Sequence[str]
    polarity: NDArray[np.int8]
    weight: NDArray[np.float64]
    path: Callable[[int], str]


@dataclass(frozen=True, slots=True)
class CleanEdges:
    """Validated, de-duplicated edges as index arrays."""

    src: NDArray[np.int64]
    tgt: NDArray[np.int64]
    polarity: NDArray[np.int8]
    weight: NDArray[np.float64]


def check_score(value: object) -> str | None:
    """Say what is wrong with a base score, if anything.

    Args:
        value: A candidate base score.

    Returns:
        A message, or None when the value is a finite number in [0, 1].
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"base score must be a number, got {type(value).__name__}"
    if not math.isfinite(value):
        return f"base score must be finite, got {value}"
    if not 0.0 <= value <= 1.0:
        return f"base score must be in [0, 1], got {value}"
    return None


def check_arguments(arguments: Mapping[Any, object], problems: list[QBAFProblem]) -> NDArray[np.float64]:
    """Validate base scores, appending problems.

    Args:
        arguments: Base score by argument id (untrusted: ids and scores are checked).
        problems: List to append to.

    Returns:
        The scores as an array (invalid ones replaced by 0).
    """
    values = list(arguments.values())
    # A decoded body holds str ids and float scores: check those in bulk, and go one by one (to say what is
    # wrong with each) only when something is.
    if all(type(key) is str for key in arguments) and all(type(value) is float for value in values):
        scores = np.array(values, dtype=np.float64)
        if bool(np.all(np.isfinite(scores) & (scores >= 0.0) & (scores <= 1.0))):
            return scores
    scores = np.zeros(len(arguments), dtype=np.float64)
    for i, (key, value) in enumerate(arguments.items()):
        if not isinstance(key, str):
            problems.append(QBAFProblem(path=f"arguments.{key}", message="argument id must be a string"))
            continue
        message = check_score(value)
        if message is None:
            scores[i] = float(value)  # type: ignore[arg-type]
        else:
            problems.append(QBAFProblem(path=f"arguments.{key}", message=message))
    return scores


def check_edges(index: Mapping[str, int], edges: EdgeInput, problems: list[QBAFProblem]) -> CleanEdges:
    """Validate edges (known ends, weights, no self-loop, disjoint relations) and collapse duplicates.

    Args:
        index: Position of every argument id.
        edges: The edges to check.
        problems: List to append to.

    Returns:
        The valid edges, each ordered pair once.
    """
    unknown = itertools.repeat(-1)
    # map() over dict.get runs the lookups without a Python frame per edge: a third of a large body's checks.
    src = np.fromiter(map(index.get, edges.sources, unknown), dtype=np.int64, count=len(edges.sources))
    tgt = np.fromiter(map(index.get, edges.targets, unknown), dtype=np.int64, count=len(edges.targets))
    weight, polarity = edges.weight, edges.polarity
    bad_weight = ~(np.isfinite(weight) & (weight > 0.0) & (weight <= 1.0))
    bad = (src < 0) | (tgt < 0) | (src == tgt) | bad_weight
    for i in np.flatnonzero(bad).tolist():
        where = edges.path(i)
        for end, value in (("source", edges.sources[i]), ("target", edges.targets[i])):
            if value not in index:
                problems.append(QBAFProblem(path=where, message=f"unknown {end} argument {value!r}"))
        if src[i] >= 0 and src[i] == tgt[i]:
            problems.append(QBAFProblem(path=where, message=f"self-loop on {edges.sources[i]!r}"))
        if bad_weight[i]:
            problems.append(QBAFProblem(path=where, message=f"weight must be in (0, 1], got {weight[i]}"))
    keep = np.flatnonzero(~bad)
    n = max(len(index), 1)
    pair = src[keep] * n + tgt[keep]
    order = np.argsort(pair, kind="stable")
    pair_sorted = pair[order]
    first = np.ones(pair_sorted.size, dtype=np.bool_)
    first[1:] = pair_sorted[1:] != pair_sorted[:-1]
    group = np.cumsum(first) - 1
    rows = keep[order]
    # A pair listed twice is fine only with the same polarity and weight.
    lead = rows[first][group]
    clash = (polarity[rows] != polarity[lead]) | (weight[rows] != weight[lead])
    for row, head in zip(rows[clash].tolist(), lead[clash].tolist(), strict=True):
        pair_text = f"({edges.sources[row]!r}, {edges.targets[row]!r})"
        if polarity[row] != polarity[head]:
            message = (
                f"pair {pair_text} is both an {POLARITY_NAMES[ATTACK]} and a "
                f"{POLARITY_NAMES[SUPPORT]} (also at {edges.path(head)})"
            )
        else:
            message = f"pair {pair_text} listed with two weights (also at {edges.path(head)})"
        problems.append(QBAFProblem(path=edges.path(row), message=message))
    chosen = rows[first]
    return CleanEdges(src=src[chosen], tgt=tgt[chosen], polarity=polarity[chosen], weight=weight[chosen])


def raise_if(problems: list[QBAFProblem]) -> None:
    """Raise :class:`InvalidQBAF` when any problem was found.

    Args:
        problems: Problems collected so far.

    Raises:
        InvalidQBAF: If ``problems`` is not empty.
    """
    if problems:
        raise InvalidQBAF(problems)


def edge_columns(edges: Sequence[Edge], problems: list[QBAFProblem]) -> EdgeInput:
    """Columns of generic :class:`Edge` inputs (paths ``edges[i]``), checking polarities.

    Args:
        edges: The edges.
        problems: List to append to.

    Returns:
        The columns.
    """
    polarity = np.zeros(len(edges), dtype=np.int8)
    for i, edge in enumerate(edges):
        kind: str = edge.polarity  # untrusted at run time despite the Literal type
        if kind == "support":
            polarity[i] = SUPPORT
        elif kind != "attack":
            problems.append(QBAFProblem(path=f"edges[{i}]", message=f"unknown polarity {edge.polarity!r}"))
    return EdgeInput(
        sources=[e.source for e in edges],
        targets=[e.target for e in edges],
        polarity=polarity,
        weight=np.array([e.weight for e in edges], dtype=np.float64),
        path=lambda i: f"edges[{i}]",
    )


def body_columns(supports: Sequence[tuple[str, str]], attacks: Sequence[tuple[str, str]]) -> EdgeInput:
    """Columns of the plain body's pairs (paths ``supports[i]`` / ``attacks[i]``, weight 1).

    Args:
        supports: Support pairs.
        attacks: Attack pairs.

    Returns:
        The columns.
    """
    n_sup = len(supports)
    pairs = [*supports, *attacks]
    polarity = np.full(len(pairs), ATTACK, dtype=np.int8)
    polarity[:n_sup] = SUPPORT
    return EdgeInput(
        sources=[p[0] for p in pairs],
        targets=[p[1] for p in pairs],
        polarity=polarity,
        weight=np.ones(len(pairs), dtype=np.float64),
        path=lambda i: f"supports[{i}]" if i < n_sup else f"attacks[{i - n_sup}]",
    )


def validate(
    arguments: Mapping[str, float], edges: EdgeInput, root: str | None, problems: list[QBAFProblem]
) -> tuple[list[str], NDArray[np.float64], CleanEdges]:
    """Check everything (spec §1), appending problems.

    Args:
        arguments: Base score by argument id.
        edges: Edge columns.
        root: Optional default topic.
        problems: List to append to.

    Returns:
        ``(ids, base scores, clean edges)``; meaningful only if no problem was added.
    """
    tau = check_arguments(arguments, problems)
    ids = list(arguments)
    clean = check_edges({key: i for i, key in enumerate(ids)}, edges, problems)
    if root is not None and root not in arguments:
        problems.append(QBAFProblem(path="root", message=f"unknown argument {root!r}"))
    return ids, tau, clean
