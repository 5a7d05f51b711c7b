"""Gradual semantics as vectorized (aggregation, influence) kernels (spec §2).

Every kernel works on raw per-polarity aggregates of weighted parent strengths ``w·sigma(b)``:

* ``SUM``: ``Σ w·sigma(b)``; ``PRODUCT``: ``Π (1 - w·sigma(b))``; ``MAX``: ``max w·sigma(b)`` (0 when empty).

``influence(tau, att, sup, count)`` gives the new strength; ``partials`` gives ``∂sigma/∂tau``,
``∂sigma/∂att`` and ``∂sigma/∂sup`` (used by the gradient); ``kink`` marks where the derivative is
one-sided. ``count`` is only used by card-based (the number of attackers with tau > 0).
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from graph.scoring._names import parse_semantics
from schemas import Semantics

F = NDArray[np.float64]
Influence = Callable[[F, F, F, F | None], F]
Partials = Callable[[F, F, F, F | None], tuple[F, F, F]]
Kink = Callable[[F, F, F, F | None], NDArray[np.bool_]]

KINK_TOLERANCE = 1e-12


class Aggregation(enum.Enum):
    """How the parents of one polarity are condensed."""

    SUM = "sum"
    PRODUCT = "product"
    MAX = "max"

    @property
    def ufunc(self) -> np.ufunc:
        """The reducing ufunc."""
        return _UFUNC[self]

    @property
    def identity(self) -> float:
        """Value of an empty aggregate."""
        return 1.0 if self is Aggregation.PRODUCT else 0.0


_UFUNC: dict[Aggregation, np.ufunc] = {
    Aggregation.SUM: np.add,
    Aggregation.PRODUCT: np.multiply,
    Aggregation.MAX: np.maximum,
}


@dataclass(frozen=True, slots=True)
class Kernel:
    """One semantics, ready to evaluate.

    Attributes:
        semantics: Its name.
        aggregation: How parents are condensed.
        attack_only: True if supports are not allowed.
        counts: True if the influence needs attacker counts (card-based).
        influence: New strength from base score and aggregates.
        partials: ``(∂sigma/∂tau, ∂sigma/∂att, ∂sigma/∂sup)``.
        kink: Where the influence is not differentiable.
    """

    semantics: Semantics
    aggregation: Aggregation
    attack_only: bool
    counts: bool
    influence: Influence
    partials: Partials
    kink: Kink


def _no_kink(tau: F, att: F, sup: F, count: F | None) -> NDArray[np.bool_]:
    return np.zeros(np.broadcast_shapes(tau.shape, att.shape), dtype=np.bool_)


# DF-QuAD family: with raw products, vₛ - vₐ = att - sup.
def _dfquad(tau: F, att: F, sup: F, count: F | None) -> F:
    e = att - sup
    return tau - tau * np.maximum(-e, 0.0) + (1.0 - tau) * np.maximum(e, 0.0)


def _dfquad_partials(tau: F, att: F, sup: F, count: F | None) -> tuple[F, F, F]:
    e = att - sup
    # At e = 0 the right-hand slope in e is taken; the gradient module detects the kink.
    de = np.where(e >= 0.0, 1.0 - tau, tau)
    return 1.0 - np.abs(e), de, -de


def _dfquad_kink(tau: F, att: F, sup: F, count: F | None) -> NDArray[np.bool_]:
    return (np.abs(att - sup) <= KINK_TOLERANCE) & (np.abs(1.0 - 2.0 * tau) > KINK_TOLERANCE)


def _squared(tau: F, att: F, sup: F, count: F | None) -> F:
    e = att - sup
    neg, pos = np.maximum(-e, 0.0), np.maximum(e, 0.0)
    return tau - tau * neg / (1.0 + neg) + (1.0 - tau) * pos / (1.0 + pos)


def _squared_partials(tau: F, att: F, sup: F, count: F | None) -> tuple[F, F, F]:
    e = att - sup
    neg, pos = np.maximum(-e, 0.0), np.maximum(e, 0.0)
    de = np.where(e >= 0.0, (1.0 - tau) / (1.0 + pos) ** 2, tau / (1.0 + neg) ** 2)
    return 1.0 - neg / (1.0 + neg) - pos / (1.0 + pos), de, -de


# Sum-based: energy E = sup - att.
def _h(x: F) -> F:
    p = np.maximum(x, 0.0) ** 2
    return p / (1.0 + p)


def _h_slope(x: F) -> F:
    p = np.maximum(x, 0.0)
    return 2.0 * p / (1.0 + p * p) ** 2


def _qe(tau: F, att: F, sup: F, count: F | None) -> F:
    energy = sup - att
    # Only one of h(E), h(-E) is non-zero, so h(|E|) with the matching slope is the same sum.
    square = energy * energy
    return tau + square / (1.0 + square) * np.where(energy > 0.0, 1.0 - tau, -tau)


def _qe_partials(tau: F, att: F, sup: F, count: F | None) -> tuple[F, F, F]:
    energy = sup - att
    d_energy = tau * _h_slope(-energy) + (1.0 - tau) * _h_slope(energy)
    return 1.0 - _h(-energy) - _h(energy), -d_energy, d_energy


def _euler_parts(tau: F, energy: F) -> tuple[F, F, NDArray[np.bool_]]:
    """``(en, denominator, positive)`` with ``en = e^{-|E|}`` so nothing overflows."""
    en = np.exp(-np.abs(energy))
    positive = energy > 0.0
    # 1 + tau*e^E for E <= 0; (e^{-E} + tau) for E > 0 (the same fraction scaled by e^{-E}).
    denominator = np.where(positive, en + tau, 1.0 + tau * en)
    return en, denominator, positive


def _euler(tau: F, att: F, sup: F, count: F | None) -> F:
    en, denominator, positive = _euler_parts(tau, sup - att)
    one_minus = 1.0 - tau * tau
    numerator = np.where(positive, one_minus * en, one_minus)
    # tau = 0 with huge E makes 0/0; the limit of the fraction is 1 - tau² there.
    fraction = np.divide(
        numerator,
        denominator,
        out=np.broadcast_to(one_minus, numerator.shape).copy(),
        where=denominator > 0.0,
    )
    return 1.0 - fraction


def _euler_partials(tau: F, att: F, sup: F, count: F | None) -> tuple[F, F, F]:
    en, denominator, positive = _euler_parts(tau, sup - att)
    one_minus = 1.0 - tau * tau
    safe = np.where(denominator > 0.0, denominator, 1.0)
    # With X = e^E: dsigma/dE = (1-tau^2)*tau*X/(1+tau*X)^2 and
    # dsigma/dtau = (2*tau*(1+tau*X) + (1-tau^2)*X)/(1+tau*X)^2; for E > 0 both are rescaled by e^{-2E}.
    d_energy = one_minus * tau * en / safe**2
    d_tau = (
        np.where(
            positive,
            (2.0 * tau * (en + tau) * en + one_minus * en),
            (2.0 * tau * (1.0 + tau * en) + one_minus * en),
        )
        / safe**2
    )
    return d_tau, -d_energy, d_energy


# Attack-only (Amgoud et al. 2017).
def _hcat(tau: F, att: F, sup: F, count: F | None) -> F:
    return tau / (1.0 + att)


def _hcat_partials(tau: F, att: F, sup: F, count: F | None) -> tuple[F, F, F]:
    d_tau = 1.0 / (1.0 + att)
    return d_tau, -tau * d_tau * d_tau, np.zeros_like(d_tau)


def _card_denominator(att: F, count: F | None) -> tuple[F, F]:
    assert count is not None  # noqa: S101 - the engine always passes counts to card-based
    has = count > 0.0
    n = np.where(has, count, 1.0)
    return np.where(has, 1.0 + n + att / n, 1.0), n


def _card(tau: F, att: F, sup: F, count: F | None) -> F:
    denominator, _ = _card_denominator(att, count)
    return tau / denominator


def _card_partials(tau: F, att: F, sup: F, count: F | None) -> tuple[F, F, F]:
    denominator, n = _card_denominator(att, count)
    d_tau = 1.0 / denominator
    d_att = np.where(np.asarray(count) > 0.0, -tau * d_tau * d_tau / n, 0.0)
    return d_tau, d_att, np.zeros_like(d_tau)


def _kernel(
    name: Semantics, aggregation: Aggregation, influence: Influence, partials: Partials, **flags: bool
) -> Kernel:
    kink = _dfquad_kink if aggregation is Aggregation.PRODUCT else _no_kink
    return Kernel(
        semantics=name,
        aggregation=aggregation,
        attack_only=not name.handles_supports,
        counts=flags.get("counts", False),
        influence=influence,
        partials=partials,
        kink=kink,
    )


KERNELS: dict[Semantics, Kernel] = {
    Semantics.DF_QUAD: _kernel(Semantics.DF_QUAD, Aggregation.PRODUCT, _dfquad, _dfquad_partials),
    Semantics.QE: _kernel(Semantics.QE, Aggregation.SUM, _qe, _qe_partials),
    Semantics.EULER: _kernel(Semantics.EULER, Aggregation.SUM, _euler, _euler_partials),
    Semantics.SQUARED_DF_QUAD: _kernel(
        Semantics.SQUARED_DF_QUAD, Aggregation.PRODUCT, _squared, _squared_partials
    ),
    Semantics.EULER_TOP: _kernel(Semantics.EULER_TOP, Aggregation.MAX, _euler, _euler_partials),
    Semantics.H_CATEGORIZER: _kernel(Semantics.H_CATEGORIZER, Aggregation.SUM, _hcat, _hcat_partials),
    Semantics.MAX_BASED: _kernel(Semantics.MAX_BASED, Aggregation.MAX, _hcat, _hcat_partials),
    Semantics.CARD_BASED: _kernel(Semantics.CARD_BASED, Aggregation.SUM, _card, _card_partials, counts=True),
}


if set(KERNELS) != set(Semantics):  # pragma: no cover - a semantics declared without its kernel
    raise ImportError(f"no kernel for {sorted(set(Semantics) - set(KERNELS))}")


def kernel_for(semantics: Semantics | str) -> Kernel:
    """The kernel of a semantics (name or alias).

    Args:
        semantics: Semantics or its name.

    Returns:
        The kernel.
    """
    return KERNELS[parse_semantics(str(semantics))]
