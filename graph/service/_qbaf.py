"""The engine on a plain QBAF body or a map document file, within documented limits (docs/api.md, "Budgets").

The HTTP route ``POST /qbaf/evaluate`` and the CLI's ``argmap score`` both come here, so both keep the
same limits and answer the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.document import load_document_file
from graph.errors import InvalidArgumentMap, OverBudget
from graph.mapgraph import MapGraph, framework
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
    _within_budget(len(body.arguments), len(body.supports) + len(body.attacks))
    return _evaluate(lambda: QBAF.from_body(body), semantics, contribution, topic or body.root)


def evaluate_map_file(path: Path, semantics: str, contribution: str, topic: str | None) -> QBAFEvaluation:
    """A map document file (YAML or JSON, ``text_file`` resolved) scored as the API scores the map.

    Contributions go to ``topic``, else the map's root. CPU-bound, like ``evaluate_qbaf``.

    Raises:
        InvalidArgumentMap: the file is not a valid map document, or the scoring options do not fit it.
        OverBudget: the map is larger than ``evaluate_qbaf`` takes.
        OSError: the file cannot be read.
    """
    document = load_document_file(path)
    _within_budget(len(document.nodes), len(document.relations))
    root = MapGraph(document=document, version=0, node_versions={}).root
    return _evaluate(lambda: framework(document, root=root), semantics, contribution, topic or root)


def _within_budget(arguments: int, edges: int) -> None:
    if arguments > MAX_ARGUMENTS or edges > MAX_EDGES:
        raise OverBudget(
            f"this server evaluates at most {MAX_ARGUMENTS} arguments and {MAX_EDGES} edges per request "
            f"(got {arguments} and {edges})"
        )


def _evaluate(
    build: Callable[[], QBAF], semantics: str, contribution: str, topic: str | None
) -> QBAFEvaluation:
    try:
        qbaf = build()
        strengths = compute_strengths(qbaf, semantics)
        contributions = (
            compute_contributions(qbaf, topic, semantics=semantics, function=contribution) if topic else None
        )
    except InvalidQBAF as error:
        problems = [Problem(path=p.path, message=p.message) for p in error.problems]
        raise InvalidArgumentMap(str(error), problems) from None
    return QBAFEvaluation(strengths=strengths, contributions=contributions)
