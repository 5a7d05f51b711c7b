"""Near-duplicate nodes: two nodes that make the same point in nearly the same words. Pure.

Word overlap (Jaccard over content words) is crude but explainable to a student, and it finds the usual slip
of a map written by hand: one point entered twice, once from each place the text makes it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

from schemas import Node

THRESHOLD = 0.6
MIN_WORDS = 3
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_FUNCTION_WORDS = (
    "a an and are as at be been but by can could do does for from had has have he her his how i if in into "
    "is it its may might more most no not of on or our she so than that the their them then there these they "
    "this those to was we were what when which who will with would you"
)
_STOPWORDS = frozenset(_FUNCTION_WORDS.split())


def content_words(text: str) -> frozenset[str]:
    """The words of ``text`` that carry its content (lower case, stop words dropped, plural s trimmed).

    Example:
        >>> sorted(content_words("The benchmarks are saturated by construction."))
        ['benchmark', 'construction', 'saturated']
    """
    words = (word.removesuffix("s") if len(word) > 3 else word for word in _WORD.findall(text.lower()))
    return frozenset(word for word in words if word not in _STOPWORDS)


def near_duplicates(nodes: list[Node], threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    """Pairs of nodes whose content words overlap by at least ``threshold`` (Jaccard), most similar first.

    Only pairs sharing a word are compared, so a large map costs little more than a small one.

    Example:
        >>> from schemas import NodeKind
        >>> def node(i, text):
        ...     return Node(id=i, kind=NodeKind.CLAIM, text=text, speaker="s", base_score=0.5, rationale="r")
        >>> near_duplicates([node("a", "Uniforms reduce bullying in schools."),
        ...                  node("b", "School uniforms reduce bullying in schools."),
        ...                  node("c", "Homework improves grades.")])
        [('a', 'b', 1.0)]
    """
    words = {node.id: content_words(node.text) for node in nodes}
    by_word: dict[str, list[str]] = defaultdict(list)
    for node_id, found in words.items():
        if len(found) >= MIN_WORDS:
            for word in found:
                by_word[word].append(node_id)
    candidates: set[tuple[str, str]] = set()
    for ids in by_word.values():
        candidates.update(combinations(ids, 2))
    order = {node.id: index for index, node in enumerate(nodes)}
    pairs = []
    for first, second in candidates:
        a, b = words[first], words[second]
        score = len(a & b) / len(a | b)
        if score >= threshold:
            left, right = sorted((first, second), key=order.__getitem__)
            pairs.append((left, right, round(score, 3)))
    return sorted(pairs, key=lambda pair: (-pair[2], order[pair[0]], order[pair[1]]))
