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
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # `python bench/bench_scoring.py` puts bench/ on sys.path, not the root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.scoring import QBAF, Edge, compute_contributions, compute_strengths

SEMANTICS = ("QE", "DF-QuAD", "Euler")
EDGES_PER_ARGUMENT = 3
MIB = 1024 * 1024


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
    polarity = rng.random(pairs.shape[0]) < 0.5
    tau = rng.random(n)
    ids = [f"a{i}" for i in range(n)]
    edges = [
        Edge(ids[s], ids[t], "support" if p else "attack")
        for (s, t), p in zip(pairs.tolist(), polarity.tolist(), strict=True)
    ]
    return QBAF.build(dict(zip(ids, tau.tolist(), strict=True)), edges, root="a0")


def fresh(qbaf: QBAF) -> QBAF:
    """A copy without cached plans, so timings include plan building."""
    src, tgt, pol, w = qbaf.arrays
    return QBAF(qbaf.ids, qbaf.base_scores, src, tgt, pol, w, qbaf.root)


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
        for cyclic in (False, True):
            kind = "cyclic" if cyclic else "acyclic"
            start = time.perf_counter()
            qbaf = generate(n, cyclic=cyclic, seed=n + cyclic)
            built = time.perf_counter() - start
            rows.append(Row(f"build {n:,} {kind} ({qbaf.n_edges:,} edges)", built, float("nan"), "-", None))
            for name in SEMANTICS:
                copies = [fresh(qbaf) for _ in range(repeat + 1)]
                result = {}

                def run(copies: list[QBAF] = copies, name: str = name, result: dict[str, object] = result) -> None:
                    result["r"] = compute_strengths(copies.pop(), name)

                seconds, peak = measure(run, repeat)
                meta = result["r"].metadata  # type: ignore[attr-defined]
                note = f"{meta.method}, it={meta.iterations}, steps={meta.steps}, conv={meta.converged}"
                target, passed = _strength_target(n, cyclic, seconds, peak)
                rows.append(Row(f"strengths {name} {n:,} {kind}", seconds, peak, target, passed, note))
    return rows


def _strength_target(n: int, cyclic: bool, seconds: float, peak: float) -> tuple[str, bool | None]:
    if n == 10_000:
        limit = 0.5 if cyclic else 0.03
        return f"< {limit * 1000:.0f} ms", seconds < limit
    if n == 100_000:
        return "< 1 GiB", peak < 1024
    return "-", None


def contribution_rows(repeat: int) -> list[Row]:
    rows = []
    small = generate(1_000, cyclic=False, seed=1)
    topic = topic_with_ancestors(small, None)
    players = int(small.ancestor_mask(small.index[topic]).sum()) - 1
    for name in SEMANTICS:
        seconds, peak = measure(lambda name=name: compute_contributions(small, topic, name, "removal"), repeat)
        rows.append(
            Row(f"removal, all args, 1,000 ({players} ancestors) {name}", seconds, peak, "< 500 ms",
                seconds < 0.5)
        )
    big = generate(10_000, cyclic=False, seed=10_000)
    topic = topic_with_ancestors(big, None)
    players = int(big.ancestor_mask(big.index[topic]).sum()) - 1
    for name in SEMANTICS:
        seconds, peak = measure(lambda name=name: compute_contributions(fresh(big), topic, name, "gradient"), repeat)
        rows.append(
            Row(f"gradient, all args, 10,000 ({players} ancestors) {name}", seconds, peak, "< 50 ms",
                seconds < 0.05)
        )
    topic = topic_with_ancestors(big, 100)
    players = int(big.ancestor_mask(big.index[topic]).sum()) - 1
    for name in SEMANTICS:
        seconds, peak = measure(
            lambda name=name: compute_contributions(big, topic, name, "shapley", permutations=1000), 1
        )
        rows.append(
            Row(f"shapley, 1000 perms, {players} ancestors {name}", seconds, peak, "< 2 s", seconds < 2.0)
        )
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
