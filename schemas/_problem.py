"""Problems found in input, and RFC 9457 problem details as the API answers them."""

from __future__ import annotations

from schemas._base import Output


class Problem(Output, frozen=True, kw_only=True):
    """One thing wrong with an input, located by its path (``nodes[3].quotes[0].start``)."""

    path: str
    message: str
    code: str = "invalid"


class ProblemDetails(Output, frozen=True, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem details body (``application/problem+json``)."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    problems: list[Problem] | None = None
    request_id: str | None = None
    """The ``X-Request-Id`` of the request, to find it in the server's log when reporting an error."""
