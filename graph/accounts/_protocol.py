"""What the account use cases need from a store (``Neo4jStore`` implements it, and the tests' memory store).

Every method is one atomic step: a link is redeemed at most once however many requests race for it, a
failed sign-in is counted by every worker of a deployment alike, because the count lives in the store.
"""

from __future__ import annotations

from typing import Protocol

from graph.accounts._records import GroupRecord, LinkRecord, SessionRecord, TokenRecord, UserRecord


class AccountStore(Protocol):
    """Persistence of people, groups, tokens, sessions and sign-in links."""

    async def add_group(self, group: GroupRecord) -> None:
        """Keep a new group; raises ``Conflict`` when its id is taken."""
        ...

    async def groups(self) -> list[tuple[GroupRecord, int]]:
        """Every group with its number of members, ordered by id."""
        ...

    async def add_user(self, user: UserRecord) -> None:
        """Keep a new user; raises ``Conflict`` when the id is taken, ``NotFound`` when the group is not."""
        ...

    async def user(self, user_id: str) -> UserRecord:
        """One user; raises ``NotFound``."""
        ...

    async def users(self, group: str | None = None) -> list[UserRecord]:
        """Every user (of ``group`` when given), ordered by id."""
        ...

    async def user_ids(self, prefix: str) -> set[str]:
        """The ids taken that are ``prefix`` or start with ``prefix-`` (to derive a free one)."""
        ...

    async def replace_user(self, user: UserRecord) -> None:
        """Store a user's changed record; raises ``NotFound`` (the user or the group)."""
        ...

    async def add_token(self, token: TokenRecord) -> None:
        """Keep a new token (its digest, never its secret)."""
        ...

    async def token(self, token_id: str) -> TokenRecord:
        """One token; raises ``NotFound``."""
        ...

    async def tokens(self, user_id: str) -> list[TokenRecord]:
        """A user's tokens, newest first."""
        ...

    async def token_holder(self, digest: str) -> tuple[TokenRecord, UserRecord] | None:
        """The token with this digest and its user, if any (revoked and expired ones too)."""
        ...

    async def revoke_token(self, token_id: str, when: str) -> TokenRecord:
        """Mark a token revoked at ``when`` (revoked again, it keeps the first time); raises ``NotFound``."""
        ...

    async def revoke_user_tokens(self, user_id: str, when: str) -> int:
        """Revoke every live token of a user and end their sessions; the number of tokens revoked."""
        ...

    async def add_session(self, session: SessionRecord) -> None:
        """Keep a new browser session."""
        ...

    async def session_holder(self, digest: str) -> tuple[SessionRecord, UserRecord] | None:
        """The session with this cookie digest and its user, if any (expired ones too)."""
        ...

    async def end_session(self, digest: str) -> None:
        """Forget a session (signing out); no error when there is none."""
        ...

    async def add_link(self, link: LinkRecord) -> None:
        """Keep a new one-time sign-in link."""
        ...

    async def redeem_link(self, digest: str, when: str) -> UserRecord | None:
        """Use a link once: its user when it exists and has not expired by ``when``, and forget it."""
        ...

    async def count_failed_sign_in(self, key: str, when: str, window_s: int) -> int:
        """Count one failed sign-in for ``key``; the failures within the last ``window_s`` seconds."""
        ...

    async def failed_sign_ins(self, key: str, when: str, window_s: int) -> int:
        """The failures of ``key`` within the last ``window_s`` seconds before ``when``, counting none."""
        ...

    async def clear_failed_sign_ins(self, key: str) -> None:
        """Forget the failures of ``key`` (after a successful sign-in)."""
        ...
