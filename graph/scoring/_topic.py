"""The topic's ancestor sub-graph, where every contribution function is computed.

By directionality only arguments with a path to the topic can change its strength, so every
contribution function works on ``G↓(ancestors(t) + {t})`` and gives exactly 0 to the rest.
"""

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from graph.compute import check_deadline
from graph.scoring._engine import Batch, chunks, run
from graph.scoring._errors import InvalidQBAF
from graph.scoring._fixpoint import SolverOptions
from graph.scoring._plan import plan_for
from graph.scoring._qbaf import QBAF
from graph.scoring._semantics import Kernel
from graph.scoring._strengths import solve
from schemas import QBAFProblem, SolveMetadata

F = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class TopicView:
    """A topic and its ancestor sub-graph, solved.

    Attributes:
        qbaf: The whole framework.
        kernel: The semantics.
        options: Solver settings.
        topic_id: Topic id.
        keep: Global index of every sub-graph argument (sorted; topic included).
        sub: The sub-graph ``G↓keep``.
        topic: Topic index inside ``sub``.
        players: Sub-graph indices of the ancestors (topic excluded).
        strengths: Strengths inside ``sub`` (equal to the whole graph's, by directionality).
        metadata: How ``strengths`` were computed.
        stalled: Scenario batches that hit the solver's step cap (appended to as they run).
    """

    qbaf: QBAF
    kernel: Kernel
    options: SolverOptions
    topic_id: str
    keep: IntArray
    sub: QBAF
    topic: int
    players: IntArray
    strengths: F
    metadata: SolveMetadata
    stalled: list[int] = field(default_factory=list)

    @property
    def sigma(self) -> float:
        """``sigma(t)``."""
        return float(self.strengths[self.topic])

    @property
    def tau(self) -> float:
        """``tau(t)``."""
        return float(self.sub.base_scores[self.topic])


def resolve_topic(qbaf: QBAF, topic: str | None) -> str:
    """The topic id to use (the root when none is given).

    Args:
        qbaf: The framework.
        topic: Requested topic, or None.

    Returns:
        A known argument id.

    Raises:
        InvalidQBAF: If the topic is unknown, or absent with no root.
    """
    chosen = topic if topic is not None else qbaf.root
    if chosen is None:
        message = "no topic given and the QBAF has no root"
        raise InvalidQBAF([QBAFProblem(path="topic", message=message)])
    if chosen not in qbaf.index:
        raise InvalidQBAF([QBAFProblem(path="topic", message=f"unknown argument {chosen!r}")])
    return chosen


def view(qbaf: QBAF, kernel: Kernel, topic_id: str, options: SolverOptions) -> TopicView:
    """Restrict to the topic's ancestors and solve.

    Args:
        qbaf: The framework.
        kernel: The semantics.
        topic_id: A known argument id.
        options: Solver settings.

    Returns:
        The solved view.
    """
    t = qbaf.index[topic_id]
    keep = np.flatnonzero(qbaf.ancestor_mask(t)).astype(np.int64)
    # When everything reaches the topic, reuse the framework itself (and its cached plan).
    sub = qbaf if keep.size == qbaf.n_arguments else qbaf.subgraph(keep)
    local_t = int(np.searchsorted(keep, t))
    players = np.delete(np.arange(keep.size, dtype=np.int64), local_t)
    strengths, meta = solve(sub, kernel, options)
    return TopicView(qbaf, kernel, options, topic_id, keep, sub, local_t, players, strengths, meta)


def scenario_topic_values(
    v: TopicView,
    cols: IntArray,
    *,
    presence: F | None = None,
    pinned: NDArray[np.bool_] | None = None,
    first_stage: IntArray | None = None,
) -> F:
    """Topic strength in each scenario column (one chunk, already memory-bounded).

    Args:
        v: The solved view.
        cols: Number of columns is ``cols.size`` (values unused otherwise).
        presence: Deleted arguments per column.
        pinned: Arguments whose in-edges are deleted, per column.
        first_stage: Earliest stage each column can differ from the baseline (sorted).

    Returns:
        ``sigma(t)`` per column.
    """
    plan = plan_for(v.sub)
    k = cols.size
    state = None if first_stage is None else np.repeat(v.strengths[:, None], k, axis=1)
    batch = Batch(
        tau=v.sub.base_scores[:, None],
        columns=k,
        presence=presence,
        pinned=pinned,
        state=state,
        first_stage=first_stage,
    )
    values, reports = run(plan, v.kernel, batch, v.options)
    if not all(r.converged for r in reports):
        v.stalled.append(k)
    return np.asarray(values[v.topic], dtype=np.float64)


def single_edits(v: TopicView, *, pin: bool) -> F:
    """Topic strength with each player deleted (or with its in-edges deleted), player by player.

    Columns are ordered by the player's stage, so each column only recomputes the stages from
    its player's onward (arguments upstream of the player cannot change).

    Args:
        v: The solved view.
        pin: Delete the player's in-edges instead of the player.

    Returns:
        ``sigma(t)`` per sub-graph argument (the topic's own entry is ``sigma(t)``).
    """
    plan = plan_for(v.sub)
    out = np.full(v.sub.n_arguments, v.sigma)
    order = v.players[np.argsort(plan.stage_of[v.players], kind="stable")]
    for part in chunks(plan, order.size):
        check_deadline()
        cols = order[part]
        k = cols.size
        mark = np.zeros((v.sub.n_arguments, k), dtype=np.bool_)
        mark[cols, np.arange(k)] = True
        presence = None if pin else (~mark).astype(np.float64)
        out[cols] = scenario_topic_values(
            v, cols, presence=presence, pinned=mark if pin else None, first_stage=plan.stage_of[cols]
        )
    return out
