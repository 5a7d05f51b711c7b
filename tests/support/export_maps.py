"""Maps for the export tests: the essay, the phone-pouches example, and texts that break naive writers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.mapgraph import Evaluation, MapGraph, evaluate
from schemas import MapDocument

REPO = Path(__file__).resolve().parents[2]

# Every text here opens markup in some format: spreadsheet formulas (=, +, -, @), Argdown references,
# tags, emphasis, comments and data ([ ] # * _ // { }), JSON-LD-looking keys, quotes and non-ASCII.
TRICKY_TEXT = '=HYPERLINK("http://evil.example") said +1 -2 @all. {braces} [refs] e.g. ok.'
TRICKY_YAML = """
id: tricky
title: "Tricky [texts] #1: {a} = b"
summary: "=== not front matter ==="
sources:
  - id: tricky-source
    title: "@source"
    url: https://example.org/tricky
    outlet: "=Outlet"
    written_by: reporter
    text: '=HYPERLINK("http://evil.example") said +1 -2 @all. {braces} [refs] e.g. ok.'
speakers:
  - {id: mallory, name: "@Mallory <the> *bold*", role: "-role"}
  - {id: reporter, name: "Reporter: (unnamed)"}
nodes:
  - id: thesis
    kind: thesis
    speaker: reporter
    text: "Formulas [like] =SUM(A1) and <args> must stay text; 60.5% of *this* is _that_ // not a comment."
    base_score: 0.5
    rationale: "A thesis {with braces} and \\"quotes\\"."
    forecast: {resolves_by: "2028-12-31", criterion: "=It happens", probability_low: 0.6}
  - id: formula
    kind: claim
    speaker: mallory
    reported_by: reporter
    text: "=HYPERLINK(\\"http://evil.example\\",\\"click\\")"
    base_score: 0.7
    rationale: "+cmd|' /C calc'!A0"
    quotes:
      - {start: 0, end: 33, text: '=HYPERLINK("http://evil.example")', source: tricky-source,
         provenance: speaker-words}
  - id: minus
    kind: evidence
    speaker: mallory
    text: "-2 points on the @scale, #hashtag; a.b.c: d:e:f"
    base_score: 0.8
    rationale: measured
    quotes:
      - {start: 42, end: 44, text: '-2', provenance: author-paraphrase}
  - id: caveat
    kind: caveat
    speaker: reporter
    text: "@caveat: true only for [x] in {y}; ünïcödé \u2014 dashes \u2013 and \u2018quotes\u2019"
    base_score: 0.6
    rationale: a limit
    computations:
      - {operation: power, inputs: [0.999, 500], stated: 0.605, decimals: 3, stated_as: "60.5%",
         label: compounding}
      - {operation: ratio, inputs: [1, 4], stated: 0.25, decimals: 2}
  - id: rebuttal
    kind: counterpoint
    speaker: mallory
    text: "+ A rebuttal that starts like an Argdown relation <+ [thesis]"
    base_score: 0.4
    rationale: weak
    forecast:
      resolves_by: "2026-01-31"
      criterion: "-Something {odd} happens by the end of January"
      probability: 0.7
      status: resolved-false
      resolved_on: "2026-02-01"
      resolution_source: https://example.org/outcome
relations:
  - {source: formula, target: thesis, type: supports, weight: 0.8, note: "{note} = with braces"}
  - {source: minus, target: formula, type: supports}
  - {source: caveat, target: thesis, type: qualifies, weight: 0.5}
  - {source: rebuttal, target: thesis, type: attacks}
  - {source: rebuttal, target: caveat, type: attacks, weight: 0.3}
"""


@dataclass(frozen=True, slots=True)
class Scored:
    """A map and its evaluation under the default semantics."""

    graph: MapGraph
    evaluation: Evaluation

    @property
    def document(self) -> MapDocument:
        return self.graph.document


def scored(document: MapDocument) -> Scored:
    graph = MapGraph(document=document, version=1, node_versions={node.id: 1 for node in document.nodes})
    return Scored(graph, evaluate(graph))
