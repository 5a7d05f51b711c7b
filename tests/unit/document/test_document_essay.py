"""The flagship map of Jack Clark's Import AI 455 essay: every node must be one a journalist can trust."""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from graph.document import check_computations, load_document_file, validate_document
from schemas import MapDocument, NodeKind, Operation, RelationType

REPO = Path(__file__).resolve().parents[3]
ESSAY_MAP = REPO / "maps" / "import-ai-455.yaml"
ESSAY_SOURCE = REPO / "maps" / "sources" / "import-ai-455.txt"
# SHA-256 of the published article the map was drawn from, so the in-repo copy is checked without reaching
# outside the repository: any edit to the copy, even one invisible in a diff, fails the test below.
SOURCE_SHA256 = "d506e7f90b2ef0dbecd8bf0f5e32d5ac72a48ecd1d957f540a8784c28d34c405"


def _source_text(doc: MapDocument) -> str:
    (text,) = [source.text for source in doc.sources if source.text is not None]
    return text


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9%.\u00d7'-]+", text.lower())


def _expected(operation: Operation, inputs: list[float]) -> float:
    """An independent float computation of a stated figure, deliberately not using the module under test."""
    if operation is Operation.POWER:
        return float(inputs[0] ** inputs[1])
    if operation is Operation.RATIO:
        return inputs[0] / inputs[1]
    if operation is Operation.DIFFERENCE:
        return inputs[0] - inputs[1]
    if operation is Operation.PERCENT_CHANGE:
        return (inputs[1] - inputs[0]) / inputs[0]
    if operation is Operation.PRODUCT:
        return math.prod(inputs)
    return math.fsum(inputs)


class TestEssayValidity:
    def test_loads_and_validates_with_zero_problems(self) -> None:
        doc = load_document_file(ESSAY_MAP)

        assert validate_document(doc) == []
        assert doc.id == "import-ai-455"

    def test_source_file_is_the_article_byte_for_byte(self) -> None:
        assert hashlib.sha256(ESSAY_SOURCE.read_bytes()).hexdigest() == SOURCE_SHA256

    def test_map_stores_the_source_text_it_was_checked_against(self, essay_map: MapDocument) -> None:
        assert _source_text(essay_map) == ESSAY_SOURCE.read_text(encoding="utf-8")

    def test_source_names_the_article_and_the_essay_it_reports_on(self, essay_map: MapDocument) -> None:
        sources = {source.id: source for source in essay_map.sources}
        article = next(source for source in sources.values() if source.text is not None)

        assert article.outlet == "VirtueSig"
        assert article.text_file == "sources/import-ai-455.txt"
        assert article.reports_on in sources
        original = sources[article.reports_on]
        assert original.author == "Jack Clark"
        assert original.title == "Import AI 455: Automating AI Research"
        assert original.published == "2026-05-04"
        assert original.text is None


class TestEssayQuotes:
    def test_every_node_has_a_quote(self, essay_map: MapDocument) -> None:
        assert [node.id for node in essay_map.nodes if not node.quotes] == []

    def test_every_quote_is_the_source_text_at_its_offsets(self, essay_map: MapDocument) -> None:
        text = _source_text(essay_map)
        for node in essay_map.nodes:
            for quote in node.quotes:
                assert text[quote.start : quote.end] == quote.text, node.id

    def test_node_text_is_in_our_own_words(self, essay_map: MapDocument) -> None:
        # Six words in a row shared with the source would be a copied phrase rather than a paraphrase.
        source_words = _words(_source_text(essay_map))
        copied = {tuple(source_words[i : i + 6]) for i in range(len(source_words) - 5)}
        for node in essay_map.nodes:
            words = _words(node.text)
            runs = [
                " ".join(words[i : i + 6]) for i in range(len(words) - 5) if tuple(words[i : i + 6]) in copied
            ]
            assert runs == [], node.id

    def test_observed_values_appear_in_the_quotes(self, essay_map: MapDocument) -> None:
        for node in essay_map.nodes:
            if node.evidence is None:
                continue
            quoted = " ".join(quote.text for quote in node.quotes)
            observations = [*node.evidence.observations]
            if node.evidence.baseline is not None:
                observations.append(node.evidence.baseline)
            for observation in observations:
                number = f"{observation.value:g}"
                assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", quoted), (node.id, number)


class TestEssayComputations:
    def test_each_stated_computation_is_rechecked_against_an_independent_computation(
        self, essay_map: MapDocument
    ) -> None:
        checks = check_computations(essay_map)

        assert len(checks) >= 2
        for check in checks:
            expected = _expected(check.operation, check.inputs)
            tolerance = 0.5 * 10**-check.decimals + 1e-12
            assert check.computed == pytest.approx(expected, rel=1e-12)
            assert check.agrees is (abs(expected - check.stated) <= tolerance), check.explanation

    def test_the_compounding_figures_match_the_text(self, essay_map: MapDocument) -> None:
        checks = {check.stated_as: check for check in check_computations(essay_map)}

        assert set(checks) >= {"95.12%", "60.5%"}
        for stated_as, check in checks.items():
            assert stated_as is not None
            assert check.stated == pytest.approx(float(stated_as.rstrip("%")) / 100)
            assert check.inputs[0] == 0.999


class TestEssayGraph:
    def test_size_is_in_the_expected_range(self, essay_map: MapDocument) -> None:
        assert 70 <= len(essay_map.nodes) <= 110

    def test_root_is_clarks_thesis(self, essay_map: MapDocument) -> None:
        nodes = {node.id: node for node in essay_map.nodes}
        root = nodes[essay_map.root or ""]

        assert root.kind is NodeKind.THESIS
        assert root.speaker == "jack-clark"

    @pytest.mark.parametrize("kind", list(NodeKind))
    def test_every_kind_is_used(self, kind: NodeKind, essay_map: MapDocument) -> None:
        assert any(node.kind is kind for node in essay_map.nodes)

    def test_every_node_reaches_a_thesis(self, essay_map: MapDocument) -> None:
        into: defaultdict[str, list[str]] = defaultdict(list)
        for relation in essay_map.relations:
            into[relation.target].append(relation.source)
        reached = {node.id for node in essay_map.nodes if node.kind is NodeKind.THESIS}
        frontier = list(reached)
        while frontier:
            for source in into[frontier.pop()]:
                if source not in reached:
                    reached.add(source)
                    frontier.append(source)

        assert reached == {node.id for node in essay_map.nodes}

    def test_is_acyclic(self, essay_map: MapDocument) -> None:
        out: defaultdict[str, list[str]] = defaultdict(list)
        for relation in essay_map.relations:
            out[relation.source].append(relation.target)
        indegree = Counter(relation.target for relation in essay_map.relations)
        ready = [node.id for node in essay_map.nodes if indegree[node.id] == 0]
        seen = 0
        while ready:
            seen += 1
            for target in out[ready.pop()]:
                indegree[target] -= 1
                if indegree[target] == 0:
                    ready.append(target)

        assert seen == len(essay_map.nodes)

    def test_every_attack_comes_from_a_counterpoint(self, essay_map: MapDocument) -> None:
        kinds = {node.id: node.kind for node in essay_map.nodes}
        attackers = {
            relation.source: kinds[relation.source]
            for relation in essay_map.relations
            if relation.type is RelationType.ATTACKS
        }

        assert attackers == {
            "invention-may-not-be-needed": NodeKind.COUNTERPOINT,
            "invention-counterexamples-exist": NodeKind.COUNTERPOINT,
        }


class TestEssayAttribution:
    @pytest.mark.parametrize("speaker", ["jack-clark", "virtuesig-reporter"])
    def test_clark_and_the_reporter_each_have_many_nodes(self, speaker: str, essay_map: MapDocument) -> None:
        assert sum(node.speaker == speaker for node in essay_map.nodes) >= 25

    def test_the_reporter_has_a_thesis_of_their_own(self, essay_map: MapDocument) -> None:
        assert any(
            node.kind is NodeKind.THESIS and node.speaker == "virtuesig-reporter" for node in essay_map.nodes
        )

    @pytest.mark.parametrize(
        "speaker", ["metr", "ajeya-cotra", "core-bench-author", "anthropic", "thomas-edison"]
    )
    def test_cited_parties_speak_for_themselves_through_clark(
        self, speaker: str, essay_map: MapDocument
    ) -> None:
        cited = [node for node in essay_map.nodes if node.speaker == speaker]
        supported = {
            relation.target for relation in essay_map.relations if relation.source in {n.id for n in cited}
        }
        speakers = {node.id: node.speaker for node in essay_map.nodes}

        assert cited
        assert all(node.reported_by == "jack-clark" for node in cited)
        # What the cited party says bears on a node that is Clark's own (or on another cited datapoint).
        assert supported
        assert all(speakers[target] not in {"virtuesig-reporter"} for target in supported)

    def test_cotras_forecast_is_hers_and_bears_lightly_on_the_curve_it_projects(
        self, essay_map: MapDocument
    ) -> None:
        forecast = next(node for node in essay_map.nodes if node.speaker == "ajeya-cotra")
        uses = [(r.target, r.type, r.weight) for r in essay_map.relations if r.source == forecast.id]

        assert forecast.evidence is not None
        assert forecast.evidence.observations[0].forecast
        assert forecast.reported_by == "jack-clark"
        assert uses == [("metr-time-horizon", RelationType.SUPPORTS, 0.1)]

    def test_every_speaker_is_used(self, essay_map: MapDocument) -> None:
        used = {node.speaker for node in essay_map.nodes}

        assert used == {speaker.id for speaker in essay_map.speakers}
