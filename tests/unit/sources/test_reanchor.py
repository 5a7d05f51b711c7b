"""Re-anchoring a quote in a corrected text: every status worked, and properties on generated texts."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from graph.sources import FUZZY_THRESHOLD, reanchor
from schemas import AnchorStatus

OLD = "The minister said the budget would balance by 2027. Critics disagreed. The minister repeated it."
QUOTE = "the budget would balance by 2027"
START = OLD.index(QUOTE)
END = START + len(QUOTE)
FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. "


def test_the_same_words_at_the_same_place_are_exact() -> None:
    anchor = reanchor(QUOTE, START, END, OLD, OLD + " A line added at the end.")
    assert (anchor.status, anchor.start, anchor.end, anchor.similarity) == (
        AnchorStatus.EXACT,
        START,
        END,
        1.0,
    )


def test_the_same_words_shifted_by_an_insertion_before_them_moved() -> None:
    new = "UPDATED: " + OLD
    anchor = reanchor(QUOTE, START, END, OLD, new)
    assert (anchor.status, anchor.start, anchor.end) == (AnchorStatus.MOVED, START + 9, END + 9)
    assert new[anchor.start : anchor.end] == QUOTE


def test_a_typo_fixed_inside_the_quote_is_fuzzy_with_its_similarity() -> None:
    old = OLD.replace("balance", "balanse")
    quote = QUOTE.replace("balance", "balanse")
    anchor = reanchor(quote, START, END, old, OLD)
    assert anchor.status is AnchorStatus.FUZZY
    assert (anchor.start, anchor.end) == (START, END)
    assert FUZZY_THRESHOLD <= anchor.similarity < 1


def test_a_word_changed_and_the_sentence_moved_is_still_found_fuzzy() -> None:
    new = "Critics disagreed. " + OLD.replace("would balance", "will balance").replace(
        " Critics disagreed.", ""
    )
    anchor = reanchor(QUOTE, START, END, OLD, new)
    assert anchor.status is AnchorStatus.FUZZY
    assert anchor.start is not None
    assert anchor.end is not None
    assert new[anchor.start : anchor.end] == "the budget will balance by 2027"


def test_words_no_longer_in_the_text_are_orphaned() -> None:
    new = OLD.replace("The minister said the budget would balance by 2027. ", "")
    anchor = reanchor(QUOTE, START, END, OLD, new)
    assert (anchor.status, anchor.start, anchor.end) == (AnchorStatus.ORPHANED, None, None)


def test_a_rewritten_sentence_far_from_the_words_is_orphaned() -> None:
    new = OLD.replace(QUOTE, "spending would fall sharply next year")
    assert reanchor(QUOTE, START, END, OLD, new).status is AnchorStatus.ORPHANED


def test_repeated_words_moved_with_their_context_are_moved_to_the_right_one() -> None:
    # "The minister" occurs twice; the second one keeps its context when a sentence is added in front.
    second = OLD.rindex("The minister")
    new = "Breaking. " + OLD
    anchor = reanchor("The minister", second, second + 12, OLD, new)
    assert (anchor.status, anchor.start) == (AnchorStatus.MOVED, second + 10)


def test_repeated_words_whose_context_is_the_same_twice_are_ambiguous() -> None:
    paragraph = FILLER + QUOTE + " " + FILLER
    start = paragraph.index(QUOTE)
    new = "Intro. " + paragraph + paragraph
    anchor = reanchor(QUOTE, start, start + len(QUOTE), paragraph, new)
    assert anchor.status is AnchorStatus.AMBIGUOUS
    assert anchor.start is None
    assert anchor.candidates == (7 + start, 7 + len(paragraph) + start)


texts = st.text(alphabet="abcde .,", min_size=1, max_size=120)


@given(texts, st.data())
def test_an_unchanged_text_keeps_every_quote_exact(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    anchor = reanchor(text[start:end], start, end, text, text)
    assert (anchor.status, anchor.start, anchor.end) == (AnchorStatus.EXACT, start, end)


@given(texts, texts, st.data())
def test_an_exact_or_moved_quote_points_at_the_same_words(old: str, new: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(old) - 1))
    end = data.draw(st.integers(start + 1, len(old)))
    anchor = reanchor(old[start:end], start, end, old, new)
    if anchor.status in (AnchorStatus.EXACT, AnchorStatus.MOVED):
        assert anchor.start is not None
        assert anchor.end is not None
        assert new[anchor.start : anchor.end] == old[start:end]
    elif anchor.status is AnchorStatus.FUZZY:
        assert anchor.start is not None
        assert anchor.end is not None
        assert 0 <= anchor.start < anchor.end <= len(new)
        assert FUZZY_THRESHOLD <= anchor.similarity < 1
    elif anchor.status is AnchorStatus.AMBIGUOUS:
        assert len(anchor.candidates) >= 2
        assert all(new[c : c + end - start] == old[start:end] for c in anchor.candidates)
    else:
        assert anchor.start is None


@given(texts, texts, texts, st.data())
def test_a_quote_found_once_after_an_edit_elsewhere_is_found_there(
    before: str, after: str, inserted: str, data: st.DataObject
) -> None:
    quote = "QUOTED WORDS"
    old = before + quote + after
    new = inserted + before + quote + after
    assume(new.count(quote) == 1)
    start = len(before)
    anchor = reanchor(quote, start, start + len(quote), old, new)
    assert anchor.start == len(inserted) + start
    assert anchor.status is (AnchorStatus.EXACT if not inserted else AnchorStatus.MOVED)
