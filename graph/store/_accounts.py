"""``AccountRecords``: ``Neo4jStore``'s half that keeps people, groups, tokens, sessions and sign-in links.

Each method is one transaction (or one read statement), so each is atomic as ``AccountStore`` requires: a
link is redeemed at most once however many requests race for it, and failed sign-ins counted by concurrent
workers all count.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from typing import Any, LiteralString, TypeVar

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ClientError

from graph.accounts import GroupRecord, LinkRecord, SessionRecord, TokenRecord, UserRecord
from graph.errors import Conflict, NotFound
from graph.store import _account_cypher as cypher
from graph.store._errors import retrying_deadlocks
from graph.store._part import StorePart
from schemas import Role

T = TypeVar("T")
ENTITY_NOT_FOUND = "Neo.ClientError.Statement.EntityNotFound"


class AccountRecords(StorePart):
    """The ``AccountStore`` methods of ``Neo4jStore``, which supplies ``_session`` and ``_write``."""

    # -- groups ---------------------------------------------------------------------------------------------
    async def add_group(self, group: GroupRecord) -> None:
        """Keep a new group.

        Raises:
            Conflict: its id is taken.
        """
        await self._write(_add_group_tx, group)

    async def groups(self) -> list[tuple[GroupRecord, int]]:
        """Every group with its number of members, ordered by id."""
        rows = await self._rows(cypher.GROUPS)
        return [(GroupRecord(**row["group"]), int(row["members"])) for row in rows]

    # -- users ----------------------------------------------------------------------------------------------
    async def add_user(self, user: UserRecord) -> None:
        """Keep a new user.

        Raises:
            Conflict: the id is taken.
            NotFound: the user's group does not exist.
        """
        await self._write(_add_user_tx, user)

    async def user(self, user_id: str) -> UserRecord:
        """One user.

        Raises:
            NotFound: there is no such user.
        """
        rows = await self._rows(cypher.USER, id=user_id)
        if not rows:
            raise NotFound(f"there is no user {user_id!r}")
        return _user(rows[0]["user"])

    async def users(self, group: str | None = None) -> list[UserRecord]:
        """Every user (of ``group`` when given), ordered by id."""
        return [_user(row["user"]) for row in await self._rows(cypher.USERS, group=group)]

    async def user_ids(self, prefix: str) -> set[str]:
        """The ids taken that are ``prefix`` or start with ``prefix-``."""
        return {row["id"] for row in await self._rows(cypher.USER_IDS, prefix=prefix)}

    async def replace_user(self, user: UserRecord) -> None:
        """Store a user's changed record.

        Raises:
            NotFound: there is no such user, or no such group.
        """
        await self._write(_replace_user_tx, user)

    # -- API tokens -----------------------------------------------------------------------------------------
    async def add_token(self, token: TokenRecord) -> None:
        """Keep a new token (its digest, never its secret).

        Raises:
            Conflict: its id or digest is taken.
        """
        await self._write(_create_tx, cypher.CREATE_TOKEN, "token", _fields(token))

    async def token(self, token_id: str) -> TokenRecord:
        """One token.

        Raises:
            NotFound: there is no such token.
        """
        rows = await self._rows(cypher.TOKEN, id=token_id)
        if not rows:
            raise NotFound(f"there is no token {token_id!r}")
        return TokenRecord(**rows[0]["token"])

    async def tokens(self, user_id: str) -> list[TokenRecord]:
        """A user's tokens, newest first (by creation time, then id)."""
        return [TokenRecord(**row["token"]) for row in await self._rows(cypher.TOKENS, user=user_id)]

    async def token_holder(self, digest: str) -> tuple[TokenRecord, UserRecord] | None:
        """The token with this digest and its user, if any (revoked and expired ones too)."""
        rows = await self._rows(cypher.TOKEN_HOLDER, digest=digest)
        return (TokenRecord(**rows[0]["token"]), _user(rows[0]["user"])) if rows else None

    async def revoke_token(self, token_id: str, when: str) -> TokenRecord:
        """Mark a token revoked at ``when``; a second revocation keeps the first time.

        Raises:
            NotFound: there is no such token.
        """
        return await self._write(_revoke_token_tx, token_id, when)

    async def revoke_user_tokens(self, user_id: str, when: str) -> int:
        """Revoke every live token of a user and end their sessions; the number of tokens revoked."""
        return await self._write(_revoke_user_tokens_tx, user_id, when)

    # -- sessions -------------------------------------------------------------------------------------------
    async def add_session(self, session: SessionRecord) -> None:
        """Keep a new browser session.

        Raises:
            Conflict: its digest is taken.
        """
        await self._write(_create_tx, cypher.CREATE_SESSION, "session", _fields(session))

    async def session_holder(self, digest: str) -> tuple[SessionRecord, UserRecord] | None:
        """The session with this cookie digest and its user, if any (expired ones too)."""
        rows = await self._rows(cypher.SESSION_HOLDER, digest=digest)
        return (SessionRecord(**rows[0]["session"]), _user(rows[0]["user"])) if rows else None

    async def end_session(self, digest: str) -> None:
        """Forget a session (signing out); no error when there is none."""
        await self._write(_run_tx, cypher.END_SESSION, digest=digest)

    # -- sign-in links --------------------------------------------------------------------------------------
    async def add_link(self, link: LinkRecord) -> None:
        """Keep a new one-time sign-in link.

        Raises:
            Conflict: its digest is taken.
        """
        await self._write(_create_tx, cypher.CREATE_LINK, "link", _fields(link))

    async def redeem_link(self, digest: str, when: str) -> UserRecord | None:
        """Use a link once: its user when it exists and has not expired by ``when``, and forget it."""

        async def attempt() -> UserRecord | None:
            async with self._session(write=True) as session:
                try:
                    return await session.execute_write(_redeem_link_tx, digest, when)
                except ClientError as error:
                    if error.code != ENTITY_NOT_FOUND:
                        raise
                    # A concurrent redemption deleted the link while this one waited for its lock: Neo4j
                    # drops the row then, but a statement touching a node deleted since it was matched may
                    # fail so instead (``translated`` would call that a deleted map).
                    return None

        return await retrying_deadlocks(attempt)

    # -- failed sign-ins ------------------------------------------------------------------------------------
    async def count_failed_sign_in(self, key: str, when: str, window_s: int) -> int:
        """Count a failed sign-in for ``key`` at ``when``; the failures within the last ``window_s`` seconds.

        Failures older than the window are forgotten; one stamped later than ``when`` (another worker's
        clock, a little ahead) still counts.
        """
        return await self._write(_count_failure_tx, key, when, window_s)

    async def failed_sign_ins(self, key: str, when: str, window_s: int) -> int:
        """The failed sign-ins of ``key`` in the ``window_s`` seconds before ``when``; nothing is written."""
        rows = await self._rows(cypher.FAILURE_TIMES, key=key)
        return len(within_window(rows[0]["times"] or [], when, window_s)) if rows else 0

    async def clear_failed_sign_ins(self, key: str) -> None:
        """Forget the failures of ``key`` (after a successful sign-in)."""
        await self._write(_run_tx, cypher.CLEAR_FAILURES, key=key)


# -- units of work -------------------------------------------------------------------------------------------
async def _single(
    tx: AsyncManagedTransaction, statement: LiteralString, **parameters: Any
) -> dict[str, Any] | None:
    record = await (await tx.run(statement, parameters)).single()
    return record.data() if record is not None else None


async def _run_tx(tx: AsyncManagedTransaction, statement: LiteralString, **parameters: Any) -> None:
    await (await tx.run(statement, parameters)).consume()


async def _create_tx(
    tx: AsyncManagedTransaction, statement: LiteralString, name: str, row: dict[str, Any]
) -> None:
    # A taken id or digest is refused by its uniqueness constraint, which ``translated`` makes a Conflict.
    await _run_tx(tx, statement, **{name: row})


async def _add_group_tx(tx: AsyncManagedTransaction, group: GroupRecord) -> None:
    # Checked first for a clear message; the constraint still refuses a concurrent creation of the same id.
    if await _single(tx, cypher.GROUP_EXISTS, id=group.id) is not None:
        raise Conflict(f"there is already a group {group.id!r}")
    await _run_tx(tx, cypher.CREATE_GROUP, **_fields(group))


async def _require_group(tx: AsyncManagedTransaction, group: str | None) -> None:
    if group is not None and await _single(tx, cypher.GROUP_EXISTS, id=group) is None:
        raise NotFound(f"there is no group {group!r}")


async def _add_user_tx(tx: AsyncManagedTransaction, user: UserRecord) -> None:
    if await _single(tx, cypher.USER_EXISTS, id=user.id) is not None:
        raise Conflict(f"there is already a user {user.id!r}")
    await _require_group(tx, user.group)
    await _run_tx(tx, cypher.CREATE_USER, user=_user_row(user))


async def _replace_user_tx(tx: AsyncManagedTransaction, user: UserRecord) -> None:
    if await _single(tx, cypher.USER_EXISTS, id=user.id) is None:
        raise NotFound(f"there is no user {user.id!r}")
    await _require_group(tx, user.group)
    await _run_tx(tx, cypher.REPLACE_USER, id=user.id, user=_user_row(user))


async def _revoke_token_tx(tx: AsyncManagedTransaction, token_id: str, when: str) -> TokenRecord:
    row = await _single(tx, cypher.REVOKE_TOKEN, id=token_id, when=when)
    if row is None:
        raise NotFound(f"there is no token {token_id!r}")
    return TokenRecord(**row["token"])


async def _revoke_user_tokens_tx(tx: AsyncManagedTransaction, user_id: str, when: str) -> int:
    row = await _single(tx, cypher.REVOKE_USER_TOKENS, user=user_id, when=when)
    await _run_tx(tx, cypher.END_USER_SESSIONS, user=user_id)
    return int(row["revoked"]) if row is not None else 0


async def _redeem_link_tx(tx: AsyncManagedTransaction, digest: str, when: str) -> UserRecord | None:
    row = await _single(tx, cypher.REDEEM_LINK, digest=digest, when=when)
    return _user(row["user"]) if row is not None else None


async def _count_failure_tx(tx: AsyncManagedTransaction, key: str, when: str, window_s: int) -> int:
    await _run_tx(tx, cypher.LOCK_FAILURES, key=key, when=when)
    row = await _single(tx, cypher.FAILURE_TIMES, key=key)
    times = recent_failures(list(row["times"] or []) if row else [], when, window_s)
    await _run_tx(tx, cypher.SET_FAILURE_TIMES, key=key, times=times)
    return len(times)


def recent_failures(times: list[str], when: str, window_s: int) -> list[str]:
    """``times`` less those ``window_s`` seconds or more before ``when``, and ``when`` added (both stores').

    Example:
        >>> recent_failures(["2026-12-06T18:00:00Z", "2026-12-06T18:00:30Z"], "2026-12-06T18:01:00Z", 60)
        ['2026-12-06T18:00:30Z', '2026-12-06T18:01:00Z']
    """
    return [*within_window(times, when, window_s), when]


def within_window(times: list[str], when: str, window_s: int) -> list[str]:
    """``times`` less those ``window_s`` seconds or more before ``when``.

    Example:
        >>> within_window(["2026-12-06T18:00:00Z", "2026-12-06T18:00:30Z"], "2026-12-06T18:01:00Z", 60)
        ['2026-12-06T18:00:30Z']
    """
    start = datetime.datetime.fromisoformat(when) - datetime.timedelta(seconds=window_s)
    return [time for time in times if datetime.datetime.fromisoformat(time) > start]


# -- records and rows ----------------------------------------------------------------------------------------
def _fields(record: GroupRecord | TokenRecord | SessionRecord | LinkRecord) -> dict[str, Any]:
    return dataclasses.asdict(record)


def _user_row(user: UserRecord) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "role": user.role.value,
        "group": user.group,
        "created": user.created,
        "password_hash": user.password_hash,
        "disabled": user.disabled,
    }


def _user(row: Mapping[str, Any]) -> UserRecord:
    return UserRecord(
        id=row["id"],
        name=row["name"],
        role=Role(row["role"]),
        group=row["group"],
        created=row["created"],
        password_hash=row["password_hash"],
        disabled=bool(row["disabled"]),
    )
