"""The root's strength in plain words, so nobody reads a plausibility score as a probability."""

from __future__ import annotations

from schemas import Forecast, Node, Spread

_CLOSE = 0.005


def strength_reading(node: Node, strength: float, semantics: str) -> str:
    """One paragraph saying what ``strength`` of ``node`` means, and what it does not mean.

    Example:
        >>> from schemas import NodeKind
        >>> node = Node(id="t", kind=NodeKind.THESIS, text="Uniforms improve behaviour.", speaker="a",
        ...             base_score=0.5, rationale="r")
        >>> print(strength_reading(node, 0.62, "QE"))  # doctest: +NORMALIZE_WHITESPACE
        0.62 is this map's plausibility score for the thesis "Uniforms improve behaviour." under QE: how well
        it stands once everything the map says for and against it is weighed. What bears on it raises it from
        its base score of 0.50. It is a score for the argument, not the probability that the thesis is true.
    """
    if strength > node.base_score + _CLOSE:
        movement = f"What bears on it raises it from its base score of {node.base_score:.2f}."
    elif strength < node.base_score - _CLOSE:
        movement = f"What bears on it lowers it from its base score of {node.base_score:.2f}."
    else:
        movement = (
            f"It ends near its base score of {node.base_score:.2f}: what bears on it balances out, "
            "or nothing does."
        )
    reading = (
        f'{strength:.2f} is this map\'s plausibility score for the {node.kind.value} "{node.text}" under '
        f"{semantics}: how well it stands once everything the map says for and against it is weighed. "
        f"{movement} "
    )
    if node.forecast is None:
        return reading + "It is a score for the argument, not the probability that the thesis is true."
    forecast = node.forecast
    return reading + (
        f"The {node.kind.value} is itself a forecast ({_stated(forecast)} by {forecast.resolves_by}): "
        f"{strength:.2f} scores the claim that this is the right probability; it is not a {strength:.0%} "
        "chance that the event happens."
    )


def _stated(forecast: Forecast) -> str:
    low, high = forecast.probability_low, forecast.probability_high
    if forecast.probability is not None:
        return f"{forecast.probability:.0%}"
    if low is not None and high is not None:
        return f"{low:.0%} to {high:.0%}"
    if low is not None:
        return f"at least {low:.0%}"
    if high is not None:
        return f"at most {high:.0%}"
    return "no probability stated"


def spread_line(spread: Spread) -> str:
    """The spread of the root's strength in one line.

    Example:
        >>> from schemas import SemanticsStrength
        >>> strengths = [SemanticsStrength(semantics=s, strength=v)
        ...              for s, v in (("QE", 0.49), ("DF-QuAD", 0.73), ("Euler", 0.43))]
        >>> print(spread_line(Spread(root="t", semantics="QE", strength=0.49, strengths=strengths, low=0.41,
        ...     high=0.56, band_spread=0.1, samples=200, same_side=0.52, settled=False, reading="")))
        Spread: 0.49 (QE), 0.73 (DF-QuAD), 0.43 (Euler); 0.41 to 0.56 (QE) with every base score moved by ±0.10: the map does not settle which side of 0.5 it is on.
    """  # noqa: E501
    named = ", ".join(f"{item.strength:.2f} ({item.semantics})" for item in spread.strengths)
    band = f"{spread.low:.2f} to {spread.high:.2f} ({spread.semantics})"
    side = "above" if spread.strength >= 0.5 else "below"
    verdict = (
        f"{side} 0.5 under every one of them"
        if spread.settled
        else "the map does not settle which side of 0.5 it is on"
    )
    return f"Spread: {named}; {band} with every base score moved by ±{spread.band_spread:.2f}: {verdict}."
