"""Who may do what: the caller (``Principal``), a map's ownership (``MapAccess``) and the rules joining them.

The rules are pure and small, and every route and use case asks them; nothing else decides access.

Example:
    >>> ana = Principal(id="ana", name="Ana", role=Role.AUTHOR, group="class-9b", via=Via.TOKEN)
    >>> ben = Principal(id="ben", name="Ben", role=Role.AUTHOR, group="class-9b", via=Via.TOKEN)
    >>> teacher = Principal(id="ms-li", name="Ms Li", role=Role.EDITOR, group="class-9b", via=Via.SESSION)
    >>> draft = MapAccess(owner="ana", group="class-9b", visibility=Visibility.PRIVATE)
    >>> may_read(ana, draft), may_read(ben, draft), may_read(teacher, draft), may_read(ANONYMOUS, draft)
    (True, False, True, False)
    >>> shared = MapAccess(owner="ana", group="class-9b", visibility=Visibility.GROUP)
    >>> may_read(ben, shared), may_write(ben, shared), may_write(teacher, shared)
    (True, False, True)
    >>> may_read(ANONYMOUS, ESSAY_LIKE), may_write(ana, ESSAY_LIKE)
    (True, False)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from graph.accounts._records import UserRecord
from schemas import Role, Visibility


class Via(enum.StrEnum):
    """How the caller proved who they are."""

    ANONYMOUS = "anonymous"
    TOKEN = "token"  # noqa: S105 - a way of signing in, not a secret
    """A personal API token."""
    SESSION = "session"
    """A browser's session cookie (writes need the CSRF token too)."""
    BOOTSTRAP = "bootstrap"
    """The server's own ``ARGMAP_API_TOKEN``: the first admin, who creates the others."""
    LOCAL = "local"
    """The command line on the server's machine, which reaches the database itself."""


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of one request."""

    id: str | None
    name: str
    role: Role | None
    group: str | None
    via: Via
    csrf: str | None = None
    """The session's CSRF token (cookie sign-ins only)."""

    @property
    def signed_in(self) -> bool:
        """Anyone with a role: anonymous readers have none."""
        return self.role is not None

    @property
    def author_name(self) -> str:
        """The author recorded for this caller's writes: a person's id, or ``api-token``, ``cli``."""
        if self.via in (Via.TOKEN, Via.SESSION) and self.id is not None:
            return self.id
        return self.name

    def key(self, address: str) -> str:
        """What rate limits count by: the person when signed in, else the address."""
        return f"user:{self.id}" if self.id else f"addr:{address}"


ANONYMOUS = Principal(id=None, name="anonymous", role=None, group=None, via=Via.ANONYMOUS)
BOOTSTRAP_ID = "admin"
BOOTSTRAP = Principal(id=BOOTSTRAP_ID, name="api-token", role=Role.ADMIN, group=None, via=Via.BOOTSTRAP)


def principal_of(user: UserRecord, via: Via, csrf: str | None = None) -> Principal:
    """The caller a stored user signs in as."""
    return Principal(id=user.id, name=user.name, role=user.role, group=user.group, via=via, csrf=csrf)


@dataclass(frozen=True, slots=True)
class MapAccess:
    """Whose a map is and who may read it. A map from before accounts has no owner: admins write it."""

    owner: str | None
    group: str | None
    visibility: Visibility


ESSAY_LIKE = MapAccess(owner=None, group=None, visibility=Visibility.PUBLIC)
"""A map loaded by an admin or the CLI: anyone reads it, admins write it."""


def default_visibility(creator: Principal) -> Visibility:
    """A new map's visibility when its document names none: public from admins, the group's otherwise."""
    return Visibility.PUBLIC if creator.role is Role.ADMIN else Visibility.GROUP


def _leads(caller: Principal, group: str | None) -> bool:
    return caller.role is Role.EDITOR and group is not None and caller.group == group


def may_read(caller: Principal, access: MapAccess) -> bool:
    """Public maps are anyone's to read; others their owner's, their group's editors', admins'.

    A ``group`` map is its group's members' too.
    """
    if access.visibility is Visibility.PUBLIC or caller.role is Role.ADMIN:
        return True
    if caller.id is None:
        return False
    if caller.id == access.owner or _leads(caller, access.group):
        return True
    return access.visibility is Visibility.GROUP and access.group is not None and caller.group == access.group


def may_write(caller: Principal, access: MapAccess) -> bool:
    """Its owner, its group's editors and admins write a map (replace, patch, delete, restore)."""
    if caller.role is Role.ADMIN:
        return True
    if caller.id is None:
        return False
    return caller.id == access.owner or _leads(caller, access.group)


def may_manage(caller: Principal, user: UserRecord) -> bool:
    """Admins manage everyone; an editor manages their group's authors; each person their own tokens."""
    if caller.role is Role.ADMIN or caller.id == user.id:
        return True
    return _leads(caller, user.group) and user.role is Role.AUTHOR


def may_grant(caller: Principal, role: Role, group: str | None) -> bool:
    """Whether ``caller`` may create a person of ``role`` in ``group`` (editors: authors of theirs)."""
    if caller.role is Role.ADMIN:
        return True
    return role is Role.AUTHOR and _leads(caller, group)


def access_from_row(row: dict[str, object]) -> MapAccess:
    """A map's access as the store keeps it: ``owner``, ``group``, ``visibility`` (old maps have none).

    Example:
        >>> access_from_row({"owner": None, "group": None, "visibility": None}) == ESSAY_LIKE
        True
    """
    owner, group, visibility = row.get("owner"), row.get("group"), row.get("visibility")
    return MapAccess(
        owner=owner if isinstance(owner, str) else None,
        group=group if isinstance(group, str) else None,
        visibility=Visibility(visibility) if isinstance(visibility, str) else Visibility.PUBLIC,
    )


def access_of(graph_owner: str | None, graph_group: str | None, visibility: Visibility | None) -> MapAccess:
    """A map's access from a map version's owner, group and document visibility (none: public)."""
    return MapAccess(
        owner=graph_owner, group=graph_group, visibility=Visibility(visibility or Visibility.PUBLIC)
    )
