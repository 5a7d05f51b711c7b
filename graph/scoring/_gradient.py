"""Gradient contributions ``∂sigma(t)/∂tau(x)`` for every ``x`` at once (spec §5, "Gradient").

Acyclic graphs: one reverse (adjoint) pass over the stages. Cyclic components: implicit
differentiation of the fixed point, i.e. the adjoint solves ``(I - ∂f/∂s)ᵀ a = r`` per component.
Where the semantics has a kink on the way to the topic (DF-QuAD with ``vₛ = vₐ``, a tie inside a
max), one reverse pass cannot give every one-sided derivative at once, so the right-hand
derivative is taken by forward differences instead (step ``2^-26``, tight solver tolerance).
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph.compute import check_deadline
from graph.scoring._engine import Batch, chunks, run
from graph.scoring._fixpoint import DEFAULT, TIGHT
from graph.scoring._linear import solve_adjoint
from graph.scoring._plan import plan_for
from graph.scoring._qbaf import QBAF
from graph.scoring._semantics import Aggregation, Kernel
from graph.scoring._validate import ATTACK

F = NDArray[np.float64]
STEP = 2.0**-26


@dataclass(frozen=True, slots=True)
class Local:
    """Local derivatives of ``f`` at a state.

    Attributes:
        d_tau: ``∂f_a/∂tau_a`` per argument.
        jac: ``∂f_tgt/∂s_src`` per edge (QBAF edge order).
        kink: Arguments with parents where ``f`` is only one-sided differentiable.
    """

    d_tau: F
    jac: F
    kink: NDArray[np.bool_]


def local_derivatives(qbaf: QBAF, kernel: Kernel, s: F) -> Local:
    """Differentiate every argument's update at the strengths ``s``.

    Args:
        qbaf: The framework.
        kernel: The semantics.
        s: Strengths (a fixed point).

    Returns:
        The local derivatives.
    """
    n = qbaf.n_arguments
    src, tgt, pol, w = qbaf.arrays
    agg = kernel.aggregation
    key = tgt * 2 + pol
    first = np.ones(key.size, dtype=np.bool_)
    first[1:] = key[1:] != key[:-1]
    starts = np.flatnonzero(first)
    seg_key = key[starts]
    value = w * s[src]
    totals = np.full(2 * n, agg.identity)
    factor = 1.0 - value
    if starts.size:
        totals[seg_key] = agg.ufunc.reduceat(factor if agg is Aggregation.PRODUCT else value, starts)
    att, sup = totals[0::2], totals[1::2]
    count = None
    if kernel.counts:
        tau_src = qbaf.base_scores[src]
        counted = ((pol == ATTACK) & (tau_src > 0.0)).astype(np.float64)
        count = np.bincount(tgt, weights=counted, minlength=n).astype(np.float64)
    d_tau, d_att, d_sup = kernel.partials(qbaf.base_scores, att, sup, count)
    has_parents = np.bincount(tgt, minlength=n) > 0
    kink = kernel.kink(qbaf.base_scores, att, sup, count) & has_parents
    if agg is Aggregation.SUM:
        raw = w.copy()
    elif agg is Aggregation.MAX:
        top = value == totals[key]
        ties = np.bincount(key[top], minlength=2 * n) > 1
        kink = kink | ties[0::2] | ties[1::2]
        raw = w * top
    else:
        # ∂(Π(1 - w s))/∂s_b = -w · product of the other factors, robust to zero factors.
        zero = factor == 0.0
        nonzero = np.ones(2 * n)
        zeros = np.zeros(2 * n)
        if starts.size:
            nonzero[seg_key] = np.multiply.reduceat(np.where(zero, 1.0, factor), starts)
            zeros[seg_key] = np.add.reduceat(zero.astype(np.float64), starts)
        p, z = nonzero[key], zeros[key]
        safe = np.where(zero, 1.0, factor)
        others = np.where(zero, np.where(z == 1.0, p, 0.0), np.where(z == 0.0, p / safe, 0.0))
        raw = -w * others
    jac = np.where(pol == ATTACK, d_att[tgt], d_sup[tgt]) * raw
    return Local(d_tau=np.asarray(d_tau, dtype=np.float64), jac=jac, kink=kink)


def reverse_gradient(qbaf: QBAF, local: Local, topic: int) -> F | None:
    """``∂sigma(topic)/∂tau`` by one adjoint pass over the stages.

    Args:
        qbaf: The framework.
        local: Local derivatives at the solution.
        topic: Topic index.

    Returns:
        The gradient, or None if a cyclic component's adjoint system could not be solved.
    """
    plan = plan_for(qbaf)
    adjoint = np.zeros(qbaf.n_arguments)
    adjoint[topic] = 1.0
    for stage in reversed(plan.stages):
        here = adjoint[stage.nodes]
        if not here.any():
            continue
        if stage.cyclic and stage.inner.size:
            inner = stage.inner
            solved = solve_adjoint(stage.nodes.size, inner.src, inner.tgt, local.jac[inner.edge], here)
            if solved is None:
                return None
            here = solved
            adjoint[stage.nodes] = here
        outer = stage.outer
        if outer.size:
            np.add.at(adjoint, outer.src, here[outer.tgt] * local.jac[outer.edge])
    return adjoint * local.d_tau


def difference_gradient(
    qbaf: QBAF, kernel: Kernel, topic: int, players: NDArray[np.int64], s: F
) -> tuple[F, bool]:
    """Forward-difference ``∂sigma(topic)/∂tau(x)`` for each player (the right-hand derivative).

    Args:
        qbaf: The framework.
        kernel: The semantics.
        topic: Topic index.
        players: Arguments to perturb.
        s: Strengths of the unperturbed framework.

    Returns:
        Gradient over all arguments (0 outside ``players``), and whether every solve converged.
    """
    plan = plan_for(qbaf)
    options = DEFAULT if plan.acyclic else TIGHT
    if not plan.acyclic:
        # Re-solve the baseline just as tightly, so both sides of the quotient share their error.
        base, _ = run(plan, kernel, Batch(tau=qbaf.base_scores[:, None], columns=1), options)
        s = base[:, 0]
    order = players[np.argsort(plan.stage_of[players], kind="stable")]
    grad = np.zeros(qbaf.n_arguments)
    converged = True
    for part in chunks(plan, order.size):
        check_deadline()
        cols = order[part]
        k = cols.size
        tau = np.repeat(qbaf.base_scores[:, None], k, axis=1)
        tau[cols, np.arange(k)] += STEP
        state = np.repeat(s[:, None], k, axis=1)
        batch = Batch(tau=tau, columns=k, state=state, first_stage=plan.stage_of[cols])
        values, reports = run(plan, kernel, batch, options)
        converged = converged and all(r.converged for r in reports)
        grad[cols] = (values[topic] - s[topic]) / STEP
    return grad, converged
