"""``argmap groups``, ``argmap users`` and ``argmap tokens``: accounts, managed from the server's machine.

The command line reaches Neo4j itself, so it acts as the server's own administrator (``graph.service.CLI``);
what it may do is still decided by the same use cases as the HTTP routes (``graph.accounts.Accounts``).

A secret (a token, a sign-in link) is printed once, on stdout, alone on its line, so that it can be piped or
redirected; what is said about it goes to stderr. Lists are tab-separated, one record a line, for ``cut``
and spreadsheets. A failure is one line ``argmap: ...`` on stderr, as for every command.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import io
import logging
import re
import sys
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from api._cli_errors import CommandError
from api._cli_interchange import UsageError, connect
from api.settings import Settings
from graph.words import counted
from schemas import NewGroup, NewToken, NewUser, Role, Token, User, UserPatch

if TYPE_CHECKING:
    from graph.service import Accounts, Principal

T = TypeVar("T")
S = TypeVar("S", bound=msgspec.Struct)

EXIT_FAILURE = 1
ROLES = [role.value for role in Role]
"""The roles a command line may name, in the enum's order (admin, editor, author)."""
ROSTER_COLUMNS = ("name", "id", "role")
"""The columns ``users import`` reads; ``name`` is required."""
_DELIMITERS = ",;\t"
"""Spreadsheets export CSV with a comma, or a semicolon where the comma is the decimal mark; or tabs."""
_FIELD = re.compile(r"at `\$\.(\w+)`")
_HANDLE_RULE = "use lower-case letters, digits and hyphens (at most 63, starting with a letter or digit)"
_RULES = {
    "id": _HANDLE_RULE,
    "group": _HANDLE_RULE,
    "role": f"choose one of {', '.join(ROLES)}",
    "password": "give 12 to 256 characters",
    "expires_in_days": "give a whole number of days from 1 to 3650",
}
"""What a valid value of each field is, said in the terms of the command line (the schemas' ``Meta``)."""


def checked(kind: type[S], labels: dict[str, str], **fields: object) -> S:
    """``fields`` (None: not given) as a ``kind``, with every constraint of its schema checked.

    Args:
        kind: the body the use case takes (``NewUser``, ``NewToken``...).
        labels: how the command line names each field (``--id``, ``NAME``, a roster's column).
        **fields: the values given.

    Raises:
        UsageError: a value breaks its field's rule; the message names the option and the rule, never a
            password.

    Example:
        >>> checked(NewGroup, {"id": "ID"}, id="Class 9B", name="Class 9B")
        Traceback (most recent call last):
        ...
        api._cli_interchange.UsageError: ID 'Class 9B' is not valid: use lower-case letters, digits and ...
    """
    given = {name: value for name, value in fields.items() if value is not None}
    try:
        # Constructing a Struct checks no constraint: converting from builtins checks them all, as HTTP does.
        return msgspec.convert(given, kind)
    except msgspec.ValidationError as error:
        found = _FIELD.search(str(error))
        field = found.group(1) if found else ""
        label = labels.get(field, field or "a value")
        rule = _RULES.get(field) or _length_rule(kind, field)
        if field == "password":
            raise UsageError(f"the password is not valid: {rule}") from None
        raise UsageError(f"{label} {given.get(field)!r} is not valid: {rule}") from None


def _length_rule(kind: type[msgspec.Struct], field: str) -> str:
    limit = 80 if kind is NewToken else 120
    return f"give 1 to {limit} characters, not all blank"


@contextlib.contextmanager
def _audited(settings: Settings) -> Iterator[None]:
    """Send the audit lines of the CLI's account changes to ``ARGMAP_AUDIT_LOG`` when it names a file.

    Without it they are dropped: on stderr they would bury the command's own output, and whoever runs the
    CLI has the database itself anyway.
    """
    if not settings.audit_log:
        yield
        return
    from graph.service import AUDIT

    handler = logging.FileHandler(settings.audit_log, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    AUDIT.addHandler(handler)
    try:
        yield
    finally:
        AUDIT.removeHandler(handler)
        handler.close()


def _run(settings: Settings, work: Callable[[Accounts, Principal], Awaitable[T]]) -> T:
    """Do ``work`` on the accounts of the configured Neo4j, as the server's administrator."""
    from graph.service import CLI

    async def run() -> T:
        service = connect(settings)
        try:
            await service.prepare()
            return await work(service.accounts, CLI)
        finally:
            await service.close()

    with _audited(settings):
        return asyncio.run(run())


def _note(message: str) -> None:
    print(message, file=sys.stderr)


# -- groups -------------------------------------------------------------------------------------------------
def run_groups_add(args: argparse.Namespace, settings: Settings) -> int:
    """Create a group (a class, a desk)."""
    new = checked(NewGroup, {"id": "ID", "name": "--name"}, id=args.group_id, name=args.name)
    group = _run(settings, lambda accounts, cli: accounts.add_group(cli, new))
    print(f"{group.id}: created ({group.name})")
    return 0


def run_groups_list(args: argparse.Namespace, settings: Settings) -> int:
    """Every group: id, name and how many people are in it."""
    listed = _run(settings, lambda accounts, cli: accounts.groups(cli))
    for group in listed.groups:
        print(f"{group.id}\t{group.name}\t{counted(group.members, 'member')}")
    if not listed.groups:
        _note("no groups yet: argmap groups add ID --name NAME creates one")
    return 0


# -- users --------------------------------------------------------------------------------------------------
def run_users_add(args: argparse.Namespace, settings: Settings) -> int:
    """Create a person; print their id (derived from the name when ``--id`` is not given)."""
    password = _password_from_stdin() if args.password_stdin else None
    new = checked(
        NewUser,
        {"name": "NAME", "id": "--id", "group": "--group", "role": "--role"},
        name=args.name,
        role=args.role,
        id=args.user_id,
        group=args.group,
        password=password,
    )
    user = _run(settings, lambda accounts, cli: accounts.add_user(cli, new))
    print(user.id)
    where = f"in {user.group}" if user.group else "in no group"
    _note(f"created {user.role} {user.name!r} {where}")
    return 0


def _password_from_stdin() -> str:
    # One line, so that `echo "$PASSWORD" | argmap users add ...` and a here-string both work; only the line
    # break is dropped (a password may begin or end with spaces).
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise UsageError("--password-stdin: standard input has no password on its first line")
    return password


def run_users_list(args: argparse.Namespace, settings: Settings) -> int:
    """Everyone (of ``--group``): id, name, role, group (``-`` for none) and ``active`` or ``disabled``."""
    from graph.errors import NotFound

    async def listed(accounts: Accounts, cli: Principal) -> list[User]:
        if args.group is not None and args.group not in {g.id for g in (await accounts.groups(cli)).groups}:
            # Printing nobody would say the group is empty; a typo in its name deserves to be told apart.
            raise NotFound(f"there is no group {args.group!r}")
        people = (await accounts.users(cli)).users
        return [user for user in people if args.group is None or user.group == args.group]

    for user in _run(settings, listed):
        state = "disabled" if user.disabled else "active"
        print(f"{user.id}\t{user.name}\t{user.role}\t{user.group or '-'}\t{state}")
    return 0


def run_users_revoke(args: argparse.Namespace, settings: Settings) -> int:
    """Disable a person: their tokens are revoked, their sessions end and they cannot sign in again."""
    patch = UserPatch(disabled=True)
    user = _run(settings, lambda accounts, cli: accounts.change_user(cli, args.user_id, patch))
    print(f"{user.id}: disabled; their tokens, sessions and sign-in links no longer work")
    return 0


def run_users_link(args: argparse.Namespace, settings: Settings) -> int:
    """Print a one-time sign-in link for a person (valid for a week), alone on its line."""
    code, expires = _run(settings, lambda accounts, cli: accounts.sign_in_link(cli, args.user_id))
    print(sign_in_url(settings, code))
    _note(f"a one-time sign-in link for {args.user_id}, until {expires}: it works once")
    return 0


def sign_in_url(settings: Settings, code: str) -> str:
    """The link a sign-in code is handed out as: the code in the fragment, which browsers never send.

    Example:
        >>> sign_in_url(Settings(public_url="https://maps.example.org/"), "aml_x")
        'https://maps.example.org/sign-in#aml_x'
    """
    return f"{settings.public_origin}/sign-in#{code}"


# -- the roster ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RosterRow:
    """One student of a roster file, as written there (checked when their account is created)."""

    row: int
    """The row's number as a spreadsheet shows it: the header is row 1."""
    name: str
    id: str | None
    role: str | None


@dataclass(frozen=True, slots=True)
class Roster:
    """A roster file's students and the columns it has that are not read."""

    rows: list[RosterRow]
    ignored: list[str]


def read_roster(text: str, file: str) -> Roster:
    r"""The students of a roster: CSV with a header row, a ``name`` column and optional ``id`` and ``role``.

    Header names are matched without regard to case or surrounding spaces; blank rows are skipped.

    Raises:
        CommandError: the file has no header, no ``name`` column, or a column twice.

    Example:
        >>> roster = read_roster("Name;Role;email\nAna Ruiz;;a@x\n\nBen Ode;editor;b@x\n", "r.csv")
        >>> [(row.row, row.name, row.id, row.role) for row in roster.rows], roster.ignored
        ([(2, 'Ana Ruiz', None, None), (4, 'Ben Ode', None, 'editor')], ['email'])
    """
    first = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first.count)
    records = enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)
    header = [cell.strip().lower() for cell in next(records, (1, []))[1]]
    if "name" not in header:
        raise CommandError(
            f"{file}: the first row has no 'name' column (the columns read are name, and optionally id "
            f"and role; found {', '.join(repr(cell) for cell in header if cell) or 'nothing'})"
        )
    twice = sorted({cell for cell in header if cell and header.count(cell) > 1})
    if twice:
        raise CommandError(f"{file}: the column {twice[0]!r} is in the first row twice")
    where = {column: header.index(column) for column in ROSTER_COLUMNS if column in header}
    rows: list[RosterRow] = []
    for number, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        role = _cell(cells, where.get("role"))
        rows.append(
            RosterRow(
                row=number,
                name=_cell(cells, where.get("name")) or "",
                id=_cell(cells, where.get("id")),
                role=role.lower() if role else None,
            )
        )
    ignored = [cell for cell in header if cell and cell not in ROSTER_COLUMNS]
    return Roster(rows=rows, ignored=ignored)


def _cell(cells: list[str], index: int | None) -> str | None:
    """A row's cell in a column (None: the column or the cell is missing or blank)."""
    value = cells[index].strip() if index is not None and index < len(cells) else ""
    return value or None


def run_users_import(args: argparse.Namespace, settings: Settings) -> int:
    """Create an account per row of a roster in ``--group``; print id, name, sign-in link and its end."""
    from graph.errors import Conflict, Forbidden, NotFound

    path = Path(args.file)
    roster = read_roster(path.read_text(encoding="utf-8-sig"), args.file)  # -sig: Excel writes a BOM
    if not roster.rows:
        raise CommandError(f"{args.file}: no students under the header row")
    for column in roster.ignored:
        _note(f"{args.file}: column {column!r} ignored (the columns read are name, id and role)")
    labels = {"name": "name", "id": "id", "role": "role"}

    async def create(accounts: Accounts, cli: Principal) -> int:
        if args.group not in {group.id for group in (await accounts.groups(cli)).groups}:
            # Checked once up front, rather than every row failing with the same message.
            raise NotFound(f"there is no group {args.group!r}: argmap groups add {args.group} --name NAME")
        failed = 0
        for row in roster.rows:
            try:
                new = checked(
                    NewUser,
                    labels,
                    name=row.name,
                    id=row.id,
                    role=row.role or args.role,
                    group=args.group,
                )
                user = await accounts.add_user(cli, new)
                code, expires = await accounts.sign_in_link(cli, user.id)
            except (UsageError, Conflict, NotFound, Forbidden) as error:
                # What is wrong with this row only; a database that fails ends the import, as any command.
                failed += 1
                _note(f"argmap: {args.file} row {row.row}: {getattr(error, 'detail', None) or error}")
                continue
            print(f"{user.id}\t{user.name}\t{sign_in_url(settings, code)}\t{expires}")
        return failed

    failed = _run(settings, create)
    created = len(roster.rows) - failed
    _note(
        f"{counted(created, 'account')} created in {args.group}"
        + (f"; {counted(failed, 'row')} not imported" if failed else "")
    )
    return EXIT_FAILURE if failed else 0


# -- tokens -------------------------------------------------------------------------------------------------
def run_tokens_add(args: argparse.Namespace, settings: Settings) -> int:
    """Issue a personal API token; print its secret once, alone on its line."""
    new = checked(
        NewToken,
        {"name": "--name", "expires_in_days": "--expires-in-days"},
        name=args.name,
        expires_in_days=args.expires_in_days,
    )
    issued = _run(settings, lambda accounts, cli: accounts.issue_token(cli, args.user_id, new))
    token = issued.token
    print(issued.secret)
    until = f"until {token.expires}" if token.expires else "with no expiry"
    _note(
        f"token {token.id} ({token.name}) for {token.user}, {until}: "
        "keep the secret now, it will not be shown again"
    )
    return 0


def run_tokens_list(args: argparse.Namespace, settings: Settings) -> int:
    """A person's tokens, newest first: id, name, first characters, creation and state; never a secret."""
    listed = _run(settings, lambda accounts, cli: accounts.tokens(cli, args.user_id))
    now = _now()
    for token in listed.tokens:
        print(
            f"{token.id}\t{token.name}\t{token.prefix}…\tcreated {token.created}\t{token_state(token, now)}"
        )
    if not listed.tokens:
        _note(f"{args.user_id} has no tokens")
    return 0


def token_state(token: Token, now: str) -> str:
    """Whether a token works, and until when, as of ``now`` (ISO 8601 in UTC, as the store keeps times).

    Example:
        >>> base = Token(id="1", user="ana", name="laptop", created="2026-01-01T00:00:00Z", prefix="amt_x")
        >>> now = "2026-06-01T00:00:00Z"
        >>> token_state(base, now)
        'active, no expiry'
        >>> token_state(msgspec.structs.replace(base, expires="2026-03-01T00:00:00Z"), now)
        'expired 2026-03-01T00:00:00Z'
        >>> token_state(msgspec.structs.replace(base, revoked="2026-02-01T00:00:00Z"), now)
        'revoked 2026-02-01T00:00:00Z'
    """
    if token.revoked is not None:
        return f"revoked {token.revoked}"
    if token.expires is None:
        return "active, no expiry"
    if token.expires <= now:
        return f"expired {token.expires}"
    return f"active until {token.expires}"


def _now() -> str:
    import datetime

    from graph.service import iso

    return iso(datetime.datetime.now(datetime.UTC))


def run_tokens_revoke(args: argparse.Namespace, settings: Settings) -> int:
    """Revoke a token: a running server refuses it within seconds."""
    token = _run(settings, lambda accounts, cli: accounts.revoke_token(cli, args.token_id))
    print(f"{token.id}: revoked ({token.name}, of {token.user})")
    return 0


# -- the parser ---------------------------------------------------------------------------------------------
def register(commands: Any) -> None:
    """Add ``argmap groups``, ``argmap users`` and ``argmap tokens``."""
    groups = commands.add_parser("groups", help="create and list groups (a class, a desk)")
    group_actions = groups.add_subparsers(dest="action", required=True, metavar="ACTION")
    group_add = group_actions.add_parser("add", help="create a group")
    group_add.add_argument("group_id", metavar="ID", help="lower-case letters, digits and hyphens: class-9b")
    group_add.add_argument("--name", required=True, help="what people call it: 'Class 9B'")
    group_add.set_defaults(handler=run_groups_add)
    group_actions.add_parser("list", help="every group and its number of members").set_defaults(
        handler=run_groups_list
    )

    users = commands.add_parser("users", help="create, list, disable and sign in people")
    user_actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    user_add = user_actions.add_parser("add", help="create a person and print their id")
    user_add.add_argument("name", metavar="NAME", help="their name: 'Ana Ruiz'")
    user_add.add_argument("--role", required=True, choices=ROLES, help="what they may do")
    user_add.add_argument("--group", metavar="G", help="their group (a class, a desk)")
    user_add.add_argument(
        "--id", dest="user_id", metavar="HANDLE", help="their sign-in handle (default: from the name)"
    )
    user_add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read a password (12 characters or more) from the first line of standard input",
    )
    user_add.set_defaults(handler=run_users_add)

    user_list = user_actions.add_parser("list", help="everyone, tab-separated: id, name, role, group, state")
    user_list.add_argument("--group", metavar="G", help="only the people of this group")
    user_list.set_defaults(handler=run_users_list)

    user_revoke = user_actions.add_parser(
        "revoke", help="disable a person: their tokens are revoked and they cannot sign in"
    )
    user_revoke.add_argument("user_id", metavar="ID")
    user_revoke.set_defaults(handler=run_users_revoke)

    user_link = user_actions.add_parser("link", help="print a one-time sign-in link, valid for a week")
    user_link.add_argument("user_id", metavar="ID")
    user_link.set_defaults(handler=run_users_link)

    user_import = user_actions.add_parser(
        "import", help="create a class from a CSV roster (name, optional id and role) with sign-in links"
    )
    user_import.add_argument("file", metavar="FILE", help="CSV with a header row and a 'name' column")
    user_import.add_argument("--group", required=True, metavar="CLASS", help="the group they all join")
    user_import.add_argument(
        "--role", choices=ROLES, default=Role.AUTHOR.value, help="for rows with no role (default: author)"
    )
    user_import.set_defaults(handler=run_users_import)

    tokens = commands.add_parser("tokens", help="issue, list and revoke personal API tokens")
    token_actions = tokens.add_subparsers(dest="action", required=True, metavar="ACTION")
    token_add = token_actions.add_parser("add", help="issue a token and print its secret, this once")
    token_add.add_argument("user_id", metavar="USER")
    token_add.add_argument("--name", required=True, help="what it is for: 'laptop', 'ci'")
    token_add.add_argument(
        "--expires-in-days", type=int, metavar="N", help="1 to 3650 (default: it does not expire)"
    )
    token_add.set_defaults(handler=run_tokens_add)

    token_list = token_actions.add_parser("list", help="a person's tokens (never their secrets)")
    token_list.add_argument("user_id", metavar="USER")
    token_list.set_defaults(handler=run_tokens_list)

    token_revoke = token_actions.add_parser("revoke", help="revoke a token")
    token_revoke.add_argument("token_id", metavar="TOKEN_ID", help="its id, as tokens list shows it")
    token_revoke.set_defaults(handler=run_tokens_revoke)
