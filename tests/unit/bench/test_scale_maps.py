"""The maps the scale benchmark loads: valid, distinct, about 100 nodes each, quotes matching sources."""

from __future__ import annotations

from collections import Counter

from bench.bench_scale import generate_maps
from graph.document import validate_document
from schemas import MapDocument

MAPS = generate_maps(3)


def _words(document: MapDocument) -> set[str]:
    return {word for node in document.nodes for word in node.text.lower().split()}


def test_generated_maps_validate() -> None:
    assert [validate_document(document) for document in MAPS] == [[], [], []]


def test_ids_are_unique_within_each_map_and_across_maps() -> None:
    for document in MAPS:
        node_ids = Counter(node.id for node in document.nodes)
        assert node_ids.most_common(1)[0][1] == 1
    assert len({document.id for document in MAPS}) == len(MAPS)
    source_ids = [source.id for document in MAPS for source in document.sources]
    assert len(set(source_ids)) == len(source_ids)


def test_maps_hold_about_a_hundred_nodes() -> None:
    assert all(95 <= len(document.nodes) <= 110 for document in MAPS)


def test_quotes_match_the_maps_own_source_text() -> None:
    for document in MAPS:
        texts = {source.id: source.text for source in document.sources}
        first = document.sources[0].id
        for node in document.nodes:
            for quote in node.quotes:
                text = texts[quote.source or first]
                assert text is not None
                assert text[quote.start : quote.end] == quote.text


def test_maps_use_different_words() -> None:
    first, second, _ = (_words(document) for document in MAPS)
    assert first - second
    assert second - first


def test_generation_is_deterministic() -> None:
    assert generate_maps(1, start=2) == [MAPS[2]]
