"""Accounts at the boundary: roles and visibilities (each declared once), and the account routes' bodies.

A role is what a person may do; a visibility is who may read a map. The rules that combine them live in
``graph.accounts``; these are only the names and the shapes that cross HTTP and the CLI.

Example:
    >>> [role.value for role in Role]
    ['admin', 'editor', 'author']
    >>> Role.EDITOR.outranks(Role.AUTHOR), Role.AUTHOR.outranks(Role.AUTHOR)
    (True, False)
    >>> [v.value for v in Visibility]
    ['private', 'group', 'public']
"""

from __future__ import annotations

import enum
from typing import Annotated

import msgspec
from msgspec import Meta

from schemas._base import Output, Struct

Handle = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9][a-z0-9-]{0,62}$",
        description="Lower-case letters, digits and hyphens, at most 63 characters: how a person signs in.",
    ),
]
PersonName = Annotated[str, Meta(min_length=1, max_length=120, pattern=r"\S")]
TokenName = Annotated[str, Meta(min_length=1, max_length=80, pattern=r"\S")]
Password = Annotated[str, Meta(min_length=12, max_length=256, description="12 to 256 characters.")]


class Role(enum.StrEnum):
    """What a signed-in person may do; anonymous readers have no role."""

    ADMIN = "admin"
    """Everything: users, groups, every map."""
    EDITOR = "editor"
    """A desk's or a class's lead (a teacher): their group's users and maps."""
    AUTHOR = "author"
    """A reporter or a student: their own maps, and reading their group's."""

    @property
    def rank(self) -> int:
        """Higher ranks may do more: admin 3, editor 2, author 1."""
        return _RANKS[self]

    def outranks(self, other: Role) -> bool:
        """Strictly above ``other``."""
        return self.rank > other.rank


_RANKS = {Role.ADMIN: 3, Role.EDITOR: 2, Role.AUTHOR: 1}


class Visibility(enum.StrEnum):
    """Who may read a map (writing is for its owner, its group's editors and admins)."""

    PRIVATE = "private"
    """Its owner, its group's editors and admins."""
    GROUP = "group"
    """Everyone in its group too (a class sees each other's work)."""
    PUBLIC = "public"
    """Anyone, signed in or not (the default for maps created by admins, such as the essay)."""


class NewGroup(Struct, kw_only=True, forbid_unknown_fields=True):
    """``POST /groups``: a desk or a class."""

    id: Handle
    name: PersonName


class Group(Output, frozen=True, kw_only=True):
    """A desk or a class, and how many people are in it."""

    id: str
    name: str
    created: str
    members: int = 0


class GroupList(Output, frozen=True, kw_only=True):
    """Every group the caller may see."""

    groups: list[Group]


class NewUser(Struct, kw_only=True, forbid_unknown_fields=True):
    """``POST /users``: a person, their role and group; a password only if they sign in with one."""

    name: PersonName
    role: Role
    id: Handle | None = None
    """Derived from the name when omitted (``Ana Ruiz`` becomes ``ana-ruiz``, then ``ana-ruiz-2``...)."""
    group: Handle | None = None
    password: Password | None = None


class UserPatch(Struct, kw_only=True, forbid_unknown_fields=True):
    """``PATCH /users/{id}``: what changes; a role only an admin may change, never one's own."""

    name: PersonName | msgspec.UnsetType = msgspec.UNSET
    role: Role | msgspec.UnsetType = msgspec.UNSET
    group: Handle | msgspec.UnsetType | None = msgspec.UNSET
    password: Password | msgspec.UnsetType = msgspec.UNSET
    disabled: bool | msgspec.UnsetType = msgspec.UNSET


class User(Output, frozen=True, kw_only=True):
    """A person as others see them: never their password or tokens."""

    id: str
    name: str
    role: Role
    group: str | None
    created: str
    disabled: bool = False
    signs_in_with_password: bool = False


class UserList(Output, frozen=True, kw_only=True):
    """The users the caller may manage."""

    users: list[User]


class NewToken(Struct, kw_only=True, forbid_unknown_fields=True):
    """``POST /users/{id}/tokens``: a personal API token's name and, optionally, its lifetime."""

    name: TokenName
    expires_in_days: Annotated[int, Meta(ge=1, le=3650)] | None = None


class Token(Output, frozen=True, kw_only=True):
    """A personal API token as listed: its secret is shown once, when it is issued, and never again."""

    id: str
    user: str
    name: str
    created: str
    expires: str | None = None
    revoked: str | None = None
    prefix: str
    """The secret's first characters, to tell tokens apart in a list."""


class IssuedToken(Output, frozen=True, kw_only=True):
    """A new token and its secret: send it as ``Authorization: Bearer <secret>``. It is not shown again."""

    token: Token
    secret: str


class TokenList(Output, frozen=True, kw_only=True):
    """A user's tokens, newest first."""

    tokens: list[Token]


class SignInLink(Output, frozen=True, kw_only=True):
    """A one-time sign-in link: opening it signs its user in once, before it expires."""

    user: str
    url: str
    expires: str


class SignIn(Struct, kw_only=True, forbid_unknown_fields=True):
    """``POST /session``: a one-time link's ``code``, or a ``user`` handle with their ``password``.

    The sign-in page sends the code from the link's fragment, which never reached the server before.
    """

    code: Annotated[str, Meta(min_length=16, max_length=128)] | None = None
    user: Handle | None = None
    password: Annotated[str, Meta(max_length=256)] | None = None


class Caller(Output, frozen=True, kw_only=True):
    """Who the server takes the caller to be: ``GET /me``."""

    user: User | None
    """None for an anonymous reader."""
    via: str
    """``token``, ``session``, ``bootstrap`` (the server's ``ARGMAP_API_TOKEN``) or ``anonymous``."""
    csrf: str | None = None
    """With a session cookie: the value to send as ``X-CSRF-Token`` on writes."""
