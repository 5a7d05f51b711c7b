"""A thesis's strength with its spread: every number published about a thesis travels with it. Pure.

A strength depends on the semantics chosen and on base scores somebody wrote down. A reader who sees one
number cannot tell whether another reasonable choice would put the thesis on the other side of 0.5, so the
scores, the tree, the brief, the caption, the viewer and the exports show it with the strength under each
published semantics and the robustness band under the semantics asked for.
"""

from __future__ import annotations

from graph.debate._robustness import DEFAULT_SAMPLES, DEFAULT_SPREAD, STABLE_SHARE, robustness
from graph.mapgraph import MapGraph, framework, require_node
from graph.scoring import compute_strengths, parse_semantics
from schemas import DEFAULT_SEMANTICS, PUBLISHED_SEMANTICS, Forecast, Node, SemanticsStrength, Spread

BAND_SAMPLES = DEFAULT_SAMPLES
"""Samples drawn for the band: the robustness endpoint's default, so both answers agree."""


def thesis_spread(graph: MapGraph, *, root: str | None = None, semantics: str = DEFAULT_SEMANTICS) -> Spread:
    """The root's strength under each published semantics, and its robustness band under ``semantics``.

    Raises:
        NotFound: ``root`` is not a node of the map.
        InvalidArgumentMap: ``semantics`` is not a semantics.

    Example:
        >>> from schemas import MapDocument, Node, NodeKind, Relation, RelationType
        >>> def node(i, score):
        ...     return Node(id=i, kind=NodeKind.THESIS, text=i, speaker="s", base_score=score, rationale="r")
        >>> doc = MapDocument(id="m", title="t", sources=[], speakers=[],
        ...                   nodes=[node("t", 0.5), node("e", 0.9)],
        ...                   relations=[Relation(source="e", target="t", type=RelationType.SUPPORTS)])
        >>> spread = thesis_spread(MapGraph(doc, 1, {}))
        >>> [item.semantics for item in spread.strengths], spread.settled
        (['QE', 'DF-QuAD', 'Euler'], True)
        >>> spread.low <= spread.strength <= spread.high
        True
    """
    topic = require_node(graph, root or graph.root)
    canonical = parse_semantics(semantics).value
    qbaf = framework(graph.document, root=topic)
    names = [item.value for item in PUBLISHED_SEMANTICS]
    if canonical not in names:
        names.append(canonical)
    strengths = [
        SemanticsStrength(semantics=name, strength=compute_strengths(qbaf, name).strengths[topic])
        for name in names
    ]
    band = robustness(graph, root=topic, semantics=canonical, spread=DEFAULT_SPREAD, samples=BAND_SAMPLES)
    strength = band.root_strength
    side = strength >= 0.5
    settled = band.same_side >= STABLE_SHARE and all((item.strength >= 0.5) == side for item in strengths)
    low, high = band.distribution.q05, band.distribution.q95
    return Spread(
        root=topic,
        semantics=canonical,
        strength=strength,
        strengths=strengths,
        low=low,
        high=high,
        band_spread=DEFAULT_SPREAD,
        samples=BAND_SAMPLES,
        same_side=band.same_side,
        settled=settled,
        reading=spread_reading(graph.nodes[topic], strengths, canonical, (low, high), settled),
    )


def spread_reading(
    node: Node,
    strengths: list[SemanticsStrength],
    semantics: str,
    band: tuple[float, float],
    settled: bool,
) -> str:
    """The spread in one paragraph of plain words.

    Example:
        >>> from schemas import NodeKind
        >>> node = Node(id="t", kind=NodeKind.THESIS, text="T", speaker="a", base_score=0.4, rationale="r",
        ...             forecast=Forecast(resolves_by="2028-12-31", criterion="c", probability_low=0.6))
        >>> strengths = [SemanticsStrength(semantics=s, strength=v)
        ...              for s, v in (("QE", 0.49), ("DF-QuAD", 0.73), ("Euler", 0.43))]
        >>> reading = spread_reading(node, strengths, "QE", (0.41, 0.56), False)
        >>> print(reading)  # doctest: +NORMALIZE_WHITESPACE
        Strength 0.49 (QE), 0.73 (DF-QuAD), 0.43 (Euler); with every base score moved by up to ±0.10 it stays
        between 0.41 and 0.56 (QE) in 90% of samples. The semantics or the base scores put it on either side
        of 0.5: the map does not settle whether the thesis stands. These are strengths, not probabilities:
        the forecast's own probability is at least 60%.
    """
    named = ", ".join(f"{item.strength:.2f} ({item.semantics})" for item in strengths)
    low, high = band
    text = (
        f"Strength {named}; with every base score moved by up to ±{DEFAULT_SPREAD:.2f} it stays between "
        f"{low:.2f} and {high:.2f} ({semantics}) in 90% of samples. "
    )
    if settled:
        where = "above" if next(s.strength for s in strengths if s.semantics == semantics) >= 0.5 else "below"
        text += f"Every semantics and nearly every sample keep it {where} 0.5. "
    else:
        text += (
            "The semantics or the base scores put it on either side of 0.5: the map does not settle whether "
            f"the {node.kind.value} stands. "
        )
    if node.forecast is None:
        return text + "These are strengths, not probabilities."
    return text + (
        "These are strengths, not probabilities: the forecast's own probability is "
        f"{stated_probability(node.forecast)}."
    )


def stated_probability(forecast: Forecast) -> str:
    """A forecast's probability in words, as stated.

    Example:
        >>> stated_probability(Forecast(resolves_by="2027-12-31", criterion="c", probability=0.3))
        '30%'
    """
    low, high = forecast.probability_low, forecast.probability_high
    if forecast.probability is not None:
        return f"{forecast.probability:.0%}"
    if low is not None and high is not None:
        return f"{low:.0%} to {high:.0%}"
    if low is not None:
        return f"at least {low:.0%}"
    if high is not None:
        return f"at most {high:.0%}"
    return "not stated"
