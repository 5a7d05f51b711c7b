"""The base of the store's parts written in modules of their own (accounts, the classroom).

``Neo4jStore`` mixes the parts in and supplies the sessions and write transactions they use; the stubs here
only give them their types.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any, LiteralString, TypeVar

from neo4j import AsyncSession

T = TypeVar("T")


class StorePart:
    """A part of ``Neo4jStore``: reads with ``_rows``, writes through ``_write``."""

    def _session(self, *, write: bool = False) -> AbstractAsyncContextManager[AsyncSession]:
        raise NotImplementedError  # Neo4jStore's

    async def _write(self, work: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        raise NotImplementedError  # Neo4jStore's

    async def _rows(self, statement: LiteralString, **parameters: Any) -> list[dict[str, Any]]:
        """Every row of one read statement."""
        async with self._session() as session:
            result = await session.run(statement, parameters)
            return [record.data() async for record in result]
