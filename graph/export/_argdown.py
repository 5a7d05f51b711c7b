"""Argdown out: every node a statement with its metadata, every relation a pro/contra relation.

Each node is defined once as ``[node-id]: text {metadata}``, the metadata (Argdown's YAML data, written as
JSON) holding its kind, speaker, reported_by, base score, rationale, scores, quotes with their offsets and
provenance, its forecast, and its outgoing relations with their type, weight and note. The relations follow,
grouped under their target: ``<+`` for ``supports`` and ``<-`` for both ``attacks`` and ``qualifies``.
Argdown has no relation for a caveat that limits a claim without denying it (its undercut ``_>`` attacks an
argument's inference, not a statement), so a qualification is drawn as an attack -- which is how argmap
scores it, scaled by its weight -- and the source statement's ``relations`` metadata says
``"type": "qualifies"``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import msgspec

from graph.export._common import first_quote_source, rounded, scores_of
from graph.mapgraph import Evaluation, MapGraph
from schemas import RelationType

ARROWS = {RelationType.SUPPORTS: "<+", RelationType.ATTACKS: "<-", RelationType.QUALIFIES: "<-"}
# Characters that open Argdown markup anywhere in a line: references, mentions, tags, emphasis, comments,
# links and data. Escaping them always costs little; '.' and ':' only open a token as ".word." or ":word:".
_ALWAYS = set("\\@#*_[]{}<>/()")
_SPECIAL = re.compile(r"([.:])(?=[^\s]+?\1)")


def escape_argdown(text: str) -> str:
    r"""Statement text as Argdown reads it back verbatim (line breaks become spaces: a statement is one line).

    Example:
        >>> print(escape_argdown("SWE-Bench [verified] #1 at 60.5%, e.g. 2x"))
        SWE-Bench \[verified\] \#1 at 60.5%, e\.g. 2x
    """
    escaped = "".join("\\" + char if char in _ALWAYS else char for char in " ".join(text.split()))
    return _SPECIAL.sub(r"\\\1", escaped)


def data(value: Any) -> str:
    r"""A value as Argdown data: JSON (which YAML reads), with braces and '=' in strings as \u escapes.

    Argdown finds the end of a data block by its closing brace and front matter by ``===``, so neither may
    appear inside a string.

    Example:
        >>> data({"note": "a {b} = c"})
        '{"note": "a \\u007bb\\u007d \\u003d c"}'
    """
    if isinstance(value, dict):
        return "{" + ", ".join(f"{data(str(key))}: {data(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(data(item) for item in value) + "]"
    if isinstance(value, str):
        encoded = json.dumps(value, ensure_ascii=False)
        return encoded.replace("{", "\\u007b").replace("}", "\\u007d").replace("=", "\\u003d")
    return json.dumps(value)


def to_argdown(graph: MapGraph, evaluation: Evaluation) -> str:
    """The map as an Argdown document: front matter, one statement per node, then the relations."""
    doc = graph.document
    scores = scores_of(evaluation)
    front = {
        "title": doc.title,
        "argmap": {
            "map": doc.id,
            "root": evaluation.root,
            "semantics": evaluation.semantics,
            "summary": doc.summary,
            "speakers": {s.id: {"name": s.name, "role": s.role} for s in doc.speakers},
            # A source's text is not written (it can be long): an import checks quotes against its text_file,
            # read next to the Argdown file, or against the stored source of the same id.
            "sources": {
                s.id: {
                    "title": s.title,
                    "outlet": s.outlet,
                    "author": s.author,
                    "published": s.published,
                    "url": s.url,
                    "reports_on": s.reports_on,
                    "written_by": s.written_by,
                    "text_file": s.text_file,
                }
                for s in doc.sources
            },
        },
    }
    lines = ["===", *(f"{key}: {data(_pruned(value))}" for key, value in front.items()), "===", ""]
    lines += [f"# {escape_argdown(doc.title)}", ""]
    for node in doc.nodes:
        score = scores[node.id]
        meta = {
            "kind": node.kind.value,
            "speaker": node.speaker,
            "reported_by": node.reported_by,
            "base_score": node.base_score,
            "rationale": node.rationale,
            "strength": rounded(score.strength),
            "contribution": rounded(score.contribution),
            "rank": score.rank,
            "date": node.date,
            "tags": node.tags or None,
            "quotes": [
                {
                    "source": quote.source or first_quote_source(graph, node),
                    "start": quote.start,
                    "end": quote.end,
                    "text": quote.text,
                    "provenance": quote.provenance.value if quote.provenance else None,
                }
                for quote in node.quotes
            ]
            or None,
            "forecast": msgspec.to_builtins(node.forecast) if node.forecast else None,
            "relations": [
                {"target": r.target, "type": r.type.value, "weight": r.weight, "note": r.note}
                for r in graph.outgoing[node.id]
            ]
            or None,
        }
        lines += [f"[{node.id}]: {escape_argdown(node.text)} {data(_pruned(meta))}", ""]
    for node in doc.nodes:
        incoming = graph.incoming[node.id]
        if incoming:
            lines.append(f"[{node.id}]")
            lines += [f"  {ARROWS[relation.type]} [{relation.source}]" for relation in incoming]
            lines.append("")
    return "\n".join(lines)


def _pruned(value: Any) -> Any:
    """The value without ``None`` entries: absent metadata says as much, and keeps each line short."""
    if isinstance(value, dict):
        return {key: _pruned(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_pruned(item) for item in value]
    return value
