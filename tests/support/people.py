"""People for tests of accounts over HTTP: each made through the API with a personal token of their own."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from support.app import AUTH, Client


@dataclass(frozen=True, slots=True)
class Person:
    """A user the test made, with the secret of a token issued to them."""

    id: str
    token: str
    name: str = ""

    @property
    def auth(self) -> dict[str, str]:
        """The ``Authorization`` header that signs requests in as this person."""
        return {"Authorization": f"Bearer {self.token}"}


def unique(prefix: str) -> str:
    """An id no other test uses: the tests share one database and do not clear accounts between them."""
    return f"{prefix}-{secrets.token_hex(3)}"


async def person(
    client: Client, name: str, role: str, group: str | None, *, by: dict[str, str] = AUTH
) -> Person:
    """A new user of ``role`` in ``group``, created by ``by`` (default: the server's token), with a token."""
    created = await client.post("/users", json={"name": name, "role": role, "group": group}, headers=by)
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    issued = await client.post(f"/users/{user_id}/tokens", json={"name": "tests"}, headers=AUTH)
    assert issued.status_code == 201, issued.text
    assert issued.headers["cache-control"] == "no-store"
    return Person(user_id, issued.json()["secret"], name)


async def groups(client: Client, *group_ids: str) -> None:
    """Groups of these ids (each named in capitals), made with the server's token."""
    for group in group_ids:
        made = await client.post("/groups", json={"id": group, "name": group.upper()}, headers=AUTH)
        assert made.status_code == 201, made.text
