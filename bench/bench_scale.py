"""A thousand maps: how loads, the listing, search and reads grow from 10 to 100 to 1,000 maps.

Run ``python -m bench scale`` (``BENCH_SCALE_MAPS=100`` for a quick run: steps 10 and 100). The maps are
generated from the essay's shapes (``maps/import-ai-455.yaml``): the same nodes, relations, evidence,
forecasts and perspectives, plus a clone of about twenty of its leaves (about 100 nodes a map, so 1,000 maps
hold about 100,000 nodes). Each map has its own copy of the sources, and a seeded share of the words of its
node texts, rationales and source texts is swapped for made-up words of the same length drawn from a
Zipf-like lexicon, so the maps do not all say the same thing, search meets a vocabulary that grows with the
corpus, and every quote still matches its source at its offsets.

The maps are loaded in steps, up to 10, then 100, then 1,000, through the service's load path
(``MapService.load``: validation, strengths, one write transaction per map), ``SCALE_WRITERS`` maps at a time.
After each step a fresh ``argmap serve`` (one process) is measured on loopback by one sequential client:

* load: cumulative load time, maps/s of the step, what the database holds, and its size on disk: the local
  benchmark Neo4j's store files and transaction logs (``n/a`` for an external database). Neo4j allocates
  both in large chunks and moves writes from the logs into the store files at checkpoints, so the figures
  grow in steps, not with every map;
* ``GET /maps``: the first page and the deepest page of the cursor chain, p50/p99 of full answers and of
  revalidations with ``If-None-Match`` (which must answer 304); the whole ``next_cursor`` chain is walked
  and must list every map once, each page with an ``ETag`` and a 304 on revalidation;
* search: ``GET /claims?q=`` over queries never asked before (words, made-up words, pairs, phrases from the
  loaded maps): each query's first answer (a full-text query: the server keeps answers per corpus version,
  and these are new) and the same queries again (answered from memory);
* tree and claim reads of ``READ_MAPS`` maps spread across the set: the first read, then repeated reads.

Goals: reads flat (the 1,000-map p50 of tree and claim reads within 1.5x of the 10-map p50), search
sub-linear (first-time search p50 grows less than 10x from 100 to 1,000 maps), ``GET /maps`` pages
(the chain walks every map once, every page answers an ETag and 304 on revalidation).
Env: ``BENCH_SCALE_MAPS`` (1000) the largest step; ``BENCH_HTTP_PORT`` the server's port.
"""

from __future__ import annotations

import asyncio
import functools
import os
import random
import re
import statistics
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import msgspec

from bench.bench_http import ESSAY, server_port, start_server, stop_server
from bench.neo4j import DATA_DIR, Target, graph_counts
from graph.document import load_document_file
from graph.service import CLI, MapService
from schemas import MapDocument, Node, Quote

SEED = 1000
STEPS = (10, 100, 1_000)
SCALE_WRITERS = 4
"""Maps written at once. One map at a time (the CLI's path) loads about 1 map/s on a busy 2-core machine,
so 1,000 maps would take a quarter of an hour; separate maps take separate locks, and four writers overlap
their round trips and validation for about twice the rate (eight do no better there)."""
CLONED_LEAVES = 20
SUBSTITUTED_SHARE = 0.5
LEXICON = 20_000
"""Made-up words of each length; ranks are drawn log-uniformly, so a few are common and most are rare."""
READ_MAPS = 20
READ_REPEATS = 25
LIST_LIMIT = 50
LIST_REQUESTS = 100
SEARCH_QUERIES = 150
READS_FLAT = 1.5
SEARCH_GROWTH = 10.0
_WORD = re.compile(r"[A-Za-z]{4,}")
_CONSONANTS = "bcdfghklmnprstvz"
_VOWELS = "aeiou"
# Words kept in every map: the glue of sentences, so texts still read as sentences.
_KEPT = frozenset(
    {
        *("that", "this", "with", "from", "have", "will", "which", "their", "than", "them", "they", "into"),
        *(
            "over",
            "more",
            "most",
            "only",
            "also",
            "what",
            "when",
            "would",
            "could",
            "should",
            "about",
            "been",
        ),
        *("were", "does", "some", "such", "each", "other", "those", "these", "then", "there", "here"),
        *("because", "being", "after", "before", "under", "while", "where", "much", "many", "very", "just"),
        *("like", "even", "still", "both"),
    }
)


@functools.cache
def _made_up(length: int, rank: int) -> str:
    """The made-up word of ``length`` letters at ``rank`` in the lexicon: consonants and vowels in turn."""
    rng = random.Random(f"word-{length}-{rank}")
    start = rng.randrange(2)
    return "".join(rng.choice(_VOWELS if (i + start) % 2 else _CONSONANTS) for i in range(length))


class Vocabulary:
    """One map's word swaps: each lower-case word of the essay maps to itself or to a made-up word."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.swaps: dict[str, str] = {}

    def swap(self, word: str) -> str:
        """``word`` as this map spells it, with its capitals kept (the length never changes)."""
        lower = word.lower()
        if lower not in self.swaps:
            keep = lower in _KEPT or self.rng.random() >= SUBSTITUTED_SHARE
            rank = int(LEXICON ** self.rng.random())
            self.swaps[lower] = lower if keep else _made_up(len(lower), rank)
        new = self.swaps[lower]
        if word.isupper():
            return new.upper()
        return new.capitalize() if word[0].isupper() else new

    def text(self, text: str) -> str:
        """``text`` with every swappable word swapped; offsets into it stay those of ``text``."""
        return _WORD.sub(lambda match: self.swap(match[0]), text)


def _leaves(document: MapDocument) -> list[Node]:
    """Nodes no relation points at, in document order: the ones a clone can copy without a new edge type."""
    targets = {relation.target for relation in document.relations}
    return [node for node in document.nodes if node.id not in targets and node.id != document.root]


def generate_map(essay: MapDocument, index: int, seed: int = SEED) -> MapDocument:
    """Map ``index`` of the set: the essay's shapes, its own sources and varied words, ~100 nodes.

    The essay's nodes keep their ids (ids are unique within a map); ``CLONED_LEAVES`` of its leaves gain a
    clone ``<id>-alt`` with other words and the leaf's outgoing relations. Quotes keep their offsets and take
    their text from the map's own copy of the source.
    """
    rng = random.Random(f"{seed}-{index}")
    words = Vocabulary(rng)
    suffix = f"-m{index:04d}"
    source_ids = {source.id: source.id + suffix for source in essay.sources}
    sources = [
        msgspec.structs.replace(
            source,
            id=source_ids[source.id],
            title=words.text(source.title),
            text=None if source.text is None else words.text(source.text),
            text_file=None,
            reports_on=None if source.reports_on is None else source_ids.get(source.reports_on),
        )
        for source in essay.sources
    ]
    texts = {source.id: source.text for source in sources}
    default_source = sources[0].id

    def quoted(quote: Quote) -> Quote:
        source = source_ids[quote.source] if quote.source else default_source
        text = texts[source]
        return msgspec.structs.replace(
            quote,
            source=None if quote.source is None else source,
            text=quote.text if text is None else text[quote.start : quote.end],
        )

    def varied(node: Node, vocabulary: Vocabulary, node_id: str) -> Node:
        return msgspec.structs.replace(
            node,
            id=node_id,
            text=vocabulary.text(node.text),
            rationale=vocabulary.text(node.rationale),
            quotes=[quoted(quote) for quote in node.quotes],
        )

    nodes = [varied(node, words, node.id) for node in essay.nodes]
    relations = list(essay.relations)
    leaves = _leaves(essay)
    other = Vocabulary(random.Random(f"{seed}-{index}-alt"))
    for leaf in rng.sample(leaves, min(CLONED_LEAVES, len(leaves))):
        clone = varied(msgspec.structs.replace(leaf, forecast=None), other, f"{leaf.id}-alt")
        nodes.append(clone)
        relations += [
            msgspec.structs.replace(relation, source=clone.id)
            for relation in essay.relations
            if relation.source == leaf.id
        ]
    document = msgspec.structs.replace(
        essay,
        id=f"scale-{index:04d}",
        title=f"{words.text(essay.title)} ({index})",
        summary=None if essay.summary is None else words.text(essay.summary),
        sources=sources,
        nodes=nodes,
        relations=relations,
    )
    # Structs built in code skip the Meta constraints: a round trip through convert enforces them.
    return msgspec.convert(msgspec.to_builtins(document), MapDocument)


def generate_maps(count: int, start: int = 0, essay: MapDocument | None = None) -> list[MapDocument]:
    """Maps ``start`` to ``start + count - 1`` of the set."""
    base = essay if essay is not None else load_document_file(ESSAY)
    return [generate_map(base, index) for index in range(start, start + count)]


# -- measuring -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Latency:
    """p50 and p99 of a set of timed requests, in milliseconds."""

    p50_ms: float
    p99_ms: float
    count: int

    @classmethod
    def of(cls, seconds: list[float]) -> Latency:
        """The percentiles of ``seconds`` (0 when empty)."""
        ordered = sorted(seconds) or [0.0]
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        return cls(statistics.median(ordered) * 1000, p99 * 1000, len(seconds))

    def __str__(self) -> str:
        return f"{self.p50_ms:.1f}/{self.p99_ms:.1f}"


@dataclass(slots=True)
class Step:
    """What one step measured, at ``maps`` maps."""

    maps: int
    nodes: int = 0
    load_s: float = 0.0
    """Cumulative load time of all maps so far."""
    step_rate: float = 0.0
    """Maps per second of this step's loads."""
    graph: tuple[int, int] = (0, 0)
    """Nodes and relationships the database holds (maps, sources, speakers, nodes, quotes, versions)."""
    store_bytes: tuple[int, int] | None = None
    """Store files and transaction logs on disk, in bytes; None when the database is external."""
    list_first: Latency = field(default_factory=lambda: Latency(0, 0, 0))
    list_deep: Latency = field(default_factory=lambda: Latency(0, 0, 0))
    list_304: Latency = field(default_factory=lambda: Latency(0, 0, 0))
    list_pages: int = 0
    list_ok: bool = False
    list_note: str = ""
    search_first: Latency = field(default_factory=lambda: Latency(0, 0, 0))
    search_again: Latency = field(default_factory=lambda: Latency(0, 0, 0))
    search_hits: float = 0.0
    tree_first: Latency = field(default_factory=lambda: Latency(0, 0, 0))
    tree: Latency = field(default_factory=lambda: Latency(0, 0, 0))
    claim_first: Latency = field(default_factory=lambda: Latency(0, 0, 0))
    claim: Latency = field(default_factory=lambda: Latency(0, 0, 0))
    errors: list[str] = field(default_factory=list)


def steps(largest: int) -> list[int]:
    """The map counts measured: the standard steps up to ``largest``, and ``largest`` itself."""
    chosen = [count for count in STEPS if count < largest]
    return [*chosen, largest]


def largest_step() -> int:
    """``BENCH_SCALE_MAPS`` (default 1,000): the number of maps of the last step."""
    return int(os.environ.get("BENCH_SCALE_MAPS") or STEPS[-1])


async def _load(target: Target, documents: list[MapDocument]) -> float:
    """Write ``documents`` through the service, ``SCALE_WRITERS`` at a time; the seconds it took."""
    service = MapService.connect(*target.connection)
    pending: Iterator[MapDocument] = iter(documents)

    async def writer() -> None:
        for document in pending:
            await service.load(document, actor=CLI)

    try:
        await service.prepare()
        started = time.perf_counter()
        await asyncio.gather(*(writer() for _ in range(SCALE_WRITERS)))
        return time.perf_counter() - started
    finally:
        await service.close()


def store_bytes(target: Target) -> tuple[int, int] | None:
    """Bytes on disk of the benchmark database's store files and of its transaction logs (which Neo4j
    allocates ahead, 256 MiB at a time); None for an external database, whose files are not ours to see."""
    if target.external:
        return None
    return _disk_usage(DATA_DIR / "data" / "databases" / "neo4j"), _disk_usage(
        DATA_DIR / "data" / "transactions" / "neo4j"
    )


def _disk_usage(directory: Path) -> int:
    total = 0
    for path in directory.rglob("*"):
        try:
            if path.is_file() and not path.is_symlink():
                total += path.stat().st_blocks * 512  # allocated blocks, as du counts them
        except OSError:
            continue  # a log rotated away while we walked
    return total


def _timed(
    http: httpx.Client, path: str, headers: dict[str, str] | None = None
) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = http.get(path, headers=headers)
    return time.perf_counter() - started, response


def _measure_listing(http: httpx.Client, step: Step, expected: set[str]) -> None:
    """Walk the cursor chain (ETag and 304 on every page), then time the first and the deepest page."""
    seen: list[str] = []
    cursor: str | None = None
    pages: list[str] = []
    problems: list[str] = []
    while True:
        path = f"/maps?limit={LIST_LIMIT}" + (
            "" if cursor is None else "&cursor=" + urllib.parse.quote(cursor)
        )
        response = http.get(path)
        if response.status_code != 200:
            problems.append(f"{path} answered {response.status_code}")
            break
        etag = response.headers.get("etag")
        if not etag:
            problems.append(f"{path}: no ETag")
        elif http.get(path, headers={"If-None-Match": etag}).status_code != 304:
            problems.append(f"{path}: If-None-Match did not answer 304")
        pages.append(path)
        body = response.json()
        seen += [entry["id"] for entry in body["maps"]]
        cursor = body.get("next_cursor")
        if cursor is None or len(pages) > len(expected) + 1:
            break
    duplicates = len(seen) - len(set(seen))
    missing = len(expected - set(seen))
    if duplicates or missing:
        problems.append(f"{duplicates} duplicates, {missing} maps missing")
    step.list_pages = len(pages)
    step.list_ok = not problems
    step.list_note = "; ".join(problems[:3])
    step.list_first = _repeat(http, pages[0], LIST_REQUESTS)
    step.list_deep = _repeat(http, pages[-1], LIST_REQUESTS)
    etag = http.get(pages[-1]).headers.get("etag", "")
    revalidations = []
    for _ in range(LIST_REQUESTS):
        elapsed, response = _timed(http, pages[-1], {"If-None-Match": etag})
        if response.status_code == 304:
            revalidations.append(elapsed)
    step.list_304 = Latency.of(revalidations)


def _repeat(http: httpx.Client, path: str, times: int) -> Latency:
    return Latency.of([_timed(http, path)[0] for _ in range(times)])


def search_queries(documents: list[MapDocument], count: int, used: set[str], rng: random.Random) -> list[str]:
    """``count`` queries not in ``used`` (which they join), from the words of ``documents``.

    Words are drawn as they occur (a random word of a random node of a random map), so words every map
    shares come up often and a made-up word of one map now and then. Half the queries are one word, a
    third two words, the rest two-word phrases in quotes.
    """

    def words() -> list[str]:
        return _WORD.findall(rng.choice(rng.choice(documents).nodes).text)

    queries: list[str] = []
    for _ in range(count * 50):
        if len(queries) >= count:
            break
        shape = rng.random()
        parts = words()
        if len(parts) < 2:
            continue
        if shape < 0.5:
            query = rng.choice(parts).lower()
        elif shape < 0.8:
            query = f"{rng.choice(parts)} {rng.choice(words() or parts)}".lower()
        else:
            start = rng.randrange(len(parts) - 1)
            query = f'"{parts[start]} {parts[start + 1]}"'
        if query not in used:
            used.add(query)
            queries.append(query)
    return queries


def _measure_search(http: httpx.Client, step: Step, queries: list[str]) -> None:
    paths = ["/claims?q=" + urllib.parse.quote(query) for query in queries]
    first: list[float] = []
    hits: list[int] = []
    for path in paths:
        elapsed, response = _timed(http, path)
        if response.status_code != 200:
            step.errors.append(f"GET {path} answered {response.status_code}")
            continue
        first.append(elapsed)
        body = response.json()
        hits.append(len(body["hits"]))
    step.search_first = Latency.of(first)
    step.search_again = Latency.of([_timed(http, path)[0] for path in paths])
    step.search_hits = statistics.mean(hits) if hits else 0.0


def _measure_reads(http: httpx.Client, step: Step, documents: list[MapDocument]) -> None:
    """Tree and claim reads of ``READ_MAPS`` maps spread evenly across the loaded ones."""
    picked = [documents[i * len(documents) // READ_MAPS] for i in range(min(READ_MAPS, len(documents)))]
    picked = list({document.id: document for document in picked}.values())
    trees = [f"/maps/{document.id}/tree" for document in picked]
    claims = [f"/claims/{document.id}/{_debated(document)}" for document in picked]
    for name, paths in (("tree", trees), ("claim", claims)):
        first: list[float] = []
        for path in paths:
            elapsed, response = _timed(http, path)
            if response.status_code != 200:
                step.errors.append(f"GET {path} answered {response.status_code}")
            first.append(elapsed)
        again = [_timed(http, path)[0] for _ in range(READ_REPEATS) for path in paths]
        if name == "tree":
            step.tree_first, step.tree = Latency.of(first), Latency.of(again)
        else:
            step.claim_first, step.claim = Latency.of(first), Latency.of(again)


def _debated(document: MapDocument) -> str:
    """The non-root node most relations point at: the claim page with the most to render."""
    incoming = Counter(relation.target for relation in document.relations if relation.target != document.root)
    return incoming.most_common(1)[0][0]


def _measure(target: Target, step: Step, documents: list[MapDocument], queries: list[str]) -> None:
    port = server_port()
    # No start-up warming: it reads the first maps by id, so some first reads would be warm and others not.
    process = start_server(target, port, {"ARGMAP_WARM_MAPS": "0"}, append_log=step.maps != STEPS[0])
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            http.get("/maps?limit=1")  # the driver's first connection, outside every figure
            _measure_listing(http, step, {document.id for document in documents})
            _measure_search(http, step, queries)
            _measure_reads(http, step, documents)
    finally:
        stop_server(process)


def run(target: Target, largest: int | None = None, report: Callable[[str], None] = print) -> list[Step]:
    """Load the maps step by step and measure after each; ``report`` hears of each step as it ends."""
    counts = steps(largest if largest is not None else largest_step())
    essay = load_document_file(ESSAY)
    target.wipe()
    loaded: list[MapDocument] = []
    used: set[str] = set()
    rng = random.Random(SEED)
    cumulative = 0.0
    results = []
    for count in counts:
        started = time.perf_counter()
        batch = generate_maps(count - len(loaded), len(loaded), essay)
        generated = time.perf_counter() - started
        seconds = asyncio.run(_load(target, batch))
        cumulative += seconds
        loaded += batch
        step = Step(
            maps=count,
            nodes=sum(len(document.nodes) for document in loaded),
            load_s=cumulative,
            step_rate=len(batch) / seconds if seconds else 0.0,
            graph=graph_counts(target),
            store_bytes=store_bytes(target),
        )
        _measure(target, step, loaded, search_queries(loaded, SEARCH_QUERIES, used, rng))
        report(
            f"step {count:,} maps: generated {len(batch):,} in {generated:.1f} s, loaded in {seconds:.1f} s "
            f"({step.step_rate:.1f} maps/s), {len(step.errors)} errors"
        )
        results.append(step)
    return results


# -- report --------------------------------------------------------------------------------------------------


def _size(value: tuple[int, int] | None, which: int) -> str:
    return "n/a" if value is None else f"{value[which] / 2**20:,.1f} MiB"


def render(results: list[Step]) -> str:
    """The table (rows metrics, columns steps) and the three goals with PASS/MISS."""
    rows: list[tuple[str, Callable[[Step], str]]] = [
        ("nodes", lambda s: f"{s.nodes:,}"),
        ("load time, cumulative", lambda s: f"{s.load_s:.1f} s"),
        ("load rate of the step", lambda s: f"{s.step_rate:.1f} maps/s"),
        ("database nodes / relationships", lambda s: f"{s.graph[0]:,} / {s.graph[1]:,}"),
        ("store files on disk", lambda s: _size(s.store_bytes, 0)),
        ("transaction logs on disk", lambda s: _size(s.store_bytes, 1)),
        (f"GET /maps first page ({LIST_LIMIT}) ms", lambda s: str(s.list_first)),
        ("GET /maps deepest page ms", lambda s: str(s.list_deep)),
        ("GET /maps 304 revalidation ms", lambda s: str(s.list_304)),
        ("GET /maps pages walked", lambda s: f"{s.list_pages} {'ok' if s.list_ok else 'BAD'}"),
        ("search first time ms", lambda s: str(s.search_first)),
        ("search repeated ms", lambda s: str(s.search_again)),
        ("search hits on page 1 (mean, <=20)", lambda s: f"{s.search_hits:.1f}"),
        ("tree first read ms", lambda s: str(s.tree_first)),
        ("tree read (cached) ms", lambda s: str(s.tree)),
        ("claim first read ms", lambda s: str(s.claim_first)),
        ("claim read (cached) ms", lambda s: str(s.claim)),
        ("errors", lambda s: str(len(s.errors))),
    ]
    width = 34
    header = f"{'metric (latencies p50/p99)':<{width}}" + "".join(
        f"{f'{s.maps:,} maps':>18}" for s in results
    )
    lines = [header, "-" * len(header)]
    lines += [f"{name:<{width}}" + "".join(f"{cell(s):>18}" for s in results) for name, cell in rows]
    lines.append("")
    lines += verdicts(results)
    for step in results:
        lines += [f"  {step.maps:,} maps: {error}" for error in step.errors[:5]]
        if step.list_note:
            lines.append(f"  {step.maps:,} maps: GET /maps: {step.list_note}")
    return "\n".join(lines)


def verdicts(results: list[Step]) -> list[str]:
    """One line per goal, with the figures it compares and PASS/MISS."""
    first, last = results[0], results[-1]
    lines = []
    for name, low, high in (
        ("tree read", first.tree.p50_ms, last.tree.p50_ms),
        ("claim read", first.claim.p50_ms, last.claim.p50_ms),
    ):
        ratio = high / low if low else float("inf")
        lines.append(
            f"reads flat: {name} p50 {low:.1f} ms at {first.maps:,} maps -> {high:.1f} ms at {last.maps:,} = "
            f"{ratio:.2f}x [goal: <= {READS_FLAT}x]: {'PASS' if ratio <= READS_FLAT else 'MISS'}"
        )
    middle = next((step for step in results if step.maps == STEPS[1]), None)
    if middle is not None and middle is not last:
        low, high = middle.search_first.p50_ms, last.search_first.p50_ms
        ratio = high / low if low else float("inf")
        growth = last.maps / middle.maps
        lines.append(
            f"search sub-linear: first-time search p50 {low:.1f} ms at {middle.maps:,} maps -> "
            f"{high:.1f} ms at {last.maps:,} ({growth:.0f}x the maps) = {ratio:.2f}x "
            f"[goal: < {SEARCH_GROWTH:.0f}x]: " + ("PASS" if ratio < SEARCH_GROWTH else "MISS")
        )
    else:
        lines.append(f"search sub-linear: needs steps of {STEPS[1]:,} and {STEPS[2]:,} maps: not measured")
    listing = all(step.list_ok for step in results)
    lines.append(
        "GET /maps pages: next_cursor chain walks every map once, every page ETag + 304 on If-None-Match "
        f"[goal: at every step]: {'PASS' if listing else 'MISS'}"
    )
    return lines


def describe(largest: int | None = None) -> str:
    """What the section measures and how, for its header."""
    counts = ", ".join(f"{count:,}" for count in steps(largest if largest is not None else largest_step()))
    return (
        f"scale: maps generated from {ESSAY.relative_to(ESSAY.parents[1])} (seed {SEED}, "
        f"~{SUBSTITUTED_SHARE:.0%} of words swapped, +{CLONED_LEAVES} cloned leaves), loaded by "
        f"MapService.load with {SCALE_WRITERS} writers in steps of {counts} maps; after each step a fresh "
        f"argmap serve on port {server_port()}, one sequential client: "
        f"GET /maps?limit={LIST_LIMIT} x{LIST_REQUESTS}, "
        f"{SEARCH_QUERIES} new searches then again, tree and claim reads of {READ_MAPS} maps "
        f"(first, then x{READ_REPEATS})"
    )


def main() -> int:
    """Run the scale benchmark against the benchmark database and print its table."""
    from bench.neo4j import neo4j_target

    with neo4j_target() as target:
        print(target.describe())
        print(describe())
        print(render(run(target)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
