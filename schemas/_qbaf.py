"""Structs for the scoring engine: the plain QBAF body, strengths, contributions and what-if.

Inputs are plain Structs that only check shapes; the domain rules of a QBAF (finite scores in
[0, 1], known ends, no self-loops, attack and support disjoint) are checked by the scoring engine
so that every problem can be reported at once instead of only the first one.
"""

from typing import Annotated

import msgspec
from msgspec import Meta

from schemas._names import DEFAULT_CONTRIBUTION, DEFAULT_SEMANTICS, contribution_help, semantics_help

ArgumentId = Annotated[str, Meta(description="Identifier of an argument (claim, evidence, ...).")]
Pair = Annotated[
    tuple[ArgumentId, ArgumentId],
    Meta(description="An edge as [from, to]: `from` supports or attacks `to`."),
]
SemanticsName = Annotated[
    str,
    Meta(description=f"Gradual semantics (any common spelling): {semantics_help()}."),
]
ContributionName = Annotated[
    str,
    Meta(description=f"Contribution function (any common spelling): {contribution_help()}."),
]


class QBAFProblem(msgspec.Struct, frozen=True, kw_only=True):
    """One problem found while validating a QBAF.

    Attributes:
        path: Where the problem is, e.g. ``supports[3]`` or ``arguments.x``.
        message: A short human message.
    """

    path: str
    message: str


class QBAFBody(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The plain QBAF request body.

    Attributes:
        arguments: Base score of every argument, by id.
        supports: Support edges ``[from, to]``.
        attacks: Attack edges ``[from, to]``.
        root: Optional topic argument (the default topic for contributions).
    """

    arguments: dict[ArgumentId, Annotated[float, Meta(description="Base score in [0, 1].")]]
    supports: list[Pair] = msgspec.field(default_factory=list)
    attacks: list[Pair] = msgspec.field(default_factory=list)
    root: ArgumentId | None = None


class StageSolve(msgspec.Struct, frozen=True, kw_only=True):
    """How one group of strongly connected components was solved.

    Attributes:
        arguments: Number of arguments in the group.
        components: Number of cyclic components in the group.
        method: ``"discrete"`` or ``"continuous"``.
        converged: Whether the stopping rule was met.
        iterations: Discrete rounds run (also counted when the fast path was abandoned).
        steps: Runge-Kutta steps run.
        residual: Final ``max|Δ|`` (discrete) or ``max|d|`` (continuous).
    """

    arguments: int
    components: int
    method: str
    converged: bool
    iterations: int
    steps: int
    residual: float


class SolveMetadata(msgspec.Struct, frozen=True, kw_only=True):
    """How strengths were computed.

    Attributes:
        acyclic: True if the graph has no directed cycle.
        method: ``"forward"``, ``"discrete"``, ``"continuous"`` or ``"mixed"`` (several methods).
        converged: False if any cyclic group hit its step cap.
        iterations: Total discrete rounds over all cyclic groups.
        steps: Total Runge-Kutta steps over all cyclic groups.
        residual: Largest final residual (0 for a pure forward pass).
        cyclic_components: Number of strongly connected components with a cycle.
        stages: One entry per solved group of cyclic components, in solving order.
    """

    acyclic: bool
    method: str
    converged: bool
    iterations: int
    steps: int
    residual: float
    cyclic_components: int = 0
    stages: list[StageSolve] = msgspec.field(default_factory=list)


class StrengthResult(msgspec.Struct, frozen=True, kw_only=True):
    """Strength of every argument under one semantics.

    Attributes:
        semantics: Canonical semantics name.
        strengths: Final strength by argument id.
        base_scores: Base score by argument id (as used for this computation).
        metadata: How the values were computed.
    """

    semantics: str
    strengths: dict[str, float]
    base_scores: dict[str, float]
    metadata: SolveMetadata


class Contribution(msgspec.Struct, frozen=True, kw_only=True):
    """Contribution of one argument to the topic.

    Attributes:
        argument: Contributor id.
        value: Signed contribution: positive pushes the topic up, negative pulls it down.
        weight: ``abs(value)``, the "weight carried".
        rank: 1 = carries the most weight (ties keep the order of the arguments in the QBAF); None for an
            argument with no path to the topic, which cannot move it and is not ranked.
        stderr: Standard error of a sampled Shapley value, else None.
        unranked: Why ``rank`` is None (the argument has no path to the topic), else None.
    """

    argument: str
    value: float
    weight: float
    rank: int | None
    stderr: float | None = None
    unranked: str | None = None


class EfficiencyCheck(msgspec.Struct, frozen=True, kw_only=True):
    """Whether the contributions add up to the topic's movement ``sigma(t) - tau(t)``.

    Attributes:
        total: Sum of all contribution values.
        expected: ``sigma(t) - tau(t)``.
        gap: ``total - expected``.
        holds: True if ``|gap| <= 1e-8``; guaranteed only for Shapley.
    """

    total: float
    expected: float
    gap: float
    holds: bool


class ContributionResult(msgspec.Struct, frozen=True, kw_only=True):
    """Contributions of every other argument to one topic argument.

    Attributes:
        topic: Topic argument id.
        semantics: Canonical semantics name.
        function: ``"shapley"``, ``"removal"``, ``"removal-intrinsic"`` or ``"gradient"``.
        method: How it was computed (``"exact"``, ``"sampled"``, ``"batched"``, ``"reverse"``,
            ``"implicit"`` or ``"finite-difference"``).
        topic_strength: ``sigma(t)``.
        topic_base_score: ``tau(t)``.
        contributions: One entry per argument other than the topic, by rank; the arguments with no path to
            the topic last, unranked.
        approximate: True for sampled Shapley values.
        players: Number of arguments with a path to the topic (the only ones that can contribute).
        permutations: Number of sampled permutations (sampled Shapley only).
        seed: Random seed used (sampled Shapley only).
        efficiency: The efficiency check.
        metadata: How the topic's strength was computed (on the topic's ancestor sub-graph).
        converged: False if the baseline or any recomputation (a removal, a coalition, a
            perturbed base score) stopped at the step cap; the values are then unreliable.
    """

    topic: str
    semantics: str
    function: str
    method: str
    topic_strength: float
    topic_base_score: float
    contributions: list[Contribution]
    approximate: bool
    players: int
    efficiency: EfficiencyCheck
    metadata: SolveMetadata
    converged: bool = True
    permutations: int | None = None
    seed: int | None = None


class WhatIfRequest(msgspec.Struct, kw_only=True):
    """A hypothetical change to a QBAF.

    Attributes:
        semantics: Semantics to use.
        base_scores: New base scores by argument id.
        remove_arguments: Arguments to delete (with every edge touching them).
        remove_edges: Edges ``[from, to]`` to delete (either polarity).
        topic: Topic for contributions; none computed if absent.
        contribution: Contribution function (with a topic).
    """

    semantics: SemanticsName = DEFAULT_SEMANTICS.value
    base_scores: dict[ArgumentId, float] = msgspec.field(default_factory=dict)
    remove_arguments: list[ArgumentId] = msgspec.field(default_factory=list)
    remove_edges: list[Pair] = msgspec.field(default_factory=list)
    topic: ArgumentId | None = None
    contribution: ContributionName = DEFAULT_CONTRIBUTION.value


class WhatIfResult(msgspec.Struct, frozen=True, kw_only=True):
    """Strengths (and contributions) before and after a what-if change.

    Attributes:
        baseline: Strengths of the unchanged QBAF.
        scenario: Strengths of the changed QBAF.
        deltas: ``scenario - baseline`` strength of every argument that still exists.
        removed_arguments: Arguments deleted by the change.
        removed_edges: Edges deleted by the change, including those of deleted arguments.
        contributions: Contributions in the scenario (when a topic was given).
        baseline_contributions: Contributions in the baseline (when a topic was given).
        contribution_deltas: Scenario minus baseline contribution, per remaining contributor.
    """

    baseline: StrengthResult
    scenario: StrengthResult
    deltas: dict[str, float]
    removed_arguments: list[str]
    removed_edges: list[tuple[str, str]]
    contributions: ContributionResult | None = None
    baseline_contributions: ContributionResult | None = None
    contribution_deltas: dict[str, float] | None = None


class ScoreReport(msgspec.Struct, frozen=True, kw_only=True):
    """What ``argmap score --json`` prints.

    Attributes:
        strengths: Strength of every argument.
        contributions: Contributions to the topic, when there is one.
    """

    strengths: StrengthResult
    contributions: ContributionResult | None = None
