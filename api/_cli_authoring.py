"""``argmap quotes fill`` (offsets written into the map file) and ``argmap delete`` (here or on a server)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from api import _cli_client
from api._cli_remote import add_server_options, server_of
from api.settings import Settings
from graph.words import counted

EXIT_PROBLEMS = 1


def run_quotes_fill(args: argparse.Namespace, settings: Settings) -> int:
    """Fill in the offsets of FILE's quotes; list what cannot be placed and write nothing then."""
    from graph.service import fill_quotes_file

    path = Path(args.file)
    cited = _cli_client.stored_texts(server_of(args), path)
    filled = fill_quotes_file(path, write=not args.dry_run, cited=cited)
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


def run_delete(args: argparse.Namespace, settings: Settings) -> int:
    """Delete one map (its nodes, quotes and kept versions), on the server with ``--api`` or in Neo4j."""
    from api._cli_interchange import UsageError
    from graph.service import CLI, tag_version

    tag = args.if_match
    if tag is not None:
        tag = tag if tag.startswith('"') else f'"{tag}"'
        if tag_version(tag, args.map_id) is None:
            raise UsageError(
                f'--if-match {args.if_match} is not an ETag of map {args.map_id!r} ("{args.map_id}-v3")'
            )
    server = server_of(args)
    if server is not None:
        print(_cli_client.delete(server, args.map_id, tag))
        return 0

    async def delete() -> None:
        from api._cli_interchange import connect

        service = connect(settings)
        try:
            await service.delete(
                args.map_id, actor=CLI, expected_version=tag_version(tag, args.map_id) if tag else None
            )
        finally:
            await service.close()

    asyncio.run(delete())
    print(f"{args.map_id}: deleted")
    return 0


def register(commands: Any) -> None:
    """Add ``argmap quotes fill`` and ``argmap delete``."""
    quotes = commands.add_parser("quotes", help="work on a map file's quotes")
    actions = quotes.add_subparsers(dest="action", required=True, metavar="ACTION")
    fill = actions.add_parser(
        "fill",
        help="write start and end into every quote that gives only its words (comments and layout kept)",
    )
    fill.add_argument("file", metavar="FILE", help="a map document (.yaml, .yml or .json)")
    fill.add_argument("--dry-run", action="store_true", help="say what would be filled; write nothing")
    add_server_options(fill)
    fill.set_defaults(handler=run_quotes_fill)

    delete = commands.add_parser("delete", help="delete a map (in Neo4j, or on a server with --api)")
    delete.add_argument("map_id", metavar="MAP_ID")
    delete.add_argument(
        "--if-match", metavar="ETAG", help='only if the map is still at this ETag ("map-v3"; default: any)'
    )
    add_server_options(delete)
    delete.set_defaults(handler=run_delete)
