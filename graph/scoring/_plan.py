"""Evaluation plan: the QBAF cut into stages that can be solved one after the other.

A stage is either a set of acyclic arguments whose parents are all in earlier stages (evaluated
once, by formula) or the union of cyclic strongly connected components of one topological level
(solved as a fixed point with the upstream strengths held fixed). The edges into each stage are
sorted by (target, polarity) so that one ``ufunc.reduceat`` aggregates every (target, polarity)
segment at once: the cost of a stage is linear in its edges.
"""

import itertools
import weakref
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from graph.scoring import _structure as structure
from graph.scoring._qbaf import QBAF
from graph.scoring._validate import ATTACK

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Block:
    """Edges into a stage, grouped in (target, polarity) segments.

    Attributes:
        src: Source of each edge (global index, or stage-local for a cyclic stage's inner block).
        weight: Edge weight.
        edge: Position of each edge in the QBAF's edge columns.
        tgt: Stage-local target of each edge.
        attack: True for attack edges.
        starts: Start of each segment inside the block.
        att_seg: Segments that hold attacks; ``att_node`` is their stage-local target.
        att_node: See ``att_seg``.
        sup_seg: Segments that hold supports; ``sup_node`` is their stage-local target.
        sup_node: See ``sup_seg``.
        cache: Lazily derived arrays (see :meth:`rank_groups`).
    """

    src: IntArray
    weight: FloatArray
    edge: IntArray
    tgt: IntArray
    attack: NDArray[np.bool_]
    starts: IntArray
    att_seg: IntArray
    att_node: IntArray
    sup_seg: IntArray
    sup_node: IntArray
    cache: dict[str, tuple[tuple[IntArray, IntArray], ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def size(self) -> int:
        """Number of edges."""
        return int(self.src.size)

    def rank_groups(self) -> tuple[tuple[IntArray, IntArray], ...]:
        """Edges grouped by their position inside their segment.

        Returns:
            For rank 0, 1, ...: ``(edge rows, their segments)``; rank 0 lists every segment in order.
        """
        groups = self.cache.get("ranks")
        if groups is None:
            lengths = np.diff(np.append(self.starts, self.size))
            segment = np.repeat(np.arange(self.starts.size, dtype=np.int64), lengths)
            rank = np.arange(self.size, dtype=np.int64) - self.starts[segment]
            order = np.argsort(rank, kind="stable")
            bounds = np.concatenate(([0], np.cumsum(np.bincount(rank))))
            groups = tuple((order[a:b], segment[order[a:b]]) for a, b in itertools.pairwise(bounds))
            self.cache["ranks"] = groups
        return groups


@dataclass(frozen=True, slots=True)
class Stage:
    """Arguments solved together.

    Attributes:
        nodes: Global indices of the stage's arguments (stage-local index = position here).
        cyclic: True for a group of cyclic components.
        components: Number of cyclic components in the stage.
        outer: Edges from earlier stages.
        inner: Edges inside the stage (cyclic stages only; sources are stage-local).
    """

    nodes: IntArray
    cyclic: bool
    components: int
    outer: Block
    inner: Block


@dataclass(frozen=True, slots=True)
class Plan:
    """Stages of a QBAF in solving order.

    Attributes:
        n: Number of arguments.
        acyclic: True if every stage is acyclic.
        stages: The stages.
        stage_of: Stage of each argument.
        cyclic_components: Number of cyclic strongly connected components.
    """

    n: int
    acyclic: bool
    stages: tuple[Stage, ...]
    stage_of: IntArray
    cyclic_components: int


_CACHE: "weakref.WeakKeyDictionary[QBAF, Plan]" = weakref.WeakKeyDictionary()


def plan_for(qbaf: QBAF) -> Plan:
    """The (cached) plan of a QBAF.

    Args:
        qbaf: The framework.

    Returns:
        Its plan.
    """
    plan = _CACHE.get(qbaf)
    if plan is None:
        plan = build_plan(qbaf)
        _CACHE[qbaf] = plan
    return plan


def build_plan(qbaf: QBAF) -> Plan:
    """Cut a QBAF into stages.

    Args:
        qbaf: The framework.

    Returns:
        The plan.
    """
    n = qbaf.n_arguments
    src, tgt, pol, weight = qbaf.arrays
    component, comp_level, comp_cyclic = structure.condensation(n, src, tgt)
    node_cyclic = comp_cyclic[component]
    key = comp_level[component] * 2 + node_cyclic
    _, stage_of = np.unique(key, return_inverse=True)
    stage_of = stage_of.astype(np.int64).reshape(-1)
    n_stages = int(stage_of.max()) + 1 if n else 0
    node_order = np.argsort(stage_of, kind="stable")
    node_ptr = np.zeros(n_stages + 1, dtype=np.int64)
    np.cumsum(np.bincount(stage_of, minlength=n_stages), out=node_ptr[1:])
    local = np.empty(n, dtype=np.int64)
    local[node_order] = np.arange(n, dtype=np.int64) - node_ptr[stage_of[node_order]]

    e_stage = stage_of[tgt]
    inner = stage_of[src] == e_stage
    order = np.lexsort((pol, local[tgt], inner, e_stage))
    e_stage, inner = e_stage[order], inner[order]
    s_src, s_tgt, s_pol, s_w = src[order], local[tgt[order]], pol[order], weight[order]
    first = np.ones(order.size, dtype=np.bool_)
    if order.size:
        first[1:] = (
            (e_stage[1:] != e_stage[:-1])
            | (inner[1:] != inner[:-1])
            | (s_tgt[1:] != s_tgt[:-1])
            | (s_pol[1:] != s_pol[:-1])
        )
    seg_pos = np.flatnonzero(first).astype(np.int64)
    # Block boundaries: per stage, outer edges then inner edges.
    bounds = np.searchsorted(e_stage * 2 + inner, np.arange(2 * n_stages + 1))
    sorted_edges = _Sorted(tgt=s_tgt, pol=s_pol, weight=s_w, order=order, seg_pos=seg_pos)
    stages = []
    for s in range(n_stages):
        nodes = node_order[node_ptr[s] : node_ptr[s + 1]]
        cyclic = bool(node_cyclic[nodes[0]])
        a, b, c = int(bounds[2 * s]), int(bounds[2 * s + 1]), int(bounds[2 * s + 2])
        stages.append(
            Stage(
                nodes=nodes,
                cyclic=cyclic,
                components=int(np.unique(component[nodes]).size) if cyclic else 0,
                outer=_block(a, b, s_src[a:b], sorted_edges),
                inner=_block(b, c, local[s_src[b:c]], sorted_edges),
            )
        )
    return Plan(
        n=n,
        acyclic=not bool(comp_cyclic.any()),
        stages=tuple(stages),
        stage_of=stage_of,
        cyclic_components=int(comp_cyclic.sum()),
    )


@dataclass(frozen=True, slots=True)
class _Sorted:
    """Edge columns in stage order, and where each (target, polarity) segment starts."""

    tgt: IntArray
    pol: NDArray[np.int8]
    weight: FloatArray
    order: IntArray
    seg_pos: IntArray


def _block(a: int, b: int, src: IntArray, edges: _Sorted) -> Block:
    tgt, pol, weight, order, seg_pos = edges.tgt, edges.pol, edges.weight, edges.order, edges.seg_pos
    k0, k1 = np.searchsorted(seg_pos, [a, b])
    starts = seg_pos[k0:k1] - a
    seg_pol = pol[a:b][starts]
    seg_node = tgt[a:b][starts]
    att = np.flatnonzero(seg_pol == ATTACK).astype(np.int64)
    sup = np.flatnonzero(seg_pol != ATTACK).astype(np.int64)
    return Block(
        src=src,
        weight=weight[a:b],
        edge=order[a:b],
        tgt=tgt[a:b],
        attack=pol[a:b] == ATTACK,
        starts=starts,
        att_seg=att,
        att_node=seg_node[att],
        sup_seg=sup,
        sup_node=seg_node[sup],
    )
