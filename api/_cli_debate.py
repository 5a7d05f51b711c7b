"""``argmap brief`` and ``argmap gaps``: debate briefs and the map linter, on a file or on a stored map.

A FILE (a path that exists) is read and analysed here, without a database: a class can lint their own map
before anyone loads it. Anything else is a map id, read from the configured Neo4j.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from api import _cli_client
from api._cli_remote import add_server_options, server_of
from api.settings import Settings
from schemas import DEFAULT_SEMANTICS, semantics_help

if TYPE_CHECKING:
    from graph.service import MapService
    from schemas import Gaps

EXIT_FINDINGS = 1


def _service(settings: Settings, *, database: bool) -> MapService:
    """The service; over Neo4j when ``database``, else one that never connects (a FILE is read here)."""
    from api._cli_remote import neo4j_connection
    from graph.service import MapService

    if not database:
        return MapService.connect(settings.effective_neo4j_uri, None, settings.neo4j_database)
    return MapService.connect(*neo4j_connection(settings))


def _run(settings: Settings, call: Any, *, database: bool = True) -> Any:
    async def run() -> Any:
        service = _service(settings, database=database)
        try:
            return await call(service)
        finally:
            await service.close()

    return asyncio.run(run())


def run_brief(args: argparse.Namespace, settings: Settings) -> int:
    """Print the brief for one side, as Markdown (default), HTML or JSON."""
    path = Path(args.map)
    server = server_of(args)
    if server is not None and not path.is_file():
        params = {"side": args.side, "semantics": args.semantics, "format": args.format, "top": str(args.top)}
        answered = _cli_client.brief(server, args.map, params | ({"root": args.root} if args.root else {}))
        sys.stdout.buffer.write(answered if answered.endswith(b"\n") else answered + b"\n")
        sys.stdout.buffer.flush()
        return 0

    async def brief(service: MapService) -> bytes:
        if path.is_file():
            from graph.service import read_map_file

            return await service.document_brief(
                read_map_file(path),
                args.side,
                root=args.root,
                semantics=args.semantics,
                format=args.format,
                top=args.top,
            )
        found = await service.brief(
            args.map, args.side, root=args.root, semantics=args.semantics, format=args.format, top=args.top
        )
        return found.body

    body: bytes = _run(settings, brief, database=not path.is_file())
    sys.stdout.buffer.write(body if body.endswith(b"\n") else body + b"\n")
    sys.stdout.buffer.flush()
    return 0


def run_gaps(args: argparse.Namespace, settings: Settings) -> int:
    """Print the map's weak spots, one per line; exit 1 when any is an error."""
    from schemas import Gaps, Severity

    path = Path(args.map)

    async def gaps(service: MapService) -> Gaps:
        if path.is_file():
            from graph.service import read_map_file

            return await service.document_gaps(read_map_file(path), semantics=args.semantics)
        found = await service.gaps(args.map, semantics=args.semantics)
        return msgspec.json.decode(found.body, type=Gaps)

    server = server_of(args)
    if server is not None and not path.is_file():
        found = msgspec.json.decode(_cli_client.gaps_json(server, args.map, args.semantics), type=Gaps)
    else:
        found = _run(settings, gaps, database=not path.is_file())
    if args.json:
        print(msgspec.json.encode(found).decode())
    else:
        _print(found)
    return EXIT_FINDINGS if found.counts.get(Severity.ERROR.value, 0) else 0


def _print(found: Gaps) -> None:
    for finding in found.findings:
        print(f"{finding.severity.value:7} {finding.kind}: {finding.message}. Fix: {finding.fix}.")
    counts = ", ".join(_counted(count, severity) for severity, count in found.counts.items())
    print(f"{found.map_id}: {counts}", file=sys.stderr)


def _counted(count: int, severity: str) -> str:
    """``1 error``, ``2 errors``; ``info`` is the same for any count."""
    from graph.words import counted
    from schemas import Severity

    return counted(count, severity, severity if severity == Severity.INFO.value else None)


def register(commands: Any) -> None:
    """Add ``brief`` and ``gaps`` to the CLI's subcommands."""
    brief = commands.add_parser("brief", help="a debate brief for one side of a map's thesis")
    brief.add_argument("map", metavar="FILE|MAP_ID", help="a map document file, or the id of a stored map")
    brief.add_argument("--side", choices=["pro", "con"], required=True)
    brief.add_argument("--root", help="the thesis (default: the map's root)")
    brief.add_argument("--semantics", default=DEFAULT_SEMANTICS.value, help=semantics_help())
    brief.add_argument("--format", choices=["markdown", "html", "json"], default="markdown")
    brief.add_argument("--top", type=int, default=5, choices=range(1, 21), metavar="N", help="1 to 20")
    add_server_options(brief)
    brief.set_defaults(handler=run_brief)

    gaps = commands.add_parser("gaps", help="a map's weak spots; exit 1 when any is an error")
    gaps.add_argument("map", metavar="FILE|MAP_ID", help="a map document file, or the id of a stored map")
    gaps.add_argument("--semantics", default=DEFAULT_SEMANTICS.value, help=semantics_help())
    gaps.add_argument("--json", action="store_true", help="print the findings as JSON")
    add_server_options(gaps)
    gaps.set_defaults(handler=run_gaps)
