"""Strengths of a whole QBAF (the public entry point of spec §4)."""

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from graph.scoring._engine import Batch, run
from graph.scoring._errors import InvalidQBAF
from graph.scoring._fixpoint import SolverOptions, StageReport
from graph.scoring._plan import plan_for
from graph.scoring._qbaf import QBAF
from graph.scoring._semantics import Kernel, kernel_for
from graph.scoring._validate import SUPPORT
from graph.words import counted
from schemas import DEFAULT_SEMANTICS, QBAFProblem, Semantics, SolveMetadata, StageSolve, StrengthResult

DEFAULT_OPTIONS = SolverOptions()


def checked_kernel(qbaf: QBAF, semantics: Semantics | str) -> Kernel:
    """The kernel of ``semantics``, refusing attack-only semantics on graphs with supports.

    Args:
        qbaf: The framework.
        semantics: Semantics name or alias.

    Returns:
        The kernel.

    Raises:
        InvalidQBAF: Unknown semantics, or supports under an attack-only semantics.
    """
    kernel = kernel_for(semantics)
    if kernel.attack_only:
        _, _, pol, _ = qbaf.arrays
        n_support = int((pol == SUPPORT).sum())
        if n_support:
            message = (
                f"{kernel.semantics.value} is defined for attack-only graphs, "
                f"but this QBAF has {counted(n_support, 'support edge')}"
            )
            raise InvalidQBAF([QBAFProblem(path="semantics", message=message)])
    return kernel


def solve(
    qbaf: QBAF, kernel: Kernel, options: SolverOptions = DEFAULT_OPTIONS
) -> tuple[NDArray[np.float64], SolveMetadata]:
    """Strengths as an array plus computation metadata.

    Args:
        qbaf: The framework.
        kernel: The semantics.
        options: Solver settings.

    Returns:
        ``(strengths, metadata)``.
    """
    plan = plan_for(qbaf)
    batch = Batch(tau=qbaf.base_scores[:, None], columns=1)
    state, reports = run(plan, kernel, batch, options)
    return state[:, 0], metadata(plan.acyclic, plan.cyclic_components, reports)


def metadata(acyclic: bool, cyclic_components: int, reports: Sequence[StageReport]) -> SolveMetadata:
    """Summarize stage reports.

    Args:
        acyclic: Whether the graph is acyclic.
        cyclic_components: Number of cyclic components.
        reports: One report per cyclic stage.

    Returns:
        The metadata Struct.
    """
    methods = {r.method for r in reports}
    method = "forward" if not methods else methods.pop() if len(methods) == 1 else "mixed"
    return SolveMetadata(
        acyclic=acyclic,
        method=method,
        converged=all(r.converged for r in reports),
        iterations=sum(r.iterations for r in reports),
        steps=sum(r.steps for r in reports),
        residual=max((r.residual for r in reports), default=0.0),
        cyclic_components=cyclic_components,
        stages=[
            StageSolve(
                arguments=r.size,
                components=r.components,
                method=r.method,
                converged=r.converged,
                iterations=r.iterations,
                steps=r.steps,
                residual=r.residual,
            )
            for r in reports
        ],
    )


def compute_strengths(
    qbaf: QBAF, semantics: Semantics | str = DEFAULT_SEMANTICS, *, options: SolverOptions | None = None
) -> StrengthResult:
    """Strength of every argument (spec §4: forward pass, or fixed points per cyclic component).

    Args:
        qbaf: The framework.
        semantics: Semantics name or alias (default QE).
        options: Solver settings for cyclic graphs (default: the spec's values).

    Returns:
        Strengths, base scores and metadata.

    Raises:
        InvalidQBAF: Unknown semantics, or supports under an attack-only semantics.

    Example:
        >>> from graph.scoring import QBAF, Edge
        >>> edges = [Edge("b", "a", "attack"), Edge("c", "a", "attack")]
        >>> qbaf = QBAF.build({"a": 0.5, "b": 1.0, "c": 1.0}, edges)
        >>> round(compute_strengths(qbaf, "QE").strengths["a"], 6)
        0.1
    """
    kernel = checked_kernel(qbaf, semantics)
    values, meta = solve(qbaf, kernel, options or DEFAULT_OPTIONS)
    return StrengthResult(
        semantics=kernel.semantics.value,
        strengths=dict(zip(qbaf.ids, values.tolist(), strict=True)),
        base_scores=dict(zip(qbaf.ids, qbaf.base_scores.tolist(), strict=True)),
        metadata=meta,
    )
