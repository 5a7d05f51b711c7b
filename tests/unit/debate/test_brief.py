"""Briefs: on the essay they follow the engine's contributions; on small maps each section is exact."""

from __future__ import annotations

import html

import pytest
from support.debate_maps import node, relation, small

from graph.debate import brief_html, brief_markdown, build_brief, side_of
from graph.mapgraph import Evaluation, MapGraph, evaluate
from schemas import NodeKind, RelationType


def test_the_essay_top_pro_argument_is_the_largest_positive_contribution(
    essay: MapGraph, essay_evaluation: Evaluation
) -> None:
    brief = build_brief(essay, essay_evaluation, "pro")
    contributions = essay_evaluation.contribution_map()
    assert brief.arguments[0].node.id == max(contributions, key=contributions.__getitem__)
    assert brief.arguments[0].node.id == "capability-curves-converge"
    assert [a.rank for a in brief.arguments] == list(range(1, len(brief.arguments) + 1))
    assert all(a.node.contribution > 0 for a in brief.arguments)


def test_the_essay_con_brief_leads_with_the_creativity_gap_and_its_unanswered_reply(
    essay: MapGraph, essay_evaluation: Evaluation
) -> None:
    brief = build_brief(essay, essay_evaluation, "con")
    top = brief.arguments[0]
    assert top.node.id == "creativity-gap"
    assert [item.id for item in top.evidence] == ["no-move-37-in-ten-years"]
    # Clark's reply cuts the inference from the fact to the forecast; the counterexamples contest the fact
    # itself (their hedge is written into them); nothing in the map answers either.
    assert [(a.attack.id, a.target, a.reply) for a in top.attacks] == [
        ("invention-counterexamples-exist", "ai-cannot-yet-invent", None),
        ("invention-may-not-be-needed", "creativity-gap", None),
    ]


@pytest.mark.parametrize("side", ["pro", "con"])
def test_every_unanswered_point_is_on_the_other_side_and_has_no_incoming_attack(
    essay: MapGraph, essay_evaluation: Evaluation, side: str
) -> None:
    brief = build_brief(essay, essay_evaluation, side)  # type: ignore[arg-type]
    # Clark's premises stand unanswered against the con side; the one con point, the creativity gap, is
    # answered by Clark's reply, so the pro side faces nothing unanswered.
    assert [point.id for point in brief.unanswered][:3] == (
        ["capability-curves-converge", "coding-automates-rd-component", "engineering-within-reach"]
        if side == "con"
        else []
    )
    for point in brief.unanswered:
        assert side_of(essay_evaluation.contribution_of(point.id)) not in (side, None)
        assert not [r for r in essay.incoming[point.id] if r.type is not RelationType.SUPPORTS]


def test_the_essay_brief_reads_the_thesis_strength_as_no_probability(
    essay: MapGraph, essay_evaluation: Evaluation
) -> None:
    brief = build_brief(essay, essay_evaluation, "pro")
    assert f"not a {brief.root_strength:.0%} chance" in brief.reading
    assert brief.root_strength == essay_evaluation.strengths.strengths[essay.root]


def test_arguments_carried_by_a_higher_one_are_not_listed_again(
    essay: MapGraph, essay_evaluation: Evaluation
) -> None:
    brief = build_brief(essay, essay_evaluation, "pro", top=20)
    listed = [a.node.id for a in brief.arguments]
    under_first = {item.id for item in brief.arguments[0].evidence}
    assert "core-bench-trajectory" in under_first
    assert "core-bench-trajectory" not in listed
    assert len(listed) == len(set(listed))


def test_a_small_map_brief_names_evidence_attack_reply_and_unsupported_claims() -> None:
    graph = small(
        [
            node("t", NodeKind.THESIS, 0.5),
            node("claim", NodeKind.CLAIM, 0.4),
            node("survey", NodeKind.EVIDENCE, 0.8),
            node("cost", NodeKind.COUNTERPOINT, 0.6),
            node("grants", NodeKind.COUNTERPOINT, 0.7),
            node("hunch", NodeKind.CLAIM, 0.6),
        ],
        [
            relation("claim", "t"),
            relation("survey", "claim"),
            relation("cost", "claim", RelationType.ATTACKS),
            relation("grants", "cost", RelationType.ATTACKS),
            relation("hunch", "t"),
        ],
    )
    evaluation = evaluate(graph, contribution="removal")
    pro = build_brief(graph, evaluation, "pro")
    ids = [a.node.id for a in pro.arguments]
    assert set(ids) == {"claim", "hunch", "grants"}
    claim = next(a for a in pro.arguments if a.node.id == "claim")
    assert [e.id for e in claim.evidence] == ["survey"]
    assert [(a.attack.id, a.reply.id if a.reply else None) for a in claim.attacks] == [("cost", "grants")]
    assert {n.id for n in pro.unsupported} == {"hunch", "grants"}
    con = build_brief(graph, evaluation, "con")
    assert [a.node.id for a in con.arguments] == ["cost"]
    assert {n.id for n in con.unanswered} == {"hunch", "grants", "survey"}  # "claim" is attacked by "cost"


def test_html_escapes_every_map_text_and_markdown_stays_one_page(
    essay: MapGraph, essay_evaluation: Evaluation
) -> None:
    hostile = "<script>alert(1)</script> & <b>"
    graph = small(
        [node("t", NodeKind.THESIS, 0.5, text=hostile), node("e", NodeKind.EVIDENCE, 0.8, text=hostile)],
        [relation("e", "t")],
    )
    page = brief_html(build_brief(graph, evaluate(graph), "pro"))
    assert "<script>" not in page
    assert html.escape(hostile) in page
    for side in ("pro", "con"):
        markdown = brief_markdown(build_brief(essay, essay_evaluation, side))
        # A printed page holds about 60 lines of 100 characters at 10 points.
        assert sum(1 + len(line) // 100 for line in markdown.splitlines()) <= 75
