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

from graph.errors import InvalidArgumentMap, OverBudget
from graph.service import canonical_name, evaluate_map_file, evaluate_qbaf
from graph.words import counted
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


def load_input(path: Path) -> QBAFBody | None:
    """Read a plain QBAF file into its body; None when the file is something else (a map document).

    A plain QBAF is ``{"arguments": {...}, "supports": [...], "attacks": [...], "root": ...}``.

    Args:
        path: A ``.json``, ``.yaml`` or ``.yml`` file.

    Raises:
        ScoreInputError: Unreadable or malformed file.
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
    if not (isinstance(data, dict) and isinstance(data.get("arguments"), dict)):
        return None
    try:
        return msgspec.convert(data, QBAFBody)
    except msgspec.ValidationError as exc:
        raise ScoreInputError(f"{path}: {_one_line(exc)}") from exc


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
    except (ScoreInputError, InvalidArgumentMap, OverBudget) as exc:
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
        ScoreInputError: Unreadable file or map document, or a contribution asked for without any topic.
        InvalidArgumentMap: Invalid QBAF, semantics, topic or function (every problem listed).
        OverBudget: A graph larger than the API evaluates.
    """
    if contribution is not None and canonical_name("contribution", contribution) is None:
        known = contribution_help()
        raise ScoreInputError(f"unknown contribution function {contribution!r} (known: {known})")
    body = load_input(path)
    if body is None:
        return _score_map(path, semantics, topic, contribution)
    if topic is None and body.root is None and contribution is not None:
        raise ScoreInputError("--contribution needs --topic (the file has no root)")
    evaluated = evaluate_qbaf(body, semantics, contribution or DEFAULT_CONTRIBUTION, topic)
    return ScoreReport(strengths=evaluated.strengths, contributions=evaluated.contributions)


def _score_map(path: Path, semantics: str, topic: str | None, contribution: str | None) -> ScoreReport:
    try:
        evaluated = evaluate_map_file(path, semantics, contribution or DEFAULT_CONTRIBUTION, topic)
    except InvalidArgumentMap as error:
        if not error.problems or error.problems[0].path in {"semantics", "contribution", "topic"}:
            raise
        shown = "; ".join(f"{problem.path}: {problem.message}" for problem in error.problems[:3])
        count = len(error.problems)
        raise ScoreInputError(f"{path}: {counted(count, 'problem')} in the map document: {shown}") from None
    except OSError as exc:
        raise ScoreInputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return ScoreReport(strengths=evaluated.strengths, contributions=evaluated.contributions)


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
    how = (
        meta.method
        if meta.acyclic
        else f"{meta.method}, {counted(meta.cyclic_components, 'cyclic component')}"
    )
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
        rank = "-" if c.rank is None else str(c.rank)
        note = f"  ({c.unranked})" if c.unranked else ""
        lines.append(f"{rank:>4}  {c.argument:<{width}}  {c.value:>+10.6f}{extra}{note}")
    eff = result.efficiency
    verdict = "adds up" if eff.holds else "does not add up (only Shapley must)"
    lines.append(f"sum {eff.total:+.6f} vs strength - base {eff.expected:+.6f}: {verdict}")
    return lines


def _format(path: Path) -> str:
    return "YAML" if path.suffix.lower() in {".yaml", ".yml"} else "JSON"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
