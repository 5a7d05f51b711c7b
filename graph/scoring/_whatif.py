"""What-if analysis: recompute after changing base scores or deleting arguments/edges."""

import numpy as np

from graph.scoring._contributions import compute_contributions, parse_contribution
from graph.scoring._errors import InvalidQBAF
from graph.scoring._fixpoint import SolverOptions
from graph.scoring._qbaf import QBAF
from graph.scoring._shapley import DEFAULT_PERMUTATIONS, DEFAULT_SEED
from graph.scoring._strengths import checked_kernel, compute_strengths
from graph.scoring._validate import check_score
from schemas import QBAFProblem, WhatIfRequest, WhatIfResult


def apply_changes(qbaf: QBAF, request: WhatIfRequest) -> tuple[QBAF, list[str], list[tuple[str, str]]]:
    """The changed framework.

    Args:
        qbaf: The baseline.
        request: Base-score overrides and deletions.

    Returns:
        ``(scenario, removed argument ids, removed edges)``.

    Raises:
        InvalidQBAF: Unknown ids or edges, invalid scores, or a deleted topic (every problem).
    """
    index = qbaf.index
    problems: list[QBAFProblem] = []
    tau = qbaf.base_scores.copy()
    for key, value in request.base_scores.items():
        message = check_score(value)
        if key not in index:
            problems.append(QBAFProblem(path=f"base_scores.{key}", message=f"unknown argument {key!r}"))
        elif message is not None:
            problems.append(QBAFProblem(path=f"base_scores.{key}", message=message))
        else:
            tau[index[key]] = value
    dropped = np.zeros(qbaf.n_arguments, dtype=np.bool_)
    for i, key in enumerate(request.remove_arguments):
        if key in index:
            dropped[index[key]] = True
        else:
            problems.append(QBAFProblem(path=f"remove_arguments[{i}]", message=f"unknown argument {key!r}"))
    src, tgt, _, _ = qbaf.arrays
    n = max(qbaf.n_arguments, 1)
    pair_key = src * n + tgt
    cut = np.zeros(qbaf.n_edges, dtype=np.bool_)
    for i, (a, b) in enumerate(request.remove_edges):
        hit = np.zeros(0, dtype=np.int64)
        if a in index and b in index:
            hit = np.flatnonzero(pair_key == index[a] * n + index[b])
        if hit.size == 0:
            problems.append(QBAFProblem(path=f"remove_edges[{i}]", message=f"no edge from {a!r} to {b!r}"))
        cut[hit] = True
    if request.topic is not None:
        if request.topic not in index:
            problems.append(QBAFProblem(path="topic", message=f"unknown argument {request.topic!r}"))
        elif dropped[index[request.topic]]:
            problems.append(QBAFProblem(path="topic", message="the topic cannot be removed"))
    if problems:
        raise InvalidQBAF(problems)
    cut |= dropped[src] | dropped[tgt]
    ids = qbaf.ids
    removed_edges = [(ids[s], ids[t]) for s, t in zip(src[cut].tolist(), tgt[cut].tolist(), strict=True)]
    changed = qbaf.replace(base_scores=tau, keep_edges=~cut).subgraph(np.flatnonzero(~dropped))
    return changed, [ids[i] for i in np.flatnonzero(dropped).tolist()], removed_edges


def what_if(
    qbaf: QBAF,
    request: WhatIfRequest,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    options: SolverOptions | None = None,
) -> WhatIfResult:
    """Strengths (and contributions to ``request.topic``) before and after a change.

    Args:
        qbaf: The baseline framework.
        request: The change, semantics, topic and contribution function.
        permutations: Shapley sampling budget (large ancestor sets only).
        seed: Shapley sampling seed.
        options: Solver settings for cyclic graphs.

    Returns:
        Baseline, scenario, per-argument deltas and, with a topic, both contribution sets.

    Raises:
        InvalidQBAF: Invalid change or request (every problem).

    Example:
        >>> from graph.scoring import QBAF, Edge
        >>> qbaf = QBAF.build({"a": 0.5, "b": 1.0}, [Edge("b", "a", "attack")])
        >>> result = what_if(qbaf, WhatIfRequest(remove_arguments=["b"]))
        >>> round(result.deltas["a"], 6)
        0.25
    """
    checked_kernel(qbaf, request.semantics)
    fn = parse_contribution(request.contribution)
    scenario_qbaf, removed_arguments, removed_edges = apply_changes(qbaf, request)
    baseline = compute_strengths(qbaf, request.semantics, options=options)
    scenario = compute_strengths(scenario_qbaf, request.semantics, options=options)
    deltas = {key: value - baseline.strengths[key] for key, value in scenario.strengths.items()}
    if request.topic is None:
        return WhatIfResult(
            baseline=baseline,
            scenario=scenario,
            deltas=deltas,
            removed_arguments=removed_arguments,
            removed_edges=removed_edges,
        )
    before, after = (
        compute_contributions(
            framework,
            request.topic,
            request.semantics,
            fn,
            permutations=permutations,
            seed=seed,
            options=options,
        )
        for framework in (qbaf, scenario_qbaf)
    )
    old = {c.argument: c.value for c in before.contributions}
    return WhatIfResult(
        baseline=baseline,
        scenario=scenario,
        deltas=deltas,
        removed_arguments=removed_arguments,
        removed_edges=removed_edges,
        contributions=after,
        baseline_contributions=before,
        contribution_deltas={c.argument: c.value - old[c.argument] for c in after.contributions},
    )
