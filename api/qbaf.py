"""``/qbaf/evaluate``: the scoring engine on a plain QBAF body, for anyone with their own graph."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, post
from litestar.params import JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK

from api.errors import COMMON_STATUSES, problem_specs
from api.params import ANY_SEMANTICS, CONTRIBUTION
from graph.errors import InvalidArgumentMap
from graph.scoring import QBAF, InvalidQBAF, compute_contributions, compute_strengths
from schemas import Problem
from schemas._api import QBAFEvaluation
from schemas._qbaf import QBAFBody


class QBAFController(Controller):
    """The engine over HTTP."""

    path = "/qbaf"
    tags = ["scoring"]

    @post(
        "/evaluate",
        operation_id="evaluateQBAF",
        summary="Evaluate a plain QBAF",
        status_code=HTTP_200_OK,
        responses=problem_specs([*COMMON_STATUSES, 413, 422]),
    )
    async def evaluate(
        self,
        data: JSONBody[QBAFBody],
        semantics: ANY_SEMANTICS = "QE",
        contribution: CONTRIBUTION = "shapley",
        topic: Annotated[
            str | None, Parameter(description="Topic for contributions; default: the body's root.")
        ] = None,
    ) -> QBAFEvaluation:
        """The engine on a plain QBAF.

        Strengths of every argument with convergence information, and contributions to the topic (the
        ``topic`` parameter, else the body's ``root``; none when neither is given).
        """
        try:
            qbaf = QBAF.from_body(data)
            strengths = compute_strengths(qbaf, semantics)
            chosen = topic or data.root
            contributions = (
                compute_contributions(qbaf, chosen, semantics=semantics, function=contribution)
                if chosen
                else None
            )
        except InvalidQBAF as error:
            problems = [Problem(path=p.path, message=p.message) for p in error.problems]
            raise InvalidArgumentMap(str(error), problems) from None
        return QBAFEvaluation(strengths=strengths, contributions=contributions)
