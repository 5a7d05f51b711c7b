"""Benchmark of the scoring engine on generated graphs (fixed seeds).

Run from the repository root with ``python -m bench.bench_scoring`` (or
``python bench/bench_scoring.py``). Prints one table: time and peak traced memory per case, the
target, and PASS/MISS. Figures are in-process wall-clock times of the public functions on a fresh
QBAF (so plan building is included); "build" rows time validation of generic inputs.
"""

import argparse
import gc
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # `python bench/bench_scoring.py` puts bench/ on sys.path, not the root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.scoring import QBAF, Edge, SolverOptions, compute_contributions, compute_strengths
from schemas import ContributionResult, StrengthResult

SEMANTICS = ("QE", "DF-QuAD", "Euler")
EDGES_PER_ARGUMENT = 3
MIB = 1024 * 1024
NAN = float("nan")


@dataclass(frozen=True)
class Row:
    case: str
    seconds: float
    peak_mib: float
    target: str
    passed: bool | None
    note: str = ""


def generate(n: int, *, cyclic: bool, seed: int) -> QBAF:
    """A random QBAF with about three edges per argument.

    Acyclic graphs look like argument maps: every argument ``i > 0`` supports or attacks one
    earlier argument (so all of them reach the thesis ``a0``) and two more edges per argument
    join random pairs, always from a later to an earlier argument. Cyclic graphs draw both ends
    uniformly, which makes one giant strongly connected component (the hard case).
    """
    rng = np.random.default_rng(seed)
    if cyclic:
        m = EDGES_PER_ARGUMENT * n
        src = rng.integers(0, n, m)
        tgt = rng.integers(0, n, m)
    else:
        child = np.arange(1, n)
        parent = (rng.random(n - 1) * child).astype(np.int64)
        extra = (EDGES_PER_ARGUMENT - 1) * n
        late = rng.integers(1, n, extra)
        early = (rng.random(extra) * late).astype(np.int64)
        src = np.concatenate([child, late])
        tgt = np.concatenate([parent, early])
    ok = src != tgt
    pairs = np.unique(np.stack([src[ok], tgt[ok]], axis=1), axis=0)
    polarity: list[bool] = (rng.random(size=(pairs.shape[0],)) < 0.5).tolist()
    tau = rng.random(n)
    ids = [f"a{i}" for i in range(n)]
    edges = [
        Edge(ids[s], ids[t], "support" if p else "attack")
        for (s, t), p in zip(pairs.tolist(), polarity, strict=True)
    ]
    return QBAF.build(dict(zip(ids, tau.tolist(), strict=True)), edges, root="a0")


def fresh(qbaf: QBAF) -> QBAF:
    """A copy without cached plans, so timings include plan building."""
    src, tgt, pol, w = qbaf.arrays
    return QBAF(qbaf.ids, qbaf.base_scores, src=src, tgt=tgt, polarity=pol, weight=w, root=qbaf.root)


def measure(fn: Callable[[], object], repeat: int = 1) -> tuple[float, float]:
    """Best wall-clock time over ``repeat`` runs and the peak traced memory of one run."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / MIB


def topic_with_ancestors(qbaf: QBAF, wanted: int | None) -> str:
    """The argument whose ancestor count is closest to ``wanted`` (largest if None)."""
    best, best_gap = qbaf.ids[0], float("inf")
    for i in range(0, qbaf.n_arguments, max(1, qbaf.n_arguments // 400)):
        count = int(qbaf.ancestor_mask(i).sum()) - 1
        gap = -count if wanted is None else abs(count - wanted)
        if gap < best_gap:
            best, best_gap = qbaf.ids[i], gap
    return best


def strength_rows(sizes: tuple[int, ...], repeat: int) -> list[Row]:
    rows = []
    for n in sizes:
        runs = 1 if n >= 100_000 else repeat
        for cyclic in (False, True):
            kind = "cyclic" if cyclic else "acyclic"
            start = time.perf_counter()
            qbaf = generate(n, cyclic=cyclic, seed=n + cyclic)
            built = time.perf_counter() - start
            rows.append(Row(f"build+validate {n:,} {kind} ({qbaf.n_edges:,} edges)", built, NAN, "-", None))
            variants: list[tuple[str, SolverOptions | None]] = [("", None)]
            if cyclic and n == 10_000:
                variants.append((" (continuous only)", SolverOptions(discrete_fast_path=False)))
            for name in SEMANTICS:
                for label, options in variants:
                    rows.append(
                        _strength_row(qbaf, name, options, runs, f"strengths {name} {n:,} {kind}{label}")
                    )
    return rows


def _strength_row(qbaf: QBAF, name: str, options: SolverOptions | None, runs: int, case: str) -> Row:
    copies = [fresh(qbaf) for _ in range(runs + 1)]
    results: list[StrengthResult] = []

    def run() -> None:
        results.append(compute_strengths(copies.pop(), name, options=options))

    seconds, peak = measure(run, runs)
    meta = results[-1].metadata
    note = f"{meta.method}, rounds={meta.iterations}, steps={meta.steps}, converged={meta.converged}"
    n, cyclic = qbaf.n_arguments, not meta.acyclic
    if options is not None:
        return Row(case, seconds, peak, "-", None, note + " (info: targets apply to the default solver)")
    if n == 10_000:
        limit = 0.5 if cyclic else 0.03
        return Row(case, seconds, peak, f"< {limit * 1000:.0f} ms", seconds < limit, note)
    if n == 100_000:
        return Row(case, seconds, peak, "< 1 GiB", peak < 1024, note)
    return Row(case, seconds, peak, "-", None, note)


def _contribution_row(
    case: str, work: Callable[[], ContributionResult], limit: float | None, runs: int
) -> Row:
    results: list[ContributionResult] = []

    def run() -> None:
        results.append(work())

    seconds, peak = measure(run, runs)
    last = results[-1]
    note = f"{last.method}, players={last.players}, efficiency gap={last.efficiency.gap:.1e}"
    if limit is None:
        return Row(case, seconds, peak, "-", None, note)
    target = f"< {limit * 1000:.0f} ms" if limit < 1 else f"< {limit:.0f} s"
    return Row(case, seconds, peak, target, seconds < limit, note)


def _gradient_fresh(qbaf: QBAF, name: str) -> ContributionResult:
    return compute_contributions(fresh(qbaf), "a0", name, "gradient")


def contribution_rows(repeat: int) -> list[Row]:
    rows = []
    small = generate(1_000, cyclic=False, seed=1)
    small_cyclic = generate(1_000, cyclic=True, seed=2)
    big = generate(10_000, cyclic=False, seed=10_000)
    hundred = topic_with_ancestors(big, 100)
    fourteen = topic_with_ancestors(big, 14)
    for name in SEMANTICS:
        rows += [
            _contribution_row(
                f"removal, all args, 1,000 acyclic, {name}",
                partial(compute_contributions, small, "a0", name, "removal"),
                0.5,
                repeat,
            ),
            _contribution_row(
                f"removal, all args, 1,000 cyclic, {name}",
                partial(
                    compute_contributions,
                    small_cyclic,
                    topic_with_ancestors(small_cyclic, None),
                    name,
                    "removal",
                ),
                None,
                1,
            ),
            _contribution_row(
                f"gradient, all args, 10,000 acyclic, {name}",
                partial(_gradient_fresh, big, name),
                0.05,
                repeat,
            ),
            _contribution_row(
                f"shapley sampled, 1000 perms, 10,000 acyclic, {name}",
                partial(compute_contributions, big, hundred, name, "shapley", permutations=1000),
                2.0,
                1,
            ),
            _contribution_row(
                f"shapley exact, 10,000 acyclic, {name}",
                partial(compute_contributions, big, fourteen, name, "shapley"),
                None,
                repeat,
            ),
        ]
    return rows


def render(rows: list[Row]) -> str:
    head = f"{'case':58s} {'time':>10s} {'peak MiB':>9s} {'target':>9s} {'':5s} notes"
    lines = [head, "-" * len(head)]
    for r in rows:
        t = f"{r.seconds * 1000:9.1f}ms" if r.seconds < 10 else f"{r.seconds:9.2f}s "
        peak = "" if np.isnan(r.peak_mib) else f"{r.peak_mib:9.1f}"
        verdict = "" if r.passed is None else "PASS" if r.passed else "MISS"
        lines.append(f"{r.case:58s} {t:>10s} {peak:>9s} {r.target:>9s} {verdict:5s} {r.note}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-argument graphs")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    args = parser.parse_args(argv)
    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    rows = strength_rows(sizes, args.repeat)
    rows += contribution_rows(args.repeat)
    print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
