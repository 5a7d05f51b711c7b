"""Canonical names of the semantics and the aliases accepted for them."""

import re

from graph.scoring._errors import InvalidQBAF
from schemas import QBAFProblem, Semantics

_ALIASES: dict[str, Semantics] = {
    "dfquad": Semantics.DF_QUAD,
    "qe": Semantics.QE,
    "quadraticenergy": Semantics.QE,
    "euler": Semantics.EULER,
    "eulerbased": Semantics.EULER,
    "squareddfquad": Semantics.SQUARED_DF_QUAD,
    "dfquadsquared": Semantics.SQUARED_DF_QUAD,
    "eulertop": Semantics.EULER_TOP,
    "eulerbasedtop": Semantics.EULER_TOP,
    "hcategorizer": Semantics.H_CATEGORIZER,
    "hcat": Semantics.H_CATEGORIZER,
    "weightedhcategorizer": Semantics.H_CATEGORIZER,
    "maxbased": Semantics.MAX_BASED,
    "weightedmaxbased": Semantics.MAX_BASED,
    "cardbased": Semantics.CARD_BASED,
    "weightedcardbased": Semantics.CARD_BASED,
}


def parse_semantics(name: str) -> Semantics:
    """Resolve a semantics name, ignoring case, spaces, dashes and underscores.

    Args:
        name: E.g. ``"DF-QuAD"``, ``"dfquad"``, ``"quadratic-energy"``, ``"euler-based"``.

    Returns:
        The canonical semantics.

    Raises:
        InvalidQBAF: If the name is unknown (path ``semantics``).
    """
    found = _ALIASES.get(re.sub(r"[^a-z0-9]", "", name.lower()))
    if found is None:
        known = ", ".join(s.value for s in Semantics)
        raise InvalidQBAF(
            [QBAFProblem(path="semantics", message=f"unknown semantics {name!r} (known: {known})")]
        )
    return found
