"""A map id that names a page at the maps' address is refused, with what to do."""

from __future__ import annotations

import msgspec
from support.maps import small_map

from graph.document import validate_document


def test_new_is_not_a_map_id() -> None:
    problems = validate_document(msgspec.structs.replace(small_map(), id="new"))
    assert [(problem.path, problem.code) for problem in problems] == [("id", "reserved-id")]
    assert "choose another" in problems[0].message


def test_an_id_that_only_starts_with_new_is_fine() -> None:
    assert validate_document(msgspec.structs.replace(small_map(), id="new-deal")) == []
