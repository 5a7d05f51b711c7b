"""The crux between two maps of one text: B's numbers on the points both make, and no smaller set flips.

The two students' maps differ by planted differences (``support.classroom_maps``): of those, only the base
score of ``cost`` and the weight of ``bullying`` -> ``thesis`` are numbers A can adopt; the missed and extra
claims and the relation of the other polarity are not. Minimality is checked by brute force: every subset of
B's numbers taken into A and scored whole.
"""

from __future__ import annotations

import itertools

import msgspec
import pytest
from support.classroom_maps import homework_map, reading

from graph.compare import map_crux, reading_of
from graph.errors import InvalidArgumentMap
from graph.mapgraph import MapGraph, node_strengths, scenario_document
from schemas import MapVerdict, Perspective, RelationWeight

A, B = MapGraph(reading("student-a", 0), 1, {}), MapGraph(reading("student-b", 1), 1, {})
SCEPTIC_SCORES = {"b-thesis": 0.05, "b-bullying": 0.2, "b-discipline": 0.1}
SCEPTIC = MapGraph(
    msgspec.structs.replace(
        B.document,
        id="student-c",
        nodes=[
            msgspec.structs.replace(node, base_score=SCEPTIC_SCORES.get(node.id, node.base_score))
            for node in B.document.nodes
        ],
    ),
    1,
    {},
)


def verdict(graph: MapGraph) -> MapVerdict:
    strength = node_strengths(graph.document)[graph.root]
    return MapVerdict(
        map_id=graph.id,
        version=1,
        title=graph.id,
        root=graph.root,
        root_text=graph.nodes[graph.root].text,
        semantics="QE",
        strength=strength,
    )


def root_with(a: MapGraph, reading: Perspective, chosen: tuple[int, ...]) -> float:
    """A's root strength with only the chosen numbers of ``reading`` (base scores first, then weights)."""
    numbers: list[tuple[str, str | RelationWeight, float]] = [
        ("score", node, value) for node, value in reading.base_scores.items()
    ]
    numbers += [("weight", weight, weight.weight) for weight in reading.weights]
    picked = [numbers[i] for i in chosen]
    scores = {str(item): value for kind, item, value in picked if kind == "score"}
    weights = [item for kind, item, _ in picked if kind == "weight" and isinstance(item, RelationWeight)]
    document = scenario_document(a.document, base_scores=scores, weights=weights)
    return node_strengths(document)[a.root]


def test_b_gives_only_the_numbers_of_the_points_both_make_alike() -> None:
    found, matched = reading_of(A, B)
    assert found.base_scores == {"cost": 0.3}
    assert found.weights == [RelationWeight(source="bullying", target="thesis", weight=0.4)]
    assert matched["cost"] == "b-cost"
    assert "attendance" not in matched


@pytest.mark.parametrize(("other", "flips"), [(B, False), (SCEPTIC, True)], ids=["agree", "flip"])
def test_the_crux_is_the_smallest_set_that_flips_as_verdict(other: MapGraph, flips: bool) -> None:
    found, _ = reading_of(A, other)
    answer = map_crux(A, other, (verdict(A), verdict(other)))
    n = len(found.base_scores) + len(found.weights)
    start = root_with(A, found, ())
    assert answer.crux.a_root_strength == pytest.approx(start)
    assert answer.crux.b_root_strength == pytest.approx(root_with(A, found, tuple(range(n))))
    flipping = [
        chosen
        for size in range(1, n + 1)
        for chosen in itertools.combinations(range(n), size)
        if (root_with(A, found, chosen) >= 0.5) != (start >= 0.5)
    ]
    assert bool(flipping) is flips
    if not flipping:
        assert answer.crux.agree
        assert answer.crux.crux == []
        return
    assert not answer.crux.agree
    assert len(answer.crux.crux) == min(len(chosen) for chosen in flipping)
    assert answer.crux.minimal
    assert answer.crux.crux_root_strength == pytest.approx(
        max(
            (root_with(A, found, c) for c in flipping if len(c) == len(answer.crux.crux)),
            key=lambda v: abs(v - 0.5),
        )
    )
    assert answer.matched == len(reading_of(A, other)[1])
    assert (answer.a.map_id, answer.b.map_id) == ("student-a", other.id)


def test_maps_of_different_texts_are_refused() -> None:
    with pytest.raises(InvalidArgumentMap, match="cite no common source"):
        map_crux(A, MapGraph(homework_map(), 1, {}), (verdict(A), verdict(A)))
