"""Repeated JSON keys are found whether the text is parsed again or only counted against its decoded value."""

from __future__ import annotations

import msgspec
import pytest

from graph.document import repeated_key

CASES = [
    (b'{"a": 1, "a": 2}', "a"),
    (b'{"a": {"b": 1, "b": 2}}', "b"),
    (b'[{"x": ":"}, {"y": 1, "y": 1}]', "y"),
    (b'{"arguments": {"a0": 0.5, "a1": 0.2, "a0": 0.9}, "supports": [["a1", "a0"]]}', "a0"),
    (b'{"k" : 1, "k"\n: 2}', "k"),
    # Escapes: the same key spelled two ways, and colons and quotes inside strings.
    (b'{"a": 1, "\\u0061": 2}', "a"),
    (b'{"q": "say \\":\\" twice", "q": 3}', "q"),
]
UNIQUE = [
    b'{"a": 1, "b": {"a": 2}}',
    b'{"text": "a: b, \\"c\\": d", "n": [":", "\\":"]}',
    b'{"x": "\\\\", "y": ["\\\\\\":"]}',
    b'[1, "a", {"a": [{"a": null}]}]',
    b"{}",
]


@pytest.mark.parametrize(("body", "key"), CASES)
def test_a_repeated_key_is_named_both_ways(body: bytes, key: str) -> None:
    assert repeated_key(body) == key
    assert repeated_key(body, msgspec.json.decode(body)) == key


@pytest.mark.parametrize("body", UNIQUE)
def test_distinct_keys_pass_both_ways(body: bytes) -> None:
    assert repeated_key(body) is None
    assert repeated_key(body, msgspec.json.decode(body)) is None
