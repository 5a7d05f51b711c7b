"""The audit log: one JSON line per security event, on the ``argmap.audit`` logger.

Events name who acted and on what, never a secret: tokens, passwords, links and cookies are not written,
only ids. Where the lines go is the process's choice (``ARGMAP_AUDIT_LOG`` names a file; stderr otherwise).

Example:
    >>> import io, logging
    >>> stream = io.StringIO()
    >>> handler = logging.StreamHandler(stream)
    >>> AUDIT.addHandler(handler)
    >>> audit("token-revoked", actor="ms-li", user="ana", token="3f2a")
    >>> AUDIT.removeHandler(handler)
    >>> line = json.loads(stream.getvalue())
    >>> line["event"], line["actor"], line["token"], sorted(line)
    ('token-revoked', 'ms-li', '3f2a', ['actor', 'event', 'time', 'token', 'user'])
"""

from __future__ import annotations

import datetime
import enum
import json
import logging

AUDIT = logging.getLogger("argmap.audit")
AUDIT.setLevel(logging.INFO)


class Event(enum.StrEnum):
    """The security events the audit log records."""

    SIGN_IN = "sign-in"
    SIGN_IN_FAILED = "sign-in-failed"
    SIGN_OUT = "sign-out"
    LINK_CREATED = "sign-in-link-created"
    TOKEN_CREATED = "token-created"  # noqa: S105 - event names, not secrets
    TOKEN_REVOKED = "token-revoked"  # noqa: S105
    TOKEN_REFUSED = "token-refused"  # noqa: S105
    USER_CREATED = "user-created"
    USER_CHANGED = "user-changed"
    ROLE_CHANGED = "role-changed"
    GROUP_CREATED = "group-created"
    FORBIDDEN = "forbidden"
    CSRF_REFUSED = "csrf-refused"


def audit(event: str, **fields: str | int | None) -> None:
    """Write one audit line: the event, the time (UTC) and ``fields`` (ids and reasons, never secrets)."""
    if not AUDIT.isEnabledFor(logging.INFO):
        return
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    record = {"time": now, "event": str(event), **{k: v for k, v in fields.items() if v is not None}}
    AUDIT.info(json.dumps(record, ensure_ascii=False, sort_keys=False))
