"""A quote given by its words with ``"source": null`` (as JSON clients write an empty field) is placed."""

from __future__ import annotations

from typing import Any

from graph.document._anchor import fill_offsets


def test_a_null_source_is_the_maps_one_source() -> None:
    raw: dict[str, Any] = {
        "sources": [{"id": "s", "text": "Cats sleep. Dogs bark."}],
        "nodes": [{"quotes": [{"text": "Dogs bark", "source": None}]}],
    }

    anchoring = fill_offsets(raw)

    assert anchoring.problems == []
    assert raw["nodes"][0]["quotes"][0] == {"text": "Dogs bark", "source": None, "start": 12, "end": 21}
