"""The one place Neo4j's failures become the domain's errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
