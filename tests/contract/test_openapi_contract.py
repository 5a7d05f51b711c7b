"""Schemathesis against the live app and the real Neo4j: every operation, every documented response.

Checks (schemathesis defaults): no server errors, status codes documented, bodies conform to their schemas,
content types documented, headers documented, negative data rejected.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from support.app import AUTH
from support.counting import CASES_RUN

pytestmark = pytest.mark.slow
schema = schemathesis.pytest.from_fixture("api_schema")

EXAMPLES_PER_OPERATION = 60


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_every_operation_keeps_its_contract(case: schemathesis.Case[Any]) -> None:
    CASES_RUN[case.operation.label] += 1
    case.call_and_validate(headers=AUTH, excluded_checks=[schemathesis.checks.positive_data_acceptance])
