"""``/qbaf/evaluate``: the scoring engine on a plain QBAF body, for anyone with their own graph."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK

from api.errors import COMMON_STATUSES, problem_specs
from api.params import CONTRIBUTION, SEMANTICS
from api.policy import COMPUTATION
from graph.service import MapService
from schemas import DEFAULT_CONTRIBUTION, DEFAULT_SEMANTICS, QBAFBody, QBAFEvaluation


class QBAFController(Controller):
    """The engine over HTTP."""

    path = "/qbaf"
    tags = ["scoring"]

    @post(
        "/evaluate",
        operation_id="evaluateQBAF",
        **COMPUTATION.declared(),
        summary="Evaluate a plain QBAF",
        status_code=HTTP_200_OK,
        responses=problem_specs([*COMMON_STATUSES, 413, 422, 429]),
    )
    async def evaluate(
        self,
        service: NamedDependency[MapService],
        data: JSONBody[QBAFBody],
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
        contribution: CONTRIBUTION = DEFAULT_CONTRIBUTION,
        topic: Annotated[
            str | None, Parameter(description="Topic for contributions; default: the body's root.")
        ] = None,
    ) -> QBAFEvaluation:
        """The engine on a plain QBAF.

        Strengths of every argument with convergence information, and contributions to the topic (the
        ``topic`` parameter, else the body's ``root``; none when neither is given). Budget: at most
        ``MAX_ARGUMENTS`` arguments and ``MAX_EDGES`` edges (413 beyond), sampled Shapley scaled to the
        server's work budget, and the compute deadline (422 beyond).
        """
        return await service.evaluate_qbaf(data, semantics=semantics, contribution=contribution, topic=topic)
