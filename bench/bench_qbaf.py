"""``POST /qbaf/evaluate`` end to end against the reference QBAF libraries in process, same graphs.

Goal: the engine over HTTP (a client sending the JSON body to ``argmap serve`` and reading the whole
answer) at least 2x as fast as the best reference library evaluating the same 10,000-argument acyclic graph
in its own process, and at least 5x on a 10,000-argument cyclic graph (one giant strongly connected
component). Semantics QE, no contributions, on both sides.

The reference libraries are QBAF-Py (C, github.com/TimKam/Quantitative-Bipolar-Argumentation, commit
7053aca) and Uncertainpy (pure Python, github.com/nicopotyka/Uncertainpy, commit 0f7e500). They are GPL and
not installable from PyPI, so they are not shipped: build them once outside the repository and name them::

    git clone …/Quantitative-Bipolar-Argumentation qbafpy && cd qbafpy
    python setup.py build_ext --build-lib /opt/qbafpy      # then BENCH_QBAF_PY=/opt/qbafpy
    git clone …/Uncertainpy                                 # then BENCH_UNCERTAINPY=<clone>/src

A library not found is reported as such and its rows say why; the verdict then uses the others. QBAF-Py's
time includes building its framework from Python lists, as a caller of it would; Uncertainpy's cyclic solver
(pure-Python RK4 over 10,000 arguments) takes minutes and is not run.

Run: ``BENCH_NEO4J_PORT=… BENCH_HTTP_PORT=… python -m bench.bench_qbaf`` (the server needs its database to
start; the QBAF route itself does not touch it). ``BENCH_QBAF_RUNS`` (default 15) sets the rounds; each
figure is the median of its rounds, every way timed once per round in turn.
"""

from __future__ import annotations

import http.client
import importlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import msgspec

from bench.bench_http import server_port, start_server, stop_server
from bench.bench_scoring import fresh, generate
from bench.neo4j import Target, neo4j_target
from graph.scoring import QBAF, compute_strengths
from graph.service._qbaf import evaluate_qbaf_json
from schemas import QBAFBody

ARGUMENTS = 10_000
TARGETS = {False: 2.0, True: 5.0}
"""Reference time over HTTP time the goal asks for: acyclic, cyclic."""


@dataclass(frozen=True, slots=True)
class Case:
    """One graph, as the body sent and as the references take it."""

    name: str
    cyclic: bool
    body: QBAFBody
    payload: bytes
    qbaf: QBAF


@dataclass(frozen=True, slots=True)
class Figures:
    """Median seconds of each way of evaluating one case; None where it was not run (and why)."""

    case: Case
    worker_s: float
    engine_s: float
    http_s: float
    references: dict[str, float | str]

    @property
    def best_reference(self) -> tuple[str, float] | None:
        """The fastest reference library that ran, with its time."""
        ran = [(name, value) for name, value in self.references.items() if isinstance(value, float)]
        return min(ran, key=lambda item: item[1]) if ran else None


def runs() -> int:
    """Runs per median, from ``BENCH_QBAF_RUNS`` (default 15)."""
    return int(os.environ.get("BENCH_QBAF_RUNS", "15"))


def cases() -> list[Case]:
    """The 10,000-argument acyclic and cyclic graphs of ``bench_scoring``, as plain bodies."""
    made = []
    for cyclic in (False, True):
        qbaf = generate(ARGUMENTS, cyclic=cyclic, seed=ARGUMENTS + cyclic)
        body = msgspec.structs.replace(qbaf.to_body(), root=None)  # no root: strengths only, no contributions
        kind = "cyclic" if cyclic else "acyclic"
        name = f"{ARGUMENTS:,} {kind} ({qbaf.n_edges:,} edges)"
        made.append(Case(name, cyclic, body, msgspec.json.encode(body), qbaf))
    return made


def load_reference(variable: str, module: str) -> ModuleType | str:
    """The reference module from the directory ``variable`` names, or why it is not there."""
    where = os.environ.get(variable, "").strip()
    if not where:
        return f"not found: set {variable}"
    sys.path.insert(0, where)
    try:
        return importlib.import_module(module)
    except ImportError as error:
        return f"not importable from {where}: {error}"
    finally:
        sys.path.remove(where)


def qbaf_py_run(library: ModuleType, body: QBAFBody, cyclic: bool) -> Callable[[], object]:
    """One QBAF-Py evaluation of ``body``: its framework built from lists, then its final strengths."""
    arguments, scores = list(body.arguments), list(body.arguments.values())
    attacks, supports = [tuple(p) for p in body.attacks], [tuple(p) for p in body.supports]

    def run() -> object:
        framework = library.QBAFramework(
            arguments,
            scores,
            attacks,
            supports,
            semantics="QuadraticEnergy_model",
            allow_cycles=cyclic,
        )
        return framework.final_strengths

    return run


def uncertainpy_run(library: ModuleType, body: QBAFBody) -> Callable[[], object]:
    """One Uncertainpy evaluation of an acyclic ``body`` (its forward pass with QE's functions)."""
    gradual: Any = importlib.import_module("uncertainpy.gradual")

    def run() -> object:
        bag = gradual.BAG()
        arguments = {name: gradual.Argument(name, score) for name, score in body.arguments.items()}
        for source, target in body.attacks:
            bag.add_attack(arguments[source], arguments[target])
        for source, target in body.supports:
            bag.add_support(arguments[source], arguments[target])
        return gradual.algorithms.Acyclic.computeStrengthValues(
            bag,
            gradual.semantics.modular.SumAggregation(),
            gradual.semantics.modular.QuadraticMaximumInfluence(),
        )

    del library
    return run


def reference_runs(case: Case) -> tuple[dict[str, Callable[[], object]], dict[str, str]]:
    """One evaluation of ``case`` by each reference library found, and why the others are not run."""
    runnable: dict[str, Callable[[], object]] = {}
    missing: dict[str, str] = {}
    qbaf_py = load_reference("BENCH_QBAF_PY", "qbaf")
    if isinstance(qbaf_py, str):
        missing["QBAF-Py"] = qbaf_py
    else:
        runnable["QBAF-Py"] = qbaf_py_run(qbaf_py, case.body, case.cyclic)
    uncertainpy = load_reference("BENCH_UNCERTAINPY", "uncertainpy.gradual")
    if isinstance(uncertainpy, str):
        missing["Uncertainpy"] = uncertainpy
    elif case.cyclic:
        missing["Uncertainpy"] = "not run: its pure-Python RK4 takes minutes at this size"
    else:
        runnable["Uncertainpy"] = uncertainpy_run(uncertainpy, case.body)
    return runnable, missing


def post_once(connection: http.client.HTTPConnection, payload: bytes) -> bytes:
    """One ``POST /qbaf/evaluate?semantics=QE`` on a kept-alive connection; the whole answer read.

    Raises:
        RuntimeError: the server answered anything but 200.
    """
    connection.request(
        "POST", "/qbaf/evaluate?semantics=QE", body=payload, headers={"Content-Type": "application/json"}
    )
    response = connection.getresponse()
    answer = response.read()
    if response.status != 200:
        raise RuntimeError(f"POST /qbaf/evaluate answered {response.status}: {answer[:300]!r}")
    return answer


def measure(case: Case, port: int, count: int) -> Figures:
    """Every figure of ``case``: in process, over HTTP on ``port``, and the references.

    The ways are timed in turn within each round, so a busy machine slows them alike and the ratio holds.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    runnable, missing = reference_runs(case)
    ways: dict[str, Callable[[], object]] = {
        "worker": lambda: evaluate_qbaf_json(case.payload, "QE", "removal", None),
        "engine": lambda: compute_strengths(fresh(case.qbaf), "QE"),
        "http": lambda: post_once(connection, case.payload),
        **runnable,
    }
    times: dict[str, list[float]] = {name: [] for name in ways}
    try:
        for way in ways.values():
            way()  # warm-up: imports, plans, the server's first request
        for _ in range(count):
            for name, way in ways.items():
                started = time.perf_counter()
                way()
                times[name].append(time.perf_counter() - started)
    finally:
        connection.close()
    medians = {name: statistics.median(values) for name, values in times.items()}
    found: dict[str, float | str] = {name: medians[name] for name in runnable}
    return Figures(case, medians["worker"], medians["engine"], medians["http"], {**found, **missing})


def render(figures: list[Figures]) -> str:
    """The figures against the goal, one block per graph, each ending in PASS or MISS."""
    lines = []
    for figure in figures:
        target = TARGETS[figure.case.cyclic]
        lines.append(f"POST /qbaf/evaluate, {figure.case.name}, QE, {len(figure.case.payload):,} bytes:")
        lines.append(f"  engine in process (strengths only)     {figure.engine_s * 1000:8.1f} ms")
        lines.append(f"  body to answer in process (one job)    {figure.worker_s * 1000:8.1f} ms")
        lines.append(f"  over HTTP end to end                   {figure.http_s * 1000:8.1f} ms")
        for name, value in figure.references.items():
            shown = f"{value * 1000:8.1f} ms" if isinstance(value, float) else value
            lines.append(f"  reference {name + ' in process':<29}{shown}")
        best = figure.best_reference
        if best is None:
            lines.append(f"  ratio -: no reference library ran (target >= {target:g}x)")
            continue
        ratio = best[1] / figure.http_s
        verdict = "PASS" if ratio >= target else "MISS"
        lines.append(f"  best reference {best[0]} / HTTP = {ratio:.2f}x (target >= {target:g}x) {verdict}")
    return "\n".join(lines)


def run(target: Target) -> list[Figures]:
    """Serve against ``target`` (``argmap serve`` needs its database to start) and measure both graphs."""
    count, port = runs(), server_port()
    made = cases()
    process = start_server(target, port)
    try:
        return [measure(case, port, count) for case in made]
    finally:
        stop_server(process)


def describe() -> str:
    """How the figures are made, with the load average of the machine right now."""
    return (
        f"medians of {runs()} interleaved rounds (server: argmap serve --port {server_port()}, one process); "
        "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())
    )


def main() -> int:
    """Measure with a benchmark database of its own, print the figures with the load average."""
    with neo4j_target() as target:
        print(target.describe())
        figures = run(target)
    print(describe())
    print(render(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
