"""``argmap`` as a client of a running server, from a folder of its own: load, export, delete, gaps, brief.

Each command runs as a separate process in a temporary folder, with no Neo4j settings in its environment, as a
student handing in a map would run it; afterwards the folder holds only what the user named.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import essay_db
from support.app import TOKEN
from support.live import free_port

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "docs" / "examples"


@pytest.fixture(scope="module")
def server(live_url: str) -> Iterator[str]:
    """The module's live server; what its tests wrote is cleaned before the next module reads."""
    yield live_url
    essay_db.module_ended()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A student's folder: the phone-pouches map and its text, nothing else."""
    shutil.copy(EXAMPLES / "phone-pouches.yaml", tmp_path / "phones.yaml")
    (tmp_path / "sources").mkdir()
    shutil.copy(EXAMPLES / "sources" / "phone-pouches.txt", tmp_path / "sources" / "phone-pouches.txt")
    return tmp_path


def argmap(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``argmap ARGS`` in ``folder`` with no Neo4j or server settings but ``env``."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("NEO4J_", "ARGMAP_"))}
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=folder,
        env={**clean, "PYTHONPATH": str(REPO), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def files_in(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, done
    assert done.stderr.startswith("argmap: "), done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    return done.stderr


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - a loopback test server
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


class TestLoadOverHttp:
    def test_a_map_with_a_text_file_is_loaded_and_loaded_again(self, server: str, folder: Path) -> None:
        before = files_in(folder)
        login = ("--api", server, "--token", TOKEN)

        first = argmap(folder, "load", *login, "phones.yaml")
        again = argmap(folder, "load", *login, "phones.yaml")

        assert first.returncode == 0, first.stderr
        assert first.stdout.startswith("phone-pouches: created, version ")
        version = first.stdout.split()[-1]
        assert (again.returncode, again.stdout) == (0, f"phone-pouches: unchanged, version {version}\n")
        assert files_in(folder) == before, "nothing written outside what the user named"
        assert status_of(f"{server}/maps/phone-pouches") == 200
        assert argmap(folder, "delete", *login, "phone-pouches").returncode == 0

    def test_a_changed_map_replaces_the_stored_one(self, server: str, folder: Path) -> None:
        env = {"ARGMAP_API_URL": server, "ARGMAP_API_TOKEN": TOKEN}
        created = argmap(folder, "load", "phones.yaml", env=env)
        assert created.returncode == 0, created.stderr
        version = int(created.stdout.split()[-1])
        path = folder / "phones.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("base_score: 0.5", "base_score: 0.45", 1))

        replaced = argmap(folder, "load", "phones.yaml", env=env)

        assert replaced.stdout == f"phone-pouches: replaced, version {version + 1}\n", replaced.stderr
        assert argmap(folder, "delete", "phone-pouches", env=env).stdout.startswith("phone-pouches: deleted")
        assert status_of(f"{server}/maps/phone-pouches") == 404

    def test_quotes_given_by_their_words_are_stored_with_offsets(self, server: str, folder: Path) -> None:
        path = folder / "phones.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("{start: 114, end: 204, ", "{"), encoding="utf-8")

        done = argmap(folder, "load", "--api", server, "--token", TOKEN, "phones.yaml")

        assert done.returncode == 0, done.stderr
        with urllib.request.urlopen(f"{server}/maps/phone-pouches/document", timeout=30) as response:  # noqa: S310
            document = json.load(response)
        quote = document["nodes"][0]["quotes"][0]
        assert (quote["start"], quote["end"]) == (114, 204)
        assert argmap(folder, "delete", "--api", server, "--token", TOKEN, "phone-pouches").returncode == 0


class TestImportsOverHttp:
    def test_an_argdown_file_becomes_a_map_on_the_server(self, server: str, folder: Path) -> None:
        (folder / "uniforms.argdown").write_text(
            "[Uniforms help]: Uniforms improve how pupils behave.\n"
            "  + <Fewer fights>: Fights halved in the year after the switch.\n",
            encoding="utf-8",
        )
        login = ("--api", server, "--token", TOKEN)

        done = argmap(folder, "load", "--format", "argdown", *login, "uniforms.argdown")

        assert done.stdout.startswith(f"uniforms: created from Argdown on {server}, version "), done.stderr
        assert "defaulted base_score = 0.5" in done.stderr
        assert status_of(f"{server}/maps/uniforms") == 200
        assert argmap(folder, "delete", *login, "uniforms").returncode == 0


class TestSharedSources:
    def test_a_map_without_the_text_file_cites_the_stored_source(self, server: str, folder: Path) -> None:
        login = ("--api", server, "--token", TOKEN)
        assert argmap(folder, "load", *login, "phones.yaml").returncode == 0
        student = folder / "student"
        student.mkdir()
        text = (folder / "phones.yaml").read_text(encoding="utf-8")
        (student / "mine.yaml").write_text(
            text.replace("\nid: phone-pouches\n", "\nid: phones-student\n", 1).replace(
                "{start: 114, end: 204, ", "{"
            ),
            encoding="utf-8",
        )

        alone = argmap(student, "validate", "mine.yaml")
        checked = argmap(student, "validate", "--api", server, "mine.yaml")
        loaded = argmap(student, "load", *login, "mine.yaml")

        assert alone.returncode == 1
        assert "text file 'sources/phone-pouches.txt' not found" in alone.stderr
        assert checked.stdout == "mine.yaml: valid map 'phones-student' with 13 nodes\n", checked.stderr
        assert loaded.stdout.startswith("phones-student: created, version "), loaded.stderr
        assert files_in(student) == {"mine.yaml"}
        for map_id in ("phones-student", "phone-pouches"):
            assert argmap(folder, "delete", *login, map_id).returncode == 0


class TestReadsOverHttp:
    def test_export_gaps_and_brief_of_a_stored_map(self, server: str, folder: Path) -> None:
        env = {"ARGMAP_API_URL": server}

        exported = argmap(folder, "export", "import-ai-455", "--format", "csv", "-o", "essay.csv", env=env)
        gaps = argmap(folder, "gaps", "import-ai-455", "--json", env=env)
        brief = argmap(folder, "brief", "import-ai-455", "--side", "con", "--format", "json", env=env)

        assert exported.returncode == 0, exported.stderr
        assert (folder / "essay.csv").read_text(encoding="utf-8").startswith("id,kind,speaker,")
        assert json.loads(gaps.stdout)["map_id"] == "import-ai-455"
        assert json.loads(brief.stdout)["side"] == "con"

    def test_a_file_is_still_read_here(self, server: str, folder: Path) -> None:
        done = argmap(folder, "gaps", "phones.yaml", "--json", env={"ARGMAP_API_URL": server})

        assert json.loads(done.stdout)["map_id"] == "phone-pouches"


class TestOneLineErrors:
    def test_a_server_that_is_not_there(self, folder: Path) -> None:
        url = f"http://127.0.0.1:{free_port()}"

        error = one_line(argmap(folder, "load", "--api", url, "phones.yaml"))

        assert f"cannot reach the argmap server at {url}: the connection was refused" in error

    @pytest.mark.parametrize(
        ("token", "said"), [(None, "no token was given"), ("wrong", "the token was refused")]
    )
    def test_a_missing_or_wrong_token_is_401(
        self, server: str, folder: Path, token: str | None, said: str
    ) -> None:
        login = ("--token", token) if token else ()

        error = one_line(argmap(folder, "load", "--api", server, *login, "phones.yaml"))

        assert f"needs its write token and {said} (401): pass --token or set $ARGMAP_API_TOKEN" in error

    def test_a_stale_etag_is_412_with_the_current_one(self, server: str, folder: Path) -> None:
        login = ("--api", server, "--token", TOKEN)
        created = argmap(folder, "load", *login, "phones.yaml")
        version = int(created.stdout.split()[-1])

        stale = f"phone-pouches-v{version + 7}"
        error = one_line(argmap(folder, "delete", *login, "phone-pouches", "--if-match", stale))

        assert "(412)" in error
        assert f'its current ETag is "phone-pouches-v{version}"' in error
        assert argmap(folder, "delete", *login, "phone-pouches").returncode == 0

    def test_problems_are_placed_in_the_file(self, server: str, folder: Path) -> None:
        path = folder / "phones.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("kind: thesis", "kind: hypothesis", 1))

        error = one_line(argmap(folder, "load", "--api", server, "--token", TOKEN, "phones.yaml"))

        line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "hypothesis" in text)
        assert f"nodes[0].kind (line {line}, column 11): unknown kind 'hypothesis'" in error

    def test_a_source_declared_otherwise_says_what_differs(self, server: str, folder: Path) -> None:
        login = ("--api", server, "--token", TOKEN)
        assert argmap(folder, "load", *login, "phones.yaml").returncode == 0
        text = (folder / "phones.yaml").read_text(encoding="utf-8")
        (folder / "copy.yaml").write_text(
            text.replace("\nid: phone-pouches\n", "\nid: phones-copy\n", 1).replace(
                "title: Lock the Phones Away", "title: Lock Them Away"
            ),
            encoding="utf-8",
        )

        error = one_line(argmap(folder, "load", *login, "copy.yaml"))

        assert "already cited by map 'phone-pouches'" in error
        assert "title (stored 'Lock the Phones Away', yours 'Lock Them Away')" in error
        assert "(409)" in error
        assert argmap(folder, "delete", *login, "phone-pouches").returncode == 0

    def test_an_unknown_map_is_named(self, server: str, folder: Path) -> None:
        error = one_line(argmap(folder, "export", "no-such-map", "--api", server))

        assert "no-such-map" in error
        assert "(404)" in error

    def test_without_a_server_or_database_nothing_is_left_behind(self, folder: Path) -> None:
        before = files_in(folder)

        error = one_line(argmap(folder, "load", "phones.yaml"))

        assert "no Neo4j to use here" in error
        assert "--api URL" in error
        assert files_in(folder) == before, "no var/neo4j/password in the user's folder"
