"""The domain error tree: what can go wrong in argmap, independent of how it is reported.

``GraphError`` is the base; the HTTP layer maps each class to one problem type and status, the CLI prints the
``detail`` on one line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from schemas import Problem


class GraphError(Exception):
    """Base of every argmap domain error. ``detail`` is a human sentence.

    An error pickles with every attribute, so one raised in a worker process reaches its caller whole.

    Example:
        >>> import pickle
        >>> error = pickle.loads(pickle.dumps(TooManyAttempts("wait", 30)))
        >>> (type(error).__name__, error.detail, error.retry_after_s)
        ('TooManyAttempts', 'wait', 30)
    """

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    def __reduce__(self) -> tuple[Callable[..., GraphError], tuple[Any, ...]]:
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(kind: type[GraphError], args: tuple[Any, ...], state: dict[str, Any]) -> GraphError:
    """An error of ``kind`` with ``args`` and ``state``, made without its ``__init__``."""
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


class NotFound(GraphError):
    """A map, node or source that does not exist."""


class Conflict(GraphError):
    """The write collides with the current state (an id already taken)."""


class StaleVersion(GraphError):
    """The client's version of a map or node is no longer the current one."""


class InvalidArgumentMap(GraphError):
    """A map document or framework that breaks the rules; ``problems`` lists every one found."""

    def __init__(self, detail: str, problems: Sequence[Problem]) -> None:
        super().__init__(detail)
        self.problems = list(problems)


class InvalidQuery(GraphError):
    """A request the service cannot act on as asked: search words, a cursor, a span of a source."""


class DatabaseUnavailable(GraphError):
    """Neo4j cannot be reached or stopped answering."""


class OverBudget(GraphError):
    """A request larger than a documented limit (arguments, relations, players, nesting, aliases)."""


class DeadlineExceeded(GraphError):
    """A computation that ran past its time budget and was stopped."""


class Busy(GraphError):
    """Every worker is taken and the queue is full; the client should retry shortly."""


class NotAvailableHere(GraphError):
    """A capability this installation lacks (the Argdown parser needs Node.js and ``make argdown``)."""


class Unauthenticated(GraphError):
    """Credentials that prove nothing: a revoked, expired or unknown token, a wrong password, a used link."""


class Forbidden(GraphError):
    """The caller is known but may not do this (a map they may read but not write, another group's user)."""


class TooManyAttempts(GraphError):
    """Too many failed sign-ins for one account or address; ``retry_after_s`` says when to try again."""

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s
