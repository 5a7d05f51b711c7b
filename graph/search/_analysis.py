r"""What is indexed for search and how the user's words become a Lucene query of the same shape.

Neo4j's ``english`` analyzer (standard tokenizer, possessive filter, lower case, stop words, Porter stemming)
does most of the work; it has no accent folding and splits ``post-training`` and drops ``%``, so both the
indexed text and the query pass through ``index_text`` first: accents folded (Erdős -> Erdos), ``60%`` written
``60 percent``, a factor's multiplication sign as the letter x (``52x``) and every hyphenated word also
given joined (``posttraining``). Doing this on both sides keeps
what is stored and what is asked for the same.

Example:
    >>> index_text("Erdős's post-training hit 93.9%")
    "Erdos's post-training hit 93.9 percent posttraining"
    >>> parse_query('Amdahl "drug trials" GPT-3.5 60%')
    [('amdahl',), ('drug', 'trials'), ('gpt', '3.5'), ('60', 'percent')]
    >>> print(lucene_query([("drug", "trials")], {"s_text": 4.0, "s_rationale": 1.0}))
    +(s_text:"drug trials"^4 s_rationale:"drug trials")
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

# The fields a node is searched by, and how much a hit in each weighs: the claim's own words first, then the
# source's words, then what describes it; the editor's rationale last.
FIELD_BOOSTS: dict[str, float] = {
    "s_text": 4.0,
    "s_quotes": 2.5,
    "s_tags": 2.0,
    "s_evidence": 1.5,
    "s_speaker": 1.5,
    "s_reported": 1.0,
    "s_rationale": 1.0,
}
FIELD_NAMES: dict[str, str] = {
    "s_text": "text",
    "s_quotes": "quote",
    "s_tags": "tags",
    "s_evidence": "evidence",
    "s_speaker": "speaker",
    "s_reported": "reported_by",
    "s_rationale": "rationale",
}
ANALYZER = "english"
# Raised when what the index holds changes shape, so start-up rewrites the search fields of older maps.
SEARCH_REVISION = 2

_PERCENT = re.compile(r"(\d)\s*%")
# A factor written with the multiplication sign (U+00D7, U+2715) is the one a reader types with the letter x.
_TIMES = re.compile(r"(\d)\s?[\u00d7\u2715]")
# Only words of letters are joined: GPT-3.5 is a name and a version, not a compound.
_HYPHENATED = re.compile(r"\b[^\W\d_]+(?:-[^\W\d_]+)+\b")
# A word as a reader types it: letters and digits, joined by inner dots, commas, hyphens or apostrophes.
_APOSTROPHES = "'\u2019"
_WORD = re.compile(rf"[^\W_]+(?:[.,{_APOSTROPHES}\-][^\W_]+)*%?")
_PHRASE = re.compile(r'"([^"]*)"')


def fold(text: str) -> str:
    """``text`` without accents (NFKD, combining marks dropped), a factor's multiplication sign as ``x``.

    Case is the analyzer's job.

    Example:
        >>> fold("Erdős Gödel café 52\u00d7 faster")
        'Erdos Godel cafe 52x faster'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return _TIMES.sub(r"\1x", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def index_text(text: str) -> str:
    """``text`` as the index stores it: folded, percentages spelled out, hyphenated words also joined."""
    folded = _PERCENT.sub(r"\1 percent", fold(text))
    joined = [match.group(0).replace("-", "") for match in _HYPHENATED.finditer(folded)]
    return " ".join([folded, *joined])


def _words(text: str) -> tuple[str, ...]:
    """The analyzer's words of one typed word or phrase (lower case, folded; inner punctuation splits)."""
    words: list[str] = []
    for match in _WORD.finditer(_PERCENT.sub(r"\1 percent", fold(text)).lower()):
        # The possessive filter drops a final 's; split at the apostrophe it would leave an "s" behind.
        token = re.sub(rf"[{_APOSTROPHES}]s$", "", match.group(0))
        # The standard tokenizer keeps 93.9 and 1,000 whole and splits gpt-3.5 at the hyphen.
        words.extend(part for part in re.split(rf"[\-{_APOSTROPHES}]|(?<!\d)[.,]|[.,](?!\d)", token) if part)
    return tuple(words)


def parse_query(text: str) -> list[tuple[str, ...]]:
    """The clauses of a typed query: each quoted phrase, and each other word, as a sequence of words.

    A word with inner punctuation (``GPT-3.5``, ``post-training``) is a phrase of its parts, so it finds the
    parts in order rather than any of them; ``60%`` is the phrase ``60 percent``.
    """
    clauses: list[tuple[str, ...]] = []
    for index, part in enumerate(_PHRASE.split(text.replace("“", '"').replace("”", '"'))):
        if index % 2:
            words = _words(part)
            if words:
                clauses.append(words)
            continue
        for raw in part.replace('"', " ").split():
            words = _words(raw)
            if words:
                clauses.append(words)
    return clauses


def _quoted(words: Sequence[str]) -> str:
    # Words are letters, digits and inner dots or commas only: nothing in them is Lucene syntax but the dot,
    # which is literal inside a term, so a phrase needs only its quotes.
    return words[0] if len(words) == 1 else '"' + " ".join(words) + '"'


def lucene_query(clauses: Sequence[tuple[str, ...]], boosts: Mapping[str, float] = FIELD_BOOSTS) -> str:
    """Every clause required, each matched in any field with that field's weight."""
    parts = []
    for clause in clauses:
        term = _quoted(clause)
        fields = " ".join(
            f"{field}:{term}" + (f"^{boost:g}" if boost != 1.0 else "") for field, boost in boosts.items()
        )
        parts.append(f"+({fields})")
    return " ".join(parts)
