"""Contribution functions: which arguments carry the most weight for a topic (spec §5)."""

import math
import re

import numpy as np
from numpy.typing import NDArray

from graph.errors import OverBudget
from graph.scoring._errors import InvalidQBAF
from graph.scoring._fixpoint import SolverOptions
from graph.scoring._gradient import difference_gradient, local_derivatives, reverse_gradient
from graph.scoring._qbaf import QBAF
from graph.scoring._shapley import (
    DEFAULT_PERMUTATIONS,
    DEFAULT_SEED,
    EXACT_MAX_PLAYERS,
    shapley_exact,
    shapley_sampled,
)
from graph.scoring._strengths import DEFAULT_OPTIONS, checked_kernel
from graph.scoring._topic import TopicView, resolve_topic, single_edits, view
from schemas import (
    DEFAULT_CONTRIBUTION,
    DEFAULT_SEMANTICS,
    Contribution,
    ContributionFunction,
    ContributionResult,
    EfficiencyCheck,
    QBAFProblem,
    Semantics,
)

F = NDArray[np.float64]
EFFICIENCY_TOLERANCE = 1e-8
# Sampled Shapley costs about permutations x (players + 1) x arguments solver cells, and this machine class
# solves roughly 3e7 of them per second: the budget keeps one request near two seconds. Fewer permutations
# are drawn when a graph would need more; below MIN_PERMUTATIONS the estimate is too noisy to offer.
SHAPLEY_WORK_BUDGET = 60_000_000
MIN_PERMUTATIONS = 20


_ALIASES = {
    "shapley": ContributionFunction.SHAPLEY,
    "removal": ContributionFunction.REMOVAL,
    "removalintrinsic": ContributionFunction.REMOVAL_INTRINSIC,
    "intrinsicremoval": ContributionFunction.REMOVAL_INTRINSIC,
    "intrinsic": ContributionFunction.REMOVAL_INTRINSIC,
    "gradient": ContributionFunction.GRADIENT,
}


def parse_contribution(name: str) -> ContributionFunction:
    """Resolve a contribution function name, ignoring case, dashes and underscores.

    Args:
        name: E.g. ``"shapley"``, ``"removal-intrinsic"``, ``"intrinsic_removal"``.

    Returns:
        The function.

    Raises:
        InvalidQBAF: If the name is unknown (path ``contribution``).
    """
    found = _ALIASES.get(re.sub(r"[^a-z]", "", name.lower()))
    if found is None:
        known = ", ".join(f.value for f in ContributionFunction)
        message = f"unknown contribution function {name!r} (known: {known})"
        raise InvalidQBAF([QBAFProblem(path="contribution", message=message)])
    return found


def compute_contributions(
    qbaf: QBAF,
    topic: str | None = None,
    semantics: Semantics | str = DEFAULT_SEMANTICS,
    function: ContributionFunction | str = DEFAULT_CONTRIBUTION,
    *,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    exact_max_players: int = EXACT_MAX_PLAYERS,
    options: SolverOptions | None = None,
    work_budget: int | None = SHAPLEY_WORK_BUDGET,
) -> ContributionResult:
    """Contribution of every other argument to ``topic``.

    Args:
        qbaf: The framework.
        topic: Topic id (default: the QBAF's root).
        semantics: Semantics name or alias (default QE).
        function: ``"shapley"`` (default), ``"removal"``, ``"removal-intrinsic"`` or ``"gradient"``.
        permutations: Sampled permutations when Shapley cannot be exact.
        seed: Seed for the sampling.
        exact_max_players: Exact Shapley up to this many ancestors (default 14), sampling above.
        options: Solver settings for cyclic graphs.
        work_budget: Most solver cells sampled Shapley may use (None: no limit); ``permutations`` is
            lowered to fit it, and the result reports the number used.

    Returns:
        Signed contributions ranked by weight carried, with the efficiency check.

    Raises:
        InvalidQBAF: Unknown topic/semantics/function, attack-only semantics with supports, or
            fewer than 2 permutations.
        OverBudget: Sampled Shapley would need fewer than ``MIN_PERMUTATIONS`` to fit ``work_budget``.

    Example:
        >>> from graph.scoring import QBAF, Edge
        >>> edges = [Edge("b", "a", "attack"), Edge("c", "a", "attack")]
        >>> qbaf = QBAF.build({"a": 0.5, "b": 1.0, "c": 1.0}, edges)
        >>> result = compute_contributions(qbaf, "a", "QE", "shapley")
        >>> [(c.argument, round(c.value, 6)) for c in result.contributions]
        [('b', -0.2), ('c', -0.2)]
    """
    kernel = checked_kernel(qbaf, semantics)
    fn = parse_contribution(str(function))
    if permutations < 2:
        message = f"need at least 2 permutations, got {permutations}"
        raise InvalidQBAF([QBAFProblem(path="permutations", message=message)])
    v = view(qbaf, kernel, resolve_topic(qbaf, topic), options or DEFAULT_OPTIONS)
    stderr: F | None = None
    approximate = False
    used_permutations: int | None = None
    used_seed: int | None = None
    if fn is ContributionFunction.SHAPLEY:
        if v.players.size <= exact_max_players:
            local, method = shapley_exact(v), "exact"
        else:
            permutations = _affordable(v, permutations, work_budget)
            local, stderr = shapley_sampled(v, permutations, seed)
            method, approximate, used_permutations, used_seed = "sampled", True, permutations, seed
    elif fn is ContributionFunction.GRADIENT:
        local, method = _gradient(v)
    else:
        removed = single_edits(v, pin=False)
        local = v.sigma - removed if fn is ContributionFunction.REMOVAL else _intrinsic(v, removed)
        local[v.topic] = 0.0
        method = "batched"
    return _result(
        v,
        fn=fn,
        method=method,
        local=local,
        stderr=stderr,
        approximate=approximate,
        permutations=used_permutations,
        seed=used_seed,
    )


def _affordable(v: TopicView, permutations: int, work_budget: int | None) -> int:
    if work_budget is None:
        return permutations
    cells = (int(v.players.size) + 1) * v.sub.n_arguments
    affordable = min(permutations, work_budget // cells)
    if affordable < min(MIN_PERMUTATIONS, permutations):
        raise OverBudget(
            f"Shapley contributions over {v.players.size} players and {v.sub.n_arguments} arguments exceed "
            "this server's budget: ask for contribution=removal or contribution=gradient, or a smaller graph"
        )
    return affordable


def _intrinsic(v: TopicView, removed: F) -> F:
    pinned = single_edits(v, pin=True)
    # Without parents, deleting in-edges changes nothing: C_R' = C_R exactly.
    _, tgt, _, _ = v.sub.arrays
    parentless = np.bincount(tgt, minlength=v.sub.n_arguments) == 0
    pinned[parentless] = v.sigma
    return pinned - removed


def _gradient(v: TopicView) -> tuple[F, str]:
    local = local_derivatives(v.sub, v.kernel, v.strengths)
    if not local.kink.any():
        grad = reverse_gradient(v.sub, local, v.topic)
        if grad is not None:
            grad[v.topic] = 0.0
            return grad, "reverse" if v.metadata.acyclic else "implicit"
    grad, converged = difference_gradient(v.sub, v.kernel, v.topic, v.players, v.strengths)
    if not converged:
        v.stalled.append(1)
    grad[v.topic] = 0.0
    return grad, "finite-difference"


def _result(
    v: TopicView,
    *,
    fn: ContributionFunction,
    method: str,
    local: F,
    stderr: F | None,
    approximate: bool,
    permutations: int | None,
    seed: int | None,
) -> ContributionResult:
    n = v.qbaf.n_arguments
    values = np.zeros(n)
    values[v.keep] = local
    errors = None
    if stderr is not None:
        errors = np.zeros(n)
        errors[v.keep] = stderr
    t = v.qbaf.index[v.topic_id]
    ids = v.qbaf.ids
    # Heaviest first; equal weights keep the QBAF's argument order (stable sort). Arguments with no path to
    # the topic cannot move it: they come last, without a rank, so a rank never orders mere zeros.
    reaches = np.zeros(n, dtype=bool)
    reaches[v.keep] = True
    order = np.argsort(-np.abs(values), kind="stable")
    others = [i for i in order.tolist() if i != t and reaches[i]]
    unreached = [i for i in range(n) if not reaches[i]]
    value_list = values.tolist()
    error_list = None if errors is None else errors.tolist()
    contributions = [
        Contribution(
            argument=ids[i],
            value=value_list[i],
            weight=abs(value_list[i]),
            rank=rank,
            stderr=None if error_list is None else error_list[i],
        )
        for rank, i in enumerate(others, start=1)
    ]
    unranked = f"no path to {v.topic_id!r}: it cannot move it"
    contributions.extend(
        Contribution(argument=ids[i], value=0.0, weight=0.0, rank=None, unranked=unranked) for i in unreached
    )
    total = math.fsum(value_list[i] for i in others)
    expected = v.sigma - v.tau
    return ContributionResult(
        topic=v.topic_id,
        semantics=v.kernel.semantics.value,
        function=fn.value,
        method=method,
        topic_strength=v.sigma,
        topic_base_score=v.tau,
        contributions=contributions,
        approximate=approximate,
        players=int(v.players.size),
        efficiency=EfficiencyCheck(
            total=total,
            expected=expected,
            gap=total - expected,
            holds=abs(total - expected) <= EFFICIENCY_TOLERANCE,
        ),
        metadata=v.metadata,
        converged=v.metadata.converged and not v.stalled,
        permutations=permutations,
        seed=seed,
    )
