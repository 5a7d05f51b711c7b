"""One contract, two stores: the in-memory store the fast tests use behaves as Neo4j does.

Every test runs against both ``MemoryStore`` (tests/support) and ``Neo4jStore`` over the suite's real Neo4j.
Each works on maps, sources, people, groups, tokens, keys, assignments and comments of its own ids, so it
needs no empty database.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid

import msgspec
import pytest
from neo4j import AsyncDriver
from support.maps import small_map
from support.memory_store import MemoryStore
from support.neo4j import Neo4jTarget

from graph.accounts import GroupRecord, LinkRecord, MapAccess, SessionRecord, TokenRecord, UserRecord
from graph.classroom import AssignmentRecord, CommentRecord, SubmissionRecord
from graph.errors import Conflict, NotFound, StaleVersion
from graph.mapgraph import MapGraph
from graph.search import lucene_query, parse_query
from graph.sources import StoredSource
from graph.store import MapStore, Neo4jStore, SearchFilters
from schemas import MapDocument, NodeKind, Role, Source, Visibility

STRENGTHS = {"thesis": 0.6, "sleep-good": 0.8, "dogs-bark": 0.4}
NOW = "2026-12-06T18:00:00Z"
LATER = "2026-12-06T18:30:00Z"
TOMORROW = "2026-12-07T18:00:00Z"


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, driver: AsyncDriver, neo4j_target: Neo4jTarget) -> MapStore:
    """Each store of the contract: the in-memory one, and Neo4j through the suite's session driver."""
    return MemoryStore() if request.param == "memory" else Neo4jStore(driver, neo4j_target.database)


@pytest.fixture
def unique() -> str:
    """A prefix for the ids of one test's records (the Neo4j store's database is shared by every test)."""
    return f"contract-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def document() -> MapDocument:
    """The small map under ids no other test uses (map and source)."""
    unique = uuid.uuid4().hex[:12]
    return small_map(f"contract-{unique}", source_id=f"contract-note-{unique}")


async def test_a_saved_map_reads_back_exactly_at_version_one(store: MapStore, document: MapDocument) -> None:
    written = await store.save_map(document, STRENGTHS)
    graph = await store.read_map(document.id)
    assert (written.map_id, written.version, written.created, written.changed) == (document.id, 1, True, True)
    assert graph.document == document
    assert graph.version == 1
    assert dict(graph.node_versions) == {node.id: 1 for node in document.nodes}
    assert await store.map_version(document.id) == 1
    assert (await store.map_versions())[document.id] == 1


async def test_saving_the_same_map_again_changes_nothing(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)
    again = await store.save_map(document, STRENGTHS)
    assert (again.version, again.created, again.changed) == (1, False, False)


async def test_a_replacement_bumps_the_map_and_only_the_changed_nodes(
    store: MapStore, document: MapDocument
) -> None:
    await store.save_map(document, STRENGTHS)
    nodes = [
        msgspec.structs.replace(node, text="Cats rest well.") if node.id == "thesis" else node
        for node in document.nodes
    ]
    changed = msgspec.structs.replace(document, nodes=nodes)
    written = await store.save_map(changed, STRENGTHS, expected_version=1, must_exist=True)
    graph = await store.read_map(document.id)
    assert (written.version, written.changed) == (2, True)
    assert graph.nodes["thesis"].text == "Cats rest well."
    assert dict(graph.node_versions) == {"thesis": 2, "sleep-good": 1, "dogs-bark": 1}


async def test_preconditions_are_kept(store: MapStore, document: MapDocument) -> None:
    with pytest.raises(NotFound):
        await store.save_map(document, STRENGTHS, must_exist=True)
    await store.save_map(document, STRENGTHS)
    with pytest.raises(Conflict):
        await store.save_map(document, STRENGTHS, must_not_exist=True)
    with pytest.raises(StaleVersion):
        await store.save_map(document, STRENGTHS, expected_version=7)
    assert await store.map_version(document.id) == 1


async def test_an_update_reads_changes_and_writes_one_version(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)

    async def retitle(graph: MapGraph) -> tuple[MapDocument, dict[str, float]]:
        return msgspec.structs.replace(graph.document, title="Pets, again"), STRENGTHS

    written, updated = await store.update_map(document.id, retitle, expected_version=1)
    assert (written.version, updated.title) == (2, "Pets, again")
    assert (await store.read_map(document.id)).document.title == "Pets, again"
    with pytest.raises(StaleVersion):
        await store.update_map(document.id, retitle, expected_version=1)
    with pytest.raises(NotFound):
        await store.update_map(f"{document.id}-missing", retitle, expected_version=None)


async def test_a_deleted_map_is_gone_everywhere(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)
    with pytest.raises(StaleVersion):
        await store.delete_map(document.id, expected_version=5)
    await store.delete_map(document.id, expected_version=1)
    with pytest.raises(NotFound):
        await store.read_map(document.id)
    with pytest.raises(NotFound):
        await store.map_version(document.id)
    with pytest.raises(NotFound):
        await store.delete_map(document.id, expected_version=None)
    assert document.id not in await store.map_versions()
    assert document.id not in {summary.id for summary in await store.list_maps()}


async def test_a_map_is_listed_with_its_counts(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)
    listed = {summary.id: summary for summary in await store.list_maps()}
    summary = listed[document.id]
    assert (summary.title, summary.version, summary.root) == ("Pets", 1, "thesis")
    assert summary.counts[NodeKind.CLAIM.value] == 1
    assert summary.counts[NodeKind.COUNTERPOINT.value] == 1


async def test_a_source_names_the_maps_that_cite_it(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)
    source, maps = await store.source(document.sources[0].id)
    assert source.id == document.sources[0].id
    assert maps == [document.id]
    with pytest.raises(NotFound):
        await store.source(f"{document.sources[0].id}-missing")


async def test_search_filters_by_map_kind_tag_and_strength(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)
    everything = await store.search(None, SearchFilters(map_id=document.id))
    assert sorted(hit.node_id for hit in everything) == ["dogs-bark", "sleep-good", "thesis"]
    claims = await store.search(None, SearchFilters(map_id=document.id, kind=NodeKind.CLAIM.value))
    assert [hit.node_id for hit in claims] == ["sleep-good"]
    tagged = await store.search(None, SearchFilters(map_id=document.id, tag="health"))
    assert [hit.node_id for hit in tagged] == ["sleep-good"]
    strong = await store.search(None, SearchFilters(map_id=document.id, min_strength=0.7))
    assert [hit.node_id for hit in strong] == ["sleep-good"]
    worded = await store.search(lucene_query(parse_query("barking")), SearchFilters(map_id=document.id))
    assert [hit.node_id for hit in worded] == ["dogs-bark"]


async def test_a_map_created_again_continues_after_the_deleted_ones_last_version(
    store: MapStore, document: MapDocument
) -> None:
    await store.save_map(document, STRENGTHS)
    retitled = msgspec.structs.replace(document, title="Pets, edited")
    await store.save_map(retitled, STRENGTHS, expected_version=1)
    await store.delete_map(document.id, expected_version=2)
    again = await store.save_map(document, STRENGTHS, must_not_exist=True)
    assert (again.version, again.created) == (3, True)  # never 1 or 2 again: no ETag names two contents
    graph = await store.read_map(document.id)
    assert graph.version == 3
    assert set(graph.node_versions.values()) == {3}


async def test_every_write_keeps_its_version_whole(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS, author="desk")
    nodes = [
        msgspec.structs.replace(node, text="Cats rest well.") if node.id == "thesis" else node
        for node in document.nodes
        if node.id != "dogs-bark"
    ]
    relations = [r for r in document.relations if "dogs-bark" not in (r.source, r.target)]
    second = msgspec.structs.replace(document, nodes=nodes, relations=relations)
    await store.save_map(second, {**STRENGTHS, "thesis": 0.7}, expected_version=1, author="editor")
    await store.save_map(second, STRENGTHS)  # unchanged: no version kept

    first = await store.read_version(document.id, 1)
    assert first.document == document
    assert dict(first.node_versions) == {node.id: 1 for node in document.nodes}
    assert (await store.read_version(document.id, 2)).document == second

    listing = await store.list_versions(document.id, before=None, limit=10)
    assert (listing.current, [entry.version for entry in listing.versions]) == (2, [2, 1])
    newest, oldest = listing.versions
    assert (newest.author, oldest.author) == ("editor", "desk")
    assert newest.root_strength == pytest.approx(0.7)
    assert (newest.changes.nodes_removed, newest.changes.nodes_changed, newest.changes.nodes_added) == (
        1,
        1,
        0,
    )
    assert newest.changes.relations_removed == len(document.relations) - len(relations)
    assert oldest.changes.nodes_added == len(document.nodes)
    assert newest.created >= oldest.created

    page = await store.list_versions(document.id, before=None, limit=1)
    assert ([entry.version for entry in page.versions], page.next_before) == ([2], 2)
    rest = await store.list_versions(document.id, before=2, limit=1)
    assert ([entry.version for entry in rest.versions], rest.next_before) == ([1], None)
    assert [graph.version for graph, _ in await store.read_versions(document.id, 1, 2)] == [1, 2]


async def test_a_version_never_kept_is_not_found_naming_the_range(
    store: MapStore, document: MapDocument
) -> None:
    await store.save_map(document, STRENGTHS)
    with pytest.raises(NotFound, match="kept are versions 1 to 1"):
        await store.read_version(document.id, 5)
    with pytest.raises(NotFound, match="no map"):
        await store.read_version(f"{document.id}-missing", 1)
    with pytest.raises(NotFound):
        await store.list_versions(f"{document.id}-missing", before=None, limit=5)


async def test_deleting_a_map_deletes_its_versions(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)
    await store.delete_map(document.id, expected_version=1)
    await store.save_map(document, STRENGTHS)
    listing = await store.list_versions(document.id, before=None, limit=10)
    assert [entry.version for entry in listing.versions] == [2], "version 1 went with the deleted map"
    with pytest.raises(NotFound):
        await store.read_version(document.id, 1)


async def test_a_created_map_keeps_its_owner_and_group_across_replacements(
    store: MapStore, document: MapDocument
) -> None:
    shared = msgspec.structs.replace(document, visibility=Visibility.GROUP)
    await store.save_map(shared, STRENGTHS, owner="ana", group="class-9b")
    retitled = msgspec.structs.replace(shared, title="Pets, replaced by the teacher")
    await store.save_map(retitled, STRENGTHS, expected_version=1, owner="ms-li", group="staff")

    async def retitle(graph: MapGraph) -> tuple[MapDocument, dict[str, float]]:
        return msgspec.structs.replace(graph.document, title="Pets, patched"), STRENGTHS

    await store.update_map(document.id, retitle, expected_version=2, author="ms-li")
    graph = await store.read_map(document.id)
    assert (graph.version, graph.owner, graph.group) == (3, "ana", "class-9b")
    assert (await store.map_accesses())[document.id] == MapAccess("ana", "class-9b", Visibility.GROUP)
    summary = {summary.id: summary for summary in await store.list_maps()}[document.id]
    assert (summary.owner, summary.group, summary.visibility) == ("ana", "class-9b", Visibility.GROUP)


async def test_a_map_saved_without_an_owner_is_public_and_nobodys(
    store: MapStore, document: MapDocument
) -> None:
    await store.save_map(document, STRENGTHS)
    graph = await store.read_map(document.id)
    assert (graph.owner, graph.group) == (None, None)
    assert (await store.map_accesses())[document.id] == MapAccess(None, None, Visibility.PUBLIC)


# -- accounts ------------------------------------------------------------------------------------------------
def _user(user_id: str, group: str | None = None, role: Role = Role.AUTHOR) -> UserRecord:
    return UserRecord(id=user_id, name=user_id.title(), role=role, group=group, created=NOW)


def _token(token_id: str, user: str, created: str = NOW, expires: str | None = None) -> TokenRecord:
    return TokenRecord(
        id=token_id,
        user=user,
        name=f"laptop of {user}",
        digest=f"digest-{token_id}",
        prefix="amt_abcd",
        created=created,
        expires=expires,
    )


async def test_a_group_is_kept_once_and_counts_its_members(store: MapStore, unique: str) -> None:
    desk, empty = GroupRecord(f"{unique}-desk", "Desk", NOW), GroupRecord(f"{unique}-empty", "Empty", NOW)
    await store.add_group(empty)
    await store.add_group(desk)
    with pytest.raises(Conflict):
        await store.add_group(GroupRecord(desk.id, "Another desk", LATER))
    await store.add_user(_user(f"{unique}-ana", desk.id))
    await store.add_user(_user(f"{unique}-ben", desk.id))
    await store.add_user(_user(f"{unique}-cy"))

    listed = await store.groups()
    assert [group.id for group, _ in listed] == sorted(group.id for group, _ in listed)
    mine = [(group, members) for group, members in listed if group.id.startswith(unique)]
    assert mine == [(desk, 2), (empty, 0)]


async def test_a_user_is_kept_once_in_a_group_that_exists(store: MapStore, unique: str) -> None:
    group = GroupRecord(f"{unique}-class", "Class 9b", NOW)
    await store.add_group(group)
    ana = UserRecord(
        id=f"{unique}-ana",
        name="Ana",
        role=Role.EDITOR,
        group=group.id,
        created=NOW,
        password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
    )
    await store.add_user(ana)
    assert await store.user(ana.id) == ana
    with pytest.raises(Conflict):
        await store.add_user(_user(ana.id))
    with pytest.raises(NotFound):
        await store.add_user(_user(f"{unique}-ben", f"{unique}-no-such-group"))
    with pytest.raises(NotFound):
        await store.user(f"{unique}-ben")
    with pytest.raises(NotFound):
        await store.user(f"{unique}-nobody")


async def test_users_are_listed_by_id_and_by_group(store: MapStore, unique: str) -> None:
    group = GroupRecord(f"{unique}-class", "Class", NOW)
    await store.add_group(group)
    for name, in_group in (("cy", True), ("ana", False), ("ben", True)):
        await store.add_user(_user(f"{unique}-{name}", group.id if in_group else None))
    assert [user.id for user in await store.users(group.id)] == [f"{unique}-ben", f"{unique}-cy"]
    everyone = [user.id for user in await store.users()]
    assert everyone == sorted(everyone)
    assert [key for key in everyone if key.startswith(unique)] == [
        f"{unique}-{n}" for n in ("ana", "ben", "cy")
    ]
    assert await store.users(f"{unique}-no-such-group") == []


async def test_user_ids_are_the_prefix_and_its_dashed_followers(store: MapStore, unique: str) -> None:
    for suffix in ("", "-2", "-ms-li", "x", "2"):
        await store.add_user(_user(f"{unique}-ana{suffix}"))
    assert await store.user_ids(f"{unique}-ana") == {
        f"{unique}-ana",
        f"{unique}-ana-2",
        f"{unique}-ana-ms-li",
    }
    assert await store.user_ids(f"{unique}-nobody") == set()


async def test_a_replaced_user_is_stored_whole(store: MapStore, unique: str) -> None:
    first, second = GroupRecord(f"{unique}-a", "A", NOW), GroupRecord(f"{unique}-b", "B", NOW)
    await store.add_group(first)
    await store.add_group(second)
    ana = UserRecord(f"{unique}-ana", "Ana", Role.AUTHOR, first.id, NOW, password_hash="old-hash")
    await store.add_user(ana)
    changed = UserRecord(ana.id, "Ana Li", Role.EDITOR, second.id, NOW, password_hash=None, disabled=True)
    await store.replace_user(changed)
    assert await store.user(ana.id) == changed
    assert [user.id for user in await store.users(second.id)] == [ana.id]
    with pytest.raises(NotFound):
        await store.replace_user(_user(f"{unique}-nobody"))
    with pytest.raises(NotFound):
        await store.replace_user(UserRecord(ana.id, "Ana", Role.AUTHOR, f"{unique}-no-such-group", NOW))
    assert await store.user(ana.id) == changed, "a refused replacement changes nothing"


async def test_tokens_are_found_by_id_by_user_and_by_digest(store: MapStore, unique: str) -> None:
    ana = _user(f"{unique}-ana")
    await store.add_user(ana)
    await store.add_user(_user(f"{unique}-ben"))
    old = _token(f"{unique}-t1", ana.id, created=NOW, expires=TOMORROW)
    new_a, new_b = (
        _token(f"{unique}-t2", ana.id, created=LATER),
        _token(f"{unique}-t3", ana.id, created=LATER),
    )
    for token in (old, new_b, new_a, _token(f"{unique}-t4", f"{unique}-ben")):
        await store.add_token(token)
    with pytest.raises(Conflict):
        await store.add_token(_token(old.id, ana.id))
    assert await store.token(old.id) == old
    with pytest.raises(NotFound):
        await store.token(f"{unique}-t9")
    assert await store.tokens(ana.id) == [new_b, new_a, old]
    assert await store.tokens(f"{unique}-nobody") == []
    assert await store.token_holder(old.digest) == (old, ana)
    assert await store.token_holder(f"digest-{unique}-unknown") is None


async def test_a_token_is_revoked_once_at_its_first_time(store: MapStore, unique: str) -> None:
    ana = _user(f"{unique}-ana")
    await store.add_user(ana)
    token = _token(f"{unique}-t1", ana.id)
    await store.add_token(token)
    revoked = await store.revoke_token(token.id, LATER)
    assert revoked.revoked == LATER
    again = await store.revoke_token(token.id, TOMORROW)
    assert again == revoked
    assert await store.token(token.id) == revoked
    assert await store.token_holder(token.digest) == (revoked, ana), "revoked tokens are still found"
    with pytest.raises(NotFound):
        await store.revoke_token(f"{unique}-t9", LATER)


async def test_revoking_a_users_tokens_ends_their_sessions_too(store: MapStore, unique: str) -> None:
    ana, ben = _user(f"{unique}-ana"), _user(f"{unique}-ben")
    await store.add_user(ana)
    await store.add_user(ben)
    live = _token(f"{unique}-live", ana.id, expires=TOMORROW)
    forever = _token(f"{unique}-forever", ana.id)
    expired = _token(f"{unique}-expired", ana.id, expires=NOW)
    revoked = _token(f"{unique}-revoked", ana.id)
    bens = _token(f"{unique}-bens", ben.id)
    for token in (live, forever, expired, revoked, bens):
        await store.add_token(token)
    await store.revoke_token(revoked.id, NOW)
    sessions = [
        SessionRecord(f"{unique}-s{n}", user.id, f"csrf-{n}", NOW, TOMORROW)
        for n, user in enumerate((ana, ana, ben))
    ]
    for session in sessions:
        await store.add_session(session)

    assert await store.revoke_user_tokens(ana.id, LATER) == 2
    assert {token.id: token.revoked for token in await store.tokens(ana.id)} == {
        live.id: LATER,
        forever.id: LATER,
        expired.id: None,
        revoked.id: NOW,
    }
    assert await store.session_holder(sessions[0].digest) is None
    assert await store.session_holder(sessions[1].digest) is None
    assert await store.session_holder(sessions[2].digest) == (sessions[2], ben)
    assert await store.token(bens.id) == bens
    assert await store.revoke_user_tokens(ana.id, TOMORROW) == 0
    assert await store.revoke_user_tokens(f"{unique}-nobody", LATER) == 0


async def test_a_session_is_found_by_digest_until_it_ends(store: MapStore, unique: str) -> None:
    ana = _user(f"{unique}-ana")
    await store.add_user(ana)
    session = SessionRecord(f"{unique}-cookie", ana.id, "csrf", NOW, LATER)
    await store.add_session(session)
    with pytest.raises(Conflict):
        await store.add_session(SessionRecord(session.digest, ana.id, "other", NOW, LATER))
    assert await store.session_holder(session.digest) == (session, ana), "expired sessions are found too"
    await store.end_session(session.digest)
    assert await store.session_holder(session.digest) is None
    await store.end_session(session.digest)  # signing out twice is no error
    assert await store.session_holder(f"{unique}-unknown") is None


async def test_a_link_signs_in_once_and_never_after_it_expires(store: MapStore, unique: str) -> None:
    ana = _user(f"{unique}-ana")
    await store.add_user(ana)
    link = LinkRecord(f"{unique}-link", ana.id, NOW, LATER)
    stale = LinkRecord(f"{unique}-stale", ana.id, NOW, LATER)
    await store.add_link(link)
    await store.add_link(stale)
    with pytest.raises(Conflict):
        await store.add_link(LinkRecord(link.digest, ana.id, NOW, TOMORROW))
    assert await store.redeem_link(link.digest, NOW) == ana
    assert await store.redeem_link(link.digest, NOW) is None
    assert await store.redeem_link(stale.digest, LATER) is None, "a link expires at its time"
    await store.add_link(stale)  # the expired link was forgotten: its digest is free again
    assert await store.redeem_link(f"{unique}-unknown", NOW) is None


async def test_concurrent_redemptions_of_a_link_sign_in_once(store: MapStore, unique: str) -> None:
    ana = _user(f"{unique}-ana")
    await store.add_user(ana)
    for attempt in range(5):
        link = LinkRecord(f"{unique}-link-{attempt}", ana.id, NOW, LATER)
        await store.add_link(link)
        redeemed = await asyncio.gather(*(store.redeem_link(link.digest, NOW) for _ in range(8)))
        assert [user for user in redeemed if user is not None] == [ana]


async def test_failed_sign_ins_are_counted_within_their_window(store: MapStore, unique: str) -> None:
    key, other = f"user:{unique}-ana", f"addr:{unique}"
    counts = [
        await store.count_failed_sign_in(key, when, 60)
        for when in ("2026-12-06T18:00:00Z", "2026-12-06T18:00:10Z", "2026-12-06T18:00:20Z")
    ]
    assert counts == [1, 2, 3]
    # Reading the count writes nothing: asked twice, it is the same, and a later window holds fewer.
    assert await store.failed_sign_ins(key, "2026-12-06T18:00:30Z", 60) == 3
    assert await store.failed_sign_ins(key, "2026-12-06T18:00:30Z", 60) == 3
    assert await store.failed_sign_ins(key, "2026-12-06T18:01:15Z", 60) == 1
    assert await store.failed_sign_ins(f"user:{unique}-nobody", "2026-12-06T18:00:30Z", 60) == 0
    assert await store.count_failed_sign_in(other, "2026-12-06T18:00:20Z", 60) == 1
    # 18:00:00 is a full window before 18:01:00, and forgotten; 18:00:10 and 18:00:20 still count.
    assert await store.count_failed_sign_in(key, "2026-12-06T18:01:00Z", 60) == 3
    assert await store.count_failed_sign_in(key, "2026-12-06T19:00:00Z", 60) == 1
    await store.clear_failed_sign_ins(key)
    await store.clear_failed_sign_ins(f"user:{unique}-nobody")  # no error when there is none
    assert await store.count_failed_sign_in(key, "2026-12-06T19:00:01Z", 60) == 1
    assert await store.count_failed_sign_in(other, "2026-12-06T18:00:30Z", 60) == 2


async def test_concurrent_failed_sign_ins_all_count(store: MapStore, unique: str) -> None:
    key = f"addr:{unique}"
    counts = await asyncio.gather(*(store.count_failed_sign_in(key, NOW, 900) for _ in range(6)))
    assert sorted(counts) == [1, 2, 3, 4, 5, 6]


@pytest.mark.neo4j
async def test_a_redemption_waiting_for_a_link_being_used_finds_it_gone(
    driver: AsyncDriver, neo4j_target: Neo4jTarget, unique: str
) -> None:
    """The race ``asyncio.gather`` rarely hits, forced: another transaction holds the link and deletes it."""
    store = Neo4jStore(driver, neo4j_target.database)
    ana = _user(f"{unique}-ana")
    await store.add_user(ana)
    link = LinkRecord(f"{unique}-link", ana.id, NOW, LATER)
    await store.add_link(link)
    async with driver.session(database=neo4j_target.database) as session:
        other = await session.begin_transaction()
        await (
            await other.run("MATCH (l:SignInLink {digest: $digest}) DELETE l", digest=link.digest)
        ).consume()
        waiting = asyncio.create_task(store.redeem_link(link.digest, NOW))
        await asyncio.sleep(0.5)
        assert not waiting.done(), "the redemption waits for the link's lock"
        await other.commit()
    assert await waiting is None


# -- the classroom -------------------------------------------------------------------------------------------
def _assignment(assignment_id: str, group: str, due: str = TOMORROW) -> AssignmentRecord:
    return AssignmentRecord(
        id=assignment_id,
        group=group,
        title="Uniforms",
        prompt="Should uniforms be required?",
        source="uniforms-essay",
        due=due,
        key_map=None,
        teacher="ms-li",
        created=NOW,
    )


def _comment(comment_id: str, map_id: str, created: str = NOW, node: str | None = "thesis") -> CommentRecord:
    return CommentRecord(
        id=comment_id,
        map=map_id,
        node=node,
        source=None if node else "sleep-good",
        target=None if node else "thesis",
        text="Quote the source.",
        author="ms-li",
        created=created,
        version=1,
    )


async def test_an_assignment_is_kept_once_and_listed_by_group_soonest_due_first(
    store: MapStore, unique: str
) -> None:
    later = _assignment(f"{unique}-a", f"{unique}-class", TOMORROW)
    sooner = _assignment(f"{unique}-b", f"{unique}-class", LATER)
    other = dataclasses.replace(_assignment(f"{unique}-c", f"{unique}-other"), key_map="key")
    for record in (later, sooner, other):
        await store.add_assignment(record)
    with pytest.raises(Conflict):
        await store.add_assignment(dataclasses.replace(later, title="Again"))
    assert await store.assignment(later.id) == later
    assert await store.assignment(other.id) == other
    with pytest.raises(NotFound):
        await store.assignment(f"{unique}-missing")
    assert await store.assignments(f"{unique}-class") == [sooner, later]
    everyone = [record for record in await store.assignments() if record.id.startswith(unique)]
    assert everyone == [sooner, later, other]


async def test_a_students_work_is_started_once_and_handed_in(store: MapStore, unique: str) -> None:
    assignment = f"{unique}-essay"
    ana = SubmissionRecord(assignment, "ana", f"{unique}-essay-ana", NOW)
    assert await store.start_submission(ana) == (ana, True)
    assert await store.start_submission(dataclasses.replace(ana, map="another", started=LATER)) == (
        ana,
        False,
    )
    ben = SubmissionRecord(assignment, "ben", f"{unique}-essay-ben", LATER)
    await store.start_submission(ben)
    assert await store.submission(assignment, "ana") == ana
    assert await store.submission(assignment, "cy") is None
    handed = await store.submit(assignment, "ana", version=2, when=LATER, current=3)
    assert handed == dataclasses.replace(ana, version=2, submitted=LATER, current_then=3)
    assert await store.submissions(assignment) == [handed, ben]
    with pytest.raises(NotFound):
        await store.submit(assignment, "cy", version=1, when=LATER, current=1)
    await store.drop_submission(assignment, "ana")  # handed in: kept
    await store.drop_submission(assignment, "ben")
    await store.drop_submission(assignment, "cy")  # none: no error
    assert await store.submissions(assignment) == [handed]


async def test_concurrent_starts_of_one_students_work_make_one(store: MapStore, unique: str) -> None:
    starts = [SubmissionRecord(f"{unique}-essay", "ana", f"{unique}-map-{n}", NOW) for n in range(8)]
    answers = await asyncio.gather(*(store.start_submission(start) for start in starts))
    assert [created for _, created in answers].count(True) == 1
    assert len({kept.map for kept, _ in answers}) == 1
    assert await store.submissions(f"{unique}-essay") == [answers[0][0]]


async def test_comments_are_listed_oldest_first_and_resolved_once(store: MapStore, unique: str) -> None:
    map_id = f"{unique}-map"
    later, first = _comment(f"{unique}-1", map_id, LATER), _comment(f"{unique}-2", map_id, NOW, node=None)
    await store.add_comment(later)
    await store.add_comment(first)
    await store.add_comment(_comment(f"{unique}-3", f"{unique}-other"))
    with pytest.raises(Conflict):
        await store.add_comment(later)
    assert await store.comments(map_id) == [first, later]
    resolved = await store.resolve_comment(map_id, later.id, when=TOMORROW, by="ana")
    assert resolved == dataclasses.replace(later, resolved=TOMORROW, resolved_by="ana")
    assert await store.resolve_comment(map_id, later.id, when="2026-12-08T09:00:00Z", by="ms-li") == resolved
    with pytest.raises(NotFound):
        await store.resolve_comment(map_id, f"{unique}-3", when=TOMORROW, by="ana")
    with pytest.raises(NotFound):
        await store.resolve_comment(map_id, f"{unique}-missing", when=TOMORROW, by="ana")
    assert await store.comments(map_id) == [first, resolved]


async def test_deleting_a_map_deletes_its_comments(store: MapStore, document: MapDocument) -> None:
    await store.save_map(document, STRENGTHS)
    await store.add_comment(_comment(f"{document.id}-c", document.id))
    await store.delete_map(document.id, expected_version=1)
    assert await store.comments(document.id) == []


# -- sources stored on their own and their revisions -------------------------------------------------------
SOURCE_TEXT = "Cats sleep a lot. Dogs bark at night. Sleep is good for cats."
REVISED_TEXT = "Owners agree. " + SOURCE_TEXT


def _own_source(source_id: str, text: str = SOURCE_TEXT) -> Source:
    return Source(id=source_id, title="A note on pets", author="Ann", text=text)


def _citing(map_id: str, source_id: str) -> MapDocument:
    return msgspec.structs.replace(small_map(map_id, source_id=source_id), sources=[_own_source(source_id)])


async def _store_own(store: MapStore, source: Source) -> tuple[StoredSource, int, bool]:
    return await store.add_source(
        source, owner="ana", group="class-9b", visibility=Visibility.GROUP, stored_by="ana", when=NOW
    )


async def test_a_source_stored_on_its_own_reads_back_whole(store: MapStore, unique: str) -> None:
    stored, revision, created = await _store_own(store, _own_source(f"{unique}-src"))
    assert (revision, created) == (1, True)
    read = await store.stored_source(f"{unique}-src")
    assert read.source == _own_source(f"{unique}-src")
    assert [(r.number, r.text, r.created, r.author) for r in read.revisions] == [(1, SOURCE_TEXT, NOW, "ana")]
    assert (read.owner, read.group, read.visibility, read.stored, read.citations) == (
        "ana",
        "class-9b",
        Visibility.GROUP,
        True,
        (),
    )
    assert stored.source == read.source
    with pytest.raises(NotFound):
        await store.stored_source(f"{unique}-missing")


async def test_the_identical_source_again_is_no_change_and_another_is_a_conflict(
    store: MapStore, unique: str
) -> None:
    await _store_own(store, _own_source(f"{unique}-src"))
    _stored, revision, created = await _store_own(store, _own_source(f"{unique}-src"))
    assert (revision, created) == (1, False)
    with pytest.raises(Conflict, match="they agree up to character 16"):
        await _store_own(store, _own_source(f"{unique}-src", "Cats sleep a lot! Dogs bark."))
    other_author = msgspec.structs.replace(_own_source(f"{unique}-src"), author="Ben")
    with pytest.raises(Conflict, match="author \\(stored 'Ann', yours 'Ben'\\)"):
        await _store_own(store, other_author)


async def test_a_revision_is_kept_beside_the_first_text(store: MapStore, unique: str) -> None:
    await _store_own(store, _own_source(f"{unique}-src"))
    revised, created = await store.add_source_revision(
        f"{unique}-src", REVISED_TEXT, author="ms-li", when=LATER, change="a sentence added"
    )
    assert created
    assert [(r.number, r.text, r.author, r.change) for r in revised.revisions] == [
        (1, SOURCE_TEXT, "ana", None),
        (2, REVISED_TEXT, "ms-li", "a sentence added"),
    ]
    again, created_again = await store.add_source_revision(
        f"{unique}-src", REVISED_TEXT, author="ms-li", when=LATER, change=None
    )
    assert (created_again, again.latest.number) == (False, 2)
    assert (await store.stored_source(f"{unique}-src")).revisions == revised.revisions
    with pytest.raises(NotFound):
        await store.add_source_revision(f"{unique}-missing", "x", author="ana", when=LATER, change=None)


async def test_each_map_cites_the_revision_whose_text_it_has(store: MapStore, unique: str) -> None:
    source_id = f"{unique}-src"
    await _store_own(store, _own_source(source_id))
    first = msgspec.structs.replace(
        small_map(f"{unique}-a", source_id=source_id), sources=[_own_source(source_id)]
    )
    await store.save_map(first, STRENGTHS)
    await store.add_source_revision(source_id, REVISED_TEXT, author="ana", when=LATER, change=None)
    shifted = [
        msgspec.structs.replace(
            node,
            quotes=[msgspec.structs.replace(q, start=q.start + 14, end=q.end + 14) for q in node.quotes],
        )
        for node in first.nodes
    ]
    second = msgspec.structs.replace(
        first, id=f"{unique}-b", sources=[_own_source(source_id, REVISED_TEXT)], nodes=shifted
    )
    await store.save_map(second, STRENGTHS)
    stored = await store.stored_source(source_id)
    assert stored.citations == ((f"{unique}-a", 1), (f"{unique}-b", 2))
    assert (await store.read_map(f"{unique}-a")).document == first
    assert (await store.read_map(f"{unique}-b")).document == second
    assert (await store.stored_source(source_id)).source.text == SOURCE_TEXT  # the first text stays


async def test_a_map_with_other_content_than_a_stored_source_is_a_conflict(
    store: MapStore, unique: str
) -> None:
    source_id = f"{unique}-src"
    await _store_own(store, _own_source(source_id))
    document = small_map(f"{unique}-a", source_id=source_id)  # another title and author, the same id
    with pytest.raises(Conflict, match="is stored \\(revision 1\\) with other content"):
        await store.save_map(document, STRENGTHS)


async def test_a_stored_source_outlives_its_maps_and_a_maps_own_source_does_not(
    store: MapStore, unique: str
) -> None:
    stored_id, own_id = f"{unique}-stored", f"{unique}-own"
    await _store_own(store, _own_source(stored_id))
    citing = msgspec.structs.replace(
        small_map(f"{unique}-a", source_id=stored_id), sources=[_own_source(stored_id)]
    )
    own = small_map(f"{unique}-b", source_id=own_id)
    await store.save_map(citing, STRENGTHS)
    await store.save_map(own, STRENGTHS)
    await store.delete_map(citing.id, expected_version=None)
    await store.delete_map(own.id, expected_version=None)
    assert (await store.stored_source(stored_id)).citations == ()
    with pytest.raises(NotFound):
        await store.stored_source(own_id)


async def test_a_source_only_one_map_cites_changes_with_that_map(
    store: MapStore, document: MapDocument
) -> None:
    await store.save_map(document, STRENGTHS)
    retitled = msgspec.structs.replace(document.sources[0], title="Notes on pets")
    changed = msgspec.structs.replace(document, sources=[retitled])
    await store.save_map(changed, STRENGTHS, expected_version=1)
    stored = await store.stored_source(retitled.id)
    assert (stored.source.title, stored.stored, [r.number for r in stored.revisions]) == (
        "Notes on pets",
        False,
        [1],
    )


async def test_each_map_keeps_its_own_written_by_on_a_shared_source(store: MapStore, unique: str) -> None:
    source_id = f"{unique}-src"
    await _store_own(store, _own_source(source_id))
    plain = _citing(f"{unique}-a", source_id)
    with_writer = msgspec.structs.replace(
        _citing(f"{unique}-b", source_id),
        sources=[msgspec.structs.replace(_own_source(source_id), written_by="author")],
    )
    await store.save_map(plain, STRENGTHS)
    await store.save_map(with_writer, STRENGTHS)
    assert (await store.read_map(plain.id)).document.sources[0].written_by is None
    assert (await store.read_map(with_writer.id)).document.sources[0].written_by == "author"
    assert [m for m, _revision in (await store.stored_source(source_id)).citations] == [
        plain.id,
        with_writer.id,
    ]
