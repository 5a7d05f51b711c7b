"""Batched stage-by-stage evaluation of a plan (spec §4).

The state is a matrix ``S`` of shape ``(n, B)``: one column per scenario (the plain QBAF, or one
removed argument, one Shapley coalition, one perturbed base score ...). Columns share the plan, so
numpy vectorizes over edges *and* scenarios. A scenario can mark arguments as absent (they act as
if deleted: strength 0 as a source, which every aggregation treats as neutral) or pinned (their
in-edges are ignored, so they keep their base score).
"""

from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from graph.scoring._fixpoint import SolverOptions, StageReport, solve_cyclic
from graph.scoring._plan import Block, Plan, Stage
from graph.scoring._semantics import Aggregation, Kernel

F = NDArray[np.float64]
_T = TypeVar("_T", bound=np.generic)


@dataclass(slots=True)
class Batch:
    """Scenarios to evaluate together.

    Attributes:
        tau: Base scores, shape ``(n, 1)`` (shared) or ``(n, B)``.
        columns: ``B``.
        presence: 1.0 where an argument exists in a column, 0.0 where it is deleted.
        pinned: True where an argument's in-edges are deleted (it keeps its base score).
        state: Starting values for the stages a column skips (see ``first_stage``).
        first_stage: Per column (non-decreasing), the first stage where it can differ from
            ``state``; earlier stages are not recomputed for it.
    """

    tau: F
    columns: int
    presence: F | None = None
    pinned: NDArray[np.bool_] | None = None
    state: F | None = None
    first_stage: NDArray[np.int64] | None = field(default=None)


# Scenario columns are processed in chunks so that state matrices stay around this many cells.
CELL_BUDGET = 2_000_000
# Segment reductions switch from ``reduceat`` to a loop over in-segment ranks for wide batches.
LOOP_MIN_COLUMNS = 8
LOOP_MAX_RANK = 64


def chunks(plan: Plan, columns: int) -> list[slice]:
    """Split ``columns`` scenarios into memory-bounded chunks.

    Args:
        plan: The plan the scenarios run on.
        columns: Number of scenarios.

    Returns:
        Consecutive slices covering ``range(columns)``.
    """
    widest = max((s.outer.size + s.inner.size + s.nodes.size for s in plan.stages), default=0)
    size = max(1, CELL_BUDGET // max(plan.n, widest, 1))
    return [slice(i, min(i + size, columns)) for i in range(0, columns, size)]


def segment_reduce(ufunc: np.ufunc, block: Block, values: F) -> F:
    """Reduce each (target, polarity) segment of ``values`` (rows = edges) with ``ufunc``.

    Args:
        ufunc: ``np.add``, ``np.multiply`` or ``np.maximum``.
        block: The edges and their segments.
        values: One row per edge.

    Returns:
        One row per segment.
    """
    if values.shape[1] < LOOP_MIN_COLUMNS or block.starts.size * LOOP_MAX_RANK < block.size:
        return ufunc.reduceat(values, block.starts, axis=0)
    groups = block.rank_groups()
    if len(groups) > LOOP_MAX_RANK:
        return ufunc.reduceat(values, block.starts, axis=0)
    # reduceat walks a wide matrix column by column; adding whole rows, one rank at a time, is
    # several times faster when there are many scenario columns and segments are short.
    reduced = values[groups[0][0]]
    for rows, segments in groups[1:]:
        reduced[segments] = ufunc(reduced[segments], values[rows])
    return reduced


def aggregate(aggregation: Aggregation, block: Block, x: F, m: int) -> tuple[F, F]:
    """Raw per-polarity aggregates of the weighted source values ``x`` (one row per edge).

    Args:
        aggregation: Sum, product or max.
        block: The edges.
        x: Source strength per edge and column.
        m: Number of stage arguments.

    Returns:
        ``(att, sup)``, each ``(m, columns)``.
    """
    shape = (m, x.shape[1])
    att = np.full(shape, aggregation.identity)
    sup = np.full(shape, aggregation.identity)
    if block.size:
        weighted = block.weight[:, None] * x
        values = 1.0 - weighted if aggregation is Aggregation.PRODUCT else weighted
        reduced = segment_reduce(aggregation.ufunc, block, values)
        att[block.att_node] = reduced[block.att_seg]
        sup[block.sup_node] = reduced[block.sup_seg]
    return att, sup


def _attack_count(block: Block, indicator: F, m: int) -> F:
    count = np.zeros((m, indicator.shape[1]))
    if block.att_seg.size:
        reduced = segment_reduce(np.add, block, indicator)
        count[block.att_node] = reduced[block.att_seg]
    return count


class StageEval:
    """``f`` restricted to one stage, with everything from earlier stages folded in."""

    def __init__(
        self,
        kernel: Kernel,
        inner: Block,
        *,
        tau: F,
        presence: F | None,
        pinned: NDArray[np.bool_] | None,
        count: F | None,
        outer: tuple[F, F],
    ) -> None:
        """Keep the stage's constant parts."""
        self.kernel, self.inner, self.tau = kernel, inner, tau
        self.presence, self.pinned, self.count = presence, pinned, count
        self.outer_att, self.outer_sup = outer

    def __call__(self, s: F) -> F:
        """Apply the semantics to every stage argument at once (one Jacobi round)."""
        att, sup = self.outer_att, self.outer_sup
        if self.inner.size:
            agg = self.kernel.aggregation
            inner_att, inner_sup = aggregate(agg, self.inner, s[self.inner.src], s.shape[0])
            att, sup = agg.ufunc(att, inner_att), agg.ufunc(sup, inner_sup)
        return self.finish(self.kernel.influence(self.tau, att, sup, self.count))

    def finish(self, value: F) -> F:
        """Apply pins (base score) and deletions (0)."""
        if self.pinned is not None:
            value = np.where(self.pinned, self.tau, value)
        if self.presence is not None:
            value = value * self.presence
        return value

    def start(self, columns: int) -> F:
        """Starting state of a fixed-point search: the base scores."""
        return self.finish(np.broadcast_to(self.tau, (self.tau.shape[0], columns)).copy())

    def take(self, cols: NDArray[np.int64]) -> "StageEval":
        """The same evaluator for a subset of the columns."""

        def pick(a: NDArray[_T]) -> NDArray[_T]:
            return a if a.shape[1] == 1 else a[:, cols]

        return StageEval(
            self.kernel,
            self.inner,
            tau=pick(self.tau),
            presence=None if self.presence is None else pick(self.presence),
            pinned=None if self.pinned is None else pick(self.pinned),
            count=None if self.count is None else pick(self.count),
            outer=(pick(self.outer_att), pick(self.outer_sup)),
        )


def run(plan: Plan, kernel: Kernel, batch: Batch, options: SolverOptions) -> tuple[F, list[StageReport]]:
    """Evaluate every stage in order.

    Args:
        plan: The stages.
        kernel: The semantics.
        batch: The scenarios.
        options: Solver settings for cyclic stages.

    Returns:
        ``(S, reports)``: strengths ``(n, B)`` and one report per cyclic stage.
    """
    b = batch.columns
    if batch.state is not None:
        state = np.array(batch.state, dtype=np.float64)
    else:
        state = np.broadcast_to(batch.tau, (plan.n, b)).copy()
        if batch.presence is not None:
            state *= batch.presence
    reports: list[StageReport] = []
    for j, stage in enumerate(plan.stages):
        c = b if batch.first_stage is None else int(np.searchsorted(batch.first_stage, j, side="right"))
        if c == 0:
            continue
        evaluator = _stage_eval(kernel, stage, batch, state, c)
        if stage.cyclic:
            values, report = solve_cyclic(evaluator, stage.nodes.size, stage.components, c, options)
            reports.append(report)
        else:
            values = evaluator(np.zeros((stage.nodes.size, c)))
        state[stage.nodes, :c] = values
    return state, reports


def _stage_eval(kernel: Kernel, stage: Stage, batch: Batch, state: F, c: int) -> StageEval:
    nodes = stage.nodes
    tau = batch.tau[nodes] if batch.tau.shape[1] == 1 else batch.tau[nodes, :c]
    presence = None if batch.presence is None else batch.presence[nodes, :c]
    pinned = None if batch.pinned is None else batch.pinned[nodes, :c]
    m = nodes.size
    outer = aggregate(kernel.aggregation, stage.outer, state[stage.outer.src, :c], m)
    count = None
    if kernel.counts:
        count = np.zeros((m, 1))
        for block, sources in ((stage.outer, stage.outer.src), (stage.inner, nodes[stage.inner.src])):
            if block.size:
                src_tau = batch.tau[sources] if batch.tau.shape[1] == 1 else batch.tau[sources, :c]
                indicator = (src_tau > 0.0).astype(np.float64)
                if batch.presence is not None:
                    indicator = indicator * batch.presence[sources, :c]
                count = count + _attack_count(block, indicator, m)
    return StageEval(kernel, stage.inner, tau=tau, presence=presence, pinned=pinned, count=count, outer=outer)
