"""Small map documents for integration tests, built in code so each test shows what it relies on."""

from __future__ import annotations

import random

from schemas import MapDocument, Node, NodeKind, Quote, Relation, RelationType, Source, Speaker

TEXT = "Cats sleep a lot. Dogs bark at night. Sleep is good for cats."


def small_map(
    map_id: str = "pets", *, thesis_text: str = "Cats are well rested.", source_id: str = "pets-note"
) -> MapDocument:
    """Three nodes: a thesis, a supporting claim and an attacking counterpoint, with quotes."""
    return MapDocument(
        id=map_id,
        title="Pets",
        sources=[Source(id=source_id, title="A note on pets", text=TEXT)],
        speakers=[Speaker(id="author", name="The Author")],
        nodes=[
            Node(
                id="thesis",
                kind=NodeKind.THESIS,
                text=thesis_text,
                speaker="author",
                base_score=0.5,
                rationale="the headline",
                quotes=[Quote(start=0, end=17, text="Cats sleep a lot.")],
            ),
            Node(
                id="sleep-good",
                kind=NodeKind.CLAIM,
                text="Sleep benefits cats.",
                speaker="author",
                base_score=0.8,
                rationale="common knowledge",
                tags=["health"],
                quotes=[Quote(start=38, end=61, text="Sleep is good for cats.")],
            ),
            Node(
                id="dogs-bark",
                kind=NodeKind.COUNTERPOINT,
                text="Barking dogs wake cats up at night.",
                speaker="author",
                base_score=0.4,
                rationale="plausible but unmeasured",
                quotes=[Quote(start=18, end=37, text="Dogs bark at night.")],
            ),
        ],
        relations=[
            Relation(source="sleep-good", target="thesis", type=RelationType.SUPPORTS),
            Relation(
                source="dogs-bark",
                target="thesis",
                type=RelationType.ATTACKS,
                weight=0.5,
                note="only some nights",
            ),
        ],
    )


def layered_qbaf(arguments: int, seed: int = 1) -> dict[str, object]:
    """An acyclic QBAF whose root has ``arguments - 1`` ancestors: sampled Shapley is expensive on it."""
    rng = random.Random(seed)
    edges = {(rng.randrange(1, arguments), 0) for _ in range(arguments)}
    edges |= {(a, rng.randrange(0, a)) for a in range(1, arguments) for _ in range(2)}
    supports = [[f"a{a}", f"a{b}"] for a, b in sorted(edges) if (a + b) % 2]
    attacks = [[f"a{a}", f"a{b}"] for a, b in sorted(edges) if not (a + b) % 2]
    return {
        "arguments": {f"a{i}": round(rng.random(), 3) for i in range(arguments)},
        "supports": supports,
        "attacks": attacks,
        "root": "a0",
    }
