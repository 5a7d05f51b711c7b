"""Secrets made and checked: API tokens, session cookies, CSRF tokens, sign-in links and passwords.

A secret is 32 random bytes (``secrets.token_urlsafe``) with a prefix that says what it is, so a token
pasted into the wrong place is recognised (and secret scanners can find leaked ones). Only its SHA-256 is
stored: a random secret of that length needs no slow hash. Passwords are people's words, so they get
argon2id (``argon2-cffi``'s RFC 9106 defaults), hashed off the event loop by the caller.

Example:
    >>> secret = new_secret(TOKEN_PREFIX)
    >>> secret.startswith("amt_"), len(secret) > 40
    (True, True)
    >>> digest(secret) == digest(secret) != digest(secret + "x")
    True
    >>> same_secret("abc", "abc"), same_secret("abc", "abd")
    (True, False)
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TOKEN_PREFIX = "amt_"  # noqa: S105 - the prefix of personal API tokens, not a secret
"""Personal API tokens."""
SESSION_PREFIX = "ams_"
"""Session cookies."""
LINK_PREFIX = "aml_"
"""One-time sign-in links."""
SHOWN_PREFIX = 8
"""Characters of a token listed to tell it apart (its prefix and four random ones)."""

_HASHER = PasswordHasher()


def new_secret(prefix: str) -> str:
    """A fresh random secret: ``prefix`` and 43 URL-safe characters (256 bits)."""
    return prefix + secrets.token_urlsafe(32)


def new_id() -> str:
    """A short random id for a stored record (not a secret: ids are shown in lists)."""
    return secrets.token_hex(6)


def digest(secret: str) -> str:
    """What is stored of a secret: its SHA-256, hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison, so the time taken says nothing of how much matched."""
    return hmac.compare_digest(given.encode(), expected.encode())


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (slow on purpose: call it off the event loop)."""
    return _HASHER.hash(password)


def password_matches(password: str, hashed: str | None) -> bool:
    """Whether ``password`` is the one ``hashed`` was made from; with no hash a dummy one is checked.

    Checking a dummy hash when the user has none (or does not exist) takes as long as a real check, so the
    time of a failed sign-in does not say whether the account exists.
    """
    try:
        return _HASHER.verify(hashed or _dummy_hash(), password) and hashed is not None
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    return _HASHER.hash(secrets.token_urlsafe(16))
