"""The documentation's shell examples, read from the pages and run against a live argmap.

A shell example is a fenced block tagged ``sh`` or ``console``:

* ``sh``: the whole block is one script. A ``text`` block right after it (nothing but blank lines between)
  is its output.
* ``console``: each ``$ `` line is a command, and the lines under it, up to the next ``$ ``, its output as a
  terminal shows it (stdout and stderr); such a command may fail when the page shows what it prints then.

Commands address ``http://127.0.0.1:8000`` (where ``make run`` serves); the tests serve the real app over
the tests' Neo4j on a free port and run them against that instead, in a scratch folder that sees the
project's ``maps/`` and ``docs/``, with the server's token in ``ARGMAP_API_TOKEN`` and Python unbuffered (so
stdout and stderr interleave as on a terminal).

An output the page shows is compared with the real one, whole, after one normalisation of both
(``NORMALISED``): the server's address is put back as ``http://127.0.0.1:8000``; HTTP dates, timestamps,
request ids, the ``"h-…"`` ETags of content hashes, and durations in milliseconds become placeholders;
trailing spaces and blank lines at the end are dropped. In what the page shows, a line that is only ``...``
stands for any number of lines left out, and ``...`` within a line for any text left out of it.

An example that cannot run here (a deployment recipe, or one that starts what the tests already run) has
``<!-- example: not run (why) -->`` on the line before its fence; the tests count them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from support.app import TOKEN
from support.neo4j import Neo4jTarget, environment_for

DOC_URL = "http://127.0.0.1:8000"
SHELL_TAGS = {"sh", "console"}
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_NOT_RUN = re.compile(r"<!-- example: not run \((?P<why>[^)]+)\) -->\s*$")
NORMALISED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\b"), "<http-date>"),
    (re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?"), "<timestamp>"),
    (re.compile(r"(?i)(x-request-id: |\"request_id\": ?\")[0-9a-f-]{8,}"), r"\1<request-id>"),
    (re.compile(r"\"h-[0-9a-zA-Z_-]+\""), '"h-<hash>"'),
    (re.compile(r"\b\d+(?:\.\d+)? ?ms\b"), "<ms>"),
)
"""What differs between two runs of one example, each with what it becomes on both sides of the comparison."""


@dataclass(frozen=True, slots=True)
class Example:
    """One command (or script) of a page, with the output the page shows for it."""

    page: str
    line: int
    """The line of the page where the command starts."""
    script: str
    shown: str | None
    """The output the page shows; None when it shows none (the command must still succeed)."""
    not_run: str | None = None
    """Why the example cannot run here, when the page marks it so."""
    terminal: bool = False
    """A ``console`` line: its output is what a terminal shows (stdout and stderr), and it may fail when the
    page shows what it prints then."""

    @property
    def where(self) -> str:
        """``page:line``, for messages."""
        return f"{self.page}:{self.line}"


def fences(text: str) -> list[tuple[str, str]]:
    """Each fenced block of a page's ``text``: its tag (empty when untagged) and its body."""
    return [(fence.group(1), fence.group(2)) for fence in _FENCE.finditer(text)]


def examples(page: Path) -> list[Example]:
    """Every shell example of ``page``, in order."""
    text = page.read_text(encoding="utf-8")
    fences = list(_FENCE.finditer(text))
    found: list[Example] = []
    for index, fence in enumerate(fences):
        language, body = fence.group(1), fence.group(2)
        if language not in SHELL_TAGS:
            continue
        line = text.count("\n", 0, fence.start()) + 2
        before = text[: fence.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marked = _NOT_RUN.search(before)
        why = marked.group("why") if marked else None
        if language == "sh":
            found.append(Example(page.name, line, body, _output_after(text, fences, index), why))
        else:
            found.extend(_console(page.name, line, body, why))
    return found


def _output_after(text: str, fences: list[re.Match[str]], index: int) -> str | None:
    if index + 1 >= len(fences):
        return None
    following = fences[index + 1]
    between = text[fences[index].end() : following.start()]
    return following.group(2) if following.group(1) == "text" and not between.strip() else None


def _console(page: str, line: int, body: str, why: str | None) -> list[Example]:
    found: list[Example] = []
    command: tuple[int, str] | None = None
    output: list[str] = []
    for offset, row in enumerate([*body.splitlines(), "$ "]):
        if not row.startswith("$ "):
            output.append(row)
            continue
        if command is not None:
            shown = "\n".join(output) if any(part.strip() for part in output) else None
            found.append(Example(page, line + command[0], command[1], shown, why, terminal=True))
        command, output = (offset, row[2:]), []
    return found


def normalised(output: str) -> str:
    """``output`` with what differs from run to run replaced (see the module's docstring)."""
    for pattern, placeholder in NORMALISED:
        output = pattern.sub(placeholder, output)
    return "\n".join(line.rstrip() for line in output.rstrip().splitlines())


def shows(shown: str, output: str) -> bool:
    """Whether ``output`` is what the page ``shown``, after normalisation and with its ``...`` elisions."""
    pattern = []
    for line in normalised(shown).splitlines():
        if line.strip() == "...":
            pattern.append(r"(?:[^\n]*\n)*?")
        else:
            pattern.append(".*?".join(re.escape(part) for part in line.split("...")) + r"\n")
    return re.fullmatch("".join(pattern), normalised(output) + "\n") is not None


def page_environment(neo4j_target: Neo4jTarget) -> dict[str, str]:
    """Where a page's commands run: the project's argmap first on PATH, the tests' Neo4j, the write token."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path, "ARGMAP_API_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"} | environment_for(
        neo4j_target
    )


@dataclass(slots=True)
class PageRun:
    """What running a page did: how many examples ran and how many outputs were compared."""

    ran: int = 0
    compared: int = 0
    not_run: int = 0


def run_page(page: Path, live_url: str, neo4j_target: Neo4jTarget, cwd: Path, timeout_s: float) -> PageRun:
    """Run every example of ``page`` in order in ``cwd`` against ``live_url``; each must print what it shows.

    Raises:
        AssertionError: a command failed, or printed other than what the page shows.
    """
    env = page_environment(neo4j_target)
    run = PageRun()
    for example in examples(page):
        if example.not_run is not None:
            run.not_run += 1
            continue
        done = subprocess.run(
            ["bash", "-eu", "-c", example.script.replace(DOC_URL, live_url)],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if example.terminal else subprocess.PIPE,
            text=True,
            timeout=timeout_s,
            check=False,
        )
        output = done.stdout.replace(live_url, DOC_URL)
        where = (
            f"the example at {example.where}:\n{example.script}\nstdout:\n{output}\nstderr:\n{done.stderr}"
        )
        may_fail = example.terminal and example.shown is not None
        assert done.returncode == 0 or may_fail, f"exit {done.returncode} from {where}"
        run.ran += 1
        if example.shown is not None:
            assert shows(example.shown, output), (
                f"the page shows\n{example.shown}\ninstead of what ran: {where}"
            )
            run.compared += 1
    return run
