r"""Search requests: the user's words as a safe Lucene query, and cursors that carry where a page ends.

Example:
    >>> print(lucene_terms('drug "trials": AND'))
    drug \"trials\"\: and
    >>> decode_cursor(encode_cursor(0.5, "import-ai-455", "root"))
    (0.5, 'import-ai-455', 'root')
"""

from __future__ import annotations

import base64
import binascii

import msgspec

from graph.errors import InvalidQuery

LUCENE_SPECIAL = frozenset('+-&|!(){}[]^"~*?:\\/')


def lucene_terms(text: str) -> str | None:
    """The user's words as a Lucene query that matches any of them, with every operator escaped.

    Journalists type plain words and phrases; escaping keeps stray quotes or colons from becoming syntax
    errors, and lower-casing keeps AND, OR, NOT and TO from being read as operators (the index lower-cases
    anyway). None when nothing searchable is left.
    """
    words = [
        "".join("\\" + ch if ch in LUCENE_SPECIAL else ch for ch in word.lower()) for word in text.split()
    ]
    words = [word for word in words if word.strip("\\")]
    return " ".join(words) or None


def encode_cursor(score: float, map_id: str, node_id: str) -> str:
    """An opaque cursor for the hit after which the next page starts."""
    return base64.urlsafe_b64encode(msgspec.json.encode([score, map_id, node_id])).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[float, str, str]:
    """The (score, map, id) a cursor carries.

    Raises:
        InvalidQuery: a cursor this service did not issue.
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        score, map_id, node_id = msgspec.json.decode(raw, type=tuple[float, str, str])
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise InvalidQuery("cursor: not a cursor from a previous page of this search") from None
    return score, map_id, node_id
