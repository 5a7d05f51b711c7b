"""One table from errors to RFC 9457 problem details, and the OpenAPI declarations of those errors."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.openapi.datastructures import ResponseSpec
from litestar.types import ExceptionHandlersMap

from api.observability import request_id_of
from graph.errors import (
    Busy,
    Conflict,
    DatabaseUnavailable,
    DeadlineExceeded,
    Forbidden,
    GraphError,
    InvalidArgumentMap,
    InvalidQuery,
    NotAvailableHere,
    NotFound,
    OverBudget,
    StaleVersion,
    TooManyAttempts,
    Unauthenticated,
)
from graph.render import RenderError
from schemas import Problem, ProblemDetails

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://argmap.dev/problems/"
logger = logging.getLogger("argmap.api")


@dataclass(frozen=True, slots=True)
class ProblemType:
    """A stable problem type: its status, URI slug and fixed title."""

    status: int
    slug: str
    title: str

    @property
    def uri(self) -> str:
        """The problem's stable ``type`` URI."""
        return TYPE_BASE + self.slug


BAD_REQUEST = ProblemType(400, "bad-request", "The request is malformed")
UNAUTHORIZED = ProblemType(401, "unauthorized", "A bearer token is required")
FORBIDDEN = ProblemType(403, "forbidden", "Not allowed")  # the edge refuses other origins with it too
NOT_FOUND = ProblemType(404, "not-found", "Not found")
METHOD_NOT_ALLOWED = ProblemType(405, "method-not-allowed", "Method not allowed")
CONFLICT = ProblemType(409, "conflict", "The request conflicts with the current state")
PRECONDITION_FAILED = ProblemType(412, "stale-version", "The resource has changed since it was read")
TOO_LARGE = ProblemType(413, "payload-too-large", "The request body is too large")
UNSUPPORTED_MEDIA = ProblemType(415, "unsupported-media-type", "Unsupported content type")
INVALID = ProblemType(422, "invalid-map", "The input breaks the rules of an argument map")
PRECONDITION_REQUIRED = ProblemType(428, "precondition-required", "If-Match is required for this write")
UNAVAILABLE = ProblemType(503, "database-unavailable", "The database is unavailable")
OVER_BUDGET = ProblemType(413, "over-budget", "The request is larger than this server computes")
TOO_SLOW = ProblemType(422, "compute-deadline", "The computation ran past its time budget")
BUSY = ProblemType(503, "busy", "Every worker is busy")
INTERNAL = ProblemType(500, "internal-error", "Internal server error")
NOT_AVAILABLE = ProblemType(501, "not-available-here", "This server cannot do that")
TOO_MANY_REQUESTS = ProblemType(429, "rate-limited", "Too many requests")

# Domain errors -> problem types. Subclasses are looked up along their MRO, so order does not matter.
DOMAIN_ERRORS: dict[type[GraphError], ProblemType] = {
    NotFound: NOT_FOUND,
    Conflict: CONFLICT,
    StaleVersion: PRECONDITION_FAILED,
    InvalidArgumentMap: INVALID,
    DatabaseUnavailable: UNAVAILABLE,
    InvalidQuery: BAD_REQUEST,
    RenderError: INTERNAL,
    OverBudget: OVER_BUDGET,
    DeadlineExceeded: TOO_SLOW,
    Busy: BUSY,
    NotAvailableHere: NOT_AVAILABLE,
    Unauthenticated: UNAUTHORIZED,
    Forbidden: FORBIDDEN,
    TooManyAttempts: TOO_MANY_REQUESTS,
}
# Answers a client may retry say when: the queue drains in about a second, a restarted database in a few.
RETRY_AFTER: dict[ProblemType, str] = {BUSY: "1", UNAVAILABLE: "5"}
BY_STATUS: dict[int, ProblemType] = {
    problem.status: problem
    for problem in (
        BAD_REQUEST,
        UNAUTHORIZED,
        FORBIDDEN,
        NOT_FOUND,
        METHOD_NOT_ALLOWED,
        CONFLICT,
        PRECONDITION_FAILED,
        TOO_LARGE,
        UNSUPPORTED_MEDIA,
        INVALID,
        PRECONDITION_REQUIRED,
        TOO_MANY_REQUESTS,
        UNAVAILABLE,
        INTERNAL,
        NOT_AVAILABLE,
    )
}


class ApiProblem(HTTPException):
    """An HTTP-level problem raised by the API layer itself (auth, preconditions, media types)."""

    def __init__(self, problem: ProblemType, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail=detail, status_code=problem.status, headers=headers)
        self.problem = problem


def problem_response(
    problem: ProblemType,
    detail: str | None,
    request: Request[Any, Any, Any],
    *,
    problems: list[Problem] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[bytes]:
    """Build an ``application/problem+json`` response."""
    body = ProblemDetails(
        type=problem.uri,
        title=problem.title,
        status=problem.status,
        detail=detail,
        instance=request.url.path,
        problems=problems,
        request_id=request_id_of(request.scope),
    )
    return Response(
        msgspec.json.encode(body), status_code=problem.status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def handle_domain_error(request: Request[Any, Any, Any], error: GraphError) -> Response[bytes]:
    """Map a domain error through ``DOMAIN_ERRORS``."""
    problem = next((DOMAIN_ERRORS[cls] for cls in type(error).__mro__ if cls in DOMAIN_ERRORS), INTERNAL)
    if problem is INTERNAL:
        logger.error("unmapped domain error", exc_info=error)
    elif problem is UNAVAILABLE:
        # The detail a client sees is deliberately vague; the log keeps the driver's own account.
        logger.warning("%s %s: %s (%r)", request.method, request.url.path, error.detail, error.__cause__)
    problems = error.problems if isinstance(error, InvalidArgumentMap) else None
    retry = str(error.retry_after_s) if isinstance(error, TooManyAttempts) else RETRY_AFTER.get(problem)
    headers = {"Retry-After": retry} if retry else None
    if problem is UNAUTHORIZED:
        headers = {**(headers or {}), "WWW-Authenticate": 'Bearer realm="argmap"'}
    return problem_response(problem, error.detail, request, problems=problems, headers=headers)


def handle_http_error(request: Request[Any, Any, Any], error: HTTPException) -> Response[bytes]:
    """Turn Litestar's own HTTP errors (routing, validation, size limits) into problem details."""
    problem = (
        getattr(error, "problem", None) or BY_STATUS.get(error.status_code) or _generic(error.status_code)
    )
    problems = None
    if isinstance(error, ValidationException) and isinstance(error.extra, list):
        items = [item for item in error.extra if isinstance(item, dict)]
        problems = [
            Problem(
                path=str(item.get("key") or item.get("source") or "body"), message=str(item.get("message"))
            )
            for item in items
        ]
        # A well-formed body that breaks a field's rules is unprocessable (422); bad query or path values
        # and undecodable bodies stay 400.
        if items and all(item.get("source") == "body" for item in items) and "Expected" not in error.detail:
            problem = INVALID
    detail = error.detail
    unknown = next((p.message for p in problems or [] if "unknown field" in p.message), None)
    if unknown is not None:
        # A field the operation does not take is a malformed request (400), named so a typo is found at once.
        problem, detail = BAD_REQUEST, f"{unknown[:200]}: the body has a field this operation does not take"
    if isinstance(error, NotFoundException) and detail == "Not Found":
        detail = f"nothing is served at {request.url.path}"
    if isinstance(error, (NotAuthorizedException, PermissionDeniedException)) and not getattr(
        error, "problem", None
    ):
        detail = error.detail
    return problem_response(problem, detail, request, problems=problems, headers=error.headers)


def handle_unexpected_error(request: Request[Any, Any, Any], error: Exception) -> Response[bytes]:
    """The last line of defence: log the bug, answer a 500 problem without internals."""
    logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return problem_response(INTERNAL, "an unexpected error occurred; it has been logged", request)


def handle_too_deep(request: Request[Any, Any, Any], error: RecursionError) -> Response[bytes]:
    """A body nested so deeply that decoding it exhausted the interpreter's stack: the client's error."""
    return problem_response(BAD_REQUEST, "the request body is nested too deeply to read", request)


def _generic(status: int) -> ProblemType:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return ProblemType(status, phrase.lower().replace(" ", "-"), phrase)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    GraphError: handle_domain_error,
    HTTPException: handle_http_error,
    RecursionError: handle_too_deep,
    Exception: handle_unexpected_error,
}


def problem_specs(statuses: Iterable[int]) -> dict[int, ResponseSpec]:
    """OpenAPI ``responses`` entries declaring problem+json bodies for the given statuses."""
    return {
        status: ResponseSpec(
            data_container=ProblemDetails,
            media_type=PROBLEM_MEDIA_TYPE,
            description=BY_STATUS[status].title if status in BY_STATUS else HTTPStatus(status).phrase,
            generate_examples=False,
        )
        for status in sorted(set(statuses))
    }


# Statuses any operation can answer: malformed input, unknown route/method, database down, internal bug.
COMMON_STATUSES = (400, 404, 405, 500, 503)
