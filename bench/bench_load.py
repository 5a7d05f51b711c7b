"""Benchmark of loading generated maps into Neo4j: validation, strengths and the write transaction.

Run from the repository root with ``python -m bench.bench_load`` (or ``python -m bench load``). For maps of
1,000 and 10,000 nodes (about three relations per node) it times a first load, a reload of the same document
(unchanged, so the write is a no-op) and a replace with a changed document, then counts what the database
holds to prove the write happened. Target: 10,000 nodes load in under 10 s on this machine.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass

import msgspec

from bench.neo4j import Target, neo4j_target
from graph.document import require_valid
from graph.mapgraph import node_strengths
from graph.store import Neo4jStore
from schemas import MapDocument, Node, NodeKind, Quote, Relation, RelationType, Source, Speaker

SIZES = (1_000, 10_000)
WARMUP_SIZE = 500
SEED = 455
RELATIONS_PER_NODE = 3
QUOTED_SHARE = 0.4
CHANGED_SHARE = 0.01
TARGET_NODES = 10_000
TARGET_SECONDS = 10.0
SPEAKERS = 6
TAGS = ("economics", "forecast", "benchmark", "policy", "safety")
WORDS = (
    *("model", "compute", "training", "research", "benchmark", "agent", "horizon", "forecast", "policy"),
    *("economy", "labour", "capability", "automation", "software", "engineer", "evaluation", "data"),
    *("scaling", "curve", "growth", "risk", "evidence", "claim", "measure", "trend", "progress", "system"),
    *("release", "lab", "frontier", "paper", "result", "task", "hour", "minute", "year", "probability"),
)
# Non-thesis kinds with their share of the nodes; the tree edge of a node follows its kind.
KIND_MIX = (
    (NodeKind.CLAIM, 0.4),
    (NodeKind.EVIDENCE, 0.3),
    (NodeKind.CAVEAT, 0.15),
    (NodeKind.COUNTERPOINT, 0.15),
)
TYPE_MIX = ((RelationType.SUPPORTS, 0.55), (RelationType.ATTACKS, 0.3), (RelationType.QUALIFIES, 0.15))
TREE_TYPE = {NodeKind.COUNTERPOINT: RelationType.ATTACKS, NodeKind.CAVEAT: RelationType.QUALIFIES}


@dataclass(frozen=True, slots=True)
class Row:
    """One timed load of one document."""

    map_id: str
    step: str
    nodes: int
    relations: int
    validate_s: float
    strengths_s: float
    write_s: float
    total_s: float
    outcome: str
    db_counts: tuple[int, int]
    expected_counts: tuple[int, int]
    target: str
    passed: bool | None


def _sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def generate_map(size: int, seed: int = SEED) -> MapDocument:
    """A valid map of ``size`` nodes: one thesis, mixed kinds, about three relations per node, acyclic.

    Every node but the thesis relates to one earlier node, so all reach the thesis; the other relations also
    run from later to earlier nodes (no cycle) and join each ordered pair at most once, so no pair both
    supports and attacks. A share of the nodes quotes the one source at real offsets of its generated text.
    """
    rng = random.Random(f"{seed}-{size}")
    paragraphs = (_sentence(rng, 8, 20).capitalize() + "." for _ in range(max(200, size * 3)))
    text = "\n\n".join(paragraphs)
    kinds = [NodeKind.THESIS, *rng.choices([k for k, _ in KIND_MIX], [w for _, w in KIND_MIX], k=size - 1)]
    ids = ["thesis-0", *(f"{kind.value}-{index}" for index, kind in enumerate(kinds) if index)]
    nodes = []
    for index, (node_id, kind) in enumerate(zip(ids, kinds, strict=True)):
        quotes = []
        if index and rng.random() < QUOTED_SHARE:
            start = rng.randrange(0, len(text) - 200)
            end = start + rng.randint(30, 150)
            quotes.append(Quote(start=start, end=end, text=text[start:end]))
        nodes.append(
            Node(
                id=node_id,
                kind=kind,
                text=f"{kind.value.capitalize()} {index}: {_sentence(rng, 8, 16)}.",
                speaker=f"speaker-{rng.randrange(SPEAKERS)}",
                base_score=round(rng.uniform(0.2, 0.9), 2),
                rationale=f"Generated base score for node {index}.",
                tags=[rng.choice(TAGS)] if rng.random() < 0.2 else [],
                quotes=quotes,
            )
        )
    pairs: dict[tuple[int, int], RelationType] = {}
    for index in range(1, size):
        pairs[(index, rng.randrange(index))] = TREE_TYPE.get(kinds[index], RelationType.SUPPORTS)
    wanted = RELATIONS_PER_NODE * size
    types, weights = [t for t, _ in TYPE_MIX], [w for _, w in TYPE_MIX]
    for _ in range(10 * wanted):
        if len(pairs) >= wanted:
            break
        late = rng.randrange(1, size)
        pairs.setdefault((late, rng.randrange(late)), rng.choices(types, weights)[0])
    relations = [
        Relation(
            source=ids[source],
            target=ids[target],
            type=kind,
            weight=round(rng.uniform(0.1, 1.0), 2) if rng.random() < 0.3 else None,
        )
        for (source, target), kind in pairs.items()
    ]
    document = MapDocument(
        id=f"bench-{size}",
        title=f"Generated benchmark map of {size:,} nodes",
        summary="Generated with a fixed seed by bench/bench_load.py.",
        root="thesis-0",
        sources=[Source(id=f"bench-source-{size}", title="Generated source text", text=text)],
        speakers=[Speaker(id=f"speaker-{i}", name=f"Speaker {i}") for i in range(SPEAKERS)],
        nodes=nodes,
        relations=relations,
    )
    # Structs built in code skip the Meta constraints: a round trip through convert enforces them.
    return msgspec.convert(msgspec.to_builtins(document), MapDocument)


def changed_map(document: MapDocument, seed: int = SEED) -> MapDocument:
    """The same map with the text and base score of 1% of its nodes edited."""
    rng = random.Random(seed)
    edited = set(rng.sample(range(1, len(document.nodes)), max(1, int(len(document.nodes) * CHANGED_SHARE))))
    nodes = [
        msgspec.structs.replace(node, text=node.text + " (revised)", base_score=round(1 - node.base_score, 2))
        if index in edited
        else node
        for index, node in enumerate(document.nodes)
    ]
    return msgspec.structs.replace(document, nodes=nodes)


def expected_counts(document: MapDocument) -> tuple[int, int]:
    """(nodes, relationships) one stored map makes in an otherwise empty database, its kept versions aside.

    Nodes: the map, its lock, its sources, speakers, nodes and quotes. Relationships: CONTAINS and SAID_BY
    per node, QUOTES and IN per quote, CITES per source, and the map's relations.
    """
    quotes = sum(len(node.quotes) for node in document.nodes)
    size = len(document.nodes)
    nodes = 2 + len(document.sources) + len(document.speakers) + size + quotes
    return nodes, 2 * size + 2 * quotes + len(document.sources) + len(document.relations)


async def _load_once(target: Target, document: MapDocument, step: str, want: str) -> Row:
    store = Neo4jStore.connect(target.uri, target.auth, target.database)
    try:
        started = time.perf_counter()
        require_valid(document)
        validated = time.perf_counter()
        strengths = node_strengths(document)
        computed = time.perf_counter()
        result = await store.save_map(document, strengths)
        written = time.perf_counter()
        counts = await store.count_graph(versions=False)  # each write keeps one more version
    finally:
        await store.close()
    state = "created" if result.created else ("replaced" if result.changed else "unchanged")
    outcome = f"{state} v{result.version}" + ("" if state == want else f" (expected {want})")
    total = written - started
    timed = len(document.nodes) >= TARGET_NODES and step != "reload"
    return Row(
        map_id=document.id,
        step=step,
        nodes=len(document.nodes),
        relations=len(document.relations),
        validate_s=validated - started,
        strengths_s=computed - validated,
        write_s=written - computed,
        total_s=total,
        outcome=outcome,
        db_counts=counts,
        expected_counts=expected_counts(document),
        target=f"< {TARGET_SECONDS:.0f} s" if timed else "-",
        passed=(total < TARGET_SECONDS) if timed else None,
    )


def run(target: Target, sizes: tuple[int, ...] = SIZES) -> list[Row]:
    """Time first load, reload and replace for each size; the database is wiped before each size.

    A small map is loaded and replaced first, so Cypher planning and the JVM's JIT warm-up of a freshly
    started Neo4j show in their own rows instead of inflating the first measured size.

    Returns:
        One row per (size, step), in order, after the two warm-up rows.
    """
    target.wipe()
    warm = generate_map(WARMUP_SIZE)
    rows = [
        asyncio.run(_load_once(target, warm, "warm-up", "created")),
        asyncio.run(_load_once(target, changed_map(warm), "warm-up", "replaced")),
    ]
    for size in sizes:
        document = generate_map(size)
        edited = changed_map(document)
        target.wipe()
        rows.append(asyncio.run(_load_once(target, document, "first load", "created")))
        rows.append(asyncio.run(_load_once(target, document, "reload", "unchanged")))
        rows.append(asyncio.run(_load_once(target, edited, "replace", "replaced")))
    return rows


def render(rows: list[Row]) -> str:
    """The result table, one line per row, with PASS/MISS where a target applies."""
    header = (
        f"{'map':<12} {'step':<10} {'nodes':>7} {'rels':>7} {'validate':>9} {'strengths':>9} {'write':>8} "
        f"{'total':>8}  {'outcome':<13} {'db nodes/rels (expected)':<30} {'target':<7} result"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        counts = f"{row.db_counts[0]:,}/{row.db_counts[1]:,}"
        check = "ok" if row.db_counts == row.expected_counts else "MISMATCH"
        result = "" if row.passed is None else ("PASS" if row.passed else "MISS")
        lines.append(
            f"{row.map_id:<12} {row.step:<10} {row.nodes:>7,} {row.relations:>7,} {row.validate_s:>8.3f}s "
            f"{row.strengths_s:>8.3f}s {row.write_s:>7.3f}s {row.total_s:>7.3f}s  {row.outcome:<13} "
            f"{counts + ' (' + check + ')':<30} {row.target:<7} {result}"
        )
    return "\n".join(lines)


def describe_generation(sizes: tuple[int, ...] = SIZES) -> str:
    """One line on how the maps are generated, so the figures can be reproduced."""
    return (
        f"generated maps (seed {SEED}): sizes {', '.join(f'{s:,}' for s in sizes)}; "
        f"~{RELATIONS_PER_NODE} relations/node, acyclic, {QUOTED_SHARE:.0%} of nodes quoted; "
        f"replace edits {CHANGED_SHARE:.0%} of nodes"
    )


def main() -> int:
    """Run the load benchmark against the benchmark database and print its table."""
    with neo4j_target() as target:
        print(target.describe())
        print(describe_generation())
        print(render(run(target)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
