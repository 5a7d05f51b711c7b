"""Validation of QBAF inputs (spec §1), collecting every problem before failing."""

import itertools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

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


def check_arguments(
    arguments: Mapping[Any, object], problems: list[QBAFProblem], *, typed: bool = False
) -> NDArray[np.float64]:
    """Validate base scores, appending problems.

    Args:
        arguments: Base score by argument id (untrusted: ids and scores are checked).
        problems: List to append to.
        typed: The ids are known to be str and the scores float (a body decoded against its schema).

    Returns:
        The scores as an array (invalid ones replaced by 0).
    """
    # A decoded body holds str ids and float scores: check those in bulk, and go one by one (to say what is
    # wrong with each) only when something is.
    if typed or (
        all(type(key) is str for key in arguments)
        and all(type(value) is float for value in arguments.values())
    ):
        scores = np.fromiter(arguments.values(), dtype=np.float64, count=len(arguments))
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


def stable_argsort(keys: NDArray[np.int64], bound: int) -> NDArray[np.int64]:
    """``np.argsort(keys, kind="stable")`` for keys in ``[0, bound)``, about twice as fast on large arrays.

    Each key is made unique by its position (``key * size + position``), so the quicker unstable sort gives
    the stable order; keys too large for that are sorted stably as they are.

    Example:
        >>> stable_argsort(np.array([2, 0, 2, 1]), 3).tolist()
        [1, 3, 0, 2]
    """
    size = int(keys.size)
    if size < 2 or bound * size >= 2**62:
        return np.argsort(keys, kind="stable")
    return np.argsort(keys * size + np.arange(size, dtype=np.int64))


def _positions(index: Mapping[str, int], names: Sequence[str]) -> NDArray[np.int64]:
    """The position of each of ``names`` in ``index``, -1 for a name it does not hold."""
    # map() over the dict's own lookup runs without a Python frame per edge; a name it does not hold stops it
    # with KeyError, and only then are the lookups made again with a default.
    try:
        return np.fromiter(map(index.__getitem__, names), dtype=np.int64, count=len(names))
    except KeyError:
        unknown = itertools.repeat(-1)
        return np.fromiter(map(index.get, names, unknown), dtype=np.int64, count=len(names))


def check_edges(index: Mapping[str, int], edges: EdgeInput, problems: list[QBAFProblem]) -> CleanEdges:
    """Validate edges (known ends, weights, no self-loop, disjoint relations) and collapse duplicates.

    Args:
        index: Position of every argument id.
        edges: The edges to check.
        problems: List to append to.

    Returns:
        The valid edges, each ordered pair once.
    """
    src, tgt = _positions(index, edges.sources), _positions(index, edges.targets)
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
    order = stable_argsort(pair, n * n)
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


class _PairEnds(Sequence[str]):
    """One end of every pair, supports then attacks, read from the pairs as asked (no list is built)."""

    def __init__(self, supports: Sequence[Any], attacks: Sequence[Any], end: Callable[[Any], str]) -> None:
        self._supports, self._attacks, self._end = supports, attacks, end

    def __len__(self) -> int:
        return len(self._supports) + len(self._attacks)

    def __iter__(self) -> Iterator[str]:
        # The getter mapped over both lists in C: no Python frame per pair.
        return itertools.chain(map(self._end, self._supports), map(self._end, self._attacks))

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            return list(self)[i]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        first = len(self._supports)
        return self._end(self._supports[i] if i < first else self._attacks[i - first])


def pair_columns(
    supports: Sequence[object],
    attacks: Sequence[object],
    source_of: Callable[[Any], str],
    target_of: Callable[[Any], str],
) -> EdgeInput:
    """Columns of the plain body's pairs of any shape, read with ``source_of`` and ``target_of``.

    The ends are read from the pairs as the checks ask (in C with an ``operator`` getter): no list is built.

    Args:
        supports: Support pairs.
        attacks: Attack pairs.
        source_of: The source of a pair.
        target_of: The target of a pair.

    Returns:
        The columns (paths ``supports[i]`` / ``attacks[i]``, weight 1).
    """
    n_sup, total = len(supports), len(supports) + len(attacks)
    polarity = np.full(total, ATTACK, dtype=np.int8)
    polarity[:n_sup] = SUPPORT
    return EdgeInput(
        sources=_PairEnds(supports, attacks, source_of),
        targets=_PairEnds(supports, attacks, target_of),
        polarity=polarity,
        weight=np.ones(total, dtype=np.float64),
        path=lambda i: f"supports[{i}]" if i < n_sup else f"attacks[{i - n_sup}]",
    )


def validate(
    arguments: Mapping[str, float],
    edges: EdgeInput,
    root: str | None,
    problems: list[QBAFProblem],
    *,
    typed: bool = False,
) -> tuple[list[str], NDArray[np.float64], CleanEdges]:
    """Check everything (spec §1), appending problems.

    Args:
        arguments: Base score by argument id.
        edges: Edge columns.
        root: Optional default topic.
        problems: List to append to.
        typed: The ids are known to be str and the scores float (see ``check_arguments``).

    Returns:
        ``(ids, base scores, clean edges)``; meaningful only if no problem was added.
    """
    tau = check_arguments(arguments, problems, typed=typed)
    ids = list(arguments)
    clean = check_edges(dict(zip(ids, range(len(ids)), strict=True)), edges, problems)
    if root is not None and root not in arguments:
        problems.append(QBAFProblem(path="root", message=f"unknown argument {root!r}"))
    return ids, tau, clean
