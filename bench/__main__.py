"""Run the benchmarks in order: ``python -m bench [SECTION|all]``, a section one of ``SECTIONS``.

Each section starts with a header naming the machine, Python, Neo4j and the command that reproduces it. The
exit status is non-zero only when a benchmark crashes: a missed target is a finding, printed as MISS.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

from bench import (
    bench_diagram,
    bench_edge,
    bench_hostile,
    bench_http,
    bench_load,
    bench_qbaf,
    bench_scale,
    bench_soak,
    bench_versions,
    bench_writes,
)
from bench.neo4j import ROOT, Target, neo4j_target

SECTIONS = (
    "scoring",
    "qbaf",
    "load",
    "http",
    "edge",
    "diagram",
    "writes",
    "soak",
    "hostile",
    "versions",
    "scale",
)
DATABASE_SECTIONS = SECTIONS[1:]
# Variables that change what a section measures, echoed in its command so the figures can be reproduced.
RELEVANT_ENV = (
    "NEO4J_URI",
    "NEO4J_DATABASE",
    "BENCH_HTTP_SECONDS",
    "BENCH_HTTP_PORT",
    "BENCH_NEO4J_PORT",
    "BENCH_DIAGRAM_PORT",
    "BENCH_WRITE_SECONDS",
    "BENCH_SINGLE_WRITES",
    "BENCH_SOAK_SECONDS",
    "BENCH_SOAK_WARMUP_SECONDS",
    "BENCH_HOSTILE_SECONDS",
    "BENCH_VERSIONS",
    "BENCH_SCALE_MAPS",
    "BENCH_QBAF_RUNS",
    "BENCH_QBAF_PY",
    "BENCH_UNCERTAINPY",
    "ARGMAP_LOG_LEVEL",
)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def command_for(section: str) -> str:
    """The shell command that runs ``section`` alone, from the repository root."""
    python = Path(sys.executable)
    shown = python.relative_to(ROOT) if python.is_relative_to(ROOT) else python
    env = [f"{name}={shlex.quote(os.environ[name])}" for name in RELEVANT_ENV if os.environ.get(name)]
    return " ".join([f"cd {shlex.quote(str(ROOT))} &&", *env, str(shown), "-m", "bench", section])


def header(section: str, target: Target | None) -> str:
    """The lines printed before a section: machine, load, Python, Neo4j and the command."""
    cpus = os.cpu_count() or 1
    load = os.getloadavg()
    busy = load[0] > cpus / 2
    lines = [
        "",
        f"=== bench {section} " + "=" * (60 - len(section)),
        f"machine: nproc {len(os.sched_getaffinity(0))} ({cpus} CPUs, {_cpu_model()}), {platform.platform()}",
        f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
        + ("  (WARNING: other processes are busy; figures are pessimistic)" if busy else ""),
        f"python: {platform.python_implementation()} {platform.python_version()}",
        "neo4j: " + (target.describe() if target is not None else "not used"),
        f"command: {command_for(section)}",
    ]
    return "\n".join(lines)


def run_scoring() -> None:
    """The engine benchmark of ``bench/bench_scoring.py``, skipped with a note while it does not exist."""
    try:
        module = importlib.import_module("bench.bench_scoring")
    except ModuleNotFoundError as error:
        if error.name != "bench.bench_scoring":
            raise
        print("bench/bench_scoring.py does not exist yet: scoring benchmark skipped")
        return
    scoring_main = cast("Callable[[list[str]], int]", module.main)
    status = scoring_main([])
    if status:
        print(f"(bench_scoring exited with {status})")


def run_load(target: Target) -> None:
    """The map-loading benchmark against ``target``."""
    print(bench_load.describe_generation())
    print(bench_load.render(bench_load.run(target)))


def run_http(target: Target, wrk: str | None) -> None:
    """The HTTP benchmark against ``target``, or a one-line note when wrk is unavailable."""
    if wrk is None:
        print("wrk is not installed and could not be installed (Debian: apt-get install wrk): http skipped")
        return
    print(bench_http.describe())
    print(bench_http.render(bench_http.run(target, wrk)))
    print(bench_http.server_log_summary())


def main(argv: list[str] | None = None) -> int:
    """Parse the section and run the chosen benchmarks in order."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("section", nargs="?", default="all", choices=[*SECTIONS, "all"])
    args = parser.parse_args(argv)
    chosen = SECTIONS if args.section == "all" else (args.section,)
    if "scoring" in chosen:
        print(header("scoring", None))
        run_scoring()
    database_sections = [section for section in chosen if section in DATABASE_SECTIONS]
    if not database_sections:
        return 0
    # Installing wrk before Neo4j starts keeps apt's work out of the database's first minutes.
    wrk = bench_http.ensure_wrk() if {"http", "edge", "soak"} & set(database_sections) else None
    with neo4j_target() as target:
        for section in database_sections:
            print(header(section, target))
            if section == "load":
                run_load(target)
            elif section == "diagram":
                print(bench_diagram.describe())
                print(bench_diagram.render(*bench_diagram.run(target)))
            elif section == "edge":
                if wrk is None:
                    print("wrk is not installed and could not be installed: edge skipped")
                    continue
                print((bench_edge.__doc__ or "").strip())
                print("\n".join(bench_edge.run(target, wrk)))
            elif section == "soak":
                if wrk is None:
                    print("wrk is not installed and could not be installed: soak skipped")
                    continue
                print(bench_soak.describe())
                print(bench_soak.render(*bench_soak.run(target, wrk)))
            elif section == "writes":
                print(bench_writes.describe())
                print(bench_writes.render(bench_writes.run(target)))
            elif section == "versions":
                print(bench_versions.describe())
                print(bench_versions.render(bench_versions.run(target)))
            elif section == "qbaf":
                print(bench_qbaf.describe())
                print(bench_qbaf.render(bench_qbaf.run(target)))
            elif section == "scale":
                print(bench_scale.describe())
                print(bench_scale.render(bench_scale.run(target)))
            elif section == "hostile":
                print(bench_hostile.describe())
                print(bench_hostile.render(bench_hostile.run(target)))
            else:
                run_http(target, wrk)
    return 0


if __name__ == "__main__":
    sys.exit(main())
