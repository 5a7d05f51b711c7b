"""Entity tags: one string per version of a resource, and the version a client's tag names.

A tag is ``"<resource>-v<version>"`` with the quotes: strong, and changed by every write that can change a
byte of the representation (the map version for everything computed from the whole map).

Example:
    >>> version_tag("import-ai-455", 3)
    '"import-ai-455-v3"'
    >>> tag_version('"import-ai-455-v3"', "import-ai-455")
    3
    >>> tag_version('"other-v3"', "import-ai-455") is None
    True
"""

from __future__ import annotations

import hashlib


def version_tag(resource: str, version: int, *variant: object) -> str:
    """The strong entity tag of ``resource`` at ``version`` (``variant`` parts name other representations)."""
    suffix = "".join(f";{part}" for part in variant)
    return f'"{resource}-v{version}{suffix}"'


def tag_version(tag: str, resource: str) -> int | None:
    """The version a strong tag made by ``version_tag(resource, version)`` names, else None."""
    if len(tag) < 2 or not (tag.startswith('"') and tag.endswith('"')):
        return None
    head, _, version = tag[1:-1].rpartition("-v")
    if head != resource or not version.isdigit() or len(version) > 18:
        return None
    return int(version)


def content_tag(body: bytes) -> str:
    """A strong entity tag naming exactly ``body``: for reads whose body is not one map version's.

    Example:
        >>> content_tag(b'{"hits":[]}') == content_tag(b'{"hits":[]}') != content_tag(b'{"hits":[1]}')
        True
    """
    return '"h-' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
