"""``python -m graph.document``: print the JSON Schema, validate a map file, or find a quote's offsets.

Usage::

    python -m graph.document schema > docs/map-schema.json
    python -m graph.document validate maps/import-ai-455.yaml
    python -m graph.document offsets maps/sources/import-ai-455.txt "a feel rather than a model"
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from graph.document._computation import check_computations
from graph.document._load import load_document_file
from graph.document._quotes import find_offsets
from graph.document._schema import map_schema_json
from graph.errors import InvalidArgumentMap
from graph.words import counted


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit status (0 ok, 1 invalid input)."""
    parser = argparse.ArgumentParser(prog="python -m graph.document", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("schema", help="print the map document's JSON Schema")
    validate = commands.add_parser("validate", help="validate a map document file")
    validate.add_argument("file", type=Path)
    offsets = commands.add_parser("offsets", help="print the start and end offsets of a quote in a text file")
    offsets.add_argument("text_file", type=Path)
    offsets.add_argument("quote")
    args = parser.parse_args(argv)
    if args.command == "schema":
        sys.stdout.write(map_schema_json())
        return 0
    if args.command == "offsets":
        text = args.text_file.read_bytes().decode("utf-8")
        try:
            start, end = find_offsets(text, args.quote)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"start: {start}, end: {end}")
        return 0
    return _validate(args.file)


def _validate(path: Path) -> int:
    try:
        doc = load_document_file(path)
    except InvalidArgumentMap as error:
        print(f"{path}: {counted(len(error.problems), 'problem')}", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem.path}: {problem.message} [{problem.code}]", file=sys.stderr)
        return 1
    print(f"{path}: valid map {doc.id!r}: {len(doc.nodes)} nodes, {len(doc.relations)} relations")
    for check in check_computations(doc):
        verdict = "agrees" if check.agrees else "DISAGREES"
        print(f"  {check.path} ({check.node}): {verdict}: {check.explanation}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
