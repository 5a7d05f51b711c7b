"""The engine on a plain QBAF body or a map document file, within documented limits (docs/api.md, "Budgets").

The HTTP route ``POST /qbaf/evaluate`` and the CLI's ``argmap score`` both come here, so both keep the
same limits and answer the same numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import msgspec

from graph.document import MAX_DEPTH, load_document_file, nested_too_deep, repeated_key
from graph.errors import InvalidArgumentMap, OverBudget
from graph.mapgraph import MapGraph, framework
from graph.scoring import QBAF, InvalidQBAF, compute_contributions, compute_strengths
from graph.scoring._wire import decode_plain
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


class BodyRefusal(msgspec.Struct, frozen=True, kw_only=True):
    """A ``POST /qbaf/evaluate`` body refused before evaluation, as a typed JSON body is refused over HTTP.

    Attributes:
        detail: What is wrong (for a body of the wrong shape, the decoder's message without its location).
        field: For a body of the wrong shape, where, as the HTTP layer names a field of a typed body
            (``arguments[...]``, ``supports[0]``, ``data`` for the body as a whole); None for a malformed body
            (not JSON, nested too deeply, a key written twice).
    """

    detail: str
    field: str | None = None


def evaluate_qbaf_json(
    body: bytes, semantics: str, contribution: str, topic: str | None
) -> bytes | BodyRefusal:
    """The encoded ``QBAFEvaluation`` of the JSON ``body`` (CPU-bound: one job of the compute pool).

    A well-formed body is decoded straight into columns and checked in bulk (``graph.scoring._wire``); any
    other is read the careful way, which refuses it as the HTTP layer refuses a typed body: malformed JSON,
    nesting deeper than ``MAX_DEPTH``, a key written twice, a value of the wrong type.

    Raises:
        OverBudget, InvalidArgumentMap: as ``evaluate_qbaf``.
    """
    wire = decode_plain(body)
    if wire is not None:
        _within_budget(len(wire.arguments), len(wire.support_pairs) + len(wire.attack_pairs))
        evaluation = _evaluate(lambda: QBAF.from_wire(wire), semantics, contribution, topic or wire.topic)
    else:
        careful = _careful_body(body)
        if isinstance(careful, BodyRefusal):
            return careful
        _within_budget(len(careful.arguments), len(careful.supports) + len(careful.attacks))
        evaluation = _evaluate(
            lambda: QBAF.from_body(careful), semantics, contribution, topic or careful.root
        )
    return msgspec.json.encode(evaluation)


# Where a typed body's decoder says a wrong value is: ``... - at `$.supports[0]` ``.
_AT = re.compile(r"`\$\.(.+)`$")
TOO_DEEP_TO_READ = "the request body is nested too deeply to read"


def _careful_body(body: bytes) -> QBAFBody | BodyRefusal:
    """``body`` read as the HTTP layer reads a typed body: generic JSON, its depth and keys, then the type.

    Slower than ``decode_plain`` but exact about what is wrong, and as lax as that reading (a score sent as
    the string ``"0.5"`` is taken).
    """
    try:
        decoded = msgspec.json.decode(body)
        if body.count(b"[") + body.count(b"{") > MAX_DEPTH and nested_too_deep(decoded):
            return BodyRefusal(detail=f"the JSON body is nested deeper than {MAX_DEPTH} levels")
        repeated = repeated_key(body, decoded) if body.count(b'"') >= 4 else None
    except msgspec.DecodeError as error:
        return BodyRefusal(detail=str(error))
    except RecursionError:
        return BodyRefusal(detail=TOO_DEEP_TO_READ)
    if repeated is not None:
        return BodyRefusal(detail=f"the JSON body names the key {repeated[:100]!r} twice: send each key once")
    try:
        return msgspec.convert(decoded, QBAFBody, strict=False, str_keys=True)
    except msgspec.ValidationError as error:
        message = str(error)
        where = _AT.search(message)
        field = "data." + where.group(1) if where else "data"
        return BodyRefusal(detail=message.split(" - ", maxsplit=1)[0], field=field.replace("data.", ""))


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
