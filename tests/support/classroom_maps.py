"""Two students' maps of one short text, B differing from A by exactly the differences the tests plant.

A and B phrase every claim in their own words and quote slightly different spans for it, as two people do;
beyond that, B differs from A in five ways and no other:

1. B does not map A's ``attendance`` caveat (a **missed** claim);
2. B maps the intruders sentence, which A leaves out (an **extra** claim);
3. where A has ``other-ways`` attacking ``expression``, B has its counterpart supporting it (**polarity**);
4. A gives ``cost`` a base score of 0.6, B gives its counterpart 0.3 (a **base score**);
5. A weighs ``bullying`` -> ``thesis`` at 0.8, B at 0.4 (a **weight**).

``discipline`` quotes nothing in either map: only its words can pair it.
"""

from __future__ import annotations

from typing import NamedTuple

import msgspec

from graph.document import find_offsets
from schemas import MapDocument, Node, NodeKind, Quote, Relation, RelationType, Source, Speaker, Visibility

TEXT = (
    "School uniforms should be required. They reduce bullying over clothes, a survey of 40 schools found. "
    "They also cost families less than a new wardrobe every year. "
    "Critics say uniforms stifle self-expression. Yet students can express themselves in many other ways. "
    "Some schools saw no change in attendance.\n\n"
    "Uniforms also help visitors spot intruders."
)
SOURCE = Source(id="uniform-essay", title="Why uniforms?", author="A. Writer", text=TEXT)
OTHER_SOURCE = Source(id="other-essay", title="Homework", text="Homework helps. It also tires pupils.")


class Claim(NamedTuple):
    """One point as each student maps it: id, text and quoted words (no id: not in that map)."""

    a: str | None
    a_text: str
    a_quote: str | None
    b: str | None
    b_text: str
    b_quote: str | None


CLAIMS = [
    Claim(
        "thesis",
        "Schools should make uniforms compulsory.",
        "School uniforms should be required.",
        "b-thesis",
        "Uniforms ought to be mandatory.",
        "School uniforms should be required",
    ),
    Claim(
        "bullying",
        "Uniforms cut clothing-related bullying, per a 40-school survey.",
        "They reduce bullying over clothes, a survey of 40 schools found",
        "b-bullying",
        "Fewer pupils get picked on for their clothes.",
        "They reduce bullying over clothes",
    ),
    Claim(
        "cost",
        "Uniforms save families money.",
        "They also cost families less than a new wardrobe every year",
        "b-cost",
        "Parents spend less.",
        "cost families less than a new wardrobe every year.",
    ),
    Claim(
        "expression",
        "Uniforms limit how pupils show who they are.",
        "Critics say uniforms stifle self-expression",
        "b-expression",
        "Pupils lose a way to express identity.",
        "Critics say uniforms stifle self-expression.",
    ),
    Claim(
        "other-ways",
        "Pupils have other outlets for self-expression.",
        "students can express themselves in many other ways",
        "b-other",
        "Identity shows in other channels.",
        "Yet students can express themselves in many other ways.",
    ),
    Claim(
        "attendance",
        "Attendance did not improve everywhere.",
        "Some schools saw no change in attendance",
        None,
        "",
        None,
    ),
    Claim(
        None,
        "",
        None,
        "b-intruders",
        "Uniforms make strangers easy to spot.",
        "Uniforms also help visitors spot intruders.",
    ),
    Claim(
        "discipline",
        "Discipline improves with a shared dress code.",
        None,
        "b-discipline",
        "A shared dress code improves discipline.",
        None,
    ),
]
KINDS = {"thesis": NodeKind.THESIS, "expression": NodeKind.COUNTERPOINT, "attendance": NodeKind.CAVEAT}
A_BASE = {"cost": 0.6, "bullying": 0.8, "thesis": 0.4}
B_BASE = {"b-cost": 0.3, "b-bullying": 0.8, "b-thesis": 0.4}
A_RELATIONS = [
    Relation(source="bullying", target="thesis", type=RelationType.SUPPORTS, weight=0.8),
    Relation(source="cost", target="thesis", type=RelationType.SUPPORTS),
    Relation(source="expression", target="thesis", type=RelationType.ATTACKS, weight=0.6),
    Relation(source="other-ways", target="expression", type=RelationType.ATTACKS),
    Relation(source="attendance", target="bullying", type=RelationType.QUALIFIES),
    Relation(source="discipline", target="thesis", type=RelationType.SUPPORTS),
]
B_RELATIONS = [
    Relation(source="b-bullying", target="b-thesis", type=RelationType.SUPPORTS, weight=0.4),
    Relation(source="b-cost", target="b-thesis", type=RelationType.SUPPORTS),
    Relation(source="b-expression", target="b-thesis", type=RelationType.ATTACKS, weight=0.6),
    Relation(source="b-other", target="b-expression", type=RelationType.SUPPORTS),
    Relation(source="b-intruders", target="b-thesis", type=RelationType.SUPPORTS),
    Relation(source="b-discipline", target="b-thesis", type=RelationType.SUPPORTS),
]


def _node(node_id: str, text: str, quoted: str | None, base: dict[str, float]) -> Node:
    quotes = []
    if quoted is not None:
        start, end = find_offsets(TEXT, quoted)
        quotes = [Quote(start=start, end=end, text=quoted)]
    kind = KINDS.get(node_id.removeprefix("b-"), NodeKind.CLAIM)
    return Node(
        id=node_id,
        kind=kind,
        text=text,
        speaker="student",
        base_score=base.get(node_id, 0.5),
        rationale="as the student judged it",
        quotes=quotes,
    )


def reading(map_id: str, side: int, *, visibility: str | None = None) -> MapDocument:
    """One student's map of ``TEXT``: ``side`` 0 is A, 1 is B (see the module docstring)."""
    base = (A_BASE, B_BASE)[side]
    mapped = [(claim.a, claim.a_text, claim.a_quote) for claim in CLAIMS] if side == 0 else []
    mapped = mapped or [(claim.b, claim.b_text, claim.b_quote) for claim in CLAIMS]
    nodes = [_node(node_id, text, quoted, base) for node_id, text, quoted in mapped if node_id is not None]
    document = MapDocument(
        id=map_id,
        title=f"Uniforms, read by student {'AB'[side]}",
        sources=[SOURCE],
        speakers=[Speaker(id="student", name="The student")],
        nodes=nodes,
        relations=(A_RELATIONS, B_RELATIONS)[side],
        root="b-thesis" if side else "thesis",
    )
    if visibility is not None:
        document = msgspec.structs.replace(document, visibility=Visibility(visibility))
    return document


def homework_map(map_id: str = "homework") -> MapDocument:
    """A map of another text altogether: nothing in common with the uniform maps."""
    return MapDocument(
        id=map_id,
        title="Homework",
        sources=[OTHER_SOURCE],
        speakers=[Speaker(id="student", name="The student")],
        nodes=[
            Node(
                id="t",
                kind=NodeKind.THESIS,
                text="Homework helps.",
                speaker="student",
                base_score=0.5,
                rationale="r",
                quotes=[Quote(start=0, end=15, text="Homework helps.")],
            )
        ],
    )
