"""``argmap quotes fill``: write the offsets of quotes given by their words into the map file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from api.settings import Settings
from graph.words import counted

EXIT_PROBLEMS = 1


def run_quotes_fill(args: argparse.Namespace, settings: Settings) -> int:
    """Fill in the offsets of FILE's quotes; list what cannot be placed and write nothing then."""
    from graph.service import fill_quotes_file

    path = Path(args.file)
    filled = fill_quotes_file(path, write=not args.dry_run)
    if filled.problems:
        print(f"{args.file}: {counted(len(filled.problems), 'problem')}; nothing written", file=sys.stderr)
        for problem in filled.problems:
            print(f"  {problem.path}: {problem.message}", file=sys.stderr)
        return EXIT_PROBLEMS
    if not filled.placed:
        print(f"{args.file}: every quote already has its offsets")
        return 0
    verb = "would get" if args.dry_run else "got"
    print(f"{args.file}: {counted(len(filled.placed), 'quote')} {verb} offsets")
    for spot in filled.placed:
        print(f"  nodes[{spot.node}].quotes[{spot.quote}]: start {spot.start}, end {spot.end}")
    return 0


def register(commands: Any) -> None:
    """Add ``argmap quotes fill``."""
    quotes = commands.add_parser("quotes", help="work on a map file's quotes")
    actions = quotes.add_subparsers(dest="action", required=True, metavar="ACTION")
    fill = actions.add_parser(
        "fill",
        help="write start and end into every quote that gives only its words (comments and layout kept)",
    )
    fill.add_argument("file", metavar="FILE", help="a map document (.yaml, .yml or .json)")
    fill.add_argument("--dry-run", action="store_true", help="say what would be filled; write nothing")
    fill.set_defaults(handler=run_quotes_fill)
