"""An in-memory ``MapStore`` for fast tests of the layers above the store (service, views, HTTP).

It keeps the store's contract (versions kept whole, preconditions, shared sources, atomic updates, accounts
with their errors and one-time links, the classroom's records) but not its engine: search finds words as the
service's explanations do (light stems), not through Lucene. The store itself is tested against the real
Neo4j.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import re

import msgspec

from graph.accounts import (
    GroupRecord,
    LinkRecord,
    MapAccess,
    SessionRecord,
    TokenRecord,
    UserRecord,
    access_of,
)
from graph.classroom import AssignmentRecord, CommentRecord, SubmissionRecord
from graph.errors import Conflict, DatabaseUnavailable, NotFound
from graph.mapgraph import MapGraph, map_summary
from graph.search import explain
from graph.sources import Revision, StoredSource
from graph.store import Mutation, Progress, SearchFilters, SearchHit, Strengths, WriteResult
from graph.store._accounts import recent_failures, within_window
from graph.store._codec import digest, relation_rows, version_changes
from graph.store._conflicts import stored_source_conflict
from graph.versions import Expected, require_version
from schemas import (
    MapDocument,
    MapSummary,
    MapVersionEntry,
    MapVersionList,
    Source,
    VersionChanges,
    Visibility,
)

_CLAUSE = re.compile(r'\+\(s_text:("[^"]*"|[^\s^]+)')


class MemoryStore:
    """Maps as ``MapGraph`` versions and accounts as records, in dicts; one lock makes every write atomic."""

    def __init__(self) -> None:
        self.maps: dict[str, MapGraph] = {}
        self.strengths: dict[str, Strengths] = {}
        self.kept: dict[str, list[tuple[MapGraph, MapVersionEntry]]] = {}
        """Every version of each map, oldest first, as the store keeps them."""
        self.last_versions: dict[str, int] = {}
        """The last version of each deleted map: one created again under its id continues after it."""
        self.groups_by_id: dict[str, GroupRecord] = {}
        self.users_by_id: dict[str, UserRecord] = {}
        self.tokens_by_id: dict[str, TokenRecord] = {}
        self.sessions: dict[str, SessionRecord] = {}
        """Sessions by their cookie's digest."""
        self.links: dict[str, LinkRecord] = {}
        """Sign-in links by their digest."""
        self.failures: dict[str, list[str]] = {}
        """The times of each key's recent failed sign-ins."""
        self.assignments_by_id: dict[str, AssignmentRecord] = {}
        self.work: dict[tuple[str, str], SubmissionRecord] = {}
        """Submissions by assignment and student."""
        self.comments_by_id: dict[str, CommentRecord] = {}
        self.sources: dict[str, StoredSource] = {}
        """Every stored source by id, as Neo4j keeps them (its citations are read from ``citing``)."""
        self.citing: dict[str, dict[str, int]] = {}
        """The revision each map cites of each of its sources, by map id."""
        self.down = False
        self.writes = 0
        self.searches = 0
        self._lock = asyncio.Lock()

    def _up(self) -> None:
        if self.down:
            raise DatabaseUnavailable("Neo4j is not reachable (ServiceUnavailable)")

    async def server_info(self) -> tuple[str, str]:
        self._up()
        return "5.26.0", "community"

    async def list_maps(self, *, after: str | None = None, limit: int | None = None) -> list[MapSummary]:
        self._up()
        ids = [map_id for map_id in sorted(self.maps) if after is None or map_id > after]
        return [map_summary(self.maps[map_id]) for map_id in ids[:limit]]

    async def map_version(self, map_id: str) -> int:
        return (await self.read_map(map_id)).version

    async def map_versions(self) -> dict[str, int]:
        self._up()
        return {map_id: graph.version for map_id, graph in self.maps.items()}

    async def map_accesses(self) -> dict[str, MapAccess]:
        self._up()
        return {
            map_id: access_of(graph.owner, graph.group, graph.document.visibility)
            for map_id, graph in self.maps.items()
        }

    async def read_map(self, map_id: str) -> MapGraph:
        self._up()
        if map_id not in self.maps:
            raise NotFound(f"there is no map {map_id!r}")
        return self.maps[map_id]

    async def source(self, source_id: str) -> tuple[Source, list[str]]:
        stored = await self.stored_source(source_id)
        return stored.source, [map_id for map_id, _revision in stored.citations]

    async def stored_source(self, source_id: str) -> StoredSource:
        self._up()
        if source_id not in self.sources:
            raise NotFound(f"there is no source {source_id!r}")
        return self._stored(source_id)

    async def add_source(
        self,
        source: Source,
        *,
        owner: str | None,
        group: str | None,
        visibility: Visibility,
        stored_by: str,
        when: str,
    ) -> tuple[StoredSource, int, bool]:
        self._up()
        async with self._lock:
            if source.id not in self.sources:
                first = Revision(1, source.text or "", when, stored_by)
                self.sources[source.id] = StoredSource(
                    source=msgspec.structs.replace(source, text_file=None),
                    revisions=(first,),
                    owner=owner,
                    group=group,
                    visibility=visibility,
                    stored=True,
                )
                return self._stored(source.id), 1, True
            stored = self._stored(source.id)
            revision = stored.revision_of(source)
            if revision is None:
                raise stored_source_conflict(stored, source)
            self.sources[source.id] = dataclasses.replace(self.sources[source.id], stored=True)
            return self._stored(source.id), revision, False

    async def add_source_revision(
        self, source_id: str, text: str, *, author: str, when: str, change: str | None
    ) -> tuple[StoredSource, bool]:
        self._up()
        async with self._lock:
            if source_id not in self.sources:
                raise NotFound(f"there is no source {source_id!r}")
            kept = self.sources[source_id] = dataclasses.replace(self.sources[source_id], stored=True)
            if kept.latest.text == text:
                return self._stored(source_id), False
            revision = Revision(kept.latest.number + 1, text, when, author, change)
            self.sources[source_id] = dataclasses.replace(kept, revisions=(*kept.revisions, revision))
            return self._stored(source_id), True

    def _stored(self, source_id: str) -> StoredSource:
        citations = tuple(
            (map_id, cited[source_id]) for map_id, cited in sorted(self.citing.items()) if source_id in cited
        )
        return dataclasses.replace(self.sources[source_id], citations=citations)

    def _cite(self, document: MapDocument, owner: str | None, group: str | None) -> dict[str, int]:
        """As Neo4j's write: the revision each source of ``document`` cites (raises ``Conflict``)."""
        cited: dict[str, int] = {}
        for source in document.sources:
            if source.id not in self.sources:
                cited[source.id] = 1
                continue
            stored = self._stored(source.id)
            revision = stored.revision_of(source)
            if revision is None and stored.shared_beyond(document.id):
                raise stored_source_conflict(stored, source, document.id)
            cited[source.id] = revision or 1
        for source in document.sources:
            kept = self.sources.get(source.id)
            if kept is None or (not kept.shared_beyond(document.id) and cited[source.id] == 1):
                first = Revision(1, source.text or "")
                self.sources[source.id] = StoredSource(
                    source=msgspec.structs.replace(source, text_file=None),
                    revisions=(first,),
                    owner=kept.owner if kept else owner,
                    group=kept.group if kept else group,
                    visibility=kept.visibility if kept else None,
                )
        return cited

    def _forget_orphans(self, source_ids: set[str]) -> None:
        for source_id in source_ids:
            kept = self.sources.get(source_id)
            cited = any(source_id in sources for sources in self.citing.values())
            if kept is not None and not cited and not kept.stored:
                del self.sources[source_id]

    async def search(self, query: str | None, filters: SearchFilters) -> list[SearchHit]:
        self._up()
        self.searches += 1
        # The words of each required clause, read back from the query the service built; a node matches
        # when every clause is found in one of its fields, as the service's explanations find them.
        clauses = [tuple(term.strip('"').split()) for term in _CLAUSE.findall(query or "")]
        hits = []
        for map_id in sorted(self.maps):
            graph = self.maps[map_id]
            for node in sorted(graph.document.nodes, key=lambda node: node.id):
                strength = self.strengths[map_id].get(node.id)
                reporter = node.reported_by or node.speaker
                if (
                    all(explain(node, graph.speakers, [clause]).highlights for clause in clauses)
                    and (filters.kind is None or node.kind.value == filters.kind)
                    and (filters.speaker is None or _speaks(graph, node.speaker, filters.speaker))
                    and (filters.reported_by is None or reporter == filters.reported_by)
                    and (filters.tag is None or filters.tag in node.tags)
                    and (filters.map_id is None or map_id == filters.map_id)
                    and (filters.maps is None or map_id in filters.maps)
                    and (filters.min_strength is None or (strength or 0.0) >= filters.min_strength)
                ):
                    hits.append(
                        SearchHit(
                            map_id=map_id,
                            node_id=node.id,
                            kind=node.kind,
                            speaker=node.speaker,
                            tags=tuple(node.tags),
                            strength=strength,
                            score=1.0,
                        )
                    )
        return hits[: filters.limit]

    async def list_versions(self, map_id: str, *, before: int | None, limit: int) -> MapVersionList:
        current = await self.read_map(map_id)
        entries = [
            entry
            for _, entry in reversed(self.kept.get(map_id, []))
            if before is None or entry.version < before
        ]
        page = entries[:limit]
        more = len(entries) > limit and page
        return MapVersionList(
            map_id=map_id,
            current=current.version,
            versions=page,
            next_before=page[-1].version if more else None,
        )

    async def read_version(self, map_id: str, version: int) -> MapGraph:
        self._up()
        kept = self.kept.get(map_id, [])
        if map_id not in self.maps:
            raise NotFound(f"there is no map {map_id!r}")
        for graph, _ in kept:
            if graph.version == version:
                return graph
        span = f"versions {kept[0][0].version} to {kept[-1][0].version}" if kept else "none"
        raise NotFound(f"map {map_id!r} has no version {version}: kept are {span}")

    async def read_versions(self, map_id: str, first: int, last: int) -> list[tuple[MapGraph, str]]:
        self._up()
        return [
            (graph, entry.created)
            for graph, entry in self.kept.get(map_id, [])
            if first <= graph.version <= last
        ]

    async def save_map(
        self,
        document: MapDocument,
        strengths: Strengths,
        *,
        expected_version: Expected = None,
        must_exist: bool = False,
        must_not_exist: bool = False,
        progress: Progress | None = None,
        author: str = "unknown",
        owner: str | None = None,
        group: str | None = None,
        base: MapGraph | None = None,
    ) -> WriteResult:
        self._up()
        async with self._lock:
            return self._write(
                document,
                strengths,
                expected_version,
                must_exist,
                must_not_exist,
                author=author,
                owner=owner,
                group=group,
            )

    async def update_map(
        self,
        map_id: str,
        mutate: Mutation,
        *,
        expected_version: Expected = None,
        author: str = "unknown",
        base: MapGraph | None = None,
    ) -> tuple[WriteResult, MapDocument]:
        self._up()
        async with self._lock:
            current = await self.read_map(map_id)
            require_version(map_id, current.version, expected_version)
            # As Neo4j's store: the version the caller holds is what it changes, while it is current.
            current = base if base is not None and base.version == current.version else current
            document, strengths = await mutate(current)
            return self._write(document, strengths, current.version, True, False, author=author), document

    async def delete_map(self, map_id: str, *, expected_version: Expected) -> None:
        self._up()
        async with self._lock:
            current = await self.read_map(map_id)
            require_version(map_id, current.version, expected_version)
            del self.maps[map_id]
            self.kept.pop(map_id, None)
            self._forget_orphans(set(self.citing.pop(map_id, {})))
            for comment_id in [key for key, kept in self.comments_by_id.items() if kept.map == map_id]:
                del self.comments_by_id[comment_id]
            self.last_versions[map_id] = current.version

    async def close(self) -> None:
        return None

    # -- accounts -------------------------------------------------------------------------------------------
    async def add_group(self, group: GroupRecord) -> None:
        self._up()
        async with self._lock:
            if group.id in self.groups_by_id:
                raise Conflict(f"there is already a group {group.id!r}")
            self.groups_by_id[group.id] = group

    async def groups(self) -> list[tuple[GroupRecord, int]]:
        self._up()
        members = [user.group for user in self.users_by_id.values()]
        return [(self.groups_by_id[key], members.count(key)) for key in sorted(self.groups_by_id)]

    async def add_user(self, user: UserRecord) -> None:
        self._up()
        async with self._lock:
            if user.id in self.users_by_id:
                raise Conflict(f"there is already a user {user.id!r}")
            self._require_group(user.group)
            self.users_by_id[user.id] = user

    async def user(self, user_id: str) -> UserRecord:
        self._up()
        if user_id not in self.users_by_id:
            raise NotFound(f"there is no user {user_id!r}")
        return self.users_by_id[user_id]

    async def users(self, group: str | None = None) -> list[UserRecord]:
        self._up()
        return [
            self.users_by_id[key]
            for key in sorted(self.users_by_id)
            if group is None or self.users_by_id[key].group == group
        ]

    async def user_ids(self, prefix: str) -> set[str]:
        self._up()
        return {key for key in self.users_by_id if key == prefix or key.startswith(f"{prefix}-")}

    async def replace_user(self, user: UserRecord) -> None:
        self._up()
        async with self._lock:
            if user.id not in self.users_by_id:
                raise NotFound(f"there is no user {user.id!r}")
            self._require_group(user.group)
            self.users_by_id[user.id] = user

    async def add_token(self, token: TokenRecord) -> None:
        self._up()
        async with self._lock:
            if token.id in self.tokens_by_id or any(
                t.digest == token.digest for t in self.tokens_by_id.values()
            ):
                raise Conflict(f"the write collides with existing data: token {token.id!r}")
            self.tokens_by_id[token.id] = token

    async def token(self, token_id: str) -> TokenRecord:
        self._up()
        if token_id not in self.tokens_by_id:
            raise NotFound(f"there is no token {token_id!r}")
        return self.tokens_by_id[token_id]

    async def tokens(self, user_id: str) -> list[TokenRecord]:
        self._up()
        held = [token for token in self.tokens_by_id.values() if token.user == user_id]
        return sorted(held, key=lambda token: (token.created, token.id), reverse=True)

    async def token_holder(self, digest: str) -> tuple[TokenRecord, UserRecord] | None:
        self._up()
        for token in self.tokens_by_id.values():
            if token.digest == digest and token.user in self.users_by_id:
                return token, self.users_by_id[token.user]
        return None

    async def revoke_token(self, token_id: str, when: str) -> TokenRecord:
        self._up()
        async with self._lock:
            token = await self.token(token_id)
            if token.revoked is None:
                token = self.tokens_by_id[token_id] = dataclasses.replace(token, revoked=when)
            return token

    async def revoke_user_tokens(self, user_id: str, when: str) -> int:
        self._up()
        async with self._lock:
            live = [
                token
                for token in self.tokens_by_id.values()
                if token.user == user_id
                and token.revoked is None
                and (token.expires is None or token.expires > when)
            ]
            for token in live:
                self.tokens_by_id[token.id] = dataclasses.replace(token, revoked=when)
            for key in [key for key, session in self.sessions.items() if session.user == user_id]:
                del self.sessions[key]
            return len(live)

    async def add_session(self, session: SessionRecord) -> None:
        self._up()
        async with self._lock:
            if session.digest in self.sessions:
                raise Conflict("the write collides with existing data: a session with this digest")
            self.sessions[session.digest] = session

    async def session_holder(self, digest: str) -> tuple[SessionRecord, UserRecord] | None:
        self._up()
        session = self.sessions.get(digest)
        if session is None or session.user not in self.users_by_id:
            return None
        return session, self.users_by_id[session.user]

    async def end_session(self, digest: str) -> None:
        self._up()
        async with self._lock:
            self.sessions.pop(digest, None)

    async def add_link(self, link: LinkRecord) -> None:
        self._up()
        async with self._lock:
            if link.digest in self.links:
                raise Conflict("the write collides with existing data: a link with this digest")
            self.links[link.digest] = link

    async def redeem_link(self, digest: str, when: str) -> UserRecord | None:
        self._up()
        async with self._lock:
            link = self.links.pop(digest, None)
            if link is None or link.expires <= when:
                return None
            return self.users_by_id.get(link.user)

    async def count_failed_sign_in(self, key: str, when: str, window_s: int) -> int:
        self._up()
        async with self._lock:
            times = self.failures[key] = recent_failures(self.failures.get(key, []), when, window_s)
            return len(times)

    async def failed_sign_ins(self, key: str, when: str, window_s: int) -> int:
        self._up()
        return len(within_window(self.failures.get(key, []), when, window_s))

    async def clear_failed_sign_ins(self, key: str) -> None:
        self._up()
        async with self._lock:
            self.failures.pop(key, None)

    # -- the classroom --------------------------------------------------------------------------------------
    async def add_assignment(self, assignment: AssignmentRecord) -> None:
        self._up()
        async with self._lock:
            if assignment.id in self.assignments_by_id:
                raise Conflict(f"there is already an assignment {assignment.id!r}")
            self.assignments_by_id[assignment.id] = assignment

    async def assignment(self, assignment_id: str) -> AssignmentRecord:
        self._up()
        if assignment_id not in self.assignments_by_id:
            raise NotFound(f"there is no assignment {assignment_id!r}")
        return self.assignments_by_id[assignment_id]

    async def assignments(self, group: str | None = None) -> list[AssignmentRecord]:
        self._up()
        kept = [a for a in self.assignments_by_id.values() if group is None or a.group == group]
        return sorted(kept, key=lambda assignment: (assignment.due, assignment.id))

    async def start_submission(self, submission: SubmissionRecord) -> tuple[SubmissionRecord, bool]:
        self._up()
        async with self._lock:
            key = (submission.assignment, submission.student)
            if key in self.work:
                return self.work[key], False
            self.work[key] = submission
            return submission, True

    async def drop_submission(self, assignment_id: str, student: str) -> None:
        self._up()
        async with self._lock:
            kept = self.work.get((assignment_id, student))
            if kept is not None and kept.version is None:
                del self.work[(assignment_id, student)]

    async def submission(self, assignment_id: str, student: str) -> SubmissionRecord | None:
        self._up()
        return self.work.get((assignment_id, student))

    async def submissions(self, assignment_id: str) -> list[SubmissionRecord]:
        self._up()
        return [self.work[key] for key in sorted(self.work) if key[0] == assignment_id]

    async def submit(
        self, assignment_id: str, student: str, *, version: int, when: str, current: int
    ) -> SubmissionRecord:
        self._up()
        async with self._lock:
            kept = self.work.get((assignment_id, student))
            if kept is None:
                raise NotFound(f"{student!r} has not started the assignment {assignment_id!r}")
            handed = dataclasses.replace(kept, version=version, submitted=when, current_then=current)
            self.work[(assignment_id, student)] = handed
            return handed

    async def add_comment(self, comment: CommentRecord) -> None:
        self._up()
        async with self._lock:
            if comment.id in self.comments_by_id:
                raise Conflict(f"the write collides with existing data: comment {comment.id!r}")
            self.comments_by_id[comment.id] = comment

    async def comments(self, map_id: str) -> list[CommentRecord]:
        self._up()
        kept = [comment for comment in self.comments_by_id.values() if comment.map == map_id]
        return sorted(kept, key=lambda comment: (comment.created, comment.id))

    async def resolve_comment(self, map_id: str, comment_id: str, *, when: str, by: str) -> CommentRecord:
        self._up()
        async with self._lock:
            kept = self.comments_by_id.get(comment_id)
            if kept is None or kept.map != map_id:
                raise NotFound(f"map {map_id!r} has no comment {comment_id!r}")
            if kept.resolved is None:
                kept = self.comments_by_id[comment_id] = dataclasses.replace(
                    kept, resolved=when, resolved_by=by
                )
            return kept

    def _require_group(self, group: str | None) -> None:
        if group is not None and group not in self.groups_by_id:
            raise NotFound(f"there is no group {group!r}")

    def _write(
        self,
        document: MapDocument,
        strengths: Strengths,
        expected_version: Expected,
        must_exist: bool,
        must_not_exist: bool,
        *,
        author: str = "unknown",
        owner: str | None = None,
        group: str | None = None,
    ) -> WriteResult:
        old = self.maps.get(document.id)
        if old is None and must_exist:
            raise NotFound(f"there is no map {document.id!r}")
        if old is not None and must_not_exist:
            raise Conflict(f"a map with id {document.id!r} already exists")
        if old is not None:
            require_version(document.id, old.version, expected_version)
        if old is not None and old.document == document:
            return WriteResult(map_id=document.id, version=old.version, created=False, changed=False)
        cited = self._cite(document, owner, group)
        before_sources = set(self.citing.get(document.id, {}))
        self.citing[document.id] = cited
        self._forget_orphans(before_sources - set(cited))
        version = self.last_versions.get(document.id, 0) + 1 if old is None else old.version + 1
        before = {node.id: node for node in old.document.nodes} if old else {}
        node_versions = {
            node.id: old.node_versions[node.id] if old and before.get(node.id) == node else version
            for node in document.nodes
        }
        # Only a map's creation names its owner: a replacement (or an update) leaves it the owner's.
        graph = MapGraph(
            document=msgspec.structs.replace(document),
            version=version,
            node_versions=node_versions,
            owner=old.owner if old else owner,
            group=old.group if old else group,
        )
        self.maps[document.id] = graph
        self.strengths[document.id] = dict(strengths)
        changes = version_changes(document, _node_hashes(old), _relations(old))
        entry = MapVersionEntry(
            version=version,
            created=datetime.datetime.now(datetime.UTC).isoformat(),
            author=author,
            changes=msgspec.convert(changes, VersionChanges),
            root_strength=strengths.get(graph.root),
        )
        self.kept.setdefault(document.id, []).append((graph, entry))
        self.writes += 1
        return WriteResult(
            map_id=document.id,
            version=version,
            created=old is None,
            changed=True,
            node_versions=node_versions,
        )


def _node_hashes(graph: MapGraph | None) -> dict[str, tuple[str, int]]:
    if graph is None:
        return {}
    return {node.id: (digest(node), graph.node_versions[node.id]) for node in graph.document.nodes}


def _relations(graph: MapGraph | None) -> dict[tuple[str, str, str], tuple[float | None, str | None, int]]:
    if graph is None:
        return {}
    return {
        (row["source"], row["target"], relation_type): (row["weight"], row["note"], row["ord"])
        for relation_type, rows in relation_rows(graph.document).items()
        for row in rows
    }


def _speaks(graph: MapGraph, speaker_id: str, wanted: str) -> bool:
    """Is ``wanted`` the speaker's id, or their name in any case (as the Neo4j store's filter reads it)?"""
    speaker = graph.speakers.get(speaker_id)
    return speaker_id == wanted or (speaker is not None and speaker.name.lower() == wanted.lower())
