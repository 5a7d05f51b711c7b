"""Re-checking figures a source states as following from other figures.

The arithmetic runs in decimal on the inputs as written (``0.999``, not the nearest binary float), so the
check judges the source, not floating-point noise. A stated figure agrees when it is within half a unit of its
last stated decimal place of the exact result, which is exactly what rounding correctly to that place permits;
a tiny epsilon absorbs the float conversion of the figures themselves.
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal

import msgspec

from schemas import ComputationCheck, MapDocument, Operation, StatedComputation

_EPSILON = Decimal("1e-12")
_PRECISION = 50
_ARITY = {
    Operation.POWER: "exactly 2 inputs (base, exponent)",
    Operation.RATIO: "exactly 2 inputs (numerator, denominator)",
    Operation.DIFFERENCE: "exactly 2 inputs (minuend, subtrahend)",
    Operation.PERCENT_CHANGE: "exactly 2 inputs (from, to)",
    Operation.PRODUCT: "at least 1 input",
    Operation.SUM: "at least 1 input",
}
_SYMBOL = {
    Operation.POWER: " ^ ",
    Operation.RATIO: " / ",
    Operation.DIFFERENCE: " - ",
    Operation.PRODUCT: " x ",
    Operation.SUM: " + ",
}


def check_computation(computation: StatedComputation) -> ComputationCheck:
    """Recompute a stated figure and say whether the source's figure agrees at its stated precision.

    ``percent_change`` is the fraction ``(to - from) / from``, so its stated figure is a fraction too.

    Args:
        computation: The operation, its inputs, the stated figure and how many decimals it is stated to.

    Returns:
        The check: the exact result, the result rounded (half-even) to the stated decimals, whether the
        stated figure agrees, the difference and a one-line explanation.

    Raises:
        ValueError: When the inputs do not fit the operation (wrong count, division by zero, a result that is
            not a finite real number).

    Example:
        >>> check = check_computation(
        ...     StatedComputation(operation=Operation.POWER, inputs=[0.999, 50], stated=0.9512, decimals=4)
        ... )
        >>> check.agrees, check.computed_rounded
        (True, 0.9512)
    """
    exact = _compute(computation.operation, [_decimal(value) for value in computation.inputs])
    stated = _decimal(computation.stated)
    quantum = Decimal(1).scaleb(-computation.decimals)
    tolerance = quantum / 2
    with decimal.localcontext(prec=_PRECISION):
        try:
            rounded = exact.quantize(quantum, rounding=decimal.ROUND_HALF_EVEN)
        except decimal.InvalidOperation:
            # More digits than the working precision holds: such a figure cannot be stated to that precision.
            raise ValueError(
                f"the result {float(exact):.6g} has too many digits "
                f"to compare at {computation.decimals} decimals"
            ) from None
        difference = exact - stated
    agrees = abs(difference) <= tolerance + _EPSILON
    return ComputationCheck(
        operation=computation.operation,
        inputs=list(computation.inputs),
        stated=computation.stated,
        decimals=computation.decimals,
        computed=float(exact),
        computed_rounded=float(rounded),
        agrees=agrees,
        difference=float(difference),
        tolerance=float(tolerance),
        explanation=_explain(computation, exact, rounded, difference, tolerance, agrees=agrees),
        label=computation.label,
        stated_as=computation.stated_as,
    )


def check_computations(doc: MapDocument) -> list[ComputationCheck]:
    """Check every stated computation of a map, each tagged with its node and path.

    Raises:
        ValueError: When a computation's inputs do not fit its operation; validation reports these first.
    """
    checks = []
    for index, node in enumerate(doc.nodes):
        for number, computation in enumerate(node.computations):
            check = check_computation(computation)
            path = f"nodes[{index}].computations[{number}]"
            checks.append(_located(check, node.id, path))
    return checks


def computation_error(computation: StatedComputation) -> str | None:
    """Why a computation cannot be checked, or None when it can."""
    try:
        check_computation(computation)
    except ValueError as error:
        return str(error)
    return None


def _located(check: ComputationCheck, node: str, path: str) -> ComputationCheck:
    return msgspec.structs.replace(check, node=node, path=path)


def _decimal(value: float) -> Decimal:
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number")
    # repr gives the shortest string that round-trips, i.e. the number as it was written in the document.
    return Decimal(repr(value))


def _compute(operation: Operation, inputs: list[Decimal]) -> Decimal:
    two = operation in (Operation.POWER, Operation.RATIO, Operation.DIFFERENCE, Operation.PERCENT_CHANGE)
    if (two and len(inputs) != 2) or not inputs:
        raise ValueError(f"{operation.value} takes {_ARITY[operation]}, got {len(inputs)}")
    try:
        with decimal.localcontext(prec=_PRECISION) as context:
            context.traps[decimal.InvalidOperation] = True
            context.traps[decimal.DivisionByZero] = True
            context.traps[decimal.Overflow] = True
            result = _apply(operation, inputs)
    except decimal.DivisionByZero:
        raise ValueError(f"{operation.value} divides by zero") from None
    except (decimal.InvalidOperation, decimal.Overflow):
        raise ValueError(f"{operation.value} of {_inputs(inputs)} is not a finite real number") from None
    if not math.isfinite(float(result)):
        raise ValueError(f"{operation.value} of {_inputs(inputs)} is too large to check")
    return result


def _apply(operation: Operation, inputs: list[Decimal]) -> Decimal:
    first, *rest = inputs
    if operation is Operation.POWER:
        return first ** rest[0]
    if operation is Operation.RATIO:
        return first / rest[0]
    if operation is Operation.DIFFERENCE:
        return first - rest[0]
    if operation is Operation.PERCENT_CHANGE:
        return (rest[0] - first) / first
    if operation is Operation.PRODUCT:
        return math.prod(inputs, start=Decimal(1))
    return sum(inputs, start=Decimal(0))


def _inputs(inputs: list[Decimal]) -> str:
    return ", ".join(str(value) for value in inputs)


def _expression(computation: StatedComputation) -> str:
    values = [_number(_decimal(value)) for value in computation.inputs]
    if computation.operation is Operation.PERCENT_CHANGE:
        return f"({values[1]} - {values[0]}) / {values[0]}"
    return _SYMBOL[computation.operation].join(values)


def _explain(
    computation: StatedComputation,
    exact: Decimal,
    rounded: Decimal,
    difference: Decimal,
    tolerance: Decimal,
    *,
    agrees: bool,
) -> str:
    stated = _number(_decimal(computation.stated))
    written = f" (written {computation.stated_as!r})" if computation.stated_as else ""
    head = (
        f"{_expression(computation)} = {_number(exact, 8)}, "
        f"which is {_number(rounded)} to {computation.decimals} decimals"
    )
    if agrees:
        return f"{head}; the stated {stated}{written} agrees"
    return (
        f"{head}; the stated {stated}{written} does not agree: it is off by {_number(abs(difference), 6)}, "
        f"more than the {_number(tolerance)} its precision allows"
    )


def _number(value: Decimal, significant: int | None = None) -> str:
    if significant is not None:
        with decimal.localcontext(prec=significant):
            value = +value
    return format(value.normalize(), "f")
