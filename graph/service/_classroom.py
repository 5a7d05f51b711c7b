"""Classroom use cases: assignments, students' work on them, the roster, and feedback on maps.

``MapService`` holds one ``Classroom`` as ``service.classroom``; it reaches maps through that service (so a
student's map is decoded, validated, owned and versioned as every other map is) and keeps its own records
through the store. Every method takes the caller and checks, itself, who may do what:

* an assignment is its group's: its members and admins see it, others are told there is none (404);
* its teachers (the group's editors) and admins set it and see the whole roster; a student sees their row;
* feedback on a map is for those who may write the map (its owner, its group's editors, admins): a student's
  feedback is not for their classmates, even where they may read the map (403), nor for anyone who may not
  read it (404, as the map itself).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import msgspec

from graph.accounts import Event, Principal, Via, access_of, audit, iso, may_read, may_write
from graph.classroom import AssignmentRecord, CommentRecord, SubmissionRecord, roster_csv, status_of
from graph.classroom._printed import with_feedback
from graph.errors import (
    Conflict,
    DatabaseUnavailable,
    Forbidden,
    GraphError,
    InvalidArgumentMap,
    NotFound,
)
from graph.mapgraph import MapGraph
from graph.service._printed import PrintedFormat
from graph.service._reads import Representation
from graph.service._tags import content_tag
from schemas import (
    Assignment,
    AssignmentDetail,
    AssignmentList,
    Comment,
    CommentList,
    Gaps,
    NewAssignment,
    NewComment,
    Problem,
    RelationRef,
    Role,
    RosterRow,
    Side,
    Source,
    Visibility,
)

if TYPE_CHECKING:
    from graph.service._service import MapService

Clock = Callable[[], datetime.datetime]
MAX_MAP_ID = 80
"""The longest map id (``Slug``): a student's map id is cut to fit."""
MAX_ID_TRIES = 20
"""Ids tried for a student's map (``essay-ana``, ``essay-ana-2``...) before giving up with a conflict."""
MAX_CITED_SOURCES = 5
"""Sources a student's map cites: the assignment's, and those it reports on, in a chain this long at most."""
STUDENT_THESIS = "thesis"
PLACEHOLDER_RATIONALE = "A placeholder: the assignment's question, to be replaced by your own thesis."


def utc_now() -> datetime.datetime:
    """Now, in UTC."""
    return datetime.datetime.now(datetime.UTC)


class Classroom:
    """Assignments, submissions and comments, for every request of one process."""

    def __init__(self, maps: MapService, *, clock: Clock = utc_now) -> None:
        self.maps = maps
        self._clock = clock

    def _now(self) -> str:
        return iso(self._clock())

    # -- assignments ----------------------------------------------------------------------------------------
    async def create(self, caller: Principal, new: NewAssignment) -> Assignment:
        """Set an assignment: an editor for their own group, an admin for the group they name.

        Raises:
            Forbidden: the caller is not an editor or admin, or names another group than their own.
            InvalidArgumentMap: no group named by an admin, or one that does not exist; a source the server
                does not store (or none the caller may read); a key map the caller may not read (422).
            Conflict: the id is taken.
        """
        group = await self._group_for(caller, new.group)
        try:
            await self.maps.source(new.source, caller=caller)
        except NotFound:
            raise _unprocessable(
                "source",
                f"there is no stored source {new.source!r} you may read: cite it in a map first (the "
                "students' maps cite the stored source by its id)",
                "unknown-source",
            ) from None
        if new.key_map is not None:
            try:
                await self.maps.authorize(caller, new.key_map, write=False)
                await self.maps.graph(new.key_map)
            except NotFound:
                raise _unprocessable(
                    "key_map", f"there is no map {new.key_map!r} you may read", "unknown-map"
                ) from None
        record = AssignmentRecord(
            id=new.id,
            group=group,
            title=new.title,
            prompt=new.prompt,
            source=new.source,
            due=iso(new.due),
            key_map=new.key_map,
            teacher=caller.author_name,
            created=self._now(),
        )
        await self.maps.store.add_assignment(record)
        return _assignment_view(record, teaching=True)

    async def _group_for(self, caller: Principal, named: str | None) -> str:
        if caller.role is Role.ADMIN:
            if named is None:
                raise _unprocessable("group", "name the group the assignment is for", "missing-group")
            if named not in {group.id for group, _members in await self.maps.store.groups()}:
                raise _unprocessable("group", f"there is no group {named!r}", "unknown-group")
            return named
        if caller.role is not Role.EDITOR or caller.group is None:
            raise Forbidden("assignments are set by a group's editors (its teachers) and admins")
        if named is not None and named != caller.group:
            audit(Event.FORBIDDEN, actor=caller.id, group=named, action="set-assignment")
            raise Forbidden(f"you set assignments for your own group, {caller.group!r}, not {named!r}")
        return caller.group

    async def assignments(self, caller: Principal) -> AssignmentList:
        """The assignments of the caller's group (every group's for an admin), soonest due first."""
        if caller.role is Role.ADMIN:
            records = await self.maps.store.assignments()
        elif caller.group is None:
            records = []
        else:
            records = await self.maps.store.assignments(caller.group)
        return AssignmentList(
            assignments=[_assignment_view(record, teaching=_teaches(caller, record)) for record in records]
        )

    async def detail(self, caller: Principal, assignment_id: str) -> AssignmentDetail:
        """An assignment with its roster: every student for its teachers and admins, a student's own row.

        Raises:
            NotFound: no such assignment, or one of another group.
        """
        record = await self._visible(caller, assignment_id)
        teaching = _teaches(caller, record)
        if teaching:
            roster = await self._roster(record)
        elif caller.role is Role.AUTHOR and caller.id is not None:
            mine = await self.maps.store.submission(record.id, caller.id)
            roster = [await self._row(record, caller.id, caller.name, self._now(), mine)]
        else:
            roster = []
        return AssignmentDetail(assignment=_assignment_view(record, teaching=teaching), roster=roster)

    async def teacher_roster(self, caller: Principal, assignment_id: str) -> AssignmentDetail:
        """The assignment and every student's row, for its teachers and admins only (the roster page).

        Raises:
            NotFound: no such assignment, or one of another group.
            Forbidden: the caller is not one of its teachers nor an admin.
        """
        record = await self._visible(caller, assignment_id)
        if not _teaches(caller, record):
            raise Forbidden("the roster is for the group's editors and admins")
        return AssignmentDetail(
            assignment=_assignment_view(record, teaching=True), roster=await self._roster(record)
        )

    async def assignment_maps(self, caller: Principal, assignment_id: str, source_id: str) -> list[str]:
        """The maps the assignment's students started (and still have), by student: what its coverage counts.

        Raises:
            NotFound: no such assignment, or one of another group.
            Forbidden: the caller is not one of its teachers nor an admin.
            InvalidArgumentMap: the assignment is on another source than ``source_id`` (422).
        """
        record = await self._visible(caller, assignment_id)
        if not _teaches(caller, record):
            audit(Event.FORBIDDEN, actor=caller.id, assignment=record.id, action="coverage")
            raise Forbidden("an assignment's coverage is for its group's editors and admins")
        if record.source != source_id:
            raise _unprocessable(
                "assignment",
                f"assignment {record.id!r} is on source {record.source!r}, not {source_id!r}",
                "other-source",
            )
        kept = await self.maps.store.submissions(record.id)
        return [work.map for work in kept if await self._graph(work.map) is not None]

    async def roster_csv(self, caller: Principal, assignment_id: str) -> str:
        """The roster as CSV for a spreadsheet (a cell that would be a formula is quoted).

        Raises:
            NotFound: no such assignment, or one of another group.
            Forbidden: the caller is not one of its teachers nor an admin.
        """
        record = await self._visible(caller, assignment_id)
        if not _teaches(caller, record):
            raise Forbidden("the roster is for the group's editors and admins")
        return roster_csv(await self._roster(record))

    async def _visible(self, caller: Principal, assignment_id: str) -> AssignmentRecord:
        try:
            record = await self.maps.store.assignment(assignment_id)
        except NotFound:
            record = None
        if record is None or not (caller.role is Role.ADMIN or caller.group == record.group):
            raise NotFound(f"there is no assignment {assignment_id!r}")
        return record

    async def _roster(self, record: AssignmentRecord) -> list[RosterRow]:
        students = [user for user in await self.maps.store.users(record.group) if user.role is Role.AUTHOR]
        work = {kept.student: kept for kept in await self.maps.store.submissions(record.id)}
        now = self._now()
        return [await self._row(record, user.id, user.name, now, work.get(user.id)) for user in students]

    async def _row(
        self, record: AssignmentRecord, student: str, name: str, now: str, kept: SubmissionRecord | None
    ) -> RosterRow:
        """One student's row, from their work (None: not started) and their map's versions."""
        current = await self._graph(kept.map) if kept else None
        handed_in = await self._graph(kept.map, kept.version) if kept and kept.version is not None else None
        lint = await self._lint(current) if current else {}
        return RosterRow(
            student=student,
            name=name,
            status=status_of(kept, current=current.version if current else None, due=record.due, now=now),
            map=kept.map if kept else None,
            submitted_version=kept.version if kept else None,
            submitted=kept.submitted if kept else None,
            current_version=current.version if current else None,
            current_nodes=len(current.document.nodes) if current else None,
            submitted_nodes=len(handed_in.document.nodes) if handed_in else None,
            current_errors=lint.get("error"),
            current_warnings=lint.get("warning"),
        )

    async def _lint(self, graph: MapGraph) -> dict[str, int]:
        """The linter's counts by severity for a map version (kept per version, computed in the pool)."""
        try:
            found = await self.maps.gaps(graph.id, version=graph.version)
        except DatabaseUnavailable:
            raise
        except GraphError:
            # Gone since, a map the default semantics cannot score, or one too large to lint in time: the
            # roster leaves its counts blank rather than fail for the whole class.
            return {}
        return msgspec.json.decode(found.body, type=Gaps).counts

    async def _graph(self, map_id: str, version: int | None = None) -> MapGraph | None:
        try:
            return await self.maps.graph(map_id, version)
        except NotFound:
            return None  # the student deleted their map: the roster says so by its empty counts

    # -- students' work -------------------------------------------------------------------------------------
    async def start(self, caller: Principal, assignment_id: str) -> tuple[RosterRow, bool]:
        """Make the caller's map for an assignment, once: their row, and whether the map is new.

        The map is private and the caller's: it cites the assignment's stored source by its id, and its one
        thesis holds the prompt, to be replaced. Starting again answers the map made the first time (made
        again, under its id, if the student has since deleted it).

        Raises:
            NotFound: no such assignment, or one of another group.
            Forbidden: the caller is not a student (an author) of its group.
            Conflict: the assignment's source is no longer stored.
        """
        record = await self._visible(caller, assignment_id)
        student = _student(caller)
        now = self._now()
        kept = await self.maps.store.submission(record.id, student)
        if kept is not None:
            if await self._graph(kept.map) is not None:
                return await self._row(record, student, caller.name, now, kept), False
            await self._write_start(record, caller, kept.map)
            return await self._row(record, student, caller.name, now, kept), True
        map_id = await self._free_map_id(record.id, student)
        fresh = SubmissionRecord(assignment=record.id, student=student, map=map_id, started=now)
        kept, created = await self.maps.store.start_submission(fresh)
        if not created:  # a start of the same student's work that ran at the same time made it
            return await self._row(record, student, caller.name, now, kept), False
        try:
            await self._write_start(record, caller, map_id)
        except Exception:
            await self.maps.store.drop_submission(record.id, student)
            raise
        return await self._row(record, student, caller.name, now, kept), True

    async def submit(self, caller: Principal, assignment_id: str, version: int | None) -> RosterRow:
        """Hand in a version of the caller's map (its current one by default); a later hand-in replaces it.

        Raises:
            NotFound: no such assignment, or one of another group.
            Forbidden: the caller is not a student of its group.
            Conflict: the caller has not started it, or has deleted their map.
            InvalidArgumentMap: the map has no such version (422).
        """
        record = await self._visible(caller, assignment_id)
        student = _student(caller)
        kept = await self.maps.store.submission(record.id, student)
        if kept is None:
            raise Conflict(f"start the assignment first: POST /assignments/{record.id}/start")
        current = await self._graph(kept.map)
        if current is None:
            raise Conflict(f"your map {kept.map!r} no longer exists: start the assignment again")
        chosen = current.version if version is None else version
        if chosen > current.version or await self._graph(kept.map, chosen) is None:
            raise _unprocessable(
                "version",
                f"map {kept.map!r} has no version {chosen} to hand in (it is at version {current.version})",
                "unknown-version",
            )
        now = self._now()
        handed = await self.maps.store.submit(
            record.id, student, version=chosen, when=now, current=current.version
        )
        return await self._row(record, student, caller.name, now, handed)

    async def _free_map_id(self, assignment_id: str, student: str) -> str:
        base = f"{assignment_id}-{student}"
        for attempt in range(1, MAX_ID_TRIES + 1):
            suffix = "" if attempt == 1 else f"-{attempt}"
            candidate = base[: MAX_MAP_ID - len(suffix)] + suffix
            try:
                await self.maps.store.map_version(candidate)
            except NotFound:
                return candidate
        raise Conflict(f"no free map id like {base!r}: delete an old map of that name")

    async def _write_start(self, record: AssignmentRecord, caller: Principal, map_id: str) -> None:
        # Through the same door as a map sent over HTTP: the body cites the stored source by its id, and the
        # service decodes, validates and writes it as the student's.
        document = await self.maps.decode(await self._starting_body(record, caller, map_id), "json")
        await self.maps.save(document, actor=caller, must_not_exist=True)

    async def _starting_body(self, record: AssignmentRecord, caller: Principal, map_id: str) -> bytes:
        student = _student(caller)
        cited = await self._cited(record.source)
        speakers: dict[str, dict[str, Any]] = {}
        for source, maps in cited:
            if source.written_by is not None:
                name = await self._speaker_name(caller, source.written_by, maps)
                speakers[source.written_by] = {"id": source.written_by, "name": name}
        speakers.setdefault(student, {"id": student, "name": caller.name})
        document = {
            "id": map_id,
            "title": record.title,
            "summary": f"{caller.name}'s work on the assignment {record.id!r}.",
            "visibility": Visibility.PRIVATE.value,
            "sources": [_by_reference(source) for source, _maps in cited],
            "speakers": list(speakers.values()),
            "nodes": [
                {
                    "id": STUDENT_THESIS,
                    "kind": "thesis",
                    "text": record.prompt,
                    "speaker": student,
                    "base_score": 0.5,
                    "rationale": PLACEHOLDER_RATIONALE,
                }
            ],
        }
        return msgspec.json.encode(document)

    async def _cited(self, source_id: str) -> list[tuple[Source, list[str]]]:
        """The assignment's stored source, those it reports on (a map declares them too), and their maps."""
        cited: list[tuple[Source, list[str]]] = []
        wanted = source_id
        while len(cited) < MAX_CITED_SOURCES and wanted not in {source.id for source, _maps in cited}:
            try:
                source, maps = await self.maps.store.source(wanted)
            except NotFound:
                if not cited:
                    raise Conflict(
                        f"the assignment's source {wanted!r} is no longer stored on the server: ask your "
                        "teacher to cite it in a map again"
                    ) from None
                break
            cited.append((source, maps))
            if source.reports_on is None:
                break
            wanted = source.reports_on
        return cited

    async def _speaker_name(self, caller: Principal, speaker_id: str, maps: list[str]) -> str:
        # A source's writer is a speaker of the maps citing it, named there: borrow the name one of those the
        # student may read gave them (a private map's speakers are not theirs to see).
        readable = await self.maps.readable(caller)
        for map_id in maps if readable is None else [m for m in maps if m in set(readable)]:
            graph = await self._graph(map_id)
            if graph is not None and speaker_id in graph.speakers:
                return graph.speakers[speaker_id].name
        return speaker_id

    # -- feedback -------------------------------------------------------------------------------------------
    async def comment(self, caller: Principal, map_id: str, new: NewComment) -> Comment:
        """Keep a comment on a node or a relation of the map's current version.

        Raises:
            NotFound: no such map, or one the caller may not read.
            Forbidden: the caller may read the map but is not its owner, its group's editor nor an admin.
            InvalidArgumentMap: neither or both of a node and a relation, or one the map lacks (422).
        """
        graph = await self._reviewed(caller, map_id)
        if (new.node is None) == (new.relation is None):
            raise _unprocessable("$", "name the node or the relation the comment is on, not both", "target")
        if new.node is not None and new.node not in graph.nodes:
            raise _unprocessable("node", f"map {map_id!r} has no node {new.node!r}", "unknown-node")
        ends = new.relation
        if ends is not None and not any(
            (relation.source, relation.target) == (ends.source, ends.target)
            for relation in graph.document.relations
        ):
            raise _unprocessable(
                "relation",
                f"map {map_id!r} has no relation from {ends.source!r} to {ends.target!r}",
                "unknown-relation",
            )
        record = CommentRecord(
            id=secrets.token_hex(6),
            map=map_id,
            node=new.node,
            source=ends.source if ends else None,
            target=ends.target if ends else None,
            text=new.text,
            author=caller.author_name,
            created=self._now(),
            version=graph.version,
        )
        await self.maps.store.add_comment(record)
        return _comment_view(record)

    async def comments(self, caller: Principal, map_id: str) -> CommentList:
        """A map's comments, oldest first, resolved ones too.

        Raises:
            NotFound, Forbidden: as ``comment``.
        """
        await self._reviewed(caller, map_id)
        return CommentList(comments=[_comment_view(kept) for kept in await self.maps.store.comments(map_id)])

    async def resolve(self, caller: Principal, map_id: str, comment_id: str) -> Comment:
        """Mark a comment dealt with (again: it keeps the first time and person).

        Raises:
            NotFound: as ``comment``, or the map has no such comment.
            Forbidden: as ``comment``.
        """
        await self._reviewed(caller, map_id)
        resolved = await self.maps.store.resolve_comment(
            map_id, comment_id, when=self._now(), by=caller.author_name
        )
        return _comment_view(resolved)

    async def commented_brief(
        self,
        caller: Principal,
        map_id: str,
        side: Side,
        *,
        format: PrintedFormat = "json",
        version: int | None = None,
        **options: Any,
    ) -> Representation:
        """The map's brief (``MapService.brief``, ``options`` passed on) with its comments added.

        For those who may read the comments: a ``comments`` list in JSON, a "Feedback" section in Markdown
        and HTML. Tagged by its bytes: the comments change without the map.

        Raises:
            NotFound, Forbidden: as ``comments``; and as ``MapService.brief``.
        """
        kept = (await self.comments(caller, map_id)).comments
        graph = await self.maps.graph(map_id, version)
        brief = await self.maps.brief(map_id, side, format=format, version=version, **options)
        texts = {node.id: node.text for node in graph.document.nodes}
        body = with_feedback(brief.body, format, kept, texts)
        return Representation(tag=content_tag(body), body=body, media_type=brief.media_type)

    async def _reviewed(self, caller: Principal, map_id: str) -> MapGraph:
        graph = await self.maps.graph(map_id)
        access = access_of(graph.owner, graph.group, graph.document.visibility)
        if not may_read(caller, access):
            raise NotFound(f"there is no map {map_id!r}")
        if not may_write(caller, access):
            audit(Event.FORBIDDEN, actor=caller.id, map=map_id, action="feedback")
            raise Forbidden(f"feedback on map {map_id!r} is for its owner, its group's editors and admins")
        return graph


def _teaches(caller: Principal, record: AssignmentRecord) -> bool:
    return caller.role is Role.ADMIN or (caller.role is Role.EDITOR and caller.group == record.group)


def _student(caller: Principal) -> str:
    if caller.role is not Role.AUTHOR or caller.id is None or caller.via not in (Via.TOKEN, Via.SESSION):
        raise Forbidden("an assignment is started and handed in by its group's students (authors)")
    return caller.id


def _by_reference(source: Source) -> dict[str, Any]:
    """A stored source as a map body cites it: its fields, and its text by ``text_file`` and id."""
    text_file = f"sources/{source.id}.txt" if source.text is not None else None
    cited = msgspec.structs.replace(source, text=None, text_file=text_file)
    return {name: value for name, value in msgspec.to_builtins(cited).items() if value is not None}


def _assignment_view(record: AssignmentRecord, *, teaching: bool) -> Assignment:
    return Assignment(
        id=record.id,
        group=record.group,
        title=record.title,
        prompt=record.prompt,
        source=record.source,
        due=record.due,
        key_map=record.key_map if teaching else None,
        teacher=record.teacher,
        created=record.created,
    )


def _comment_view(record: CommentRecord) -> Comment:
    relation = (
        RelationRef(source=record.source, target=record.target)
        if record.source is not None and record.target is not None
        else None
    )
    return Comment(
        id=record.id,
        map=record.map,
        node=record.node,
        relation=relation,
        text=record.text,
        author=record.author,
        created=record.created,
        version=record.version,
        resolved=record.resolved,
        resolved_by=record.resolved_by,
    )


def _unprocessable(path: str, message: str, code: str) -> InvalidArgumentMap:
    return InvalidArgumentMap(message, [Problem(path=path, message=message, code=code)])
