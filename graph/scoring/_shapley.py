"""Shapley contributions (spec §5): exact over all coalitions, or by permutation sampling.

Players are the topic's ancestors only (the others are null players). The game is
``v(S) = sigma_{G↓(S + t)}(t)``; a coalition is one scenario column in which non-members are deleted,
so thousands of coalitions are evaluated per vectorized pass over the small ancestor sub-graph.
"""

import math

import numpy as np
from numpy.typing import NDArray

from graph.compute import check_deadline
from graph.scoring._engine import chunks
from graph.scoring._plan import plan_for
from graph.scoring._topic import TopicView, scenario_topic_values

F = NDArray[np.float64]

# 2^14 = 16 384 coalitions: exact values cost about as much as 160 sampled permutations of 100
# players, and beyond this the 2^p growth quickly dominates.
EXACT_MAX_PLAYERS = 14
DEFAULT_PERMUTATIONS = 1000
DEFAULT_SEED = 0


def shapley_exact(v: TopicView) -> F:
    """Exact Shapley values, sharing one ``v(S)`` evaluation per coalition across all players.

    Args:
        v: The solved view (at most ~20 players).

    Returns:
        Value per sub-graph argument (0 for the topic).
    """
    p = v.players.size
    n = v.sub.n_arguments
    masks = np.arange(2**p, dtype=np.int64)
    game = np.empty(masks.size)
    plan = plan_for(v.sub)
    for part in chunks(plan, masks.size):
        check_deadline()
        cols = masks[part]
        presence = np.ones((n, cols.size))
        for j, node in enumerate(v.players.tolist()):
            presence[node] = (cols >> j) & 1
        game[part] = scenario_topic_values(v, cols, presence=presence)
    sizes = np.bitwise_count(masks).astype(np.int64)
    weight = np.array([math.factorial(s) * math.factorial(p - s - 1) / math.factorial(p) for s in range(p)])
    out = np.zeros(n)
    for j, node in enumerate(v.players.tolist()):
        bit = 1 << j
        without = masks[(masks & bit) == 0]
        out[node] = float((weight[sizes[without]] * (game[without | bit] - game[without])).sum())
    return out


def shapley_sampled(v: TopicView, permutations: int, seed: int) -> tuple[F, F]:
    """Monte Carlo Shapley values from random permutations of the players.

    Every prefix of every permutation is one coalition; marginal contributions telescope, so the
    estimates still add up exactly to ``sigma(t) - tau(t)``.

    Args:
        v: The solved view.
        permutations: Number of permutations (at least 2).
        seed: Seed of numpy's default generator.

    Returns:
        ``(values, standard errors)`` per sub-graph argument.
    """
    p = v.players.size
    n = v.sub.n_arguments
    rng = np.random.default_rng(seed)
    total, total_sq = np.zeros(p), np.zeros(p)
    per_perm = p + 1
    plan = plan_for(v.sub)
    batch = max(1, chunks(plan, per_perm * permutations)[0].stop // per_perm)
    prefix = np.arange(per_perm)
    done = 0
    while done < permutations:
        check_deadline()
        c = min(batch, permutations - done)
        done += c
        perms = np.argsort(rng.random((c, p)), axis=1)
        rank = np.empty_like(perms)
        rows = np.arange(c)[:, None]
        rank[rows, perms] = np.arange(p)
        presence = np.ones((n, c * per_perm))
        # Column (j, k) holds the first k players of permutation j.
        member = rank[:, :, None] < prefix[None, None, :]
        presence[v.players] = member.transpose(1, 0, 2).reshape(p, c * per_perm)
        game = scenario_topic_values(v, np.arange(c * per_perm), presence=presence).reshape(c, per_perm)
        marginal = np.empty((c, p))
        marginal[rows, perms] = game[:, 1:] - game[:, :-1]
        total += marginal.sum(axis=0)
        total_sq += (marginal * marginal).sum(axis=0)
    mean = total / permutations
    variance = np.maximum(total_sq - permutations * mean * mean, 0.0) / max(permutations - 1, 1)
    values, errors = np.zeros(n), np.zeros(n)
    values[v.players] = mean
    errors[v.players] = np.sqrt(variance / permutations)
    return values, errors
