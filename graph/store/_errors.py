"""The one place Neo4j's failures become the domain's errors."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    ConstraintError,
    DriverError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.errors import Conflict, DatabaseUnavailable

T = TypeVar("T")
DEADLOCK = "Neo.TransientError.Transaction.DeadlockDetected"
# Two writers of one map queue for its lock node, yet Neo4j can still pick one of them as a deadlock victim
# (their waits cross on the map's dense node). The driver retries transient errors only within its budget,
# counted from the first attempt, which a writer queued behind others has spent before it is picked.
DEADLOCK_RETRIES = 5


@contextmanager
def translated() -> Iterator[None]:
    """Run driver work, turning the database's failures into ``graph.errors``.

    A constraint violation is a conflict with existing data; an unreachable, restarting, overloaded or
    misconfigured database is ``DatabaseUnavailable``, with a message that does not echo the URI (it may
    hold credentials). A ``ClientError`` from a statement is a bug in this package and is left alone.

    Raises:
        Conflict: a uniqueness constraint refused the write.
        DatabaseUnavailable: Neo4j cannot be reached, refused our credentials or asked us to retry later.
    """
    try:
        yield
    except ConstraintError as error:
        raise Conflict(f"the write collides with existing data: {error.message}") from error
    except AuthError as error:
        raise DatabaseUnavailable("Neo4j refused argmap's credentials") from error
    except ClientError as error:
        if (error.code or "").startswith("Neo.ClientError.Security."):
            # Locked out after failed logins, or credentials expired: the database refuses us for now.
            raise DatabaseUnavailable("Neo4j refused argmap's credentials for now") from error
        if error.code != "Neo.ClientError.Statement.EntityNotFound":
            raise
        # A writer that waited for a map's lock while another deleted the map.
        raise Conflict("the map was deleted while this write waited for it: read it again") from error
    except TransientError as error:
        raise DatabaseUnavailable(f"Neo4j asked to retry later: {error.message}") from error
    except (ServiceUnavailable, SessionExpired, ConfigurationError, DriverError, OSError) as error:
        raise DatabaseUnavailable(f"Neo4j is not reachable ({type(error).__name__})") from error


async def retrying_deadlocks(work: Callable[[], Awaitable[T]], retries: int = DEADLOCK_RETRIES) -> T:
    """``await work()``, run again (after a short random pause) when Neo4j chose it as a deadlock victim.

    The victim's transaction was rolled back whole, so running the unit of work again from the start is what
    Neo4j asks for; every other failure, and the last deadlock, is raised.
    """
    for attempt in range(retries):
        try:
            return await work()
        except DatabaseUnavailable as error:
            cause = error.__cause__
            if not (isinstance(cause, TransientError) and cause.code == DEADLOCK):
                raise
        await asyncio.sleep(random.uniform(0.005, 0.05) * (attempt + 1))  # noqa: S311 - jitter, not a secret
    return await work()
