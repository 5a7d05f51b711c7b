"""What a writer most likely meant by a kind, relation type or provenance the format does not have.

Words from other argument-mapping tools and from school (rebuttal, premise, objection, undercut) name shapes
the format builds from its own parts; each hint says how, in the words of docs/map-format.md.
"""

from __future__ import annotations

_COUNTERPOINT = "an objection to a node is a counterpoint that attacks it"
_REBUTTAL = "a rebuttal is a counterpoint that attacks a counterpoint"
_THESIS = "the main conclusion is a thesis (and the map's root); a conclusion on the way to it is a claim"
_EVIDENCE = "a datapoint, study, figure or example is evidence (its numbers go in its evidence: field)"
_CAVEAT = "a limit on a claim is a caveat that qualifies it"
_PREMISE = "a reason for a node is a claim (or evidence) that supports it"
_FORECAST = "a dated prediction is a claim (or thesis) with a forecast: field"
_ATTACKS = "a node that argues against another attacks it"
_UNDERCUTS = (
    "argmap has no undercut: a node that cuts the link between two others attacks the node it answers"
)
_SUPPORTS = "a node that argues for another supports it"
_QUALIFIES = "a caveat that limits a node qualifies it"

HINTS: dict[str, dict[str, str]] = {
    "kind": {
        "rebuttal": _REBUTTAL,
        "rebut": _REBUTTAL,
        "refutation": _REBUTTAL,
        "reply": _REBUTTAL,
        "response": _REBUTTAL,
        "objection": _COUNTERPOINT,
        "counterargument": _COUNTERPOINT,
        "counter-argument": _COUNTERPOINT,
        "counterclaim": _COUNTERPOINT,
        "counter": _COUNTERPOINT,
        "con": _COUNTERPOINT,
        "attack": _COUNTERPOINT,
        "conclusion": _THESIS,
        "main-claim": _THESIS,
        "hypothesis": _THESIS,
        "position": _THESIS,
        "premise": _PREMISE,
        "reason": _PREMISE,
        "argument": _PREMISE,
        "pro": _PREMISE,
        "support": _PREMISE,
        "warrant": _PREMISE,
        "fact": _EVIDENCE,
        "data": _EVIDENCE,
        "datapoint": _EVIDENCE,
        "statistic": _EVIDENCE,
        "example": _EVIDENCE,
        "study": _EVIDENCE,
        "anecdote": _EVIDENCE,
        "qualifier": _CAVEAT,
        "qualification": _CAVEAT,
        "limitation": _CAVEAT,
        "exception": _CAVEAT,
        "concession": _CAVEAT,
        "forecast": _FORECAST,
        "prediction": _FORECAST,
    },
    "type": {
        "attack": _ATTACKS,
        "attacked": _ATTACKS,
        "rebuts": _ATTACKS,
        "rebuttal": _ATTACKS,
        "refutes": _ATTACKS,
        "contradicts": _ATTACKS,
        "opposes": _ATTACKS,
        "against": _ATTACKS,
        "con": _ATTACKS,
        "undercuts": _UNDERCUTS,
        "undercut": _UNDERCUTS,
        "undermines": _UNDERCUTS,
        "support": _SUPPORTS,
        "supported": _SUPPORTS,
        "for": _SUPPORTS,
        "pro": _SUPPORTS,
        "backs": _SUPPORTS,
        "justifies": _SUPPORTS,
        "entails": _SUPPORTS,
        "qualify": _QUALIFIES,
        "limits": _QUALIFIES,
        "restricts": _QUALIFIES,
        "caveat": _QUALIFIES,
    },
    "provenance": {
        "quote": "words of the node's speaker that the source quotes are speaker-words",
        "direct": "words of the node's speaker that the source quotes are speaker-words",
        "speaker": "words of the node's speaker that the source quotes are speaker-words",
        "paraphrase": "the source's author restating the node's speaker is author-paraphrase",
        "author": "the source's author speaking for themselves is author-voice",
        "own": "the source's author speaking for themselves is author-voice",
    },
}


def hint(field: str, value: object) -> str | None:
    """What the format calls the shape that ``value``, not a ``field`` of the format, most likely names.

    Example:
        >>> hint("kind", "Rebuttal")
        'a rebuttal is a counterpoint that attacks a counterpoint'
        >>> hint("kind", "banana") is None
        True
    """
    if not isinstance(value, str):
        return None
    word = value.strip().lower().replace("_", "-").replace(" ", "-")
    found = HINTS.get(field, {})
    return found.get(word) or found.get(word.rstrip("s"))
