"""Label text: cleaning, wrapping, escaping and number formats (``graph.render._labels``)."""

# The assertions spell the glyphs a reader sees (sigma, minus sign, times, en dash) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from graph.render._labels import (
    clean_text,
    format_contribution,
    format_strength,
    format_weight,
    html_text,
    node_label,
    plain_text,
    wrap,
)


class TestCleanText:
    @pytest.mark.parametrize(
        ("raw", "clean"),
        [
            ("a\nb\tc\r\nd", "a b c d"),
            ("  padded  ", "padded"),
            ("bell\x07 nul\x00 del\x7f", "bell nul del"),
            ("lone \ud800 surrogate", "lone  surrogate"),
            ("non\ufffechar\uffff", "nonchar"),
            ("日本語 café 🙂 ⊣", "日本語 café 🙂 ⊣"),
            ("C:\\N\\G", "C:\\N\\G"),
        ],
    )
    def test_folds_whitespace_and_drops_what_xml_cannot_carry(self, raw: str, clean: str) -> None:
        assert clean_text(raw) == clean


class TestWrap:
    def test_short_text_is_one_line(self) -> None:
        assert wrap("Tea is good") == ["Tea is good"]

    def test_long_text_is_cut_to_four_lines_with_an_ellipsis(self) -> None:
        lines = wrap("word " * 100)
        assert len(lines) == 4
        assert all(len(line) <= 28 for line in lines)
        assert lines[-1].endswith(" …")

    def test_long_words_such_as_urls_are_broken(self) -> None:
        lines = wrap("https://example.org/" + "x" * 60)
        assert all(len(line) <= 28 for line in lines)

    def test_empty_text_still_gets_a_line(self) -> None:
        assert wrap("\x00\n") == ["—"]


class TestEscaping:
    @pytest.mark.parametrize(
        ("raw", "escaped"),
        [
            ("a & b", "a &amp; b"),
            ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
            ("\"q\" 'a'", "&quot;q&quot; &#x27;a&#x27;"),
            ("&amp;", "&amp;amp;"),
            ("back\\slash", "back\\\\slash"),
        ],
    )
    def test_html_text_uses_entities(self, raw: str, escaped: str) -> None:
        assert html_text(raw) == escaped

    def test_plain_text_is_never_taken_for_an_html_label(self) -> None:
        import graphviz

        quoted = graphviz.quoting.quote(plain_text("<b>x</b>"))
        assert quoted == '"<b>x</b>"'

    def test_every_backslash_is_escaped_for_graphviz(self) -> None:
        # Graphviz un-escapes labels once and tooltips twice; real dot checks the outcome in test_render_map.
        assert html_text("a \\N b \\") == "a \\\\N b \\\\"
        assert plain_text("a \\N b \\") == "a " + "\\" * 4 + "N b " + "\\" * 4

    def test_node_label_is_one_html_table(self) -> None:
        label = node_label("x </TABLE> y", "claim", "<Ann>", 0.5, 0.1, is_root=False)
        assert label.startswith("<<TABLE")
        assert label.endswith("</TABLE>>")
        assert label.count("<TABLE") == label.count("</TABLE>") == 1
        assert "&lt;Ann&gt;" in label


class TestNumbers:
    @pytest.mark.parametrize(
        ("value", "text"),
        [(0.7249, "σ 0.72"), (1.0, "σ 1.00"), (None, "σ –"), (float("nan"), "σ –")],
    )
    def test_strength(self, value: float | None, text: str) -> None:
        assert format_strength(value) == text

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (0.0812, "▲ +0.081"),
            (-0.0421, "▼ −0.042"),
            (0.0001, "○ 0.000"),
            (-0.0004, "○ 0.000"),
            (None, "○ 0.000"),
            (float("-inf"), "○ 0.000"),
        ],
    )
    def test_contribution_has_a_marker_and_a_true_minus(self, value: float | None, text: str) -> None:
        assert format_contribution(value) == text

    @pytest.mark.parametrize(
        ("weight", "text"), [(None, None), (1.0, None), (0.5, "×0.5"), (0.25, "×0.25"), (0.333, "×0.33")]
    )
    def test_edge_weight_label(self, weight: float | None, text: str | None) -> None:
        assert format_weight(weight) == text
