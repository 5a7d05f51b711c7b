"""Why the verdict changed: each edit's Shapley share adds up to the change, on the essay and on generated
edits."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.document import load_document_file
from graph.history import map_diff, verdict_change
from graph.mapgraph import MapGraph
from schemas import MapDocument, Relation, RelationType

ESSAY = load_document_file(Path(__file__).resolve().parents[3] / "maps" / "import-ai-455.yaml")
ROOT = "clark-thesis-automated-rd-2028"


def version(document: MapDocument, number: int) -> MapGraph:
    return MapGraph(
        document=document, version=number, node_versions={node.id: number for node in document.nodes}
    )


def with_scores(document: MapDocument, scores: dict[str, float]) -> MapDocument:
    nodes = [
        msgspec.structs.replace(node, base_score=scores[node.id]) if node.id in scores else node
        for node in document.nodes
    ]
    return msgspec.structs.replace(document, nodes=nodes)


EDITABLE = [node.id for node in ESSAY.nodes if node.id != ROOT]


class TestOnTheEssay:
    def test_a_node_removed_a_relation_added_and_scores_moved_add_up(self) -> None:
        edited = with_scores(ESSAY, {EDITABLE[0]: 0.1, EDITABLE[3]: 0.9})
        removed = EDITABLE[5]
        nodes = [node for node in edited.nodes if node.id != removed]
        relations = [r for r in edited.relations if removed not in (r.source, r.target)]
        relations.append(Relation(source=EDITABLE[7], target=ROOT, type=RelationType.ATTACKS))
        newer = msgspec.structs.replace(edited, nodes=nodes, relations=relations)
        change = verdict_change(version(ESSAY, 1), version(newer, 2), root=None, semantics="QE")
        assert change.root == ROOT
        assert sum(edit.contribution for edit in change.edits) == pytest.approx(change.delta, abs=1e-9)
        assert change.delta != pytest.approx(0.0, abs=1e-6), "the edits move the thesis"
        labels = {edit.edit for edit in change.edits}
        assert f"node {removed}" in labels
        assert f"relation {EDITABLE[7]} -attacks-> {ROOT}" in labels

    def test_an_edit_that_cannot_reach_the_root_gets_nothing(self) -> None:
        detached = with_scores(ESSAY, {EDITABLE[0]: 0.05})
        text_only = [
            msgspec.structs.replace(node, text=node.text + " (reworded)") if node.id == EDITABLE[1] else node
            for node in detached.nodes
        ]
        newer = msgspec.structs.replace(detached, nodes=text_only)
        change = verdict_change(version(ESSAY, 1), version(newer, 2), root=None, semantics="QE")
        shares = {edit.edit: edit.contribution for edit in change.edits}
        assert shares[f"node {EDITABLE[1]}"] == pytest.approx(0.0, abs=1e-12), (
            "a wording change moves nothing"
        )

    def test_many_edits_are_grouped_and_sampled_yet_add_up(self) -> None:
        newer = with_scores(ESSAY, dict.fromkeys(EDITABLE[:30], 0.5))
        change = verdict_change(version(ESSAY, 1), version(newer, 2), root=None, semantics="QE")
        assert change.method == "per-node, sampled"
        assert change.permutations is not None
        assert sum(edit.contribution for edit in change.edits) == pytest.approx(change.delta, abs=1e-9)

    def test_the_diff_names_each_changed_field(self) -> None:
        newer = with_scores(ESSAY, {EDITABLE[2]: 0.33})
        diff = map_diff(version(ESSAY, 1), version(newer, 2))
        assert [(node.id, [f.field for f in node.fields]) for node in diff.nodes] == [
            (EDITABLE[2], ["base_score"])
        ]


@settings(max_examples=12, deadline=None)  # an example scores up to a thousand maps
@given(
    st.dictionaries(st.sampled_from(EDITABLE), st.floats(0.0, 1.0, allow_nan=False), min_size=1, max_size=12),
    st.sampled_from(["QE", "DFQuAD"]),
)
def test_generated_edits_add_up_to_the_change(scores: dict[str, float], semantics: str) -> None:
    newer = with_scores(ESSAY, {node_id: round(score, 3) for node_id, score in scores.items()})
    change = verdict_change(version(ESSAY, 1), version(newer, 2), root=None, semantics=semantics)
    assert sum(edit.contribution for edit in change.edits) == pytest.approx(change.delta, abs=1e-9)
