"""The crux between two maps of one source: which of B's numbers, taken into A, flip A's verdict. Pure.

The maps are aligned as a comparison aligns them (``graph.compare._align``). B's reading of A is then the
base score B gives each matched node and the weight B gives each relation both draw alike (same ends, same
way round, same type): a perspective over A's nodes. The crux search (``graph.debate.find_crux``) finds the
fewest of those numbers that carry A's root across 0.5; when even all of them leave it on its side, the
answer says so and lists the numbers that move it most. What only one map has (a missed point, a relation of
another type) is no number to adopt: the comparison lists those.
"""

from __future__ import annotations

from graph.compare._align import align
from graph.compare._compare import _base_score_differences, _relation_changes, common_sources
from graph.debate import find_crux
from graph.mapgraph import MapGraph
from schemas import DEFAULT_SEMANTICS, MapCrux, MapVerdict, Perspective, RelationWeight


def reading_of(a: MapGraph, b: MapGraph) -> tuple[Perspective, dict[str, str]]:
    """B's numbers on A's matched nodes and alike-drawn relations, as a perspective named after B.

    Answers it and the matching (A's node id to B's).

    Raises:
        InvalidArgumentMap: the maps cite no common source.
    """
    sources = {source.id for source in common_sources(a, b)}
    pairings = align(a, b, sources)
    to_b = {pairing.a: pairing.b for pairing in pairings}
    to_a = {pairing.b: pairing.a for pairing in pairings}
    _changes, weights = _relation_changes(a, b, to_b, to_a)
    scores = {found.a: found.b_base_score for found in _base_score_differences(a, b, pairings)}
    reweighted = [
        RelationWeight(source=found.a.source, target=found.a.target, weight=found.b.weight)
        for found in weights
    ]
    return Perspective(name=b.id, base_scores=scores, weights=reweighted), to_b


def map_crux(
    a: MapGraph,
    b: MapGraph,
    verdicts: tuple[MapVerdict, MapVerdict],
    *,
    semantics: str = DEFAULT_SEMANTICS,
) -> MapCrux:
    """The crux of A's verdict against B's numbers (module docstring), with both maps' own verdicts.

    Raises:
        InvalidArgumentMap: the maps cite no common source, or A cannot be scored under ``semantics``.
        OverBudget: too many disagreements bear on A's root (``graph.debate.MAX_DISAGREEMENTS``).

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Quote, Relation, RelationType, Source, Speaker
        >>> def graph(map_id, scores):
        ...     source = Source(id="s", title="S", text="Cats nap. Naps help. Naps cost time.")
        ...     def node(i, kind, span):
        ...         return Node(id=i, kind=kind, text=i, speaker="x", base_score=scores[i], rationale="r",
        ...                     quotes=[Quote(start=span[0], end=span[1], text=source.text[span[0]:span[1]])])
        ...     nodes = [node("t", NodeKind.THESIS, (0, 9)), node("help", NodeKind.CLAIM, (10, 20)),
        ...              node("cost", NodeKind.COUNTERPOINT, (21, 36))]
        ...     relations = [Relation(source="help", target="t", type=RelationType.SUPPORTS),
        ...                  Relation(source="cost", target="t", type=RelationType.ATTACKS)]
        ...     document = MapDocument(id=map_id, title=map_id, sources=[source],
        ...         speakers=[Speaker(id="x", name="X")], nodes=nodes, relations=relations)
        ...     return MapGraph(document, 1, {})
        >>> ana = graph("ana", {"t": 0.5, "help": 0.8, "cost": 0.3})
        >>> ben = graph("ben", {"t": 0.5, "help": 0.4, "cost": 0.7})
        >>> verdict = MapVerdict(map_id="m", version=1, title="m", root="t", root_text="t", semantics="QE",
        ...                      strength=0.5)
        >>> found = map_crux(ana, ben, (verdict, verdict))
        >>> [item.node for item in found.crux.crux], found.crux.minimal, found.counterparts
        (['help', 'cost'], True, {'cost': 'cost', 'help': 'help'})
        >>> print(found.explanation)  # doctest: +NORMALIZE_WHITESPACE
        ben scores 2 of the 3 points both maps make otherwise than ana, and weighs 0 of the relations both
        draw otherwise; "under ben" is ana's map with all of them taken in. Under ana the root is at 0.60
        and under ben at 0.46. Taking 2 numbers from ben into ana moves the root to 0.46: it falls (below
        0.5), as under ben. No set of fewer numbers flips the verdict.
    """
    reading, to_b = reading_of(a, b)
    # A as mapped, named after its map, so the explanation speaks of the two maps.
    crux = find_crux(a, Perspective(name=a.id), reading, semantics=semantics)
    named = {
        end
        for item in (*crux.crux, *crux.movers)
        for end in (item.node, item.source, item.target)
        if end is not None and end in to_b
    }
    explanation = (
        f"{b.id} scores {len(reading.base_scores)} of the {len(to_b)} points both maps make otherwise than "
        f'{a.id}, and weighs {len(reading.weights)} of the relations both draw otherwise; "under {b.id}" '
        f"is {a.id}'s map with all of them taken in. " + crux.explanation
    )
    return MapCrux(
        a=verdicts[0],
        b=verdicts[1],
        matched=len(to_b),
        counterparts={node: to_b[node] for node in sorted(named)},
        crux=crux,
        explanation=explanation,
    )
