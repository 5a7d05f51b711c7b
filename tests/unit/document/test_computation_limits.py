"""Computations whose figures are too large to check are problems of the document, never crashes."""

from __future__ import annotations

import pytest

from graph.document import check_computation, computation_error
from schemas import Operation, StatedComputation


@pytest.mark.parametrize(
    "computation",
    [
        StatedComputation(operation=Operation.SUM, inputs=[2.06e160, -1.2e-38], stated=9.0e306, decimals=7),
        StatedComputation(operation=Operation.PRODUCT, inputs=[1e200, 1e200], stated=1.0, decimals=2),
        StatedComputation(operation=Operation.POWER, inputs=[-5.0e16], stated=10.0, decimals=11),
    ],
)
def test_unverifiable_computations_are_reported(computation: StatedComputation) -> None:
    message = computation_error(computation)
    assert message is not None
    with pytest.raises(ValueError, match=r"\S"):
        check_computation(computation)
