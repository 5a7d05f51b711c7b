"""Shared helpers for the scoring tests: the spec's examples and random QBAF strategies."""

import json
import os
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from graph.scoring import QBAF, Edge
from schemas._qbaf import QBAFBody

DATA = Path(__file__).resolve().parent / "data" / "strength-examples.json"
TOLERANCE = 1e-6
MAIN_SEMANTICS = ("DF-QuAD", "QE", "Euler")
# Key in the JSON -> contribution function name in the API.
CONTRIBUTION_KEYS = {
    "removal": "removal",
    "intrinsic_removal": "removal-intrinsic",
    "shapley": "shapley",
    "gradient": "gradient",
}

Example = dict[str, Any]


def shared_examples_path() -> Path | None:
    """Where the spec's original JSON lives, if reachable (the tests use the in-repo copy)."""
    candidates = [Path(__file__).resolve().parents[3].parent / "shared" / "docs" / "strength-examples.json"]
    if env := os.environ.get("ARGMAP_SHARED_DOCS"):
        candidates.append(Path(env) / "strength-examples.json")
    return next((p for p in candidates if p.is_file()), None)


def load_examples() -> list[Example]:
    """The 21 worked examples (in-repo copy of the spec's JSON)."""
    examples: list[Example] = json.loads(DATA.read_text(encoding="utf-8"))
    return examples


def body_of(example: Example) -> QBAFBody:
    """The plain QBAF body of an example."""
    return QBAFBody(
        arguments=example["arguments"],
        supports=[(a, b) for a, b in example["supports"]],
        attacks=[(a, b) for a, b in example["attacks"]],
        root=example.get("topic"),
    )


def qbaf_of(example: Example) -> QBAF:
    """The validated QBAF of an example."""
    return QBAF.from_body(body_of(example))


def contribution_cases() -> list[tuple[str, Example, str, str]]:
    """``(id, example, json key, api function)`` for every expected contribution table."""
    return [
        (f"{ex['id']}:{key}", ex, key, function)
        for ex in load_examples()
        if ex.get("expected_contributions")
        for key, function in CONTRIBUTION_KEYS.items()
    ]


scores = st.one_of(
    st.sampled_from([0.0, 0.25, 0.5, 1.0]),
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
)


@st.composite
def qbafs(
    draw: st.DrawFn,
    *,
    max_arguments: int = 6,
    acyclic: bool | None = None,
    attack_only: bool = False,
    weighted: bool = False,
) -> QBAF:
    """Random small QBAFs; ``acyclic=None`` lets the strategy choose.

    Acyclic graphs only use edges from a higher to a lower index, so argument ``a0`` is a sink.
    """
    n = draw(st.integers(min_value=1, max_value=max_arguments))
    forward_only = draw(st.booleans()) if acyclic is None else acyclic
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j and (not forward_only or i > j)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=2 * n)) if pairs else []
    edges = []
    for i, j in chosen:
        polarity = "attack" if attack_only or draw(st.booleans()) else "support"
        weight = draw(st.sampled_from([1.0, 0.5, 0.25])) if weighted else 1.0
        edges.append(Edge(f"a{i}", f"a{j}", polarity, weight))  # type: ignore[arg-type]
    base = {f"a{i}": draw(scores) for i in range(n)}
    return QBAF.build(base, edges)
