"""The modelling rules of docs/map-format.md, pinned on the essay map, so its scores mean what they say."""

from __future__ import annotations

from collections import defaultdict

import pytest

from graph.document import inside_quotation_marks
from graph.forecasts import map_forecasts
from graph.mapgraph import MapGraph, claim_view, evaluate, framework, scores_view
from graph.scoring import compute_strengths
from schemas import (
    DEFAULT_SEMANTICS,
    ForecastStatus,
    MapDocument,
    Node,
    NodeKind,
    QuoteProvenance,
    RelationType,
)

ROOT = "clark-thesis-automated-rd-2028"
CONSEQUENCES = "society-not-ready"
REPORTER = "virtuesig-reporter"
CLARK = "jack-clark"


def _ancestors(doc: MapDocument, target: str) -> set[str]:
    """Every node with a path of relations to ``target`` (``target`` itself excluded)."""
    into: defaultdict[str, list[str]] = defaultdict(list)
    for relation in doc.relations:
        into[relation.target].append(relation.source)
    seen: set[str] = set()
    frontier = [target]
    while frontier:
        for source in into[frontier.pop()]:
            if source not in seen:
                seen.add(source)
                frontier.append(source)
    return seen


def _nodes(doc: MapDocument) -> dict[str, Node]:
    return {node.id: node for node in doc.nodes}


def _text(doc: MapDocument, source_id: str | None) -> str:
    texts = {source.id: source.text for source in doc.sources if source.text is not None}
    return texts[source_id] if source_id is not None else next(iter(texts.values()))


def _graph(doc: MapDocument) -> MapGraph:
    return MapGraph(document=doc, version=1, node_versions={node.id: 1 for node in doc.nodes})


class TestTheses:
    def test_the_essay_has_the_forecast_the_2027_figure_the_consequences_and_the_reading(
        self, essay_map: MapDocument
    ) -> None:
        theses = {node.id: node.speaker for node in essay_map.nodes if node.kind is NodeKind.THESIS}

        assert theses == {
            ROOT: CLARK,
            "forecast-2027-thirty-percent": CLARK,
            CONSEQUENCES: CLARK,
            "reporter-verdict": REPORTER,
        }
        assert essay_map.root == ROOT

    def test_no_thesis_reaches_another_thesis(self, essay_map: MapDocument) -> None:
        theses = {node.id for node in essay_map.nodes if node.kind is NodeKind.THESIS}

        reached = {thesis: sorted(_ancestors(essay_map, thesis) & theses) for thesis in theses}

        assert reached == {thesis: [] for thesis in theses}

    def test_the_consequences_do_not_reach_the_forecast(self, essay_map: MapDocument) -> None:
        consequences = _ancestors(essay_map, CONSEQUENCES) | {CONSEQUENCES}
        tagged = {node.id for node in essay_map.nodes if "consequences" in node.tags}

        assert tagged <= consequences
        assert _ancestors(essay_map, ROOT) & consequences == set()

    def test_readings_of_the_argument_do_not_feed_the_forecast(self, essay_map: MapDocument) -> None:
        # The reporter reaches the forecast only with caveats on the datapoints themselves; every reading of
        # the argument (its shape, its weakest point, how to read the number or the tone) is under the
        # reporter's own thesis.
        nodes = {node.id: node for node in essay_map.nodes}
        upstream = _ancestors(essay_map, ROOT)
        reporter_upstream = {node_id for node_id in upstream if nodes[node_id].speaker == REPORTER}
        into_forecast_tree = [
            relation
            for relation in essay_map.relations
            if relation.source in reporter_upstream
            and (relation.target in upstream or relation.target == ROOT)
        ]

        assert into_forecast_tree
        assert {relation.type for relation in into_forecast_tree} == {RelationType.QUALIFIES}
        assert all(nodes[node_id].kind is NodeKind.CAVEAT for node_id in reporter_upstream)
        for reading in (
            "reporter-verdict",
            "evidentiary-case-face-value",
            "headline-sixty-is-a-feel",
            "creativity-gap-does-most-work",
            "convergence-is-strength",
            "argument-is-mosaic",
        ):
            assert reading not in upstream, reading


class TestEvidenceCarriesTheForecast:
    def test_switching_off_all_evidence_moves_the_forecast(self, essay_map: MapDocument) -> None:
        evidence = {node.id for node in essay_map.nodes if node.kind is NodeKind.EVIDENCE}
        cut = {(r.source, r.target) for r in essay_map.relations if r.source in evidence}

        full = compute_strengths(framework(essay_map), DEFAULT_SEMANTICS).strengths[ROOT]
        off = compute_strengths(framework(essay_map, removed_relations=cut), DEFAULT_SEMANTICS).strengths[
            ROOT
        ]

        assert cut
        assert full - off >= 0.05

    def test_claims_resting_on_evidence_start_modest(self, essay_map: MapDocument) -> None:
        kinds = {node.id: node.kind for node in essay_map.nodes}
        resting = {
            relation.target
            for relation in essay_map.relations
            if relation.type is RelationType.SUPPORTS and kinds[relation.source] is NodeKind.EVIDENCE
        }
        claims = [node for node in essay_map.nodes if node.id in resting and node.kind is NodeKind.CLAIM]

        assert claims
        assert {node.id: node.base_score for node in claims if node.base_score > 0.4} == {}

    @pytest.mark.parametrize(
        "premise", ["coding-automates-rd-component", "capability-curves-converge", "engineering-within-reach"]
    )
    def test_each_premise_of_clarks_is_lifted_by_datapoints_of_its_own(
        self, premise: str, essay_map: MapDocument
    ) -> None:
        strengths = compute_strengths(framework(essay_map), DEFAULT_SEMANTICS).strengths
        kinds = {node.id: node.kind for node in essay_map.nodes}
        node = _nodes(essay_map)[premise]
        datapoints = [
            r.source
            for r in essay_map.relations
            if r.target == premise and kinds[r.source] is NodeKind.EVIDENCE
        ]

        assert datapoints
        assert strengths[premise] - node.base_score > 0.15
        assert any(r.source == premise and r.target == ROOT for r in essay_map.relations)


HEADLINE_DATAPOINTS = [
    "swe-bench-trajectory",
    "metr-time-horizon",
    "core-bench-trajectory",
    "mle-bench-trajectory",
    "training-loop-speedup",
]


def _forecast(doc: MapDocument, **changes: object) -> float:
    return compute_strengths(framework(doc, **changes), DEFAULT_SEMANTICS).strengths[ROOT]  # type: ignore[arg-type]


def _with_evidence(doc: MapDocument) -> set[str]:
    """Nodes that are evidence or have evidence among their ancestors: evidence of their own."""
    kinds = {node.id: node.kind for node in doc.nodes}
    return {
        node.id
        for node in doc.nodes
        if kinds[node.id] is NodeKind.EVIDENCE
        or any(kinds[other] is NodeKind.EVIDENCE for other in _ancestors(doc, node.id))
    }


class TestTheDatapointsDecideTheForecast:
    """Modelling rules 4, 5, 10 and 11: the evidence lifts the premises, the premises lift the thesis."""

    @pytest.mark.parametrize("datapoint", HEADLINE_DATAPOINTS)
    def test_each_headline_datapoint_removed_alone_moves_the_forecast(
        self, datapoint: str, essay_map: MapDocument
    ) -> None:
        full = _forecast(essay_map)

        assert full - _forecast(essay_map, removed_nodes={datapoint}) >= 0.01

    def test_all_evidence_at_zero_against_all_at_one_moves_the_forecast_by_a_fifth(
        self, essay_map: MapDocument
    ) -> None:
        evidence = [node.id for node in essay_map.nodes if node.kind is NodeKind.EVIDENCE]

        low = _forecast(essay_map, base_scores=dict.fromkeys(evidence, 0.0))
        high = _forecast(essay_map, base_scores=dict.fromkeys(evidence, 1.0))

        assert high - low >= 0.2

    def test_the_top_three_contributors_have_evidence_of_their_own(self, essay_map: MapDocument) -> None:
        evaluation = evaluate(_graph(essay_map))
        top = [item.argument for item in evaluation.contributions.contributions[:3]]

        assert set(top) <= _with_evidence(essay_map), top

    def test_no_node_saturates_on_restated_shape(self, essay_map: MapDocument) -> None:
        # A node that many supporters lift above 0.9 says the argument's shape, not its evidence, is strong.
        strengths = compute_strengths(framework(essay_map), DEFAULT_SEMANTICS).strengths
        supported = {r.target for r in essay_map.relations if r.type is RelationType.SUPPORTS}
        saturated = {
            node.id: round(strengths[node.id], 3)
            for node in essay_map.nodes
            if node.id in supported and strengths[node.id] > 0.9
        }

        assert saturated == {}

    def test_a_third_party_projection_bears_lightly_on_the_measurement_it_projects(
        self, essay_map: MapDocument
    ) -> None:
        full = _forecast(essay_map)
        uses = [(r.target, r.weight) for r in essay_map.relations if r.source == "cotra-100-hour-forecast"]

        assert uses == [("metr-time-horizon", 0.1)]
        assert abs(full - _forecast(essay_map, removed_nodes={"cotra-100-hour-forecast"})) < 0.001

    def test_a_datapoint_is_among_the_top_ten_contributors(self, essay_map: MapDocument) -> None:
        evaluation = evaluate(_graph(essay_map))
        kinds = {node.id: node.kind for node in essay_map.nodes}
        top = [item.argument for item in evaluation.contributions.contributions[:10]]

        assert any(kinds[node_id] is NodeKind.EVIDENCE for node_id in top), top


class TestClarksOwnQualifications:
    def test_the_forecast_has_one_consideration_against_it_counted_once(self, essay_map: MapDocument) -> None:
        against = [
            relation
            for relation in essay_map.relations
            if relation.target == ROOT and relation.type is not RelationType.SUPPORTS
        ]

        assert [relation.source for relation in against] == ["creativity-gap"]

    def test_the_creativity_gap_is_split_into_the_fact_and_its_relevance(
        self, essay_map: MapDocument
    ) -> None:
        # Clark grants the fact and denies that it matters: his reply attacks the inference (the relevance),
        # the mathematics counterexamples attack the fact, and the fact is what the relevance rests on.
        relations = {(r.source, r.target): r.type for r in essay_map.relations}

        assert relations[("ai-cannot-yet-invent", "creativity-gap")] is RelationType.SUPPORTS
        assert relations[("invention-may-not-be-needed", "creativity-gap")] is RelationType.ATTACKS
        assert relations[("invention-counterexamples-exist", "ai-cannot-yet-invent")] is RelationType.ATTACKS
        assert relations[("no-move-37-in-ten-years", "ai-cannot-yet-invent")] is RelationType.SUPPORTS
        assert ("invention-may-not-be-needed", "ai-cannot-yet-invent") not in relations

    def test_the_2027_forecast_rests_on_the_same_premises_with_the_sources_polarity(
        self, essay_map: MapDocument
    ) -> None:
        into = {r.source: r.type for r in essay_map.relations if r.target == "forecast-2027-thirty-percent"}
        node = _nodes(essay_map)["forecast-2027-thirty-percent"]

        assert into == {
            "coding-automates-rd-component": RelationType.SUPPORTS,
            "capability-curves-converge": RelationType.SUPPORTS,
            "engineering-within-reach": RelationType.SUPPORTS,
            "creativity-gap": RelationType.QUALIFIES,
        }
        assert "only" not in node.text
        assert _ancestors(essay_map, "forecast-2027-thirty-percent") & set(HEADLINE_DATAPOINTS)

    def test_a_speakers_concessions_do_not_attack_their_own_claims(self, essay_map: MapDocument) -> None:
        nodes = _nodes(essay_map)
        own = [
            (r.source, r.target)
            for r in essay_map.relations
            if r.type is not RelationType.SUPPORTS
            and nodes[r.source].speaker == nodes[r.target].speaker
            and nodes[r.target].speaker == REPORTER
        ]

        assert own == []

    def test_the_2027_figure_and_the_falsification_are_not_objections(self, essay_map: MapDocument) -> None:
        nodes = {node.id: node for node in essay_map.nodes}

        assert [r for r in essay_map.relations if r.source == "forecast-2027-thirty-percent"] == []
        assert any("fundamental deficiency" in quote.text for quote in nodes[ROOT].quotes)
        assert "failure-would-reveal-paradigm-limit" not in nodes

    def test_clark_does_not_attack_or_qualify_his_own_evidence(self, essay_map: MapDocument) -> None:
        nodes = {node.id: node for node in essay_map.nodes}
        own = [
            relation
            for relation in essay_map.relations
            if relation.type is not RelationType.SUPPORTS
            and nodes[relation.source].speaker == CLARK
            and relation.target in _ancestors(essay_map, "capability-curves-converge")
        ]

        assert own == []


class TestAttribution:
    @pytest.mark.parametrize(
        "node_id",
        ["swe-bench-trajectory", "core-bench-trajectory", "mle-bench-trajectory", "posttrainbench-scores"],
    )
    def test_benchmark_datapoints_belong_to_their_producers(
        self, node_id: str, essay_map: MapDocument
    ) -> None:
        node = next(node for node in essay_map.nodes if node.id == node_id)

        assert node.speaker not in {CLARK, REPORTER}
        assert node.reported_by == CLARK

    @pytest.mark.parametrize("node_id", ["erdos-1051-resolution", "gemini-assisted-proof"])
    def test_reported_results_reach_the_report_through_clark(
        self, node_id: str, essay_map: MapDocument
    ) -> None:
        node = next(node for node in essay_map.nodes if node.id == node_id)

        assert node.reported_by == CLARK

    def test_every_speaker_words_quote_lies_inside_quotation_marks_in_the_source(
        self, essay_map: MapDocument
    ) -> None:
        outside = [
            (node.id, quote.text)
            for node in essay_map.nodes
            for quote in node.quotes
            if quote.provenance is QuoteProvenance.SPEAKER_WORDS
            and not inside_quotation_marks(_text(essay_map, quote.source), quote.start, quote.end)
        ]

        assert outside == []
        provenances = {quote.provenance for node in essay_map.nodes for quote in node.quotes}
        assert QuoteProvenance.SPEAKER_WORDS in provenances

    def test_the_reporters_readings_of_clarks_consequences_are_the_reporters(
        self, essay_map: MapDocument
    ) -> None:
        nodes = _nodes(essay_map)
        under_consequences = _ancestors(essay_map, CONSEQUENCES)

        assert {node_id for node_id in under_consequences if nodes[node_id].speaker != CLARK} == set()
        assert "economics-bites-first" in _ancestors(essay_map, "reporter-verdict")

    def test_every_quote_has_provenance_and_a_source_with_text(self, essay_map: MapDocument) -> None:
        with_text = {source.id for source in essay_map.sources if source.text is not None}
        graph = _graph(essay_map)
        evaluation = evaluate(graph)

        for node in essay_map.nodes:
            detail = claim_view(graph, node.id, evaluation)
            assert [quote.provenance is not None for quote in detail.quotes] == [True] * len(node.quotes), (
                node.id
            )
            assert {quote.source for quote in detail.quotes} <= with_text, node.id

    def test_the_reporters_own_voice_is_only_on_the_reporters_nodes(self, essay_map: MapDocument) -> None:
        for node in essay_map.nodes:
            voices = {quote.provenance for quote in node.quotes}
            if node.speaker == REPORTER:
                assert voices == {QuoteProvenance.AUTHOR_VOICE}, node.id
            else:
                assert QuoteProvenance.AUTHOR_VOICE not in voices, node.id

    def test_claim_detail_names_who_reported_it(self, essay_map: MapDocument) -> None:
        graph = _graph(essay_map)

        detail = claim_view(graph, "cotra-100-hour-forecast", evaluate(graph))

        assert detail.speaker.id == "ajeya-cotra"
        assert detail.reported_by is not None
        assert detail.reported_by.id == CLARK


class TestForecasts:
    def test_the_essays_forecasts_are_listed_soonest_first_with_their_dates(
        self, essay_map: MapDocument
    ) -> None:
        listed = [
            (entry.node, entry.speaker, entry.forecast.resolves_by, entry.scored_probability)
            for entry in map_forecasts(essay_map)
        ]

        assert listed == [
            ("cotra-100-hour-forecast", "ajeya-cotra", "2026-12-31", None),
            ("forecast-2027-thirty-percent", CLARK, "2027-12-31", 0.3),
            (ROOT, CLARK, "2028-12-31", 0.6),
        ]
        assert all(entry.forecast.status is ForecastStatus.OPEN for entry in map_forecasts(essay_map))

    def test_the_scores_say_the_root_strength_is_not_a_probability(self, essay_map: MapDocument) -> None:
        graph = _graph(essay_map)
        scores = scores_view(graph, evaluate(graph))

        assert f"{scores.root_strength:.2f} is this map's plausibility score" in scores.reading
        assert "at least 60% by 2028-12-31" in scores.reading
        assert f"not a {scores.root_strength:.0%} chance" in scores.reading
