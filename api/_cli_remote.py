"""The CLI as a client of an argmap server: ``--api URL --token TOKEN`` (or ARGMAP_API_URL, ARGMAP_API_TOKEN).

A student hands a map in with ``argmap load --api URL --token T map.yaml`` from any folder: the file (and its
``text_file`` sources) are read here and sent as JSON, so nothing but the server is needed, and nothing is
written outside what the user names. Each failure is one line naming its real cause: the server cannot be
reached, refused the token, holds a newer version (with its ETag), or lists the document's problems.
"""

from __future__ import annotations

import argparse
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from api.settings import Settings

API_URL = "ARGMAP_API_URL"
API_TOKEN = "ARGMAP_API_TOKEN"  # noqa: S105 - the name of the variable that holds it
TIMEOUT_S = 120.0
SHOWN_PROBLEMS = 5


class RemoteError(Exception):
    """The server could not be asked, or refused; the message is the one line the CLI prints."""

    def __init__(self, message: str, problems: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True, slots=True)
class Answer:
    """One HTTP answer: status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)


def add_server_options(parser: argparse.ArgumentParser) -> None:
    """``--api`` and ``--token``, for the commands that can talk to a server instead of Neo4j."""
    parser.add_argument(
        "--api",
        metavar="URL",
        help=f"talk to the argmap server at URL instead of Neo4j (default: ${API_URL})",
    )
    parser.add_argument(
        "--token",
        metavar="TOKEN",
        help=f"the server's write token, for load and delete (default: ${API_TOKEN})",
    )


def server_of(args: argparse.Namespace) -> Server | None:
    """The server the command line or the environment names, or None to use Neo4j directly."""
    url = getattr(args, "api", None) or os.environ.get(API_URL)
    if not url:
        return None
    token = getattr(args, "token", None) or os.environ.get(API_TOKEN) or None
    return Server(url, token)


class Server:
    """An argmap server, asked over HTTP with the standard library (no dependency)."""

    def __init__(self, url: str, token: str | None, timeout: float = TIMEOUT_S) -> None:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise RemoteError(f"--api {url!r} is not an http:// or https:// address of an argmap server")
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> Answer:
        """Send one request; an answer of any status is returned, a failure to get one raises.

        Raises:
            RemoteError: the server cannot be reached or did not answer in time.
        """
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        sent = dict(headers or {})
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(  # noqa: S310 - the scheme was checked to be http(s)
            self.url + path + query, data=body, method=method, headers=sent
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return Answer(response.status, _lower(response.headers.items()), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, _lower(error.headers.items()), error.read())
        except urllib.error.URLError as error:
            raise RemoteError(
                f"cannot reach the argmap server at {self.url}: {_reason(error.reason)} "
                f"(is it running? check --api or ${API_URL})"
            ) from None
        except TimeoutError:
            raise RemoteError(
                f"the argmap server at {self.url} did not answer within {self.timeout:g} s"
            ) from None

    def expect(self, answer: Answer, *ok: int, what: str, resource: str | None = None) -> Answer:
        """``answer`` when its status is one of ``ok``; otherwise the one-line error for it.

        Raises:
            RemoteError: naming the status's real cause (token, version and ETag, problems, not found).
        """
        if answer.status in ok:
            return answer
        raise self.failure(answer, what, resource)

    def failure(self, answer: Answer, what: str, resource: str | None = None) -> RemoteError:
        """The one-line error for an answer that is not what ``what`` needed.

        A 412 names the current ETag: the answer's, or, when it has none, the one ``resource`` (a path)
        answers now.
        """
        problem = _problem(answer)
        detail = str(problem.get("detail") or problem.get("title") or f"HTTP {answer.status}")
        status = answer.status
        if status == 401:
            given = "no token was given" if not self.token else "the token was refused"
            return RemoteError(
                f"{what}: the server at {self.url} needs its write token and {given} (401): "
                f"pass --token or set ${API_TOKEN}"
            )
        if status == 403:
            return RemoteError(f"{what}: the server at {self.url} does not allow it (403): {detail}")
        if status == 412:
            current = answer.headers.get("etag")
            if current is None and resource is not None:
                current = self.request("GET", resource).headers.get("etag")
            now = f"; its current ETag is {current}" if current else ""
            return RemoteError(
                f"{what}: the map changed on the server since it was read (412): {detail}{now}; "
                "read it again and retry"
            )
        if status == 422 and problem.get("problems"):
            return RemoteError(f"{what}: {detail}", list(problem["problems"]))
        return RemoteError(f"{what}: {detail} ({status})")


def _problem(answer: Answer) -> dict[str, Any]:
    if "json" not in answer.headers.get("content-type", ""):
        return {}
    try:
        decoded = answer.json()
    except ValueError:
        return {}
    return decoded if isinstance(decoded, dict) else {}


def _lower(items: Any) -> dict[str, str]:
    return {str(name).lower(): str(value) for name, value in items}


def _reason(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(reason, TimeoutError):
        return "it did not answer in time"
    return str(getattr(reason, "strerror", None) or reason)


def neo4j_connection(settings: Settings) -> tuple[str, tuple[str, str] | None, str | None]:
    """The (uri, auth, database) the CLI's database commands connect with, without creating anything.

    The project's local Neo4j keeps a generated password in its folder; a folder where it was never started
    has none, and making one there would only leave a stray ``var/neo4j/password`` behind and a misleading
    "refused the credentials" after it.

    Raises:
        RemoteError: no database is configured or started here; says what to do instead.
    """
    if settings.uses_local_neo4j and not settings.local_neo4j.password_file.exists():
        raise RemoteError(
            f"no Neo4j to use here: the local one was never started from this folder "
            f"({settings.local_neo4j.password_file} is missing): run `argmap neo4j start` here, set "
            f"NEO4J_URI, or talk to an argmap server with --api URL (or ${API_URL})"
        )
    return settings.effective_neo4j_uri, settings.neo4j_auth, settings.neo4j_database
