"""Headers that keep a browser from reading an answer as something else, on every response (``api.edge``).

Every answer says ``X-Content-Type-Options: nosniff``, so a browser takes its declared type at its word (a
JSON body that quotes a map's text is never run as a script or a page). A drawing (``image/svg+xml``)
opened on its own is a document a browser would run scripts in, so one without a policy of its own gets
``DRAWING_POLICY``: no scripts, no fetches, its inline styles only. HTML pages set their own policies.

Example:
    >>> DRAWING_POLICY.split("; ")[0]
    "default-src 'none'"
"""

from __future__ import annotations

from litestar.types import Message, Send

NOSNIFF = (b"x-content-type-options", b"nosniff")
DRAWING_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_POLICY = b"content-security-policy"


def labelled_for_browsers(send: Send) -> Send:
    """``send``, adding ``nosniff`` to every answer and a strict policy to drawings that have none."""

    async def labelled(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {name.lower() for name, _ in headers}
            if NOSNIFF[0] not in names:
                headers.append(NOSNIFF)
            if _POLICY not in names and any(
                name.lower() == b"content-type" and value.startswith(b"image/svg") for name, value in headers
            ):
                headers.append((_POLICY, DRAWING_POLICY.encode()))
            message = {**message, "headers": headers}
        await send(message)

    return labelled
