"""Expensive requests: one time budget for the whole request, and no work for a client that has left.

A route whose policy is rate limited (``api.policy``: diagrams, robustness, what-if, QBAF evaluation,
briefs) computes in the worker pool. ``budgeted`` gives each such request one deadline,
``ARGMAP_COMPUTE_DEADLINE_S`` from its arrival, shared by every job it runs
(``graph.compute.request_budget``): its answer, a 422 ``compute-deadline`` problem past the budget, comes
within the budget. And it watches the connection once the request has been read: when the client leaves
before the answer, the handler is cancelled and its jobs stop at their next deadline check, so nobody
computes for a closed connection (the request log records a 499).
"""

from __future__ import annotations

from typing import Any

import anyio
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Send

from api.policy import policy_of
from graph.compute import request_budget

BODILESS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})


def budgeted(app: ASGIApp) -> ASGIApp:
    """Litestar middleware: expensive routes run within one budget and stop when their client leaves."""

    async def middleware(scope: Any, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not policy_of(scope["route_handler"]).rate_limited:
            await app(scope, receive, send)
            return
        with request_budget(scope["app"].state.settings.compute_deadline_s):
            await _cancelled_when_client_leaves(app, scope, receive, send)

    return middleware


async def _cancelled_when_client_leaves(app: ASGIApp, scope: Any, receive: Receive, send: Send) -> None:
    read = anyio.Event()
    if scope["method"] in BODILESS:
        read.set()
    answered = False

    async def receive_body() -> ReceiveMessage:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            read.set()
        return message

    async def send_answer(message: Message) -> None:
        nonlocal answered
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            answered = True
        await send(message)

    async with anyio.create_task_group() as group:

        async def watch() -> None:
            await read.wait()
            # After the body, the server's next message is the disconnect: when the client closes, or
            # (harmlessly) once the answer is complete.
            while (await receive())["type"] != "http.disconnect":
                pass
            if not answered:
                group.cancel_scope.cancel()

        group.start_soon(watch)
        await app(scope, receive_body, send_answer)
        group.cancel_scope.cancel()
