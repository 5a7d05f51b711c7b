"""The ``argmap`` command line: serve the API, run the local Neo4j, validate, load, score and export maps.

Every failure prints one line on stderr and exits non-zero; no tracebacks for bad input.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec

from api._cli_errors import CommandError
from api._cli_interchange import UsageError
from api._cli_remote import RemoteError, add_server_options
from api.settings import Settings, SettingsError, load_settings
from graph.errors import DatabaseUnavailable, GraphError, InvalidArgumentMap

EXIT_USAGE = 2
EXIT_FAILURE = 1


def local_server(settings: Settings) -> object:
    """The project's local Neo4j as configured (imported lazily: only the neo4j commands need it)."""
    from graph.server import LocalNeo4j

    return LocalNeo4j(settings.local_neo4j)


def _neo4j(args: argparse.Namespace, settings: Settings) -> int:
    from graph.server import LocalNeo4j

    if settings.neo4j_uri is not None and args.action != "status":
        print(f"NEO4J_URI is set ({settings.neo4j_uri}): nothing local to {args.action}", file=sys.stderr)
        return 0
    if settings.neo4j_uri is not None:
        from graph.service import database_version

        version = database_version(settings.neo4j_uri, settings.neo4j_auth, settings.neo4j_database)
        print(f"external Neo4j {version}")
        return 0
    server = local_server(settings)
    assert isinstance(server, LocalNeo4j)  # noqa: S101 - narrows the lazily imported type for mypy
    if args.action == "start":
        fetched = server.fetch()
        started = server.start()
        note = " (fetched from Maven Central)" if fetched else ""
        print(("started" if started else "already running") + note + ": " + server.status())
    elif args.action == "stop":
        print("stopped" if server.stop() else "not running")
    else:
        print(server.status())
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from api.app import create_app
    from api.observability import configure_logging
    from api.runtime import tune_collector
    from api.serving import server_config

    host = args.host or settings.host
    port = args.port or settings.port
    workers = args.workers or settings.serving_workers
    settings = msgspec.structs.replace(
        settings, host=host, port=port
    )  # the public URL's default follows them
    if workers > 1:
        return _serve_workers(settings, workers)
    configure_logging(settings.log_level, settings.audit_log)
    tune_collector(settings.gc_threshold)
    config = server_config(
        create_app(settings),
        settings,
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        log_config=None,  # keep the JSON lines configured above
        access_log=False,  # argmap.access logs each request, with its id
        # uvicorn believes X-Forwarded-For from loopback by default: any local client could then pick the
        # address its rate limit is counted under. Only the proxies the settings name are believed.
        proxy_headers=bool(settings.proxies),
        forwarded_allow_ips=settings.proxies or None,
    )
    uvicorn.Server(config).run()
    return 0


def _serve_workers(settings: Settings, workers: int) -> int:
    """Serve from ``workers`` processes on one socket: uvicorn's supervisor restarts any that dies."""
    import os

    import uvicorn

    # The workers read their settings from the environment; the command's --host and --port go with them.
    os.environ["ARGMAP_HOST"], os.environ["ARGMAP_PORT"] = settings.host, str(settings.port)
    uvicorn.run(
        "api.asgi:served",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        http="api.serving:ConfiguredHttp",
        timeout_keep_alive=settings.keep_alive_s,
        log_level=settings.log_level.lower(),
        log_config=None,
        access_log=False,
        proxy_headers=bool(settings.proxies),
        forwarded_allow_ips=settings.proxies or None,
    )
    return 0


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    from api._cli_client import stored_texts
    from api._cli_remote import server_of
    from graph.service import located, validate_file
    from graph.words import counted

    report = validate_file(Path(args.file), cited=stored_texts(server_of(args), Path(args.file)))
    if args.json:
        print(msgspec.json.encode(report).decode())
    elif report.valid:
        print(f"{args.file}: valid map {report.map_id!r} with {report.nodes} nodes")
    else:
        print(f"{args.file}: {counted(len(report.problems), 'problem')}", file=sys.stderr)
        for line in located(Path(args.file), report.problems):
            print(f"  {line}", file=sys.stderr)
    return 0 if report.valid else EXIT_FAILURE


def _load(args: argparse.Namespace, settings: Settings) -> int:
    from api import _cli_client
    from api._cli_interchange import run_load_import
    from api._cli_remote import server_of
    from graph.service import load_files

    if args.format in ("aif", "argdown"):
        return run_load_import(args, settings)
    if args.format != "document":
        raise UsageError(f"unknown load format {args.format!r}: choose document, aif or argdown")

    paths = [Path(name) for name in args.files]
    server = server_of(args)
    # Every file is checked before anything is written.
    documents = [_cli_client.read(path, server) for path in paths]
    if server is not None:
        for path, document in zip(paths, documents, strict=True):
            print(_cli_client.load(server, path, document))
        return 0
    results = asyncio.run(load_files(settings_to_connection(settings), paths, progress=not args.quiet))
    for result in results:
        state = "created" if result.created else ("replaced" if result.changed else "unchanged")
        print(f"{result.map_id}: {state}, version {result.version}")
    return 0


def settings_to_connection(settings: Settings) -> tuple[str, tuple[str, str] | None, str | None]:
    """The (uri, auth, database) triple the graph layer connects with; nothing is created to get it."""
    from api._cli_remote import neo4j_connection

    return neo4j_connection(settings)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="argmap", description="Annotated argument maps and a claims API.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the HTTP API (settings from ARGMAP_* and NEO4J_*)")
    serve.add_argument("--host", help="bind address (default ARGMAP_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default ARGMAP_PORT or 8000)")
    serve.add_argument(
        "--workers",
        type=int,
        help="serving processes (default ARGMAP_WORKERS, else one per core)",
    )
    serve.set_defaults(handler=_serve)

    neo4j = commands.add_parser("neo4j", help="fetch, start, stop or inspect the project's local Neo4j")
    neo4j.add_argument("action", choices=["start", "stop", "status"])
    neo4j.set_defaults(handler=_neo4j)

    validate = commands.add_parser("validate", help="check a map document and list every problem")
    validate.add_argument("file")
    validate.add_argument("--json", action="store_true", help="print the report as JSON")
    add_server_options(validate)
    validate.set_defaults(handler=_validate)

    load = commands.add_parser(
        "load", help="validate and load map documents into Neo4j (one transaction each)"
    )
    load.add_argument("files", nargs="+", metavar="FILE")
    load.add_argument("--quiet", action="store_true", help="no progress output")
    load.add_argument(
        "--format",
        default="document",
        help="document (map documents, the default), aif (one AIF JSON file) or argdown (one Argdown file)",
    )
    load.add_argument("--id", help="with --format aif or argdown: the map's id (default: the file's name)")
    load.add_argument("--title", help="with --format aif or argdown: the map's title")
    add_server_options(load)
    load.set_defaults(handler=_load)

    from api._cli_accounts import register as register_accounts
    from api._cli_authoring import register as register_authoring
    from api._cli_debate import register as register_debate
    from api._cli_interchange import register as register_interchange
    from api._cli_score import register as register_score

    register_score(commands)
    register_interchange(commands)
    register_debate(commands)
    register_authoring(commands)
    register_accounts(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # The driver logs each retry as a warning; a command reports its outcome in one line of its own.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    handler: Callable[[argparse.Namespace, Settings], int] = args.handler
    try:
        settings = load_settings()
        return handler(args, settings)
    except (SettingsError, UsageError) as error:
        print(f"argmap: {error}", file=sys.stderr)
        return EXIT_USAGE
    except InvalidArgumentMap as error:
        print(
            f"argmap: {error.detail}: "
            + "; ".join(f"{p.path}: {p.message}" for p in error.problems[:5])
            + (" ..." if len(error.problems) > 5 else ""),
            file=sys.stderr,
        )
        return EXIT_FAILURE
    except DatabaseUnavailable as error:
        where = "NEO4J_URI" if os.environ.get("NEO4J_URI") else "the local Neo4j (argmap neo4j start)"
        print(f"argmap: {error.detail}: check {where}", file=sys.stderr)
        return EXIT_FAILURE
    except (GraphError, CommandError, RemoteError, OSError) as error:
        print(f"argmap: {getattr(error, 'detail', None) or error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
