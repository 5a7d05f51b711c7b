"""The sentence splitter keeps exact offsets: ``text[start:end]`` is each sentence, and nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.compare import sentences

ESSAY_TEXT = Path(__file__).resolve().parents[3] / "maps" / "sources" / "import-ai-455.txt"


def split(text: str) -> list[str]:
    return [text[start:end] for start, end in sentences(text)]


def assert_exact(text: str) -> None:
    """The splitter's promises: in order, disjoint, trimmed, and every visible character in one sentence."""
    spans = sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        assert text[previous_end:start].strip() == "", "only white space lies between two sentences"
        previous_end = end
    assert text[previous_end:].strip() == ""


class TestSplitting:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
            ('He said "stop." Then he left.', ['He said "stop."', "Then he left."]),
            ('"Go," she wrote. "Now."', ['"Go," she wrote.', '"Now."']),
            ("It rose to 93.9% in 2026. It fell.", ["It rose to 93.9% in 2026.", "It fell."]),
            (
                "Dr. Li and J. Clark agree, e.g. on this. Yes.",
                ["Dr. Li and J. Clark agree, e.g. on this.", "Yes."],
            ),
            ("Wait... What?! Fine.", ["Wait...", "What?!", "Fine."]),
            ("it ended. and went on.", ["it ended. and went on."]),
            ("Heading\nFirst line of text.", ["Heading", "First line of text."]),
            ("A sentence wrapped\nacross two lines.", ["A sentence wrapped\nacross two lines."]),
            ("para one\n\nlower case para two", ["para one", "lower case para two"]),
            ("  • An item\n  • Another item\r\n", ["• An item", "• Another item"]),
            ("   \n\n  ", []),
            ("", []),
        ],
    )
    def test_ends_where_the_rules_say(self, text: str, expected: list[str]) -> None:
        assert split(text) == expected
        assert_exact(text)

    def test_the_essay_keeps_its_offsets(self) -> None:
        text = ESSAY_TEXT.read_text(encoding="utf-8")
        found = split(text)
        assert_exact(text)
        assert found[:3] == [
            "Skip to content",
            "VirtueSig",
            "Latest on Artificial Intelligence, Large Language Models, Transformers, and Chip Innovations.",
        ]
        striking = "In a striking essay published Sunday, Anthropic's Jack Clark put a 60%+ probability"
        assert f"{striking} on AI systems training their own successors by the end of 2028." in found
        assert (
            'Clark called the conclusion "reluctant" and said the implications were so large he felt '
            '"dwarfed" by them.' in found
        )


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AZ.!?…\"'”)\n\r\t9e.g")), max_size=80))
def test_any_text_splits_into_exact_disjoint_sentences(text: str) -> None:
    assert_exact(text)
