"""Why a hit matched: the field, a snippet with the words marked, and where in the source a quote hit is.

Lucene says how well a node matched, not where; this finds the words again in Python. It folds accents and
case as the index does and compares words by a light stem (plural, possessive and common endings dropped),
close to the Porter stemmer the index uses but not identical: an explanation may occasionally point to a
weaker field than the one Lucene scored, never to words that are not there.

Example:
    >>> from schemas import Node, NodeKind, Quote
    >>> node = Node(id="n", kind=NodeKind.CLAIM, text="Compute is the bottleneck", speaker="s",
    ...             base_score=0.5, rationale="r",
    ...             quotes=[Quote(start=100, end=123, text="the kernels Erdős wrote")])
    >>> found = explain(node, {}, [("kernel",), ("erdos",)])
    >>> found.field, found.snippet, found.highlights, found.source_span
    ('quote', 'the kernels Erdős wrote', [(4, 11), (12, 17)], (104, 117))
    >>> explain(node, {}, [("bottlenecks",)]).highlights
    [(15, 25)]
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from schemas import Node, Quote, Speaker

SNIPPET_CHARS = 200
# A possessive belongs to its word ("Amdahl's" is marked whole); the stem drops it for comparing.
_TOKEN = re.compile(r"[^\W_]+(?:[.,][0-9]+)*(?:['\u2019]s\b)?")
_SUFFIXES = ("ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "e", "y")


@dataclass(frozen=True, slots=True)
class Explanation:
    """Where a hit's words are: the field, a snippet, the marked spans in it, and a quote's source span."""

    field: str
    snippet: str
    highlights: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    quote: Quote | None = None
    source_span: tuple[int, int] | None = None


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return (base[:1] or ch).lower()


@functools.lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A light stem: enough for kernel = kernels, improving = improvement, Amdahl's = Amdahl.

    Example:
        >>> [stem(w) for w in ("kernels", "improving", "improvement", "amdahl's", "bottlenecks", "93.9")]
        ['kernel', 'improv', 'improv', 'amdahl', 'bottleneck', '93.9']
    """
    word = re.sub(r"['\u2019]s?$", "", word.lower())
    if not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix in {"ments", "ment", "ings", "ing", "ed", "es", "s"} and word.endswith("e"):
                word = word[:-1]
            break
    return word


@functools.lru_cache(maxsize=16_384)
def _tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    # Cached by text: a map's fields are the same strings search after search.
    # Folding keeps one character per character, so offsets into the folded text are offsets into ``text``.
    folded = text.lower() if text.isascii() else "".join(_fold_char(ch) for ch in text)
    return tuple((stem(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(folded))


def _matches(text: str, clauses: Sequence[tuple[str, ...]]) -> list[tuple[int, int]]:
    tokens = _tokens(text)
    stems = [token[0] for token in tokens]
    spans: list[tuple[int, int]] = []
    for clause in clauses:
        wanted = [stem(word) for word in clause]
        # A clause of several words is a phrase; hyphenated text joined by the index ("posttraining") is
        # found here as its parts, so a joined query word also tries the parts' concatenation.
        for index in range(len(tokens) - len(wanted) + 1):
            if stems[index : index + len(wanted)] == wanted:
                spans.append((tokens[index][1], tokens[index + len(wanted) - 1][2]))
        if len(wanted) == 1:
            for index in range(len(tokens) - 1):
                if stem(stems[index] + tokens[index + 1][0]) == wanted[0] and text[tokens[index][2]] == "-":
                    spans.append((tokens[index][1], tokens[index + 1][2]))
    return sorted(set(spans))


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]], int]:
    if len(text) <= SNIPPET_CHARS:
        return text, spans, 0
    start = max(0, spans[0][0] - SNIPPET_CHARS // 3) if spans else 0
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + SNIPPET_CHARS)
    inside = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
    return text[start:end], inside, start


def _candidates(node: Node, speakers: Mapping[str, Speaker]) -> list[tuple[str, str, Quote | None]]:
    def who(speaker_id: str | None) -> str | None:
        speaker = speakers.get(speaker_id) if speaker_id else None
        return ", ".join(p for p in (speaker.name, speaker.role) if p) if speaker else None

    fields: list[tuple[str, str | None, Quote | None]] = [("text", node.text, None)]
    fields += [("quote", quote.text, quote) for quote in node.quotes]
    fields.append(("tags", ", ".join(node.tags) or None, None))
    if node.evidence is not None:
        points = [*node.evidence.observations, *([node.evidence.baseline] if node.evidence.baseline else [])]
        parts = [node.evidence.metric, *(p for o in points for p in (o.system, o.unit) if p)]
        fields.append(("evidence", "; ".join(dict.fromkeys(parts)), None))
    fields += [("speaker", who(node.speaker), None), ("reported_by", who(node.reported_by), None)]
    fields.append(("rationale", node.rationale, None))
    return [(name, text, quote) for name, text, quote in fields if text]


def explain(node: Node, speakers: Mapping[str, Speaker], clauses: Sequence[tuple[str, ...]]) -> Explanation:
    """The field of ``node`` that holds the most of ``clauses`` (ties: the weightier field) and a snippet.

    With no clause found (a listing, or a stem this light stemmer misses) the node's text is the snippet.
    """
    best: tuple[int, str, str, Quote | None, list[tuple[int, int]]] | None = None
    for name, text, quote in _candidates(node, speakers):
        spans = _matches(text, clauses)
        if spans and (best is None or len(spans) > best[0]):
            best = (len(spans), name, text, quote, spans)
    if best is None:
        snippet, _, _ = _window(node.text, [])
        return Explanation(field="text", snippet=snippet)
    _, name, text, quote, spans = best
    snippet, highlights, _ = _window(text, spans)
    source_span = None
    if quote is not None:
        source_span = (quote.start + spans[0][0], quote.start + spans[-1][1])
    return Explanation(
        field=name, snippet=snippet, highlights=highlights, quote=quote, source_span=source_span
    )
