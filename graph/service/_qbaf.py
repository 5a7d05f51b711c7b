"""The engine on a plain QBAF body, within documented limits (docs/api.md, "Budgets")."""

from __future__ import annotations

from graph.errors import InvalidArgumentMap, OverBudget
from graph.scoring import QBAF, InvalidQBAF, compute_contributions, compute_strengths
from schemas import Problem, QBAFBody, QBAFEvaluation

# A 10,000-argument, 30,000-edge acyclic graph evaluates in tens of milliseconds; these limits leave room for
# cyclic graphs and still keep one request far below the compute deadline.
MAX_ARGUMENTS = 20_000
MAX_EDGES = 60_000


def evaluate_qbaf(body: QBAFBody, semantics: str, contribution: str, topic: str | None) -> QBAFEvaluation:
    """Strengths of every argument, and contributions to ``topic`` (else the body's root; none without).

    CPU-bound: run it in the compute pool. Sampled Shapley draws fewer permutations on large graphs
    (``SHAPLEY_WORK_BUDGET``) and reports how many it used.

    Raises:
        OverBudget: more than ``MAX_ARGUMENTS`` arguments or ``MAX_EDGES`` edges, or Shapley too costly.
        InvalidArgumentMap: the body breaks the QBAF rules (every problem listed).

    Example:
        >>> body = QBAFBody(arguments={"a": 0.5, "b": 1.0}, attacks=[("b", "a")], root="a")
        >>> result = evaluate_qbaf(body, "QE", "removal", None)
        >>> round(result.strengths.strengths["a"], 4)
        0.25
    """
    edges = len(body.supports) + len(body.attacks)
    if len(body.arguments) > MAX_ARGUMENTS or edges > MAX_EDGES:
        raise OverBudget(
            f"this server evaluates at most {MAX_ARGUMENTS} arguments and {MAX_EDGES} edges per request "
            f"(got {len(body.arguments)} and {edges})"
        )
    try:
        qbaf = QBAF.from_body(body)
        strengths = compute_strengths(qbaf, semantics)
        chosen = topic or body.root
        contributions = (
            compute_contributions(qbaf, chosen, semantics=semantics, function=contribution)
            if chosen
            else None
        )
    except InvalidQBAF as error:
        problems = [Problem(path=p.path, message=p.message) for p in error.problems]
        raise InvalidArgumentMap(str(error), problems) from None
    return QBAFEvaluation(strengths=strengths, contributions=contributions)
