"""Requests to a live test server over real HTTP, for the browser tests that also call the API."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from support.app import AUTH


@dataclass(frozen=True)
class Answer:
    """One answer of the live server."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    base: str, method: str, path: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
) -> Answer:
    """One request to the live server; an error status is an answer too."""
    request = urllib.request.Request(f"{base}{path}", data=body, headers=headers or {}, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own loopback server
            return Answer(
                response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
            )
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


def admin(base: str, method: str, path: str, payload: object | None = None) -> Any:
    """An administrator's JSON request (the tests' ``ARGMAP_API_TOKEN``), which must succeed."""
    body = None if payload is None else json.dumps(payload).encode()
    answer = call(base, method, path, body=body, headers={**AUTH, "Content-Type": "application/json"})
    assert answer.status < 300, (method, path, answer.status, answer.body[:500])
    return answer.json()


def bearer(secret: str) -> dict[str, str]:
    """The ``Authorization`` header of a personal token."""
    return {"Authorization": f"Bearer {secret}"}
