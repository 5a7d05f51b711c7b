"""``argmap export`` and ``argmap load --format aif|argdown``: maps to and from other tools' formats.

Failures are one line on stderr and a non-zero exit: a bad format (2), a missing file or an unknown map (1).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from api import _cli_client
from api._cli_remote import add_server_options, server_of
from api.settings import Settings
from schemas import ExportFormat

if TYPE_CHECKING:
    from graph.service import MapService

FORMATS = ", ".join(ExportFormat)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class UsageError(Exception):
    """A command line that names something the command does not take; printed as one line, exit 2."""


def export_format(value: str) -> ExportFormat:
    """The export format named on the command line.

    Raises:
        UsageError: it is not one.

    Example:
        >>> export_format("CSV").value
        'csv'
    """
    try:
        return ExportFormat(value.lower())
    except ValueError:
        raise UsageError(f"unknown export format {value!r}: choose one of {FORMATS}") from None


def map_id_for(path: Path) -> str:
    """The map id an AIF file becomes when ``--id`` is not given: its name as a slug.

    Example:
        >>> map_id_for(Path("maps/School Uniforms.aif.json"))
        'school-uniforms'
    """
    stem = path.name.split(".")[0]
    return _NOT_SLUG.sub("-", stem.lower()).strip("-")[:80] or "imported"


def connect(settings: Settings) -> MapService:
    """The service over the configured Neo4j (nothing is contacted until the first call).

    Raises:
        RemoteError: no Neo4j is configured or started here (nothing is created to find out).
    """
    from api._cli_remote import neo4j_connection
    from graph.service import MapService

    return MapService.connect(*neo4j_connection(settings))


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write one map's export to ``--output`` (or stdout)."""
    chosen = export_format(args.format)
    base_url = args.base_url or f"http://{settings.host}:{settings.port}"
    server = server_of(args)
    if server is not None and args.base_url:
        raise UsageError("--base-url is for exports read from Neo4j: a server's exports point at the server")

    async def export() -> bytes:
        service = connect(settings)
        try:
            found, _ = await service.export(args.map_id, chosen, base_url=base_url)
            return found.body
        finally:
            await service.close()

    body = _cli_client.export(server, args.map_id, chosen.value) if server else asyncio.run(export())
    if args.output in (None, "-"):
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
    else:
        Path(args.output).write_bytes(body)
        print(f"{args.map_id}: {chosen.value} written to {args.output} ({len(body)} bytes)", file=sys.stderr)
    return 0


def run_load_import(args: argparse.Namespace, settings: Settings) -> int:
    """Import one AIF or Argdown file as a map (created, or replaced if the id exists); list the defaults."""
    if len(args.files) != 1:
        raise UsageError(
            f"--format {args.format} loads one file at a time (each becomes its own map, named by --id)"
        )
    path = Path(args.files[0])
    body = path.read_bytes()
    map_id = args.id or map_id_for(path)
    source = "AIF" if args.format == "aif" else "Argdown"
    server = server_of(args)
    if server is not None:
        receipt = _cli_client.import_file(server, path, args.format, map_id, args.title).json()
        print(f"{map_id}: created from {source} on {server.url}, version {receipt['version']}")
        if not args.quiet:
            for note in receipt.get("defaulted", []):
                print(
                    f"  defaulted {note['field']} = {note['value']} for {note['count']}: {note['reason']}",
                    file=sys.stderr,
                )
            for note in receipt.get("skipped", []):
                print(f"  skipped {note['count']} {note['field']}: {note['reason']}", file=sys.stderr)
        return 0

    async def load() -> tuple[int, bool, list[str]]:
        from graph.service import CLI

        service = connect(settings)
        try:
            await service.prepare()
            if args.format == "aif":
                found = await service.import_aif(
                    body, actor=CLI, map_id=map_id, title=args.title, replace=True
                )
            else:
                found = await service.import_argdown_file(
                    path, actor=CLI, map_id=map_id, title=args.title, replace=True
                )
            result, imported = found
        finally:
            await service.close()
        notes = [f"  defaulted {d.field} = {d.value} for {d.count}: {d.reason}" for d in imported.defaulted]
        notes += [f"  skipped {d.count} {d.field}: {d.reason}" for d in imported.skipped]
        return result.version, result.created, notes

    version, created, notes = asyncio.run(load())
    print(f"{map_id}: {'created' if created else 'replaced'} from {source}, version {version}")
    if not args.quiet:
        for line in notes:
            print(line, file=sys.stderr)
    return 0


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``argmap export``."""
    export = commands.add_parser("export", help=f"write a map in another tool's format ({FORMATS})")
    export.add_argument("map_id", metavar="MAP_ID")
    export.add_argument("--format", default="json", help=f"one of {FORMATS} (default json)")
    export.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: standard output)")
    export.add_argument(
        "--base-url",
        help="where argmap is served, for ClaimReview urls (default http://ARGMAP_HOST:ARGMAP_PORT)",
    )
    add_server_options(export)
    export.set_defaults(handler=run_export)
