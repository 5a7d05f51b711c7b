"""``argmap groups``, ``argmap users`` and ``argmap tokens`` against the real Neo4j.

The database is shared with other tests (and some of them empty it), so every test makes its own group and
people under ids of its own, and looks only at them.
"""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import pytest
from support.neo4j import Neo4jTarget, environment_for

from api.cli import main
from graph.errors import Unauthenticated
from graph.service import MapService, Principal
from schemas import Role

pytestmark = pytest.mark.neo4j
T = TypeVar("T")


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, neo4j_target: Neo4jTarget) -> None:
    """Point the CLI's settings at the tests' Neo4j, with the default public address."""
    for name, value in environment_for(neo4j_target).items():
        monkeypatch.setenv(name, value)
    for name in ("ARGMAP_PUBLIC_URL", "ARGMAP_HOST", "ARGMAP_PORT", "ARGMAP_AUDIT_LOG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def uid() -> str:
    """A suffix no other test (or earlier run) uses."""
    return uuid.uuid4().hex[:8]


@pytest.fixture
def group(cli_env: None, uid: str, capsys: pytest.CaptureFixture[str]) -> str:
    """A new group of this test's own."""
    group_id = f"class-{uid}"
    assert main(["groups", "add", group_id, "--name", f"Class {uid}"]) == 0
    capsys.readouterr()
    return group_id


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, list[str]]:
    """Run one command: its exit code, its stdout, and the lines it said on stderr."""
    code = main(argv)
    out, err = capsys.readouterr()
    # Audit lines are JSON; should another test have sent the audit log to stderr, they are not the CLI's.
    said = [line for line in err.splitlines() if not line.startswith("{")]
    return code, out, said


def with_accounts(target: Neo4jTarget, work: Callable[[MapService], Awaitable[T]]) -> T:
    """Ask the accounts directly, as the server does (a service of its own: nothing is cached across)."""

    async def run() -> T:
        service = MapService.connect(*_connection(target))
        try:
            return await work(service)
        finally:
            await service.close()

    return asyncio.run(run())


def _connection(target: Neo4jTarget) -> tuple[str, tuple[str, str] | None, str | None]:
    return target.uri, target.auth, target.database


def caller_of(target: Neo4jTarget, secret: str) -> Principal:
    """Who a token signs in as, for a server."""
    return with_accounts(target, lambda service: service.accounts.caller_by_token(secret))


class TestGroups:
    def test_a_group_is_created_then_listed_with_its_members(
        self, cli_env: None, uid: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, _ = cli(["groups", "add", f"class-{uid}", "--name", "Class 9B"], capsys)
        assert (code, out) == (0, f"class-{uid}: created (Class 9B)\n")
        assert main(["users", "add", "Ana Ruiz", "--role", "author", "--group", f"class-{uid}"]) == 0
        capsys.readouterr()

        code, out, _ = cli(["groups", "list"], capsys)

        assert code == 0
        assert f"class-{uid}\tClass 9B\t1 member\n" in out

    def test_a_taken_id_is_one_line(self, group: str, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, said = cli(["groups", "add", group, "--name", "Again"], capsys)

        assert (code, out) == (1, "")
        assert said == [f"argmap: there is already a group {group!r}"]

    def test_an_id_that_is_not_a_handle_is_refused_before_the_database(
        self, cli_env: None, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, _, said = cli(["groups", "add", "Class 9B", "--name", "Class 9B"], capsys)

        assert code == 2
        assert said == [
            "argmap: ID 'Class 9B' is not valid: use lower-case letters, digits and hyphens "
            "(at most 63, starting with a letter or digit)"
        ]


class TestUsers:
    def test_the_id_is_derived_from_the_name_and_printed_alone(
        self, group: str, uid: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        name = f"Zoë O'Brien {uid}"
        code, out, said = cli(["users", "add", name, "--role", "author", "--group", group], capsys)
        assert (code, out) == (0, f"zoe-obrien-{uid}\n")
        assert said == [f"created author {name!r} in {group}"]

        code, out, _ = cli(["users", "add", name, "--role", "author", "--group", group], capsys)
        assert (code, out) == (0, f"zoe-obrien-{uid}-2\n")

        code, out, _ = cli(["users", "list", "--group", group], capsys)
        assert code == 0
        assert out.splitlines() == [
            f"zoe-obrien-{uid}\t{name}\tauthor\t{group}\tactive",
            f"zoe-obrien-{uid}-2\t{name}\tauthor\t{group}\tactive",
        ]

    def test_a_taken_id_is_one_line_naming_it(
        self, group: str, uid: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        argv = ["users", "add", "Ms Li", "--role", "editor", "--group", group, "--id", f"li-{uid}"]
        assert cli(argv, capsys)[:2] == (0, f"li-{uid}\n")

        code, out, said = cli(argv, capsys)

        assert (code, out) == (1, "")
        assert said == [f"argmap: there is already a user 'li-{uid}'"]

    def test_a_group_that_does_not_exist_is_one_line(
        self, cli_env: None, uid: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, _, said = cli(["users", "add", "Ana", "--role", "author", "--group", f"none-{uid}"], capsys)

        assert code == 1
        assert said == [f"argmap: there is no group 'none-{uid}'"]

    def test_the_roles_offered_are_the_enums(self, cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exited:
            main(["users", "add", "Ana", "--role", "teacher"])

        assert exited.value.code == 2
        err = capsys.readouterr().err
        assert "argument --role: invalid choice: 'teacher'" in err
        assert "{" + ",".join(Role) + "}" in err

    def test_a_password_comes_from_standard_input_and_signs_in(
        self,
        group: str,
        uid: str,
        neo4j_target: Neo4jTarget,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery staple\n"))
        argv = ["users", "add", "Ana", "--role", "author", "--group", group, "--id", f"ana-{uid}"]
        assert cli([*argv, "--password-stdin"], capsys)[:2] == (0, f"ana-{uid}\n")

        signed_in = with_accounts(
            neo4j_target,
            lambda service: service.accounts.sign_in_with_password(
                f"ana-{uid}", "correct horse battery staple", address="test"
            ),
        )
        assert signed_in.principal.id == f"ana-{uid}"

    def test_a_short_password_is_refused_without_repeating_it(
        self, group: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO("hunter2\n"))

        code, _, said = cli(["users", "add", "Ana", "--role", "author", "--password-stdin"], capsys)

        assert code == 2
        assert said == ["argmap: the password is not valid: give 12 to 256 characters"]

    def test_revoking_a_user_disables_them_and_their_tokens(
        self, group: str, uid: str, neo4j_target: Neo4jTarget, capsys: pytest.CaptureFixture[str]
    ) -> None:
        user = f"ben-{uid}"
        assert main(["users", "add", "Ben", "--role", "author", "--group", group, "--id", user]) == 0
        capsys.readouterr()
        assert main(["tokens", "add", user, "--name", "laptop"]) == 0
        secret = capsys.readouterr().out.strip()
        assert caller_of(neo4j_target, secret).id == user

        code, out, _ = cli(["users", "revoke", user], capsys)

        assert (code, out) == (
            0,
            f"{user}: disabled; their tokens, sessions and sign-in links no longer work\n",
        )
        assert (
            cli(["users", "list", "--group", group], capsys)[1] == f"{user}\tBen\tauthor\t{group}\tdisabled\n"
        )
        assert "\trevoked " in cli(["tokens", "list", user], capsys)[1]
        with pytest.raises(Unauthenticated):
            caller_of(neo4j_target, secret)
        code, _, said = cli(["users", "link", user], capsys)
        assert code == 1
        assert said == [f"argmap: user {user!r} is disabled"]

    def test_an_unknown_user_is_one_line(
        self, cli_env: None, uid: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, _, said = cli(["users", "revoke", f"ghost-{uid}"], capsys)

        assert code == 1
        assert said == [f"argmap: there is no user 'ghost-{uid}' you manage"]

    def test_listing_an_unknown_group_says_so(
        self, cli_env: None, uid: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, said = cli(["users", "list", "--group", f"none-{uid}"], capsys)

        assert (code, out) == (1, "")
        assert said == [f"argmap: there is no group 'none-{uid}'"]


class TestSignInLinks:
    def test_a_link_is_printed_alone_at_the_default_address_and_signs_in_once(
        self, group: str, uid: str, neo4j_target: Neo4jTarget, capsys: pytest.CaptureFixture[str]
    ) -> None:
        user = f"cai-{uid}"
        assert main(["users", "add", "Cai", "--role", "author", "--group", group, "--id", user]) == 0
        capsys.readouterr()

        code, out, said = cli(["users", "link", user], capsys)

        assert code == 0
        url = out.strip()
        assert out == url + "\n"
        assert url.startswith("http://127.0.0.1:8000/sign-in#aml_")
        assert len(said) == 1
        assert said[0].startswith(f"a one-time sign-in link for {user}, until ")
        code_part = url.split("#", 1)[1]
        signed_in = with_accounts(
            neo4j_target, lambda service: service.accounts.sign_in_with_link(code_part, address="test")
        )
        assert signed_in.principal.id == user
        with pytest.raises(Unauthenticated):
            with_accounts(
                neo4j_target, lambda service: service.accounts.sign_in_with_link(code_part, address="test")
            )

    def test_the_link_starts_with_the_public_url(
        self, group: str, uid: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("ARGMAP_PUBLIC_URL", "https://maps.school.example/")
        assert main(["users", "add", "Dee", "--role", "author", "--group", group, "--id", f"dee-{uid}"]) == 0
        capsys.readouterr()

        code, out, _ = cli(["users", "link", f"dee-{uid}"], capsys)

        assert code == 0
        assert out.startswith("https://maps.school.example/sign-in#aml_")


class TestTokens:
    def test_the_secret_is_printed_once_and_never_listed(
        self, group: str, uid: str, neo4j_target: Neo4jTarget, capsys: pytest.CaptureFixture[str]
    ) -> None:
        user = f"eve-{uid}"
        assert main(["users", "add", "Eve", "--role", "editor", "--group", group, "--id", user]) == 0
        capsys.readouterr()

        code, out, said = cli(["tokens", "add", user, "--name", "laptop", "--expires-in-days", "30"], capsys)

        assert code == 0
        secret = out.strip()
        assert out == secret + "\n"
        assert secret.startswith("amt_")
        assert len(said) == 1
        assert "laptop" in said[0]
        assert "will not be shown again" in said[0]
        assert caller_of(neo4j_target, secret).id == user

        code, out, _ = cli(["tokens", "list", user], capsys)
        assert code == 0
        assert secret not in out
        token_id, name, prefix, created, state = out.strip().split("\t")
        assert (name, prefix) == ("laptop", secret[:8] + "…")
        assert created.startswith("created ")
        assert state.startswith("active until ")

        code, out, _ = cli(["tokens", "revoke", token_id], capsys)
        assert (code, out) == (0, f"{token_id}: revoked (laptop, of {user})\n")
        assert cli(["tokens", "list", user], capsys)[1].strip().split("\t")[-1].startswith("revoked ")
        with pytest.raises(Unauthenticated):
            caller_of(neo4j_target, secret)

    def test_a_lifetime_out_of_range_is_refused(
        self, group: str, uid: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["users", "add", "Fay", "--role", "author", "--group", group, "--id", f"fay-{uid}"]) == 0
        capsys.readouterr()

        code, _, said = cli(["tokens", "add", f"fay-{uid}", "--name", "x", "--expires-in-days", "0"], capsys)

        assert code == 2
        assert said == [
            "argmap: --expires-in-days 0 is not valid: give a whole number of days from 1 to 3650"
        ]

    def test_unknown_users_and_tokens_are_one_line(
        self, cli_env: None, uid: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert cli(["tokens", "add", f"ghost-{uid}", "--name", "x"], capsys)[::2] == (
            1,
            [f"argmap: there is no user 'ghost-{uid}' you manage"],
        )
        assert cli(["tokens", "revoke", f"nothing-{uid}"], capsys)[::2] == (
            1,
            [f"argmap: there is no token 'nothing-{uid}' you manage"],
        )

    def test_an_audit_log_gets_the_cli_s_changes(
        self, group: str, uid: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        log = tmp_path / "audit.log"
        monkeypatch.setenv("ARGMAP_AUDIT_LOG", str(log))

        assert main(["users", "add", "Gil", "--role", "author", "--group", group, "--id", f"gil-{uid}"]) == 0
        assert main(["tokens", "add", f"gil-{uid}", "--name", "ci"]) == 0

        events = log.read_text(encoding="utf-8")
        assert '"event": "user-created"' in events
        assert '"event": "token-created"' in events
        assert "amt_" not in events


class TestRosterImport:
    def test_every_student_gets_an_account_and_a_link(
        self, group: str, uid: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        roster = tmp_path / "roster.csv"
        roster.write_text(f"name,id\nAna Ruiz,ana-{uid}\nBen Okafor,ben-{uid}\nCai Wen,cai-{uid}\n")

        code, out, said = cli(["users", "import", str(roster), "--group", group], capsys)

        assert code == 0
        lines = [line.split("\t") for line in out.splitlines()]
        assert [(fields[0], fields[1]) for fields in lines] == [
            (f"ana-{uid}", "Ana Ruiz"),
            (f"ben-{uid}", "Ben Okafor"),
            (f"cai-{uid}", "Cai Wen"),
        ]
        assert all(fields[2].startswith("http://127.0.0.1:8000/sign-in#aml_") for fields in lines)
        assert all(fields[3].endswith("Z") for fields in lines)
        assert said == [f"3 accounts created in {group}"]
        listed = cli(["users", "list", "--group", group], capsys)[1].splitlines()
        assert [line.split("\t")[2] for line in listed] == ["author"] * 3

    def test_a_bad_row_is_reported_by_its_number_and_the_others_created(
        self, group: str, uid: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        roster = tmp_path / "roster.csv"
        # A spreadsheet's export: semicolons, a byte order mark, header names in capitals, a blank row.
        roster.write_text(
            f"\ufeffName;Role;Email\nAna {uid};;a@x\nBen {uid};teacher;b@x\n\nCai {uid};Editor;c@x\n",
            encoding="utf-8",
        )

        code, out, said = cli(["users", "import", str(roster), "--group", group], capsys)

        assert code == 1
        assert [line.split("\t")[:2] for line in out.splitlines()] == [
            [f"ana-{uid}", f"Ana {uid}"],
            [f"cai-{uid}", f"Cai {uid}"],
        ]
        assert said == [
            f"{roster}: column 'email' ignored (the columns read are name, id and role)",
            f"argmap: {roster} row 3: role 'teacher' is not valid: choose one of admin, editor, author",
            f"2 accounts created in {group}; 1 row not imported",
        ]
        roles = [
            line.split("\t")[2] for line in cli(["users", "list", "--group", group], capsys)[1].splitlines()
        ]
        assert roles == ["author", "editor"]

    def test_a_taken_id_and_a_missing_name_are_rows_that_fail(
        self, group: str, uid: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        roster = tmp_path / "roster.csv"
        roster.write_text(f"name,id\nAna,ana-{uid}\nAnn,ana-{uid}\n,nameless-{uid}\n")

        code, out, said = cli(["users", "import", str(roster), "--group", group], capsys)

        assert code == 1
        assert [line.split("\t")[0] for line in out.splitlines()] == [f"ana-{uid}"]
        assert said[:2] == [
            f"argmap: {roster} row 3: there is already a user 'ana-{uid}'",
            f"argmap: {roster} row 4: name '' is not valid: give 1 to 120 characters, not all blank",
        ]

    def test_a_file_without_a_name_column_is_refused(
        self, group: str, uid: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        roster = tmp_path / "roster.csv"
        roster.write_text(f"student,id\nAna,ana-{uid}\n")

        code, out, said = cli(["users", "import", str(roster), "--group", group], capsys)

        assert (code, out) == (1, "")
        assert said == [
            f"argmap: {roster}: the first row has no 'name' column (the columns read are name, and "
            "optionally id and role; found 'student', 'id')"
        ]
        assert cli(["users", "list", "--group", group], capsys)[1] == ""

    def test_a_group_that_does_not_exist_is_refused_once(
        self, cli_env: None, uid: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        roster = tmp_path / "roster.csv"
        roster.write_text("name\nAna\nBen\n")

        code, out, said = cli(["users", "import", str(roster), "--group", f"none-{uid}"], capsys)

        assert (code, out) == (1, "")
        assert said == [f"argmap: there is no group 'none-{uid}': argmap groups add none-{uid} --name NAME"]
