"""Strength and contribution scores for argument maps (quantitative bipolar argumentation).

Pure and numeric: build a :class:`QBAF`, then ask for :func:`compute_strengths`,
:func:`compute_contributions` or :func:`what_if`. Results are msgspec Structs from
``schemas._qbaf``. See ``docs/scoring.md`` for what the numbers mean.

Example:
    >>> from graph.scoring import QBAF, Edge, compute_strengths
    >>> qbaf = QBAF.build({"thesis": 0.5, "evidence": 0.8}, [Edge("evidence", "thesis", "support")])
    >>> round(compute_strengths(qbaf).strengths["thesis"], 6)
    0.695122
"""

from graph.scoring._contributions import compute_contributions, parse_contribution
from graph.scoring._edge import Edge, Polarity
from graph.scoring._errors import InvalidQBAF
from graph.scoring._fixpoint import SolverOptions
from graph.scoring._names import parse_semantics
from graph.scoring._qbaf import QBAF
from graph.scoring._scenarios import scenario_strengths
from graph.scoring._shapley import DEFAULT_PERMUTATIONS, DEFAULT_SEED, EXACT_MAX_PLAYERS
from graph.scoring._strengths import compute_strengths
from graph.scoring._whatif import apply_changes, what_if
from schemas import DEFAULT_CONTRIBUTION, DEFAULT_SEMANTICS, ContributionFunction, Semantics

__all__ = [
    "DEFAULT_CONTRIBUTION",
    "DEFAULT_PERMUTATIONS",
    "DEFAULT_SEED",
    "DEFAULT_SEMANTICS",
    "EXACT_MAX_PLAYERS",
    "QBAF",
    "ContributionFunction",
    "Edge",
    "InvalidQBAF",
    "Polarity",
    "Semantics",
    "SolverOptions",
    "compute_contributions",
    "compute_strengths",
    "parse_contribution",
    "parse_semantics",
    "scenario_strengths",
    "what_if",
    "apply_changes",
]
