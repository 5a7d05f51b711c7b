"""``argmap score FILE``: strengths and contributions of a map document or a QBAF file, as a table or JSON.

The CLI entry point adds this subcommand with :func:`register`; the parsed namespace carries
``func(args)`` and ``handler(args, settings)``, which return the exit code (0, or 2 for bad input).
"""

import argparse
import sys
from pathlib import Path
from typing import TextIO

import msgspec
import yaml

from graph.document import load_document_file
from graph.errors import InvalidArgumentMap
from graph.mapgraph import MapGraph, framework
from graph.scoring import (
    QBAF,
    InvalidQBAF,
    compute_contributions,
    compute_strengths,
    parse_contribution,
    parse_semantics,
)
from schemas import (
    DEFAULT_CONTRIBUTION,
    DEFAULT_SEMANTICS,
    ContributionResult,
    QBAFBody,
    ScoreReport,
    StrengthResult,
    contribution_help,
    semantics_help,
)

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class ScoreInputError(ValueError):
    """The file or the options cannot be scored (reported on one line, exit code 2)."""


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add the ``score`` subcommand.

    Args:
        subparsers: The object returned by ``ArgumentParser.add_subparsers()``.
    """
    parser = subparsers.add_parser(
        "score",
        help="strengths and contributions of a QBAF file",
        description="Compute argument strengths and, for a topic, each argument's contribution.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="plain QBAF JSON (or YAML) file")
    parser.add_argument("--semantics", default=DEFAULT_SEMANTICS.value, help=semantics_help())
    parser.add_argument("--topic", help="topic argument id (default: the file's root)")
    parser.add_argument(
        "--contribution",
        help=f"{contribution_help()}; needs a topic",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    # ``func`` for plain argparse users, ``handler(args, settings)`` for ``api.cli.main``.
    parser.set_defaults(func=run, handler=handle)


def handle(args: argparse.Namespace, settings: object = None) -> int:
    """Run ``score`` from the ``argmap`` entry point (settings are not needed).

    Args:
        args: Parsed arguments.
        settings: The application settings (unused).

    Returns:
        The exit code.
    """
    return run(args)


def load_framework(path: Path) -> tuple[QBAF, str | None]:
    """Read a file into a QBAF and its default topic.

    A plain QBAF (``{"arguments": {...}, "supports": [...], "attacks": [...], "root": ...}``) is
    handled here; anything else goes to :func:`load_map_document`.

    Args:
        path: A ``.json``, ``.yaml`` or ``.yml`` file.

    Returns:
        ``(qbaf, default topic)``.

    Raises:
        ScoreInputError: Unreadable or malformed file, or an unsupported document.
        InvalidQBAF: The QBAF breaks the model's rules.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScoreInputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        if path.suffix.lower() in {".yaml", ".yml"}:
            data: object = yaml.safe_load(raw)
        else:
            data = msgspec.json.decode(raw)
    except (msgspec.DecodeError, yaml.YAMLError) as exc:
        raise ScoreInputError(f"{path} is not valid {_format(path)}: {_one_line(exc)}") from exc
    if isinstance(data, dict) and isinstance(data.get("arguments"), dict):
        try:
            body = msgspec.convert(data, QBAFBody)
        except msgspec.ValidationError as exc:
            raise ScoreInputError(f"{path}: {_one_line(exc)}") from exc
        qbaf = QBAF.from_body(body)
        return qbaf, qbaf.root
    return load_map_document(path, data)


def load_map_document(path: Path, data: object) -> tuple[QBAF, str | None]:
    """Turn a map document file into its QBAF and root, as the API scores it.

    Args:
        path: The file (read again through the map document layer, which resolves ``text_file``).
        data: The decoded document (already parsed; only its shape led here).

    Returns:
        ``(qbaf, the map's root)``.

    Raises:
        ScoreInputError: The file is not a valid map document (the problems, on one line).
    """
    del data  # the document layer re-reads the file so quotes are checked against their source text
    try:
        document = load_document_file(path)
    except InvalidArgumentMap as error:
        shown = "; ".join(f"{problem.path}: {problem.message}" for problem in error.problems[:3])
        count = len(error.problems)
        raise ScoreInputError(f"{path}: {count} problem(s) in the map document: {shown}") from None
    graph = MapGraph(document=document, version=0, node_versions={node.id: 0 for node in document.nodes})
    return framework(document, root=graph.root), graph.root


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Execute ``score`` for parsed arguments.

    Args:
        args: Namespace with ``file``, ``semantics``, ``topic``, ``contribution`` and ``json``.
        out: Where results go (default stdout).
        err: Where the one-line error goes (default stderr).

    Returns:
        0 on success, 2 on bad input.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        report = score(args.file, args.semantics, args.topic, args.contribution)
    except (ScoreInputError, InvalidQBAF) as exc:
        print(f"argmap score: error: {_one_line(exc)}", file=err)
        return EXIT_BAD_INPUT
    if args.json:
        out.write(msgspec.json.encode(report).decode() + "\n")
    else:
        out.write(render(report))
    return EXIT_OK


def score(path: Path, semantics: str, topic: str | None, contribution: str | None) -> ScoreReport:
    """Load a file and compute what ``score`` prints.

    Args:
        path: The file.
        semantics: Semantics name or alias.
        topic: Topic id, or None for the file's default.
        contribution: Contribution function, or None for Shapley when there is a topic.

    Returns:
        Strengths, plus contributions when a topic is known.

    Raises:
        ScoreInputError: Unreadable file, or a contribution asked for without any topic.
        InvalidQBAF: Invalid QBAF, semantics, topic or function.
    """
    name = parse_semantics(semantics)
    function = parse_contribution(contribution) if contribution is not None else None
    qbaf, default_topic = load_framework(path)
    chosen = topic if topic is not None else default_topic
    if chosen is None and function is not None:
        raise ScoreInputError("--contribution needs --topic (the file has no root)")
    strengths = compute_strengths(qbaf, name)
    contributions = None
    if chosen is not None:
        contributions = compute_contributions(qbaf, chosen, name, function or DEFAULT_CONTRIBUTION)
    return ScoreReport(strengths=strengths, contributions=contributions)


def render(report: ScoreReport) -> str:
    """The human-readable table.

    Args:
        report: What to show.

    Returns:
        Text ending with a newline.
    """
    lines = _strength_lines(report.strengths)
    if report.contributions is not None:
        lines += ["", *_contribution_lines(report.contributions)]
    return "\n".join(lines) + "\n"


def _strength_lines(result: StrengthResult) -> list[str]:
    meta = result.metadata
    how = meta.method if meta.acyclic else f"{meta.method}, {meta.cyclic_components} cyclic component(s)"
    status = "" if meta.converged else f"  NOT CONVERGED (residual {meta.residual:.2e})"
    width = max([8, *(len(k) for k in result.strengths)])
    lines = [
        f"Strengths ({result.semantics}; {how}){status}",
        f"{'argument':<{width}}  {'base':>8}  {'strength':>8}",
    ]
    for key, value in result.strengths.items():
        lines.append(f"{key:<{width}}  {result.base_scores[key]:>8.6f}  {value:>8.6f}")
    return lines


def _contribution_lines(result: ContributionResult) -> list[str]:
    approx = f", {result.permutations} permutations, seed {result.seed}" if result.approximate else ""
    lines = [
        f"Contributions to {result.topic!r} ({result.function}, {result.method}{approx}): "
        f"base {result.topic_base_score:.6f} -> strength {result.topic_strength:.6f}",
    ]
    width = max([8, *(len(c.argument) for c in result.contributions)])
    lines.append(
        f"{'rank':>4}  {'argument':<{width}}  {'value':>10}" + ("  ± stderr" if result.approximate else "")
    )
    for c in result.contributions:
        extra = f"  ± {c.stderr:.6f}" if c.stderr is not None else ""
        lines.append(f"{c.rank:>4}  {c.argument:<{width}}  {c.value:>+10.6f}{extra}")
    eff = result.efficiency
    verdict = "adds up" if eff.holds else "does not add up (only Shapley must)"
    lines.append(f"sum {eff.total:+.6f} vs strength - base {eff.expected:+.6f}: {verdict}")
    return lines


def _format(path: Path) -> str:
    return "YAML" if path.suffix.lower() in {".yaml", ".yml"} else "JSON"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
