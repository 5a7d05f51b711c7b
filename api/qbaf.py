"""``/qbaf/evaluate``: the scoring engine on a plain QBAF body, for anyone with their own graph."""

from __future__ import annotations

from typing import Annotated, Any, cast

from litestar import Controller, Request, Response, post
from litestar.datastructures import URL
from litestar.di import NamedDependency
from litestar.exceptions import ValidationException
from litestar.params import JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK

from api.bodies import StrictJSONRequest
from api.errors import BAD_REQUEST, COMMON_STATUSES, ApiProblem, problem_specs
from api.params import CONTRIBUTION, SEMANTICS
from api.policy import COMPUTATION
from graph.service import BodyRefusal, MapService
from schemas import DEFAULT_CONTRIBUTION, DEFAULT_SEMANTICS, QBAFBody, QBAFEvaluation

_UNREAD = QBAFBody(arguments={})


class RawQBAFRequest(StrictJSONRequest):
    """A request whose QBAF body is left as bytes for the compute pool to read.

    A 10,000-argument body decoded on the event loop into generic JSON, checked, then converted into
    ``QBAFBody`` costs several times the engine's own time, and blocks every other request meanwhile. The
    handler's ``data`` parameter only declares the body's schema (for the OpenAPI document): this request
    hands it a placeholder, and the handler gives the raw bytes to ``MapService.evaluate_qbaf_body``, which
    refuses a body exactly as a typed body is refused (400 malformed, 422 with the path of a value of the
    wrong type).
    """

    async def json(self) -> Any:
        """A placeholder ``QBAFBody`` once the body is known not to be empty (a 400 otherwise)."""
        await self.body()
        return _UNREAD


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
        request_class=RawQBAFRequest,
    )
    async def evaluate(
        self,
        request: Request[Any, Any, Any],
        service: NamedDependency[MapService],
        data: JSONBody[QBAFBody],  # the schema of the body, which ``RawQBAFRequest`` leaves unread
        semantics: SEMANTICS = DEFAULT_SEMANTICS,
        contribution: CONTRIBUTION = DEFAULT_CONTRIBUTION,
        topic: Annotated[
            str | None, Parameter(description="Topic for contributions; default: the body's root.")
        ] = None,
    ) -> Response[QBAFEvaluation]:
        """The engine on a plain QBAF.

        Strengths of every argument with convergence information, and contributions to the topic (the
        ``topic`` parameter, else the body's ``root``; none when neither is given). Budget: at most
        ``MAX_ARGUMENTS`` arguments and ``MAX_EDGES`` edges (413 beyond), sampled Shapley scaled to the
        server's work budget, and the compute deadline (422 beyond).
        """
        answer = await service.evaluate_qbaf_body(
            await request.body(), semantics=semantics, contribution=contribution, topic=topic
        )
        if isinstance(answer, BodyRefusal):
            raise _refusal(request, answer)
        # Already encoded in the compute pool: sent as it is, declared as the QBAFEvaluation it holds.
        return cast("Response[QBAFEvaluation]", Response(answer, media_type="application/json"))


def _refusal(request: Request[Any, Any, Any], refusal: BodyRefusal) -> Exception:
    """The error Litestar raises for the same body given as a typed parameter, so the answer is the same."""
    if refusal.field is None:
        return ApiProblem(BAD_REQUEST, refusal.detail)
    where = URL.from_components(path=request.url.path, query=request.url.query)
    return ValidationException(
        detail=f"Validation failed for {request.method} {where}",
        extra=[{"message": refusal.detail, "key": refusal.field, "source": "body"}],
    )
