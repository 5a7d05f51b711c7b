"""What the store keeps of accounts: people, groups, tokens, sessions and sign-in links.

Secrets are never kept: a token, session or link is stored as the SHA-256 of its random secret (``digest``),
a password as its argon2id hash. Times are ISO 8601 strings in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas import Role


@dataclass(frozen=True, slots=True)
class GroupRecord:
    """A desk or a class."""

    id: str
    name: str
    created: str


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A person who signs in."""

    id: str
    name: str
    role: Role
    group: str | None
    created: str
    password_hash: str | None = None
    disabled: bool = False


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """A personal API token: ``digest`` is the SHA-256 of its secret."""

    id: str
    user: str
    name: str
    digest: str
    prefix: str
    created: str
    expires: str | None = None
    revoked: str | None = None


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A browser's signed-in session: the cookie's digest, its CSRF token and when it ends."""

    digest: str
    user: str
    csrf: str
    created: str
    expires: str


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """A one-time sign-in link: usable once, before ``expires``."""

    digest: str
    user: str
    created: str
    expires: str
