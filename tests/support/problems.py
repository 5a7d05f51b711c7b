"""Assertions about RFC 9457 problem responses."""

from __future__ import annotations

from typing import Any


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """Check ``response`` is a problem+json of ``status`` with a stable type and a title; return the body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://argmap.dev/problems/")
    assert body["title"]
    return body
