"""Account use cases: groups, people, tokens, sign-in links and passwords, sessions, and knowing callers.

Every method that acts for someone takes the caller (``Principal``) and checks the rules of
``graph.accounts._rules`` itself, so the HTTP routes and the CLI cannot drift apart on who may do what. A
person the caller may not manage is not found (a 404 says nothing of who exists); one they may see but not
change is forbidden.

Secrets are made here and shown once: the store keeps their digests only.
"""

from __future__ import annotations

import datetime
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

import anyio
import msgspec

from graph.accounts._audit import Event, audit
from graph.accounts._protocol import AccountStore
from graph.accounts._records import GroupRecord, LinkRecord, SessionRecord, TokenRecord, UserRecord
from graph.accounts._rules import BOOTSTRAP_ID, Principal, Via, may_grant, may_manage, principal_of
from graph.accounts._secrets import (
    LINK_PREFIX,
    SESSION_PREFIX,
    SHOWN_PREFIX,
    TOKEN_PREFIX,
    digest,
    hash_password,
    new_id,
    new_secret,
    password_matches,
)
from graph.errors import Conflict, Forbidden, InvalidQuery, NotFound, TooManyAttempts, Unauthenticated
from graph.lru import LRU
from schemas import (
    Caller,
    Group,
    GroupList,
    IssuedToken,
    NewGroup,
    NewToken,
    NewUser,
    Role,
    SignIn,
    Token,
    TokenList,
    User,
    UserList,
    UserPatch,
)

SESSION_TTL_S = 12 * 3600
"""A browser session lasts a school day or a shift; then its person signs in again."""
LINK_TTL_S = 7 * 24 * 3600
"""A one-time sign-in link works for a week (a roster is handed out in class)."""
FAILURE_WINDOW_S = 15 * 60
MAX_FAILURES = 10
"""Failed sign-ins allowed per account, and per address, within the window; then 429 until it passes."""
CALLER_TTL_S = 5.0
"""How long a worker trusts what a token or cookie proved. Revoking through a worker takes effect there at
once; in the other workers of a deployment within this time."""
MAX_KNOWN_CALLERS = 10_000

Clock = Callable[[], datetime.datetime]


def utc_now() -> datetime.datetime:
    """Now, in UTC."""
    return datetime.datetime.now(datetime.UTC)


def iso(moment: datetime.datetime) -> str:
    """A time as the store keeps it: ISO 8601 in UTC to the second.

    Example:
        >>> iso(datetime.datetime(2026, 12, 6, 18, 0, tzinfo=datetime.UTC))
        '2026-12-06T18:00:00Z'
    """
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def handle_of(name: str) -> str:
    """A sign-in handle made from a person's name: ASCII letters and digits joined by hyphens.

    Example:
        >>> handle_of("Zoë O'Brien-Núñez"), handle_of("李雷"), handle_of("  Ana   Ruiz ")
        ('zoe-obrien-nunez', 'user', 'ana-ruiz')
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_name.replace("'", ""))
    return "-".join(words)[:50].strip("-") or "user"


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A new browser session: the cookie's secret (set it, never show it), its CSRF token, its end."""

    cookie: str
    principal: Principal
    expires: datetime.datetime


class Accounts:
    """People, groups and their credentials, for every request and CLI command of one process."""

    def __init__(self, store: AccountStore, *, clock: Clock = utc_now) -> None:
        self.store = store
        self._clock = clock
        # Digest -> (the caller it proved, when that was learnt): saves a database round trip per request.
        self._callers: LRU[tuple[Principal | None, float]] = LRU(MAX_KNOWN_CALLERS)

    # -- knowing the caller ---------------------------------------------------------------------------------
    async def caller_by_token(self, secret: str) -> Principal:
        """The person a personal API token belongs to.

        Raises:
            Unauthenticated: the token is unknown, revoked or expired, or its user is disabled.
        """
        key = ("token", digest(secret))
        hit, known = self._known(key)
        if hit:
            return _or_refused(known, "the token is not valid: it is unknown, revoked or expired")
        found = await self.store.token_holder(key[1])
        principal: Principal | None = None
        reason = "unknown"
        if found is not None:
            token, user = found
            reason = self._token_problem(token, user)
            if not reason:
                principal = principal_of(user, Via.TOKEN)
        if principal is None and found is not None:
            audit(Event.TOKEN_REFUSED, token=found[0].id, user=found[1].id, reason=reason)
        self._remember(key, principal)
        return _or_refused(principal, "the token is not valid: it is unknown, revoked or expired")

    async def caller_by_session(self, cookie: str) -> Principal:
        """The person a session cookie signed in, with the session's CSRF token.

        Raises:
            Unauthenticated: no such session, it has expired, or its user is disabled.
        """
        key = ("session", digest(cookie))
        hit, known = self._known(key)
        if hit:
            return _or_refused(known, "the session has ended: sign in again")
        found = await self.store.session_holder(digest(cookie))
        principal: Principal | None = None
        if found is not None:
            session, user = found
            if session.expires > iso(self._clock()) and not user.disabled:
                principal = principal_of(user, Via.SESSION, csrf=session.csrf)
        self._remember(key, principal)
        return _or_refused(principal, "the session has ended: sign in again")

    def _token_problem(self, token: TokenRecord, user: UserRecord) -> str:
        if token.revoked is not None:
            return "revoked"
        if token.expires is not None and token.expires <= iso(self._clock()):
            return "expired"
        if user.disabled:
            return "user disabled"
        return ""

    def _known(self, key: tuple[str, str]) -> tuple[bool, Principal | None]:
        """Whether this worker learnt lately what ``key`` proves, and what (None: nothing, refused)."""
        seen = self._callers.get(key)
        if seen is None or time.monotonic() - seen[1] >= CALLER_TTL_S:
            return False, None
        return True, seen[0]

    def _remember(self, key: tuple[str, str], principal: Principal | None) -> None:
        self._callers.put(key, (principal, time.monotonic()))

    def _forget_callers(self) -> None:
        self._callers.drop(lambda key: True)

    async def who(self, caller: Principal) -> Caller:
        """Who ``caller`` is (``GET /me``): their account, how they proved it, a session's CSRF token."""
        user: User | None = None
        if caller.via in (Via.TOKEN, Via.SESSION) and caller.id is not None:
            user = user_view(await self.store.user(caller.id))
        elif caller.role is not None:
            user = User(
                id=caller.id or caller.name, name=caller.name, role=caller.role, group=None, created=""
            )
        return Caller(user=user, via=caller.via.value, csrf=caller.csrf)

    # -- groups ---------------------------------------------------------------------------------------------
    async def add_group(self, caller: Principal, new: NewGroup) -> Group:
        """Create a desk or a class (admins only).

        Raises:
            Forbidden: the caller is not an admin.
            Conflict: the id is taken.
        """
        if caller.role is not Role.ADMIN:
            raise Forbidden("only an admin creates groups")
        record = GroupRecord(id=new.id, name=new.name, created=iso(self._clock()))
        await self.store.add_group(record)
        audit(Event.GROUP_CREATED, actor=caller.id, group=record.id)
        return Group(id=record.id, name=record.name, created=record.created, members=0)

    async def groups(self, caller: Principal) -> GroupList:
        """The groups the caller may see: every one for an admin, their own for anyone else."""
        kept = await self.store.groups()
        visible = [
            Group(id=group.id, name=group.name, created=group.created, members=members)
            for group, members in kept
            if caller.role is Role.ADMIN or group.id == caller.group
        ]
        return GroupList(groups=visible)

    # -- people ---------------------------------------------------------------------------------------------
    async def add_user(self, caller: Principal, new: NewUser) -> User:
        """Create a person: admins any role and group, editors authors of their own group.

        Raises:
            Forbidden: the caller may not grant that role in that group.
            Conflict: the id asked for is taken.
            NotFound: the group does not exist.
        """
        group = new.group if new.group is not None or caller.role is Role.ADMIN else caller.group
        if not may_grant(caller, new.role, group):
            raise Forbidden(_grant_refusal(caller, new.role, group))
        user_id = new.id or await self._free_id(handle_of(new.name))
        if user_id == BOOTSTRAP_ID:
            raise Conflict(f"{BOOTSTRAP_ID!r} is the server token's name: choose another id")
        hashed = await _hashed(new.password) if new.password is not None else None
        record = UserRecord(
            id=user_id,
            name=new.name,
            role=new.role,
            group=group,
            created=iso(self._clock()),
            password_hash=hashed,
        )
        await self.store.add_user(record)
        audit(Event.USER_CREATED, actor=caller.id, user=record.id, role=record.role, group=record.group)
        return user_view(record)

    async def _free_id(self, handle: str) -> str:
        taken = await self.store.user_ids(handle) | {BOOTSTRAP_ID}
        if handle not in taken:
            return handle
        return next(f"{handle}-{n}" for n in range(2, len(taken) + 3) if f"{handle}-{n}" not in taken)

    async def users(self, caller: Principal) -> UserList:
        """The people the caller manages: all for an admin, their group's for an editor, else themself."""
        if caller.role is Role.ADMIN:
            records = await self.store.users()
        elif caller.role is Role.EDITOR and caller.group is not None:
            records = await self.store.users(caller.group)
        else:
            records = (
                [await self.store.user(caller.id)] if caller.id and caller.via is not Via.BOOTSTRAP else []
            )
        return UserList(users=[user_view(r) for r in records if may_manage(caller, r)])

    async def user(self, caller: Principal, user_id: str) -> User:
        """One person the caller manages.

        Raises:
            NotFound: no such person, or one the caller does not manage.
        """
        return user_view(await self._managed(caller, user_id))

    async def _managed(self, caller: Principal, user_id: str) -> UserRecord:
        try:
            record = await self.store.user(user_id)
        except NotFound:
            record = None
        if record is None or not may_manage(caller, record):
            raise NotFound(f"there is no user {user_id!r} you manage")
        return record

    async def change_user(self, caller: Principal, user_id: str, patch: UserPatch) -> User:
        """Change a person's name, password, group, role or whether they are disabled.

        Roles and groups are changed by admins only, and never their own role (so no one raises themself).

        Raises:
            NotFound: no such person the caller manages.
            Forbidden: a role or group change by someone else than an admin, or of one's own role.
        """
        record = await self._managed(caller, user_id)
        changes: dict[str, object] = {}
        if patch.role is not msgspec.UNSET and patch.role is not record.role:
            if caller.role is not Role.ADMIN or caller.id == record.id:
                audit(Event.FORBIDDEN, actor=caller.id, user=record.id, action="change-role", role=patch.role)
                raise Forbidden("only an admin changes roles, and never their own")
            changes["role"] = patch.role
        if patch.group is not msgspec.UNSET and patch.group != record.group:
            if caller.role is not Role.ADMIN:
                audit(Event.FORBIDDEN, actor=caller.id, user=record.id, action="change-group")
                raise Forbidden("only an admin moves people between groups")
            changes["group"] = patch.group
        if patch.disabled is not msgspec.UNSET and patch.disabled != record.disabled:
            if caller.id == record.id:
                raise Forbidden("you cannot disable yourself")
            changes["disabled"] = patch.disabled
        if patch.name is not msgspec.UNSET:
            changes["name"] = patch.name
        if patch.password is not msgspec.UNSET:
            changes["password_hash"] = await _hashed(patch.password)
        if not changes:
            return user_view(record)
        updated = replace(record, **changes)  # type: ignore[arg-type]
        await self.store.replace_user(updated)
        if updated.disabled and not record.disabled:
            await self.store.revoke_user_tokens(updated.id, iso(self._clock()))
        self._forget_callers()
        event = Event.ROLE_CHANGED if "role" in changes else Event.USER_CHANGED
        audit(
            event,
            actor=caller.id,
            user=record.id,
            changed=",".join(sorted(key.removesuffix("_hash") for key in changes)),
            role=updated.role if "role" in changes else None,
        )
        return user_view(updated)

    # -- tokens ---------------------------------------------------------------------------------------------
    async def issue_token(self, caller: Principal, user_id: str, new: NewToken) -> IssuedToken:
        """A new personal API token for a person the caller manages (themself included); its secret once.

        Raises:
            NotFound: no such person the caller manages.
            Forbidden: the person is disabled.
        """
        user = await self._managed(caller, user_id)
        if user.disabled:
            raise Forbidden(f"user {user_id!r} is disabled: enable them before issuing tokens")
        secret = new_secret(TOKEN_PREFIX)
        now = self._clock()
        expires = (
            None if new.expires_in_days is None else iso(now + datetime.timedelta(days=new.expires_in_days))
        )
        record = TokenRecord(
            id=new_id(),
            user=user.id,
            name=new.name,
            digest=digest(secret),
            prefix=secret[:SHOWN_PREFIX],
            created=iso(now),
            expires=expires,
        )
        await self.store.add_token(record)
        audit(Event.TOKEN_CREATED, actor=caller.id, user=user.id, token=record.id, expires=expires)
        return IssuedToken(token=token_view(record), secret=secret)

    async def tokens(self, caller: Principal, user_id: str) -> TokenList:
        """A managed person's tokens, newest first (never their secrets).

        Raises:
            NotFound: no such person the caller manages.
        """
        user = await self._managed(caller, user_id)
        return TokenList(tokens=[token_view(t) for t in await self.store.tokens(user.id)])

    async def revoke_token(self, caller: Principal, token_id: str) -> Token:
        """Revoke a token of a person the caller manages; it stops working at once in this process.

        Raises:
            NotFound: no such token, or one of a person the caller does not manage.
        """
        try:
            token = await self.store.token(token_id)
            await self._managed(caller, token.user)
        except NotFound:
            raise NotFound(f"there is no token {token_id!r} you manage") from None
        revoked = await self.store.revoke_token(token_id, iso(self._clock()))
        self._forget_callers()
        audit(Event.TOKEN_REVOKED, actor=caller.id, user=token.user, token=token_id)
        return token_view(revoked)

    # -- signing in -----------------------------------------------------------------------------------------
    async def sign_in_link(self, caller: Principal, user_id: str) -> tuple[str, str]:
        """A one-time sign-in code for a person the caller manages, and when it expires (ISO 8601).

        The code goes in the link's fragment (``/sign-in#<code>``): browsers never send a fragment to a
        server, so it stays out of access logs and proxies; the page posts it once.

        Raises:
            NotFound: no such person the caller manages.
            Forbidden: the person is disabled.
        """
        user = await self._managed(caller, user_id)
        if user.disabled:
            raise Forbidden(f"user {user_id!r} is disabled")
        code = new_secret(LINK_PREFIX)
        now = self._clock()
        expires = now + datetime.timedelta(seconds=LINK_TTL_S)
        await self.store.add_link(
            LinkRecord(digest=digest(code), user=user.id, created=iso(now), expires=iso(expires))
        )
        audit(Event.LINK_CREATED, actor=caller.id, user=user.id, expires=iso(expires))
        return code, iso(expires)

    async def sign_in(self, form: SignIn, *, address: str) -> SignedIn:
        """Sign in with what ``form`` gives: a link's code, or a handle and password.

        Raises:
            InvalidQuery: the form gives both, or neither.
            TooManyAttempts, Unauthenticated: as the two ways of signing in.
        """
        if form.code is not None and form.user is None and form.password is None:
            return await self.sign_in_with_link(form.code, address=address)
        if form.code is None and form.user is not None and form.password is not None:
            return await self.sign_in_with_password(form.user, form.password, address=address)
        raise InvalidQuery('send either {"code": ...} or {"user": ..., "password": ...}')

    async def sign_in_with_link(self, code: str, *, address: str) -> SignedIn:
        """Use a one-time sign-in code: a new session for its person; the code never works again.

        Raises:
            Unauthenticated: the code is unknown, used or expired.
        """
        user = await self.store.redeem_link(digest(code), iso(self._clock()))
        if user is None or user.disabled:
            audit(
                Event.SIGN_IN_FAILED, method="link", address=address, reason="unknown, used or expired link"
            )
            raise Unauthenticated("this sign-in link is not valid: it was used already or has expired")
        return await self._session_for(user, method="link", address=address)

    async def sign_in_with_password(self, user_id: str, password: str, *, address: str) -> SignedIn:
        """Check a password (argon2id, off the event loop): a new session when it matches.

        Failures are counted in the store per account and per address, so every worker of a deployment
        sees the same count; once ``MAX_FAILURES`` fell in ``FAILURE_WINDOW_S``, both are refused until the
        window passes, before any password is checked (a locked account costs no hashing).

        Raises:
            TooManyAttempts: too many failures for this account or address.
            Unauthenticated: the handle or password is wrong (which one is not said).
        """
        keys = (f"user:{user_id}", f"addr:{address}")
        now = iso(self._clock())
        locked = "too many failed sign-ins for this account or address: try again later"
        earlier = [await self.store.failed_sign_ins(key, now, FAILURE_WINDOW_S) for key in keys]
        if max(earlier) >= MAX_FAILURES:
            audit(Event.SIGN_IN_FAILED, method="password", user=user_id, address=address, reason="locked")
            raise TooManyAttempts(locked, FAILURE_WINDOW_S)
        try:
            user: UserRecord | None = await self.store.user(user_id)
        except NotFound:
            user = None
        matches = await anyio.to_thread.run_sync(
            password_matches, password, user.password_hash if user else None
        )
        if user is None or not matches or user.disabled:
            counts = [await self.store.count_failed_sign_in(key, now, FAILURE_WINDOW_S) for key in keys]
            audit(
                Event.SIGN_IN_FAILED, method="password", user=user_id, address=address, failures=max(counts)
            )
            if max(counts) > MAX_FAILURES:
                raise TooManyAttempts(locked, FAILURE_WINDOW_S)
            raise Unauthenticated("the handle or the password is wrong")
        for key in keys:
            await self.store.clear_failed_sign_ins(key)
        return await self._session_for(user, method="password", address=address)

    async def _session_for(self, user: UserRecord, *, method: str, address: str) -> SignedIn:
        cookie = new_secret(SESSION_PREFIX)
        csrf = new_secret("")
        now = self._clock()
        expires = now + datetime.timedelta(seconds=SESSION_TTL_S)
        await self.store.add_session(
            SessionRecord(
                digest=digest(cookie), user=user.id, csrf=csrf, created=iso(now), expires=iso(expires)
            )
        )
        audit(Event.SIGN_IN, user=user.id, method=method, address=address)
        return SignedIn(cookie=cookie, principal=principal_of(user, Via.SESSION, csrf=csrf), expires=expires)

    async def sign_out(self, cookie: str) -> None:
        """End a browser session on the server: its cookie no longer signs anyone in, in any worker."""
        found = await self.store.session_holder(digest(cookie))
        await self.store.end_session(digest(cookie))
        self._forget_callers()
        if found is not None:
            audit(Event.SIGN_OUT, user=found[1].id)


def _or_refused(principal: Principal | None, detail: str) -> Principal:
    if principal is None:
        raise Unauthenticated(detail)
    return principal


async def _hashed(password: str) -> str:
    return await anyio.to_thread.run_sync(hash_password, password)


def _grant_refusal(caller: Principal, role: Role, group: str | None) -> str:
    if caller.role is Role.EDITOR:
        if role is not Role.AUTHOR:
            return f"an editor creates authors only, not {role.value}s"
        return f"an editor creates people in their own group ({caller.group!r}), not in {group!r}"
    return "only admins and editors create people"


def user_view(record: UserRecord) -> User:
    """A person as the API shows them: no password hash, only whether there is one."""
    return User(
        id=record.id,
        name=record.name,
        role=record.role,
        group=record.group,
        created=record.created,
        disabled=record.disabled,
        signs_in_with_password=record.password_hash is not None,
    )


def token_view(record: TokenRecord) -> Token:
    """A token as listed: no digest, no secret."""
    return Token(
        id=record.id,
        user=record.user,
        name=record.name,
        created=record.created,
        expires=record.expires,
        revoked=record.revoked,
        prefix=record.prefix,
    )
