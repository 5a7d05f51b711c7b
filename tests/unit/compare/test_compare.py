"""Two maps of one text compared: every difference planted in B is reported, and nothing else."""

from __future__ import annotations

import msgspec
import pytest
from support.classroom_maps import OTHER_SOURCE, SOURCE, TEXT, homework_map, reading

from graph.compare import (
    SPAN_THRESHOLD,
    TEXT_THRESHOLD,
    align,
    common_sources,
    compare_maps,
    comparison_html,
    comparison_markdown,
)
from graph.errors import InvalidArgumentMap
from graph.mapgraph import MapGraph
from schemas import (
    BaseScoreDifference,
    MapComparison,
    MapDocument,
    MapVerdict,
    Node,
    NodeKind,
    Passage,
    Quote,
    Relation,
    RelationChange,
    RelationSide,
    RelationType,
    UnmatchedNode,
    WeightDifference,
)


def graph(document: MapDocument) -> MapGraph:
    return MapGraph(document, 1, {})


def verdict(map_id: str, strength: float) -> MapVerdict:
    return MapVerdict(
        map_id=map_id,
        version=1,
        title=map_id,
        root="r",
        root_text="Uniforms <b>help</b>.",
        semantics="QE",
        strength=strength,
    )


A, B = graph(reading("student-a", 0)), graph(reading("student-b", 1))
VERDICTS = (verdict("student-a", 0.61), verdict("student-b", 0.47))


@pytest.fixture(scope="module")
def comparison() -> MapComparison:
    return compare_maps(A, B, VERDICTS)


class TestPlantedDifferences:
    def test_every_point_both_make_is_paired_by_its_quotes_or_its_words(
        self, comparison: MapComparison
    ) -> None:
        assert [(m.a, m.b, m.matched_by) for m in comparison.matches] == [
            ("thesis", "b-thesis", ["span"]),
            ("bullying", "b-bullying", ["span"]),
            ("cost", "b-cost", ["span"]),
            ("expression", "b-expression", ["span"]),
            ("other-ways", "b-other", ["span"]),
            ("discipline", "b-discipline", ["text"]),
        ]
        discipline = comparison.matches[-1]
        assert discipline.span_overlap is None, "neither quotes anything"
        assert discipline.text_similarity == 1.0
        assert all(
            m.span_overlap is not None and m.span_overlap >= SPAN_THRESHOLD for m in comparison.matches[:5]
        )

    def test_the_missed_claim_is_reported_with_its_passage(self, comparison: MapComparison) -> None:
        start = TEXT.index("Some schools")
        end = start + len("Some schools saw no change in attendance")
        assert comparison.missed == [
            UnmatchedNode(
                id="attendance",
                kind=NodeKind.CAVEAT,
                text="Attendance did not improve everywhere.",
                passages=[Passage(source=SOURCE.id, start=start, end=end, text=TEXT[start:end])],
            )
        ]

    def test_the_extra_claim_is_reported_with_its_passage(self, comparison: MapComparison) -> None:
        start = TEXT.index("Uniforms also")
        assert comparison.extra == [
            UnmatchedNode(
                id="b-intruders",
                kind=NodeKind.CLAIM,
                text="Uniforms make strangers easy to spot.",
                passages=[Passage(source=SOURCE.id, start=start, end=len(TEXT), text=TEXT[start:])],
            )
        ]

    def test_the_flipped_polarity_is_the_only_relation_reported(self, comparison: MapComparison) -> None:
        assert comparison.relations == [
            RelationChange(
                change="polarity",
                a=RelationSide(
                    source="other-ways", target="expression", type=RelationType.ATTACKS, weight=1.0
                ),
                b=RelationSide(
                    source="b-other", target="b-expression", type=RelationType.SUPPORTS, weight=1.0
                ),
            )
        ]

    def test_the_changed_base_score_and_weight_are_the_only_numbers_reported(
        self, comparison: MapComparison
    ) -> None:
        assert comparison.base_scores == [
            BaseScoreDifference(a="cost", b="b-cost", a_base_score=0.6, b_base_score=0.3, difference=-0.3)
        ]
        assert comparison.weights == [
            WeightDifference(
                a=RelationSide(source="bullying", target="thesis", type=RelationType.SUPPORTS, weight=0.8),
                b=RelationSide(
                    source="b-bullying", target="b-thesis", type=RelationType.SUPPORTS, weight=0.4
                ),
                difference=-0.4,
            )
        ]
        assert (comparison.base_scores_differing, comparison.weights_differing) == (1, 1)

    def test_the_verdicts_and_sources_are_carried_as_given(self, comparison: MapComparison) -> None:
        assert (comparison.a, comparison.b) == VERDICTS
        assert [source.id for source in comparison.sources] == [SOURCE.id]
        assert (comparison.span_threshold, comparison.text_threshold) == (SPAN_THRESHOLD, TEXT_THRESHOLD)

    def test_a_map_compared_with_itself_differs_in_nothing(self) -> None:
        same = compare_maps(A, A, (VERDICTS[0], VERDICTS[0]))
        assert [(m.a, m.b) for m in same.matches] == [(node.id, node.id) for node in A.document.nodes]
        assert (same.missed, same.extra, same.relations, same.base_scores, same.weights) == (
            [],
            [],
            [],
            [],
            [],
        )

    def test_b_against_a_swaps_missed_and_extra(self) -> None:
        swapped = compare_maps(B, A, (VERDICTS[1], VERDICTS[0]))
        assert [node.id for node in swapped.missed] == ["b-intruders"]
        assert [node.id for node in swapped.extra] == ["attendance"]
        assert [(c.change, c.a and c.a.type, c.b and c.b.type) for c in swapped.relations] == [
            ("polarity", RelationType.SUPPORTS, RelationType.ATTACKS)
        ]


class TestRelations:
    def variant(self, *relations: tuple[str, str, RelationType]) -> MapGraph:
        """B with its relations among the matched nodes replaced (A's own ids, mapped to B's)."""
        ids = {"thesis": "b-thesis", "cost": "b-cost", "expression": "b-expression", "other-ways": "b-other"}
        document = reading("student-b", 1)
        kept = [
            msgspec.structs.replace(r, weight=0.8) if r.source == "b-bullying" else r
            for r in document.relations
        ]
        kept = [r for r in kept if r.source not in ("b-cost", "b-other")]
        kept += [Relation(source=ids[s], target=ids[t], type=kind) for s, t, kind in relations]
        return graph(msgspec.structs.replace(document, relations=kept))

    def changes(self, b: MapGraph) -> list[tuple[str, str | None, str | None]]:
        def ends(side: RelationSide | None) -> str | None:
            return None if side is None else f"{side.source}>{side.target}"

        return [(c.change, ends(c.a), ends(c.b)) for c in compare_maps(A, b, VERDICTS).relations]

    def test_a_reversed_relation_is_a_difference_of_direction(self) -> None:
        b = self.variant(
            ("thesis", "cost", RelationType.SUPPORTS), ("other-ways", "expression", RelationType.ATTACKS)
        )
        assert self.changes(b) == [("direction", "cost>thesis", "b-thesis>b-cost")]

    def test_reversed_and_flipped_is_named_both(self) -> None:
        b = self.variant(
            ("thesis", "cost", RelationType.ATTACKS), ("other-ways", "expression", RelationType.ATTACKS)
        )
        assert self.changes(b) == [("direction-and-polarity", "cost>thesis", "b-thesis>b-cost")]

    def test_attack_against_qualification_is_a_difference_of_type_only(self) -> None:
        b = self.variant(
            ("cost", "thesis", RelationType.SUPPORTS), ("other-ways", "expression", RelationType.QUALIFIES)
        )
        assert self.changes(b) == [("type", "other-ways>expression", "b-other>b-expression")]

    def test_a_relation_only_one_map_draws_is_missed_or_extra(self) -> None:
        b = self.variant(
            ("other-ways", "expression", RelationType.ATTACKS),
            ("other-ways", "thesis", RelationType.SUPPORTS),
        )
        assert self.changes(b) == [("missed", "cost>thesis", None), ("extra", None, "b-other>b-thesis")]

    def test_two_relations_between_one_pair_are_paired_most_alike_first(self) -> None:
        b = self.variant(
            ("cost", "thesis", RelationType.ATTACKS),
            ("cost", "thesis", RelationType.SUPPORTS),
            ("other-ways", "expression", RelationType.ATTACKS),
        )
        assert self.changes(b) == [("extra", None, "b-cost>b-thesis")]


class TestAlignment:
    def test_best_overlap_wins_when_two_nodes_quote_one_passage(self) -> None:
        start, end = TEXT.index("They reduce"), TEXT.index(" a survey")
        wider = Node(
            id="b-wider",
            kind=NodeKind.CLAIM,
            text="Something else.",
            speaker="student",
            base_score=0.5,
            rationale="r",
            quotes=[Quote(start=start - 10, end=end, text=TEXT[start - 10 : end])],
        )
        document = reading("student-b", 1)
        b = graph(msgspec.structs.replace(document, nodes=[wider, *document.nodes]))
        pairs = {(p.a, p.b) for p in align(A, b, {SOURCE.id})}
        assert ("bullying", "b-bullying") in pairs, "the closer quote wins, whatever the node order"
        assert not any(pair[1] == "b-wider" for pair in pairs)

    def test_quotes_on_a_source_only_one_map_cites_are_not_compared(self) -> None:
        pairs = align(A, B, {OTHER_SOURCE.id})
        assert [(p.a, p.b, p.span) for p in pairs] == [("discipline", "b-discipline", None)]


class TestNoCommonSource:
    def test_is_refused_naming_both_maps_and_their_sources(self) -> None:
        with pytest.raises(InvalidArgumentMap) as raised:
            common_sources(A, graph(homework_map()))
        assert "'student-a' and 'homework'" in raised.value.detail
        assert [(p.path, p.message) for p in raised.value.problems] == [
            ("maps/student-a/sources", f"'student-a' cites {SOURCE.id!r}"),
            ("maps/homework/sources", f"'homework' cites {OTHER_SOURCE.id!r}"),
        ]


class TestNotes:
    def test_read_like_a_teachers_notes(self, comparison: MapComparison) -> None:
        notes = comparison_markdown(comparison)
        start = TEXT.index("Some schools")
        assert (
            f"- B does not map the argument at characters {start}-{start + 40} of “Why uniforms?”: "
            "'Some schools saw no change in attendance' (A: “Attendance did not improve everywhere.”)."
        ) in notes
        assert "B also maps the argument at characters" in notes
        assert "A reads “Pupils have other outlets for self-expression.” as attacking" in notes
        assert "“Uniforms save families money.” stands on its own at 0.60 in A and 0.30 in B." in notes
        assert "acts with weight 0.80 in A and 0.40 in B." in notes
        assert "ends at 0.61 under QE" in notes
        assert "ends at 0.47 under QE" in notes

    @pytest.mark.parametrize("word", ["grade", "score:", "%", "correct", "wrong", "/10", "mark "])
    def test_never_grade_either_map(self, comparison: MapComparison, word: str) -> None:
        assert word not in comparison_markdown(comparison).lower()
        assert word not in comparison_html(comparison).lower()

    def test_escape_the_maps_words(self, comparison: MapComparison) -> None:
        page = comparison_html(comparison)
        assert "<b>help</b>" not in page
        assert "Uniforms &lt;b&gt;help&lt;/b&gt;." in page
        assert "<script" not in page
        assert "Uniforms &lt;b&gt;help&lt;/b&gt;." in comparison_markdown(comparison)

    def test_the_page_is_readable_on_a_phone(self, comparison: MapComparison) -> None:
        page = comparison_html(comparison)
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
        assert page.index("What B does not map") < page.index("Points both maps make")
