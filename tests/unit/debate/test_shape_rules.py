"""The linter's rules for a shape that misleads the numbers: each finds its seeded defect, and the essay,
remodelled, keeps only the findings its theses deserve."""

from __future__ import annotations

from graph.debate import find_gaps
from graph.mapgraph import MapGraph
from schemas import (
    MapDocument,
    Node,
    NodeKind,
    Quote,
    QuoteProvenance,
    Relation,
    RelationType,
    Severity,
    Source,
    Speaker,
)

TEXT = 'The author says "prices will fall soon" and adds that prices fall fast.\nNo more.'
SUPPORTS = RelationType.SUPPORTS
ATTACKS = RelationType.ATTACKS


def _node(node_id: str, kind: NodeKind, score: float, speaker: str = "author", **extra: object) -> Node:
    return Node(
        id=node_id,
        kind=kind,
        text=f"The point called {node_id}.",
        speaker=speaker,
        base_score=score,
        rationale="a test node",
        **extra,  # type: ignore[arg-type]
    )


def _graph(nodes: list[Node], relations: list[tuple[str, str, RelationType, float | None]]) -> MapGraph:
    document = MapDocument(
        id="prices",
        title="Prices",
        sources=[Source(id="s", title="S", text=TEXT)],
        speakers=[Speaker(id="author", name="The author"), Speaker(id="analyst", name="An analyst")],
        nodes=nodes,
        relations=[Relation(source=s, target=t, type=k, weight=w) for s, t, k, w in relations],
    )
    return MapGraph(document, 1, {})


def _found(graph: MapGraph, kind: str) -> list[tuple[list[str], Severity, str]]:
    return [(f.nodes, f.severity, f.message) for f in find_gaps(graph).findings if f.kind == kind]


def test_a_speaker_words_quote_outside_quotation_marks_is_an_error() -> None:
    inside = Quote(start=17, end=38, text="prices will fall soon", provenance=QuoteProvenance.SPEAKER_WORDS)
    outside = Quote(start=55, end=71, text="prices fall fast", provenance=QuoteProvenance.SPEAKER_WORDS)
    graph = _graph(
        [
            _node("t", NodeKind.THESIS, 0.4, quotes=[inside]),
            _node("fast", NodeKind.CLAIM, 0.5, quotes=[outside]),
        ],
        [("fast", "t", SUPPORTS, None)],
    )

    found = _found(graph, "speaker-words-unquoted")

    assert [(nodes, severity) for nodes, severity, _ in found] == [(["fast"], Severity.ERROR)]
    assert "'prices fall fast'" in found[0][2]


def test_a_concession_attacking_its_speakers_own_claim_is_found_unanswered_or_winning() -> None:
    nodes = [
        _node("t", NodeKind.THESIS, 0.4),
        _node("reading", NodeKind.CLAIM, 0.4, speaker="analyst"),
        _node("granted", NodeKind.COUNTERPOINT, 0.4, speaker="analyst"),
        _node("a", NodeKind.EVIDENCE, 0.8, speaker="analyst"),
        _node("b", NodeKind.EVIDENCE, 0.8, speaker="analyst"),
        _node("answer", NodeKind.COUNTERPOINT, 0.5, speaker="analyst"),
    ]
    relations: list[tuple[str, str, RelationType, float | None]] = [
        ("reading", "t", SUPPORTS, None),
        ("granted", "reading", ATTACKS, None),
        ("a", "granted", SUPPORTS, None),
        ("b", "granted", SUPPORTS, None),
        ("answer", "granted", ATTACKS, 0.3),
    ]

    winning = _found(_graph(nodes, relations), "concession-against-own-claim")
    unanswered = _found(_graph(nodes[:5], relations[:4]), "concession-against-own-claim")
    answered = _found(
        _graph(nodes[:3] + nodes[5:], [*relations[:2], ("answer", "granted", ATTACKS, None)]),
        "concession-against-own-claim",
    )

    assert [found[0][:2] for found in (winning, unanswered)] == [
        (["granted", "reading"], Severity.WARNING)
    ] * 2
    assert "the concession wins" in winning[0][2]
    assert "nothing of the speaker's answers it" in unanswered[0][2]
    assert answered == []


def test_a_node_saturating_on_many_supporters_with_idle_evidence_is_found() -> None:
    readings = [f"r{i}" for i in range(6)]
    nodes = [
        _node("t", NodeKind.THESIS, 0.4),
        _node("shape", NodeKind.CLAIM, 0.3),
        _node("datum", NodeKind.EVIDENCE, 0.8),
        *(_node(r, NodeKind.CLAIM, 0.8) for r in readings),
    ]
    relations: list[tuple[str, str, RelationType, float | None]] = [
        ("shape", "t", SUPPORTS, None),
        ("datum", "shape", SUPPORTS, 0.5),
        *((r, "shape", SUPPORTS, None) for r in readings),
    ]

    found = _found(_graph(nodes, relations), "saturated-on-shape")
    fed_by_evidence = _found(_graph(nodes[:3], relations[:2]), "saturated-on-shape")

    assert [nodes for nodes, _, _ in found] == [["shape"]]
    assert "7 supporters" in found[0][2]
    assert fed_by_evidence == []


def test_a_third_party_projection_among_the_top_contributors_is_found() -> None:
    from schemas import Forecast

    projection = _node(
        "guess",
        NodeKind.CLAIM,
        0.6,
        speaker="analyst",
        forecast=Forecast(resolves_by="2030-01-01", criterion="x"),
    )
    nodes = [_node("t", NodeKind.THESIS, 0.4), projection, _node("datum", NodeKind.EVIDENCE, 0.8)]
    on_thesis = _graph(nodes, [("guess", "t", SUPPORTS, None), ("datum", "t", SUPPORTS, 0.2)])
    under_datum = _graph(nodes, [("guess", "datum", SUPPORTS, 0.1), ("datum", "t", SUPPORTS, None)])

    assert [nodes for nodes, _, _ in _found(on_thesis, "projection-on-top")] == [["guess"]]
    assert _found(under_datum, "projection-on-top") == []


def test_a_verdict_that_changes_side_across_semantics_is_found() -> None:
    # Base 0.45 with one supporter of 0.6: QE and DF-QuAD lift it over 0.5, Euler-based does not.
    nodes = [_node("t", NodeKind.THESIS, 0.45), _node("e", NodeKind.EVIDENCE, 0.6)]
    graph = _graph(nodes, [("e", "t", SUPPORTS, 0.3)])

    found = _found(graph, "verdict-changes-side")

    assert [(nodes, severity) for nodes, severity, _ in found] == [(["t"], Severity.INFO)]
    assert "(QE)" in found[0][2]
    assert "(Euler-based)" in found[0][2]


def test_a_thesis_stronger_than_the_root_only_by_its_supporter_count_is_found() -> None:
    soft = [f"s{i}" for i in range(5)]
    nodes = [
        _node("t", NodeKind.THESIS, 0.4),
        _node("u", NodeKind.THESIS, 0.4),
        _node("e", NodeKind.EVIDENCE, 0.8),
        _node("o", NodeKind.COUNTERPOINT, 0.5),
        *(_node(s, NodeKind.CLAIM, 0.5) for s in soft),
    ]
    relations: list[tuple[str, str, RelationType, float | None]] = [
        ("e", "t", SUPPORTS, None),
        *((s, "u", SUPPORTS, None) for s in soft),
    ]
    graph = _graph(nodes[:3] + nodes[4:], relations)
    opposed = _graph(nodes, [*relations, ("o", "u", ATTACKS, None)])

    found = _found(graph, "strength-from-count")

    assert [nodes for nodes, _, _ in found] == [["u", "t"]]
    assert "5 supporters" in found[0][2]
    assert _found(opposed, "strength-from-count") == []


def test_the_remodelled_essay_keeps_only_the_findings_its_theses_deserve(essay: MapGraph) -> None:
    kinds = {f.kind: f.nodes for f in find_gaps(essay).findings}
    by_kind = {
        kind: sorted(tuple(f.nodes) for f in find_gaps(essay).findings if f.kind == kind)
        for kind in (
            "speaker-words-unquoted",
            "concession-against-own-claim",
            "saturated-on-shape",
            "projection-on-top",
            "verdict-changes-side",
            "strength-from-count",
        )
    }

    assert kinds
    assert by_kind == {
        "speaker-words-unquoted": [],
        "concession-against-own-claim": [],
        "saturated-on-shape": [],
        "projection-on-top": [],
        # The 2027 figure's strength sits on different sides of 0.5 under QE, DF-QuAD and Euler-based.
        "verdict-changes-side": [("forecast-2027-thirty-percent",)],
        # The consequences and the reporter's reading read stronger than the forecast on supporter count.
        "strength-from-count": [
            ("reporter-verdict", "clark-thesis-automated-rd-2028"),
            ("society-not-ready", "clark-thesis-automated-rd-2028"),
        ],
    }
