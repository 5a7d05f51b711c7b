"""``MapService``: the one door to maps. Every use case the API and the CLI offer is a method here.

It holds no HTTP and no Cypher: it reads and writes through a ``MapStore``, keeps per-version results in the
``MapCache``, and runs every CPU-heavy step (scoring, views, what-if, QBAF evaluation, document decoding and
validation, diagrams) in the bounded ``ComputePool``, so the event loop only awaits.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import msgspec

from graph.accounts import ANONYMOUS, Accounts, Principal, may_read
from graph.compute import ComputePool
from graph.errors import DeadlineExceeded, NotFound
from graph.export import AifImport, from_aif
from graph.mapgraph import (
    Evaluation,
    MapGraph,
    claim_view,
    map_checks,
    map_detail,
    require_node,
    scores_view,
    tree_view,
    what_if_view,
)
from graph.render import HOUSE_DEFAULT, RenderError, check_drawable, draw, drawn_nodes, svg_size
from graph.service._access import CLI, MapAccessRules, access_of_summary, owner_of
from graph.service._authoring import MapAuthoring
from graph.service._cache import MapCache
from graph.service._checks import decode_document, validated_strengths
from graph.service._classroom import Classroom
from graph.service._compare import MapComparisons
from graph.service._debate import MapDebate
from graph.service._drafts import MapDrafts
from graph.service._exports import MapExports
from graph.service._forecasts import MapForecasts
from graph.service._qbaf import BodyRefusal, evaluate_qbaf_json
from graph.service._reads import Representation
from graph.service._search import (
    SearchAnswer,
    SearchRequest,
    claim_hit,
    decode_cursor,
    empty_page,
    encode_cursor,
    facets,
    fingerprint,
    page_after,
    plan,
)
from graph.service._sources import MapSources
from graph.service._tags import version_tag
from graph.service._versions import MapVersions
from graph.store import MapStore, Neo4jStore, Progress, WriteResult
from graph.versions import Expected, require_version
from schemas import (
    ClaimPage,
    ClaimPatch,
    DiagramOptions,
    Health,
    MapDocument,
    MapList,
    MapSummary,
    Role,
    Scores,
    WhatIf,
    WhatIfOutcome,
)

LISTING_BATCH = 50
"""The fewest listing entries read from the store at a time: most of a page is readable, so one read
usually fills it."""


@dataclass(frozen=True, slots=True)
class Drawing:
    """One map version drawn for a page: the map, its SVG, its scores under the same options."""

    graph: MapGraph
    svg: bytes
    scores: Scores
    drawn: tuple[str, ...]
    """Ids of the nodes the SVG shows, in document order."""
    latest: int
    """The map's current version (newer than ``graph.version`` when an older version was asked for)."""

    @property
    def size(self) -> tuple[float, float]:
        """The SVG's width and height in CSS pixels, as a page shows it by itself."""
        return svg_size(self.svg)


class MapService(
    MapExports,
    MapForecasts,
    MapDebate,
    MapVersions,
    MapComparisons,
    MapDrafts,
    MapAuthoring,
    MapSources,
    MapAccessRules,
):
    """Maps, their analyses, their writes and the accounts that own them, for every request of one process.

    Every write names its ``actor``: the version it keeps records them as its author, a map it creates is
    theirs, and a write they may not make is refused here, whichever door it came through.
    """

    def __init__(
        self,
        store: MapStore,
        cache: MapCache | None = None,
        pool: ComputePool | None = None,
    ) -> None:
        super().__init__(store, cache or MapCache(), pool or ComputePool())
        self.accounts = Accounts(store)
        """People, groups, tokens and sign-ins."""
        self.classroom = Classroom(self)
        """Assignments, students' work on them and feedback on maps."""
        self.house = HOUSE_DEFAULT
        """The publisher's font, accent and name that diagrams and cards are drawn in (the app sets it from
        its settings; argmap's own until then)."""

    @classmethod
    def connect(
        cls,
        uri: str,
        auth: tuple[str, str] | None,
        database: str | None = None,
        *,
        cache: MapCache | None = None,
        pool: ComputePool | None = None,
    ) -> MapService:
        """A service over the Neo4j at ``uri`` (nothing is contacted until the first call)."""
        return cls(Neo4jStore.connect(uri, auth, database), cache, pool)

    async def prepare(self) -> None:
        """Create the database's constraints and indexes if missing (idempotent)."""
        if isinstance(self.store, Neo4jStore):
            await self.store.ensure_schema()

    async def close(self) -> None:
        """Release the store's connections."""
        await self.store.close()

    async def health(self) -> Health:
        """The database answers a query now; raises ``DatabaseUnavailable`` when it does not."""
        await self.store.server_info()
        return Health(status="ok", database="answering")

    # -- maps -----------------------------------------------------------------------------------------------
    async def list_maps(
        self, caller: Principal, *, after: str | None = None, limit: int | None = None
    ) -> MapList:
        """The listing entries of the maps ``caller`` may read whose ids follow ``after``, at most ``limit``.

        The store is read a page at a time (no map is read whole) and each page is filtered here, by the
        one set of access rules, until ``limit`` readable maps are found or the maps run out.
        """
        kept: list[MapSummary] = []
        cursor = after
        while True:
            wanted = None if limit is None else max(2 * (limit + 1 - len(kept)), LISTING_BATCH)
            batch = await self.store.list_maps(after=cursor, limit=wanted)
            kept += [entry for entry in batch if _readable(caller, entry)]
            if limit is not None and len(kept) > limit:
                return MapList(maps=kept[:limit], next_cursor=kept[limit - 1].id)
            if wanted is None or len(batch) < wanted:
                return MapList(maps=kept)
            cursor = batch[-1].id

    async def detail(self, map_id: str, *, version: int | None = None) -> Representation:
        """A map with its theses, speakers, sources and counts."""
        graph = await self.graph(map_id, version)
        return await self.encoded(graph, ("detail",), partial(map_detail, graph))

    async def checks(self, map_id: str, *, version: int | None = None) -> Representation:
        """Every stated-figure check of a map: computation, stated and recomputed figures, node and quote."""
        graph = await self.graph(map_id, version)
        return await self.encoded(graph, ("checks",), partial(map_checks, graph))

    async def document(self, map_id: str, *, version: int | None = None) -> Representation:
        """The map as a map document, ready to edit and write back."""
        graph = await self.graph(map_id, version)
        return await self.encoded(graph, ("document",), lambda: graph.document)

    async def tree(
        self,
        map_id: str,
        *,
        root: str | None,
        depth: int,
        semantics: str,
        contribution: str,
        version: int | None = None,
        perspective: str | None = None,
    ) -> Representation:
        """The argument tree under ``root`` with strengths and contributions (or a stored perspective's)."""
        graph, evaluation = await self.evaluation(
            map_id,
            semantics=semantics,
            root=root,
            contribution=contribution,
            version=version,
            perspective=perspective,
        )
        key = ("tree", evaluation.root, evaluation.semantics, evaluation.contribution, depth, perspective)
        spread = await self.spread(graph, evaluation, perspective)
        return await self.encoded(
            graph, key, partial(tree_view, graph, evaluation, depth=depth, spread=spread)
        )

    async def scores(
        self,
        map_id: str,
        *,
        root: str | None,
        semantics: str,
        contribution: str,
        version: int | None = None,
        perspective: str | None = None,
    ) -> Representation:
        """Every node's base score, strength, contribution and rank (as a stored perspective reads them)."""
        graph, evaluation = await self.evaluation(
            map_id,
            semantics=semantics,
            root=root,
            contribution=contribution,
            version=version,
            perspective=perspective,
        )
        key = ("scores", evaluation.root, evaluation.semantics, evaluation.contribution, perspective)
        spread = await self.spread(graph, evaluation, perspective)
        return await self.encoded(graph, key, partial(scores_view, graph, evaluation, spread))

    async def claim(self, map_id: str, claim_id: str, *, version: int | None = None) -> Representation:
        """One node with everything known about it; its tag follows the map version (its strength does)."""
        graph, evaluation = await self.evaluation(map_id, version=version)
        require_node(graph, claim_id)
        tag = version_tag(f"{map_id}/{claim_id}", graph.version)
        key = ("claim", claim_id, evaluation.root)
        return await self.encoded(graph, key, partial(claim_view, graph, claim_id, evaluation), tag)

    async def what_if(self, map_id: str, request: WhatIf, *, version: int | None = None) -> WhatIfOutcome:
        """Strengths and contributions under hypothetical changes (of ``version``); nothing is written."""
        graph, baseline = await self.evaluation(
            map_id,
            semantics=request.semantics,
            root=request.root,
            contribution=request.contribution,
            version=version,
        )
        return await self.pool.run(what_if_view, graph, request, baseline)

    async def diagram(
        self, map_id: str, options: DiagramOptions, *, version: int | None = None
    ) -> tuple[str, bytes]:
        """The map drawn by Graphviz as ``options`` ask, with its tag; drawn once per version and options.

        With ``version``, only that version is drawn, so the drawing answered is always of exactly it.

        Raises:
            NotFound: no such map, or no such version of it.
        """
        graph, _evaluation, data = await self._drawn(map_id, options, version)
        return version_tag(graph.id, graph.version), data

    async def drawing(
        self, map_id: str, options: DiagramOptions, *, version: int | None = None, pin: bool = False
    ) -> Drawing:
        """What a page shows of one map version: its SVG, the scores it was drawn with, the nodes drawn.

        The drawing and the scores come from the same version and evaluation, even when a write lands
        between the two. With ``version``, only that version is drawn (as ``diagram``), and ``latest`` says
        whether a newer one exists; ``pin`` without ``version`` draws the current version as a fixed one
        (its links and caption name it), as an embed that keeps showing it.
        """
        if pin and version is None:
            version = (await self.graph(map_id)).version
        svg_options = msgspec.structs.replace(options, format="svg")
        graph, evaluation, svg = await self._drawn(map_id, svg_options, version)
        spread = await self.spread(graph, evaluation, options.perspective)
        scores = await self.pool.run(scores_view, graph, evaluation, spread)
        latest = graph.version if version is None else (await self.graph(map_id)).version
        return Drawing(
            graph=graph, svg=svg, scores=scores, drawn=tuple(drawn_nodes(graph, svg)), latest=latest
        )

    async def _drawn(
        self, map_id: str, options: DiagramOptions, version: int | None
    ) -> tuple[MapGraph, Evaluation, bytes]:
        check_drawable(await self.graph(map_id, version), options)  # refuse before paying for the scores
        graph, evaluation = await self.evaluation(
            map_id,
            semantics=options.semantics,
            root=options.root,
            contribution=options.contribution,
            version=version,
            perspective=options.perspective,
        )
        pinned = version is not None  # a drawing of a fixed version links to that version's viewer
        # Only a layout's drawing has a caption to give the spread in; the others are not made to wait for it.
        spread = None if options.layout is None else await self.spread(graph, evaluation, options.perspective)
        data = await self.computed(
            graph,
            ("diagram", options, pinned),
            lambda: self.pool.run(draw, graph, evaluation, options, pinned, spread, self.house),
            remember=(RenderError, DeadlineExceeded),  # the same drawing would fail again on this version
        )
        return graph, evaluation, data

    # -- claims and sources ---------------------------------------------------------------------------------
    async def search(self, request: SearchRequest, *, caller: Principal = ANONYMOUS) -> ClaimPage:
        """Full-text search over the maps ``caller`` may read (best first), or a listing when ``q`` is None.

        Raises:
            InvalidQuery: the cursor was not issued for this search, or the words cannot be parsed.
        """
        return (await self._search(await self._visible_to(caller, request))).page

    async def search_encoded(
        self,
        request: SearchRequest,
        *,
        caller: Principal,
        admit_cold: Callable[[], None] | None = None,
    ) -> Representation:
        """``search`` as its JSON body, tagged by its bytes (encoded once per corpus version and readers).

        ``admit_cold`` is called before a search that is not answered from memory asks the database: the
        caller's chance to refuse it (a rate limit on new searches, which cost a query and an encoding).
        """
        return (await self._search(await self._visible_to(caller, request), admit_cold)).encoded

    async def _visible_to(self, caller: Principal, request: SearchRequest) -> SearchRequest:
        # Everyone who may read the same maps shares one kept answer: all anonymous readers, for one.
        return dataclasses.replace(request, maps=await self.readable(caller))

    async def _search(
        self, request: SearchRequest, admit_cold: Callable[[], None] | None = None
    ) -> SearchAnswer:
        bound_to = fingerprint(request)
        after = decode_cursor(request.cursor, bound_to) if request.cursor else None
        # An answer depends on the words, the filters, the page and every map's version, nothing else.
        corpus = await self.corpus()
        key = ("search", bound_to, request.limit, request.cursor)
        kept = self.cache.searched(key, corpus)
        if isinstance(kept, SearchAnswer):
            return kept
        if admit_cold is not None:
            admit_cold()
        clauses, query = plan(request)
        if clauses is not None and query is None:
            return SearchAnswer.of(empty_page(request.limit))
        found = await self.store.search(query, request.filters())
        page, more = page_after(found, after, request.limit)
        graphs = {map_id: await self.graph(map_id) for map_id in dict.fromkeys(hit.map_id for hit in page)}
        hits = [
            hit
            for hit in (claim_hit(graphs[found_hit.map_id], found_hit, clauses) for found_hit in page)
            if hit is not None
        ]
        last = page[-1] if page and more else None
        next_cursor = encode_cursor(last.score, last.map_id, last.node_id, bound_to) if last else None
        answer = SearchAnswer.of(
            ClaimPage(hits=hits, limit=request.limit, next_cursor=next_cursor, facets=facets(found))
        )
        self.cache.keep_searched(key, corpus, answer, answer.size)
        return answer

    async def evaluate_qbaf_body(
        self, body: bytes, *, semantics: str, contribution: str, topic: str | None
    ) -> bytes | BodyRefusal:
        """The encoded answer of ``POST /qbaf/evaluate`` to its JSON ``body``, or why the body was refused.

        Within the budget of ``graph.service._qbaf``. The body is read, checked, evaluated and the answer
        encoded in one job of the pool, none of it on the event loop: the job takes bytes and answers bytes,
        so it runs in a compute worker process.

        Raises:
            OverBudget, InvalidArgumentMap: as ``evaluate_qbaf``.
        """
        return await self.pool.run(evaluate_qbaf_json, body, semantics, contribution, topic)

    # -- writes ---------------------------------------------------------------------------------------------
    async def decode(self, body: bytes, media: str, *, caller: Principal | None = None) -> MapDocument:
        """Decode and validate a map document body (JSON or YAML), listing every problem at once.

        A source given by ``text_file`` takes the latest text of the stored source of its id, and one given
        by its ``id`` alone is that stored source whole (with ``caller``, only a source they may read);
        quotes given by their words are placed.

        Raises:
            InvalidArgumentMap: the body is not a valid map document.
        """
        cited = await self.cited_sources(body, media, caller=caller)
        return await self.pool.run(decode_document, body, media, cited)

    async def save(
        self,
        document: MapDocument,
        *,
        actor: Principal,
        expected_version: Expected = None,
        must_exist: bool = False,
        must_not_exist: bool = False,
    ) -> WriteResult:
        """Validate and write a whole map in one transaction, under the map's lock, as ``actor``.

        Raises:
            InvalidArgumentMap: the document breaks the rules (nothing is written).
            Forbidden: ``actor`` may read the map but not write it.
            NotFound, Conflict, StaleVersion: as ``MapStore.save_map`` (NotFound too for a map ``actor``
                may not read).
        """
        if not must_not_exist:
            await self.authorize(actor, document.id, write=True)
        document = await self.as_written_by(actor, document)
        document = await self.with_perspective_authors(actor, document)
        owner, group = owner_of(actor)
        await self.precheck(document.id, expected_version)
        strengths = await self.pool.run(validated_strengths, document)
        try:
            return await self.store.save_map(
                document,
                strengths,
                expected_version=expected_version,
                must_exist=must_exist,
                must_not_exist=must_not_exist,
                author=actor.author_name,
                owner=owner,
                group=group,
            )
        finally:
            self.cache.forget(document.id)

    async def import_aif(
        self, body: bytes, *, actor: Principal, map_id: str, title: str | None = None, replace: bool = False
    ) -> tuple[WriteResult, AifImport]:
        """Write a new map read from AIF JSON; the import lists what it defaulted and skipped.

        ``replace`` (the CLI's file loads) writes over a map of that id; otherwise the id must be new.

        Raises:
            InvalidArgumentMap: the body is not an AIF graph, or does not make a valid map.
            Conflict: a map ``map_id`` exists (without ``replace``).
        """
        imported = await self.pool.run(_from_aif, body, map_id, title)
        if replace:
            return await self.load(imported.document, actor=actor), imported
        return await self.save(imported.document, actor=actor, must_not_exist=True), imported

    async def import_argdown_file(
        self, path: Path, *, actor: Principal, map_id: str, title: str | None = None, replace: bool = False
    ) -> tuple[WriteResult, AifImport]:
        """Write a map read from an Argdown file by the official parser (Node.js, ``make argdown``).

        Raises:
            ArgdownUnavailable: the parser cannot run here.
            InvalidArgumentMap: the parser found errors, or the document does not make a valid map.
            Conflict: a map ``map_id`` exists (without ``replace``).
            OSError: the file cannot be read.
        """
        imported = await self.read_argdown_file(path, map_id=map_id, title=title)
        if replace:
            return await self.load(imported.document, actor=actor), imported
        return await self.save(imported.document, actor=actor, must_not_exist=True), imported

    async def import_argdown(
        self, body: bytes, *, actor: Principal, map_id: str, title: str | None = None
    ) -> tuple[WriteResult, AifImport]:
        """Write a new map read from an Argdown body by the official parser (as ``argmap load`` does a file).

        Raises:
            ArgdownUnavailable: the parser cannot run here.
            InvalidArgumentMap: the parser found errors, or the document does not make a valid map.
            Conflict: a map ``map_id`` exists.
        """
        imported = await self.read_argdown(body, map_id=map_id, title=title, caller=actor)
        return await self.save(imported.document, actor=actor, must_not_exist=True), imported

    async def load(
        self, document: MapDocument, *, actor: Principal = CLI, progress: Progress | None = None
    ) -> WriteResult:
        """Write a map document as it is (create or replace), reporting rows written to ``progress``.

        For the CLI's bulk loads: no precondition, the file is the truth.
        """
        await self.authorize(actor, document.id, write=True)
        document = await self.as_written_by(actor, document)
        document = await self.with_perspective_authors(actor, document)
        owner, group = owner_of(actor)
        strengths = await self.pool.run(validated_strengths, document)
        try:
            return await self.store.save_map(
                document, strengths, progress=progress, author=actor.author_name, owner=owner, group=group
            )
        finally:
            self.cache.forget(document.id)

    async def delete(self, map_id: str, *, actor: Principal, expected_version: Expected) -> None:
        """Delete a map and its versions in one transaction.

        Raises:
            NotFound: no such map, or one ``actor`` may not read.
            Forbidden: ``actor`` may read the map but not write it.
            StaleVersion: the map is not at ``expected_version``.
        """
        await self.authorize(actor, map_id, write=True)
        await self.precheck(map_id, expected_version)
        try:
            await self.store.delete_map(map_id, expected_version=expected_version)
        finally:
            self.cache.forget(map_id)

    async def patch_node(
        self,
        map_id: str,
        node_id: str,
        patch: ClaimPatch,
        *,
        actor: Principal,
        expected_version: Expected,
        answer: bool = True,
    ) -> Representation:
        """Edit a node's text, base score or tags; lock, check, change and write in one transaction.

        ``expected_version`` is the map version the client's claim tag names. The edit is made and validated
        on the version this process holds before the map's lock is taken, and the store writes only what
        it changes; under the lock it is made again only when another writer got there first. The answer
        is the claim at the version written; without ``answer``, only its tag (an empty body): the new version
        is scored by its first reader, so neither the writer nor a burst of writes nobody reads pays for it.

        Raises:
            NotFound: no such map or node.
            StaleVersion: the map changed since ``expected_version``.
            InvalidArgumentMap: the edited map breaks the rules.
        """

        def edited(current: MapGraph) -> MapDocument:
            if node_id not in current.nodes:
                raise NotFound(f"map {map_id!r} has no node {node_id!r}")
            require_version(map_id, current.version, expected_version)
            changes = {
                field: getattr(patch, field)
                for field in ("text", "base_score", "tags")
                if getattr(patch, field) is not msgspec.UNSET
            }
            nodes = [
                msgspec.structs.replace(node, **changes) if node.id == node_id else node
                for node in current.document.nodes
            ]
            return msgspec.structs.replace(current.document, nodes=nodes)

        await self.authorize(actor, map_id, write=True)
        base = await self.graph(map_id)
        document = edited(base)
        prepared = (document, await self.pool.run(validated_strengths, document))
        changed: list[MapGraph] = []

        async def mutate(current: MapGraph) -> tuple[MapDocument, dict[str, float]]:
            changed.append(current)
            if current is base:
                return prepared
            document = edited(current)
            return document, await self.pool.run(validated_strengths, document)

        try:
            result, written = await self.store.update_map(
                map_id, mutate, expected_version=expected_version, author=actor.author_name, base=base
            )
        finally:
            self.cache.forget(map_id)
        if result.node_versions is None:
            if not answer:
                return Representation(tag=version_tag(f"{map_id}/{node_id}", result.version), body=b"")
            return await self.claim(map_id, node_id)
        # What was committed is known whole: the answer (and the next reads) need not read it back.
        held = changed[-1]
        graph = MapGraph(
            document=written,
            version=result.version,
            node_versions=dict(result.node_versions),
            owner=held.owner,
            group=held.group,
        )
        self.cache.keep_graph(graph)
        self.cache.saw_version(map_id, graph.version)
        if not answer:
            return Representation(tag=version_tag(f"{map_id}/{node_id}", graph.version), body=b"")
        return await self.claim(map_id, node_id, version=graph.version)


def _from_aif(body: bytes, map_id: str, title: str | None) -> AifImport:
    return from_aif(body, map_id=map_id, title=title)


def _readable(caller: Principal, entry: MapSummary) -> bool:
    return caller.role is Role.ADMIN or may_read(caller, access_of_summary(entry))
