"""The plain QBAF body read straight from its JSON bytes, for the bodies that need no careful reading.

A 10,000-argument body holds 30,000 ``[from, to]`` pairs. Decoded as generic JSON, then converted to
``QBAFBody``, then checked for repeated keys by encoding it again, it costs several times what the engine
takes to evaluate it, most of it in allocating (and having the garbage collector walk) one list or tuple per
pair. Here the body is decoded once against a fixed schema, each pair into a slot-only struct the collector
does not track, and the repeated-key check is one count over the bytes.

``decode_plain`` answers None for anything it cannot vouch for (a shape error, a backslash escape, a key
written twice, a value the lax reading would coerce): the caller then reads the body the careful way, which
names the problem exactly. A body it accepts is read to the same values as that careful way would read it.
"""

from __future__ import annotations

import re
from operator import attrgetter

import msgspec
from msgspec import UNSET, UnsetType

# The end of a key: in JSON text without escapes, the only quotes followed by a colon.
_KEY = re.compile(rb'"\s*:')


class WirePair(msgspec.Struct, array_like=True, gc=False, forbid_unknown_fields=True, frozen=True):
    """One ``[from, to]`` pair of the body (exactly two strings)."""

    source: str
    target: str


class WireBody(msgspec.Struct, gc=False, forbid_unknown_fields=True, frozen=True):
    """The plain QBAF body as sent; a field the body does not give is ``UNSET``.

    Attributes:
        arguments: Base score by argument id, in the body's order.
        supports: Support pairs, or ``UNSET``.
        attacks: Attack pairs, or ``UNSET``.
        root: The default topic (None when sent as null), or ``UNSET``.
    """

    arguments: dict[str, float]
    supports: list[WirePair] | UnsetType = UNSET
    attacks: list[WirePair] | UnsetType = UNSET
    root: str | UnsetType | None = UNSET

    @property
    def support_pairs(self) -> list[WirePair]:
        """The support pairs (none when the field is absent)."""
        return [] if isinstance(self.supports, UnsetType) else self.supports

    @property
    def attack_pairs(self) -> list[WirePair]:
        """The attack pairs (none when the field is absent)."""
        return [] if isinstance(self.attacks, UnsetType) else self.attacks

    @property
    def topic(self) -> str | None:
        """The body's root, or None."""
        return None if isinstance(self.root, UnsetType) else self.root

    def fields_given(self) -> int:
        """How many of the four top-level fields the body writes (``arguments`` always)."""
        return 1 + sum(not isinstance(value, UnsetType) for value in (self.supports, self.attacks, self.root))


_DECODER = msgspec.json.Decoder(WireBody)
source_of = attrgetter("source")
"""The source of a ``WirePair`` (mapped over the pairs in C, without a Python frame per pair)."""
target_of = attrgetter("target")
"""The target of a ``WirePair``."""


def decode_plain(raw: bytes) -> WireBody | None:
    """``raw`` decoded when it is a well-formed body that writes every key once; None to read it carefully.

    Without a backslash in the text every quote delimits a string and a key is a string followed by a colon,
    so the keys the text writes are counted in C; decoding keeps one value per key, so the body repeats a key
    exactly when it writes more keys than the decoded body holds (a count that may run over only sends a
    body the careful way, never lets a repeated key through). The schema nests three levels at most, so a
    body it takes is never too deep.

    Example:
        >>> decode_plain(b'{"arguments": {"a": 0.5, "b": 1}, "attacks": [["b", "a"]]}').attack_pairs
        [WirePair(source='b', target='a')]
        >>> decode_plain(b'{"arguments": {"a": 0.5, "a": 0.6}}') is None
        True
        >>> decode_plain(b'{"arguments": {"a": "0.5"}}') is None  # the careful reading coerces it
        True
    """
    if b"\\" in raw:
        return None
    try:
        body = _DECODER.decode(raw)
    except (msgspec.DecodeError, RecursionError):
        return None
    return body if _keys_written(raw) == len(body.arguments) + body.fields_given() else None


def _keys_written(raw: bytes) -> int:
    """How many keys the JSON ``raw`` (without a backslash) writes, or more: never fewer.

    Every key is a string followed by a colon, perhaps after white space; an opening quote followed by a colon
    inside a string is counted too, which only sends the body the careful way. When every colon of the text
    follows a quote, no key has white space before its colon and two byte counts say it.
    """
    tight = raw.count(b'":')
    return tight if raw.count(b":") == tight else len(_KEY.findall(raw))
