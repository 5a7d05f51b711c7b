"""What the HTTP benchmark sends besides single URLs: a mix of distinct searches, and a large QBAF.

One query repeated measures a cache, not a search: the mix cycles through at least ``MIN_QUERIES`` distinct
queries made from the essay's own words (single words, pairs, phrases, with filters), in a wrk Lua script.
The QBAF figure compares ``POST /qbaf/evaluate`` end to end with the engine's own time on the same graph.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import time
import urllib.parse
import urllib.request
from pathlib import Path

import msgspec

from graph.service._qbaf import evaluate_qbaf
from schemas import MapDocument, QBAFBody

MIN_QUERIES = 300
QBAF_ARGUMENTS = 10_000
QBAF_EDGES = 30_000
QBAF_RUNS = 7
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]{3,}|\d+(?:\.\d+)?%?")


def search_paths(document: MapDocument, count: int = 400) -> list[str]:
    """``count`` distinct ``/claims`` URLs: words, pairs and phrases of the essay, some with filters."""
    words = sorted({w for node in document.nodes for w in _WORD.findall(node.text)})
    rng = random.Random(455)
    queries: dict[str, None] = {}
    kinds = ["", "&kind=evidence", "&kind=claim", "&speaker=jack-clark", "&reported_by=jack-clark"]
    while len(queries) < count:
        shape = rng.random()
        if shape < 0.5:  # half single words, as people mostly type
            q = rng.choice(words)
        elif shape < 0.8:
            q = f"{rng.choice(words)} {rng.choice(words)}"
        else:
            node = rng.choice(document.nodes)
            parts = node.text.split()
            start = rng.randrange(max(1, len(parts) - 2))
            q = '"' + " ".join(parts[start : start + 2]).strip(".,;:()\"'") + '"'
        queries["/claims?q=" + urllib.parse.quote(q) + rng.choice(kinds)] = None
    return list(queries)


def write_lua(paths: list[str], where: Path) -> Path:
    """A wrk script that sends ``paths`` in turn, each thread from its own offset."""
    where.parent.mkdir(parents=True, exist_ok=True)
    listed = ",\n".join(json.dumps(path) for path in paths)
    where.write_text(
        f"local paths = {{\n{listed}\n}}\n"
        "local i = math.random(#paths)\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        "  return wrk.format('GET', paths[i])\n"
        "end\n",
        encoding="utf-8",
    )
    return where


def large_qbaf(arguments: int = QBAF_ARGUMENTS, edges: int = QBAF_EDGES) -> QBAFBody:
    """An acyclic QBAF: every edge goes from a higher-numbered argument to a lower one, the root is a0."""
    rng = random.Random(30_000)
    names = [f"a{i}" for i in range(arguments)]
    pairs: set[tuple[int, int]] = {(i, rng.randrange(i)) for i in range(1, arguments)}  # connected to a0
    while len(pairs) < edges:
        high = rng.randrange(1, arguments)
        pairs.add((high, rng.randrange(high)))
    supports: list[tuple[str, str]] = []
    attacks: list[tuple[str, str]] = []
    for index, (source, target) in enumerate(sorted(pairs)):
        (supports if index % 2 else attacks).append((names[source], names[target]))
    return QBAFBody(
        arguments={name: round(rng.random(), 3) for name in names},
        supports=supports,
        attacks=attacks,
    )


def qbaf_figures(base: str) -> tuple[float, float]:
    """Median seconds of the engine in process and of ``POST /qbaf/evaluate`` end to end, same graph."""
    body = large_qbaf()
    payload = msgspec.json.encode(body)
    local = []
    for _ in range(QBAF_RUNS):
        started = time.perf_counter()
        evaluate_qbaf(body, "QE", "removal", None)
        local.append(time.perf_counter() - started)
    remote = []
    for _ in range(QBAF_RUNS):
        request = urllib.request.Request(  # noqa: S310 - our own loopback server
            base + "/qbaf/evaluate?semantics=QE",
            data=payload,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            response.read()
        remote.append(time.perf_counter() - started)
    return statistics.median(local), statistics.median(remote)
