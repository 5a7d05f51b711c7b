"""Accounts: who the caller is, what they may do, and the use cases of people, groups, tokens and sign-ins."""

from graph.accounts._audit import AUDIT, Event, audit
from graph.accounts._protocol import AccountStore
from graph.accounts._records import GroupRecord, LinkRecord, SessionRecord, TokenRecord, UserRecord
from graph.accounts._rules import (
    ANONYMOUS,
    BOOTSTRAP,
    BOOTSTRAP_ID,
    ESSAY_LIKE,
    MapAccess,
    Principal,
    Via,
    access_from_row,
    access_of,
    default_visibility,
    may_grant,
    may_manage,
    may_read,
    may_write,
    principal_of,
)
from graph.accounts._secrets import SESSION_PREFIX, TOKEN_PREFIX, same_secret
from graph.accounts._service import Accounts, SignedIn, handle_of, iso, token_view, user_view

__all__ = [
    "SESSION_PREFIX",
    "TOKEN_PREFIX",
    "same_secret",
    "AUDIT",
    "Accounts",
    "Event",
    "SignedIn",
    "audit",
    "handle_of",
    "iso",
    "token_view",
    "user_view",
    "ANONYMOUS",
    "BOOTSTRAP",
    "BOOTSTRAP_ID",
    "ESSAY_LIKE",
    "AccountStore",
    "GroupRecord",
    "LinkRecord",
    "MapAccess",
    "Principal",
    "SessionRecord",
    "TokenRecord",
    "UserRecord",
    "Via",
    "access_from_row",
    "access_of",
    "default_visibility",
    "may_grant",
    "may_manage",
    "may_read",
    "may_write",
    "principal_of",
]
