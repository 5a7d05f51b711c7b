"""The crux between two readings of one map: the fewest disagreements that flip the verdict. Pure.

Two readings (perspectives, or the map as mapped) disagree on numbers: base scores of nodes and weights of
relations. Taking some of ``b``'s numbers into ``a`` moves the root; the crux is the smallest set of them that
moves it across 0.5, so that ``a`` reaches ``b``'s verdict. It is what two debaters should argue about: the
rest of their disagreement does not change who wins.

The search is exact: every set of one disagreement, then of two, and so on, so the first size with a set that
flips the verdict is the smallest (of several sets of that size, the one that moves the root furthest is
answered, and the others are counted). Only disagreements that bear on the root are tried: by directionality
a node or relation nothing of the root depends on cannot move it. The budget, in readings scored:

- ``MAX_EVALUATIONS`` (20,000) for the exhaustive search. A size is only started when all its sets fit, so
  with up to 14 disagreements (16,384 sets) the answer is always proven smallest;
- beyond, a greedy answer: from ``a``, take the disagreement that moves the root furthest toward ``b``'s side
  until the verdict flips, then drop each member the flip survives without. It is marked ``minimal: false``,
  and ``proven_size`` says which sizes the exhaustive search ruled out;
- ``MAX_DISAGREEMENTS`` (100) bearing on the root at most; more is refused (``OverBudget``), since even the
  greedy search scores about n²/2 readings.

The verdict is the robustness check's: the root holds when its strength is at least 0.5.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import msgspec
import numpy as np
from numpy.typing import NDArray

from graph.debate._perspectives import AS_MAPPED
from graph.errors import InvalidArgumentMap, OverBudget
from graph.mapgraph import (
    MapGraph,
    effective_weight,
    framework,
    require_node,
    scenario_document,
    scenario_problems,
)
from graph.scoring import QBAF, InvalidQBAF, parse_semantics, scenario_strengths
from graph.words import counted
from schemas import DEFAULT_SEMANTICS, Crux, Disagreement, MapDocument, Perspective, Problem

THRESHOLD = 0.5
MAX_EVALUATIONS = 20_000
MAX_DISAGREEMENTS = 100
MOVERS = 5


@dataclass(frozen=True, slots=True)
class _Change:
    """One disagreement, and where it sits in the restricted framework."""

    kind: Literal["base_score", "weight"]
    text: str
    a: float
    b: float
    node: str | None = None
    source: str | None = None
    target: str | None = None
    argument: int = -1
    """Index of the node in the framework (base scores), or -1."""
    edge: int = -1
    """Position of the relation in the framework's edge columns (weights), or -1."""

    def reported(self, alone: float, without: float | None = None) -> Disagreement:
        return Disagreement(
            kind=self.kind,
            node=self.node,
            source=self.source,
            target=self.target,
            text=self.text,
            a=self.a,
            b=self.b,
            alone=alone,
            without=without,
        )


class _Readings:
    """Scores the root under ``a`` with any set of ``b``'s numbers taken in, and counts what it scored."""

    def __init__(self, qbaf: QBAF, topic: int, semantics: str, changes: Sequence[_Change]) -> None:
        self.qbaf = qbaf
        self.topic = topic
        self.semantics = semantics
        self.changes = changes
        self.evaluations = 0
        self._weights = qbaf.arrays[3]

    def root(self, sets: Sequence[tuple[int, ...]]) -> list[float]:
        """The root's strength for each set of changes (indices into ``changes``), in order."""
        self.evaluations += len(sets)
        # Sets that change the same weights share one evaluation plan: their base scores are its columns.
        groups: dict[tuple[int, ...], list[int]] = {}
        for position, chosen in enumerate(sets):
            reweighted = tuple(i for i in chosen if self.changes[i].edge >= 0)
            groups.setdefault(reweighted, []).append(position)
        values = [0.0] * len(sets)
        for weighted, positions in groups.items():
            weights: NDArray[np.float64] | None = None
            if weighted:
                weights = self._weights.copy()
                for i in weighted:
                    weights[self.changes[i].edge] = self.changes[i].b
            tau = np.repeat(self.qbaf.base_scores[:, None], len(positions), axis=1)
            for column, position in enumerate(positions):
                for i in sets[position]:
                    if self.changes[i].argument >= 0:
                        tau[self.changes[i].argument, column] = self.changes[i].b
            strengths = scenario_strengths(self.qbaf, tau, self.semantics, weights=weights)
            for column, position in enumerate(positions):
                values[position] = float(strengths[self.topic, column])
        return values


def find_crux(
    graph: MapGraph,
    a: Perspective | None,
    b: Perspective,
    *,
    root: str | None = None,
    semantics: str = DEFAULT_SEMANTICS,
    max_evaluations: int = MAX_EVALUATIONS,
) -> Crux:
    """The smallest set of ``b``'s base scores and weights that, taken into ``a``, flips the root's verdict.

    ``a`` None is the map as mapped. When both readings leave the root on the same side of 0.5 there is no
    crux: the answer says they agree, with an empty ``crux`` and the disagreements that move the root most.

    Raises:
        NotFound: ``root`` is not a node of the map.
        InvalidArgumentMap: a reading names nodes or relations the map lacks (every one listed), or the map
            cannot be scored under ``semantics``.
        OverBudget: more than ``MAX_DISAGREEMENTS`` disagreements bear on the root.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Relation, RelationType
        >>> def node(i, score):
        ...     return Node(id=i, kind=NodeKind.CLAIM, text=i, speaker="s", base_score=score, rationale="r")
        >>> doc = MapDocument(id="m", title="t", sources=[], speakers=[],
        ...                   nodes=[node("t", 0.5), node("e", 0.8), node("c", 0.3)],
        ...                   relations=[Relation(source="e", target="t", type=RelationType.SUPPORTS),
        ...                              Relation(source="c", target="t", type=RelationType.ATTACKS)])
        >>> sceptic = Perspective(name="sceptic", base_scores={"t": 0.4, "e": 0.6, "c": 0.6})
        >>> crux = find_crux(MapGraph(doc, 1, {}), None, sceptic)
        >>> round(crux.a_root_strength, 3), round(crux.b_root_strength, 3), crux.agree
        (0.6, 0.4, False)
        >>> [item.node for item in crux.crux], round(crux.crux_root_strength, 3), crux.minimal
        (['t', 'c'], 0.423, True)
        >>> [(item.node, round(item.alone, 3)) for item in crux.crux]
        [('t', 0.52), ('c', 0.519)]
    """
    topic = require_node(graph, root or graph.root)
    canonical = parse_semantics(semantics).value
    problems = [
        Problem(path=f"{side}.{problem.path}", message=problem.message, code=problem.code)
        for side, reading in (("a", a), ("b", b))
        if reading is not None
        for problem in scenario_problems(
            graph.document, base_scores=reading.base_scores, weights=reading.weights
        )
    ]
    if problems:
        raise InvalidArgumentMap(f"the readings have {counted(len(problems), 'problem')}", problems)
    first = _applied(graph.document, a)
    second = _applied(graph.document, b)
    try:
        whole = framework(first, root=topic)
        kept = np.flatnonzero(whole.ancestor_mask(whole.index[topic]))
        qbaf = whole.subgraph(kept)
        every = _disagreements(graph, first, second)
        changes = _located(qbaf, every)
        if len(changes) > MAX_DISAGREEMENTS:
            raise OverBudget(
                f"{len(changes)} disagreements between the readings bear on the root; the crux is searched "
                f"among at most {MAX_DISAGREEMENTS}: compare readings that differ on fewer numbers"
            )
        readings = _Readings(qbaf, qbaf.index[topic], canonical, changes)
        a_strength, b_strength = readings.root([(), tuple(range(len(changes)))])
        alone = readings.root([(i,) for i in range(len(changes))])
        search = _Search(readings, a_strength, alone, max_evaluations)
        chosen = search.run() if _holds(a_strength) != _holds(b_strength) else None
        without = readings.root([tuple(j for j in chosen if j != i) for i in chosen]) if chosen else []
    except InvalidQBAF as error:
        raise InvalidArgumentMap(
            f"the map cannot be scored this way: {error}",
            [Problem(path=problem.path, message=problem.message) for problem in error.problems],
        ) from None
    movers = sorted(range(len(changes)), key=lambda i: -abs(alone[i] - a_strength))[:MOVERS]
    a_name = AS_MAPPED if a is None else a.name
    members = [changes[i].reported(alone[i], value) for i, value in zip(chosen or (), without, strict=True)]
    crux_strength = search.value if chosen else None
    answer = Crux(
        map_id=graph.id,
        version=graph.version,
        root=topic,
        semantics=canonical,
        a=a_name,
        b=b.name,
        a_root_strength=a_strength,
        b_root_strength=b_strength,
        agree=chosen is None,
        crux=members,
        crux_root_strength=crux_strength,
        minimal=chosen is None or search.minimal,
        proven_size=search.proven if chosen else 0,
        alternatives=search.alternatives if chosen else 0,
        disagreements=len(every),
        considered=len(changes),
        evaluations=readings.evaluations,
        movers=[changes[i].reported(alone[i]) for i in movers],
        explanation="",
    )
    return _explained(answer)


class _Search:
    """Sets of changes by increasing size while the budget allows, then greedy; ``run`` answers the set."""

    def __init__(self, readings: _Readings, start: float, alone: Sequence[float], budget: int) -> None:
        self.readings = readings
        self.start = start
        self.alone = list(alone)
        self.budget = budget
        self.value = start
        self.minimal = True
        self.proven = 0
        self.alternatives = 0

    def flips(self, value: float) -> bool:
        return _holds(value) != _holds(self.start)

    def run(self) -> tuple[int, ...]:
        n = len(self.alone)
        for size in range(1, n + 1):
            if size == 1:
                sets: list[tuple[int, ...]] = [(i,) for i in range(n)]
                values = self.alone  # scored already, for the movers
            else:
                if self.readings.evaluations + math.comb(n, size) > self.budget:
                    break
                sets = list(itertools.combinations(range(n), size))
                values = self.readings.root(sets)
            flipping = [
                (value, chosen) for value, chosen in zip(values, sets, strict=True) if self.flips(value)
            ]
            if flipping:
                # Of the smallest sets, the one that carries the root furthest past 0.5 is the clearest crux.
                value, chosen = max(flipping, key=lambda item: abs(item[0] - THRESHOLD))
                self.value, self.alternatives, self.proven = value, len(flipping) - 1, size - 1
                return chosen
            self.proven = size
        self.minimal = False
        return self._greedy()

    def _greedy(self) -> tuple[int, ...]:
        toward = -1.0 if _holds(self.start) else 1.0
        chosen: list[int] = []
        remaining = list(range(len(self.alone)))
        value = self.start
        while not self.flips(value):
            values = self.readings.root([(*chosen, i) for i in remaining])
            best = max(range(len(remaining)), key=lambda k: toward * values[k])
            chosen.append(remaining.pop(best))
            value = values[best]
        # Then each member the flip survives without is dropped, the weakest alone first (each one checked
        # once: with effects that are not monotone, ``without`` in the answer shows what each one does).
        for member in sorted(chosen, key=lambda i: abs(self.alone[i] - self.start)):
            rest = tuple(i for i in chosen if i != member)
            (without,) = self.readings.root([rest])
            if self.flips(without):
                chosen.remove(member)
                value = without
        self.value = value
        return tuple(sorted(chosen))


def _holds(strength: float) -> bool:
    return strength >= THRESHOLD


def _applied(document: MapDocument, reading: Perspective | None) -> MapDocument:
    if reading is None:
        return document
    return scenario_document(document, base_scores=reading.base_scores, weights=reading.weights)


def _disagreements(graph: MapGraph, first: MapDocument, second: MapDocument) -> list[_Change]:
    changes = [
        _Change(
            kind="base_score",
            text=mine.text,
            a=mine.base_score,
            b=theirs.base_score,
            node=mine.id,
        )
        for mine, theirs in zip(first.nodes, second.nodes, strict=True)
        if mine.base_score != theirs.base_score
    ]
    for mine, theirs in zip(first.relations, second.relations, strict=True):
        if effective_weight(mine) != effective_weight(theirs):
            source, target = graph.nodes[mine.source], graph.nodes[mine.target]
            changes.append(
                _Change(
                    kind="weight",
                    text=f'"{_short(source.text)}" {mine.type.value} "{_short(target.text)}"',
                    a=effective_weight(mine),
                    b=effective_weight(theirs),
                    source=mine.source,
                    target=mine.target,
                )
            )
    return changes


def _located(qbaf: QBAF, changes: Sequence[_Change]) -> list[_Change]:
    """The changes that bear on the root, each with its place in the restricted framework."""
    index = qbaf.index
    src, tgt, _, _ = qbaf.arrays
    ids = qbaf.ids
    pairs = zip(src.tolist(), tgt.tolist(), strict=True)
    edges = {(ids[s], ids[t]): position for position, (s, t) in enumerate(pairs)}
    located = []
    for change in changes:
        if change.node is not None and change.node in index:
            located.append(dataclasses.replace(change, argument=index[change.node]))
        elif change.source is not None and (change.source, change.target) in edges:
            located.append(dataclasses.replace(change, edge=edges[(change.source, change.target)]))
    return located


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _explained(crux: Crux) -> Crux:
    a, b = crux.a, crux.b
    at_a, at_b = _shown(crux.a_root_strength), _shown(crux.b_root_strength)
    start = f"Under {a} the root is at {at_a} and under {b} at {at_b}"
    if crux.agree and not crux.considered:
        text = f"{start}: nothing they disagree on bears on the root, so there is no crux."
    elif crux.agree:
        text = (
            f"{start}: under both it {_verb(crux.a_root_strength)}, so they agree on the verdict and there "
            f"is no crux. Of the {counted(crux.considered, 'disagreement')} that bear on it, `movers` lists "
            "those that move it most."
        )
    else:
        size = len(crux.crux)
        moved = crux.crux_root_strength if crux.crux_root_strength is not None else crux.b_root_strength
        text = (
            f"{start}. Taking {counted(size, 'number')} from {b} into {a} moves the root to "
            f"{_shown(moved)}: it {_verb(moved)}, as under {b}."
        )
        if not crux.minimal:
            text += (
                f" Found greedily, not proven the smallest: no set of {crux.proven_size} or fewer flips "
                f"the verdict, but a set smaller than {size} may (the {crux.considered} disagreements that "
                "bear on the root are too many to try every set)."
            )
        elif size == 1:
            text += " One number decides it: settle it and the verdict follows."
        else:
            text += " No set of fewer numbers flips the verdict."
        if crux.minimal and crux.alternatives:
            verb = "flips" if crux.alternatives == 1 else "flip"
            text += (
                f" {counted(crux.alternatives, 'other set')} of the same size {verb} it too; this one moves "
                "the root furthest."
            )
    return msgspec.structs.replace(crux, explanation=text)


def _shown(strength: float) -> str:
    """Two decimals, or as many more as it takes not to show a strength near 0.5 as 0.50.

    Example:
        >>> _shown(0.4906), _shown(0.5034), _shown(0.4996), _shown(0.5)
        ('0.49', '0.503', '0.4996', '0.50')
    """
    digits = 2
    while digits < 6 and strength != THRESHOLD and round(strength, digits) == THRESHOLD:
        digits += 1
    return f"{strength:.{digits}f}"


def _verb(strength: float) -> str:
    return "holds (0.5 or more)" if _holds(strength) else "falls (below 0.5)"
