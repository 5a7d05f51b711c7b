"""The defaults of the AIF import: node kinds, readable ids and locution words, where AIF says nothing."""

from __future__ import annotations

import re

from schemas import RelationType

DEFAULT_BASE_SCORE = 0.5
DEFAULT_RATIONALE = "Imported from AIF, which has no base scores: neutral until someone judges it."
DEFAULT_TITLE = "Imported from AIF"
UNATTRIBUTED = "unattributed"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def kinds_of(node_ids: list[str], relations: dict[tuple[str, str], RelationType]) -> dict[str, str]:
    """Each node's kind: thesis for a node that bears on no other, claim for the rest.

    A map needs every node to lead to a thesis, so the first node (in AIF order) of any group that reaches
    none (a cycle of attacks, say) becomes a thesis too.
    """
    bears_on: dict[str, list[str]] = {node_id: [] for node_id in node_ids}
    for source, target in relations:
        bears_on[source].append(target)
    theses = {node_id for node_id in node_ids if not bears_on[node_id]}
    while True:
        reaching = set(theses)
        changed = True
        while changed:
            changed = False
            for node_id in node_ids:
                if node_id not in reaching and any(target in reaching for target in bears_on[node_id]):
                    reaching.add(node_id)
                    changed = True
        stranded = [node_id for node_id in node_ids if node_id not in reaching]
        if not stranded:
            return {node_id: "thesis" if node_id in theses else "claim" for node_id in node_ids}
        theses.add(stranded[0])


def unique_ids(keys: list[str], fallback: dict[str, str] | None = None) -> dict[str, str]:
    """A slug for each AIF id: the id itself when it is one, else a slug of it (or of ``fallback[key]``)."""
    taken: set[str] = set()
    result: dict[str, str] = {}
    for key in keys:
        candidate = key if _SLUG.match(key) and not key.isdigit() else ""
        if not candidate:
            base = fallback.get(key, key) if fallback else f"n-{key}"
            candidate = _NOT_SLUG.sub("-", base.lower()).strip("-")[:70] or "n"
        unique, number = candidate, 2
        while unique in taken or unique == UNATTRIBUTED:
            unique, number = f"{candidate}-{number}", number + 1
        taken.add(unique)
        result[key] = unique
    return result


def without_name(text: str, name: str | None) -> str:
    """A locution's words without the ``"Name: "`` (or ``"Name : "``) AIFdb puts in front of them."""
    words = text.strip()
    if name:
        for prefix in (f"{name}: ", f"{name} : "):
            if words.startswith(prefix):
                return words[len(prefix) :].strip()
    return words
