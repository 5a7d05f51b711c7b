"""``argmap score``: the subcommand, its outputs and its one-line errors."""

import argparse
import io
import json
import re
from pathlib import Path

import msgspec
import pytest

import api._cli_score as cli
from graph.scoring import QBAF, compute_contributions, compute_strengths
from schemas import ScoreReport

PLAIN = {
    "arguments": {"a": 0.5, "b": 0.2, "c": 0.85, "d": 0.65, "e": 0.4, "f": 1.0},
    "supports": [["b", "a"], ["d", "a"], ["e", "c"]],
    "attacks": [["c", "a"], ["e", "b"], ["f", "c"]],
}


def invoke(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="argmap")
    cli.register(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    out, err = io.StringIO(), io.StringIO()
    code = args.func(args, out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def plain_file(tmp_path: Path) -> Path:
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(PLAIN), encoding="utf-8")
    return path


@pytest.fixture
def rooted_file(tmp_path: Path) -> Path:
    path = tmp_path / "rooted.json"
    path.write_text(json.dumps({**PLAIN, "root": "a"}), encoding="utf-8")
    return path


class TestScoreCommand:
    def test_table_of_strengths(self, plain_file: Path) -> None:
        code, out, err = invoke("score", str(plain_file))

        assert (code, err) == (0, "")
        assert out.startswith("Strengths (QE; forward)")
        assert "a         0.500000  0.518755" in out
        assert "Contributions" not in out

    def test_json_output_decodes_to_the_report(self, plain_file: Path) -> None:
        code, out, _ = invoke("score", str(plain_file), "--json", "--semantics", "dfquad", "--topic", "a")
        report = msgspec.json.decode(out, type=ScoreReport)
        qbaf = QBAF.from_json(plain_file.read_bytes())

        assert code == 0
        assert report.strengths == compute_strengths(qbaf, "DF-QuAD")
        assert report.contributions == compute_contributions(qbaf, "a", "DF-QuAD", "shapley")

    def test_root_is_the_default_topic(self, rooted_file: Path) -> None:
        code, out, _ = invoke("score", str(rooted_file), "--contribution", "gradient")

        assert code == 0
        assert "Contributions to 'a' (gradient, reverse)" in out
        assert "   1  d          +0.182881" in out
        assert "does not add up (only Shapley must)" in out

    def test_sampled_shapley_shows_standard_errors(self, tmp_path: Path) -> None:
        leaves = {f"x{i:02d}": 0.5 for i in range(16)}
        body = {"arguments": {"t": 0.5, **leaves}, "supports": [[k, "t"] for k in leaves], "root": "t"}
        path = tmp_path / "star.json"
        path.write_text(json.dumps(body), encoding="utf-8")
        code, out, _ = invoke("score", str(path))

        assert code == 0
        assert "(shapley, sampled, 1000 permutations, seed 0)" in out
        assert re.search(r"x\d\d +\+0\.\d{6}  ± 0\.\d{6}\n", out)
        assert ": adds up" in out

    def test_yaml_file(self, tmp_path: Path) -> None:
        path = tmp_path / "plain.yaml"
        path.write_text("arguments: {a: 0.5, b: 1}\nattacks: [[b, a]]\n", encoding="utf-8")
        code, out, _ = invoke("score", str(path), "--semantics", "QE")

        assert code == 0
        assert "a         0.500000  0.250000" in out

    def test_registers_the_score_subcommand(self, plain_file: Path) -> None:
        parser = argparse.ArgumentParser()
        cli.register(parser.add_subparsers())
        args = parser.parse_args(["score", str(plain_file), "--topic", "a", "--json"])

        assert args.func is cli.run
        assert (args.file, args.topic, args.json, args.semantics, args.contribution) == (
            plain_file,
            "a",
            True,
            "QE",
            None,
        )


class TestBadInput:
    @pytest.mark.parametrize(
        ("content", "extra", "fragment"),
        [
            (None, (), "cannot read"),
            ("{nope", (), "is not valid JSON"),
            ('{"arguments": {"a": 2}, "attacks": [["a", "zz"]]}', (), "invalid QBAF (2 problems)"),
            ('{"arguments": {"a": "x"}}', (), "Expected `float`, got `str`"),
            ('{"nodes": []}', (), "missing required field 'id'"),
            (json.dumps(PLAIN), ("--semantics", "bayes"), "unknown semantics 'bayes'"),
            (json.dumps(PLAIN), ("--topic", "zz"), "unknown argument 'zz'"),
            (json.dumps(PLAIN), ("--contribution", "lime"), "unknown contribution function 'lime'"),
            (json.dumps(PLAIN), ("--contribution", "removal"), "--contribution needs --topic"),
            (json.dumps({**PLAIN, "supports": []}), ("--semantics", "hcat"), None),
            (json.dumps(PLAIN), ("--semantics", "h-categorizer"), "defined for attack-only graphs"),
        ],
    )
    def test_one_line_on_stderr_and_exit_code_2(
        self, tmp_path: Path, content: str | None, extra: tuple[str, ...], fragment: str | None
    ) -> None:
        path = tmp_path / "input.json"
        if content is not None:
            path.write_text(content, encoding="utf-8")
        code, out, err = invoke("score", str(path), *extra)

        if fragment is None:  # control case: the same input without supports is fine
            assert code == 0
            return
        assert code == 2
        assert out == ""
        assert err.startswith("argmap score: error: ")
        assert err.count("\n") == 1
        assert "Traceback" not in err
        assert fragment in err


class TestMapDocuments:
    def test_the_essay_scores_like_the_api(self) -> None:
        essay = REPO_ROOT / "maps" / "import-ai-455.yaml"
        assert cli.load_input(essay) is None  # a map document, not a plain QBAF
        report = cli.score(essay, "QE", None, "removal")
        assert "reporter-verdict" in report.strengths.strengths
        assert report.contributions is not None
        assert report.contributions.topic == "clark-thesis-automated-rd-2028"

    def test_an_invalid_map_is_one_line(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "map.json"
        path.write_text(
            '{"id": "m", "title": "T", "sources": [], "speakers": [], "nodes": []}', encoding="utf-8"
        )
        parser = argparse.ArgumentParser()
        cli.register(parser.add_subparsers())
        args = parser.parse_args(["score", str(path)])
        assert args.handler(args, None) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "no thesis" in err


REPO_ROOT = Path(__file__).resolve().parents[3]


def test_entry_point_handler_runs_the_command(plain_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    cli.register(parser.add_subparsers())
    args = parser.parse_args(["score", str(plain_file), "--semantics", "euler"])

    assert args.handler(args, None) == 0
    assert capsys.readouterr().out.startswith("Strengths (Euler; forward)")
