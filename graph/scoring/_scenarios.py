"""Strengths of many scenarios of one framework at once: other base scores per column, other edge weights.

What a search over readings needs (the crux tries thousands of them): the plan is cut once, a set of edge
weights is swapped into its blocks without cutting it again, and every base-score scenario under those
weights is one column of a single batched evaluation.
"""

import dataclasses

import numpy as np
from numpy.typing import NDArray

from graph.scoring._engine import Batch, chunks, run
from graph.scoring._fixpoint import SolverOptions
from graph.scoring._plan import Plan, Stage, plan_for
from graph.scoring._qbaf import QBAF
from graph.scoring._strengths import DEFAULT_OPTIONS, checked_kernel
from schemas import DEFAULT_SEMANTICS, Semantics


def scenario_strengths(
    qbaf: QBAF,
    base_scores: NDArray[np.float64],
    semantics: Semantics | str = DEFAULT_SEMANTICS,
    *,
    weights: NDArray[np.float64] | None = None,
    options: SolverOptions | None = None,
) -> NDArray[np.float64]:
    """Every argument's strength in every scenario: one column of ``base_scores`` per scenario.

    Args:
        qbaf: The framework (its edges; its own base scores are not used).
        base_scores: Shape ``(n_arguments, B)``, in the order of ``qbaf.ids``; trusted values in [0, 1].
        semantics: Semantics name or alias.
        weights: Edge weights in the order of ``qbaf.arrays`` (each in (0, 1]), for every column; None keeps
            the framework's own.
        options: Solver settings for cyclic graphs.

    Returns:
        Strengths of shape ``(n_arguments, B)``: the same numbers ``compute_strengths`` gives each scenario.

    Raises:
        InvalidQBAF: Unknown semantics, or supports under an attack-only semantics.

    Example:
        >>> from graph.scoring import Edge
        >>> qbaf = QBAF.build({"t": 0.5, "e": 0.8}, [Edge("e", "t", "support")])
        >>> tau = np.array([[0.5, 0.5], [0.8, 0.2]])
        >>> np.round(scenario_strengths(qbaf, tau, "QE")[0], 6).tolist()
        [0.695122, 0.519231]
        >>> np.round(scenario_strengths(qbaf, tau[:, :1], "QE", weights=np.array([0.5]))[0], 6).tolist()
        [0.568966]
    """
    kernel = checked_kernel(qbaf, semantics)
    plan = plan_for(qbaf)
    if weights is not None:
        plan = _reweighted(plan, weights)
    columns = base_scores.shape[1]
    strengths = np.empty((qbaf.n_arguments, columns))
    for part in chunks(plan, columns):
        tau = np.ascontiguousarray(base_scores[:, part])
        state, _ = run(plan, kernel, Batch(tau=tau, columns=tau.shape[1]), options or DEFAULT_OPTIONS)
        strengths[:, part] = state
    return strengths


def _reweighted(plan: Plan, weights: NDArray[np.float64]) -> Plan:
    # Blocks keep each edge's position in the framework's columns, so new weights need no new cut.
    stages = tuple(
        Stage(
            nodes=stage.nodes,
            cyclic=stage.cyclic,
            components=stage.components,
            outer=dataclasses.replace(stage.outer, weight=weights[stage.outer.edge]),
            inner=dataclasses.replace(stage.inner, weight=weights[stage.inner.edge]),
        )
        for stage in plan.stages
    )
    return dataclasses.replace(plan, stages=stages)
