"""CSV out: one row per node with its scores and first quote, and nothing a spreadsheet would run."""

from __future__ import annotations

import csv
import io

from support.export_maps import Scored

from graph.export import COLUMNS, to_csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = ("speaker", "reported_by", "text", "quote_text")


def rows(scored: Scored) -> list[dict[str, str]]:
    content = to_csv(scored.graph, scored.evaluation).decode("utf-8")
    return list(csv.DictReader(io.StringIO(content, newline="")))


def test_one_row_per_node_with_header(any_map: Scored) -> None:
    content = to_csv(any_map.graph, any_map.evaluation)
    header = content.decode("utf-8").split("\r\n", 1)[0]

    assert header == ",".join(COLUMNS)
    assert [row["id"] for row in rows(any_map)] == [node.id for node in any_map.document.nodes]


def test_rows_carry_scores_and_the_first_quote(essay: Scored) -> None:
    strengths = essay.evaluation.strengths.strengths
    ranked = {item.argument: item for item in essay.evaluation.contributions.contributions}
    nodes = essay.graph.nodes
    names = {speaker.id: speaker.name for speaker in essay.document.speakers}

    for row in rows(essay):
        node = nodes[row["id"]]
        assert row["kind"] == node.kind.value
        assert row["speaker"] == names[node.speaker]
        assert row["reported_by"] == (names[node.reported_by] if node.reported_by else "")
        assert row["text"] == node.text
        assert float(row["base_score"]) == node.base_score
        assert abs(float(row["strength"]) - strengths[node.id]) < 1e-6
        item = ranked.get(node.id)
        assert abs(float(row["contribution"]) - (item.value if item else 0.0)) < 1e-6
        assert row["rank"] == (str(item.rank) if item and item.rank is not None else "")
        if node.quotes:
            quote = node.quotes[0]
            assert (int(row["quote_start"]), int(row["quote_end"]), row["quote_text"]) == (
                quote.start,
                quote.end,
                quote.text,
            )
            assert row["quote_source"] == "virtuesig-clark-automated-rd-2028"
        else:
            assert row["quote_start"] == row["quote_text"] == ""


def test_no_cell_starts_a_formula(tricky: Scored) -> None:
    found = rows(tricky)
    by_id = {row["id"]: row for row in found}

    for row in found:
        for column in TEXT_COLUMNS:
            assert not row[column].startswith(FORMULA_STARTS), (row["id"], column, row[column])
    # Neutralised, not rewritten: the words are all there after the leading apostrophe.
    assert by_id["formula"]["text"] == "'" + tricky.graph.nodes["formula"].text
    assert by_id["formula"]["quote_text"] == '\'=HYPERLINK("http://evil.example")'
    assert by_id["minus"]["text"].startswith("'-2 points")
    assert by_id["formula"]["speaker"] == "'@Mallory <the> *bold*"
    assert by_id["thesis"]["text"] == tricky.graph.nodes["thesis"].text


def test_negative_contributions_stay_numbers(tricky: Scored) -> None:
    contributions = {row["id"]: row["contribution"] for row in rows(tricky)}

    assert float(contributions["rebuttal"]) < 0
    assert contributions["rebuttal"].startswith("-")


def test_utf8_without_loss(tricky: Scored) -> None:
    by_id = {row["id"]: row for row in rows(tricky)}

    assert "ünïcödé \u2014 dashes \u2013 and \u2018quotes\u2019" in by_id["caveat"]["text"]


def test_quote_provenance_and_forecast_columns(tricky: Scored) -> None:
    by_id = {row["id"]: row for row in rows(tricky)}

    assert by_id["formula"]["quote_provenance"] == "speaker-words"
    assert by_id["minus"]["quote_provenance"] == "author-paraphrase"
    assert (by_id["thesis"]["forecast_resolves_by"], by_id["thesis"]["forecast_probability"]) == (
        "2028-12-31",
        "at least 0.6",
    )
    assert (by_id["rebuttal"]["forecast_probability"], by_id["rebuttal"]["forecast_status"]) == (
        "0.7",
        "resolved-false",
    )
    assert by_id["caveat"]["forecast_status"] == ""
