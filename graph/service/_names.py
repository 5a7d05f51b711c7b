"""The engine's names for semantics and contribution functions, whatever spelling a client uses.

Example:
    >>> canonical_name("semantics", "dfquad"), canonical_name("contribution", "Removal_Intrinsic")
    ('DF-QuAD', 'removal-intrinsic')
    >>> canonical_name("semantics", "Bayes") is None
    True
"""

from __future__ import annotations

from graph.scoring import InvalidQBAF, parse_contribution, parse_semantics

NAMED_PARAMETERS = ("semantics", "contribution")


def canonical_name(parameter: str, value: str) -> str | None:
    """The canonical name ``value`` spells for ``parameter`` (case, dashes, spaces ignored), else None."""
    try:
        if parameter == "semantics":
            return parse_semantics(value).value
        if parameter == "contribution":
            return parse_contribution(value).value
    except InvalidQBAF:
        return None
    return None
