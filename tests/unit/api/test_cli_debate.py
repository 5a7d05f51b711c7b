"""``argmap gaps`` and ``argmap brief`` on files: no database needed, exit status follows the errors."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from support.debate_maps import node, relation, small

from api.cli import main
from schemas import NodeKind

ESSAY = Path(__file__).resolve().parents[3] / "maps" / "import-ai-455.yaml"


def test_gaps_on_the_essay_lists_findings_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gaps", str(ESSAY)]) == 0
    out, err = capsys.readouterr()
    assert "idle-evidence" in out
    assert err.strip().startswith("import-ai-455: 0 errors, ")


def test_gaps_exits_non_zero_on_a_student_map_with_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = small(
        [node("t", NodeKind.THESIS), node("u", NodeKind.THESIS), node("e", NodeKind.EVIDENCE, quoted=False)],
        [relation("t", "u"), relation("e", "t")],
    ).document
    path = tmp_path / "student.json"
    path.write_bytes(msgspec.json.encode(document))
    assert main(["gaps", str(path)]) == 1
    out, err = capsys.readouterr()
    assert err.startswith(f"{document.id}: 2 errors, ")
    errors = [line for line in out.splitlines() if line.startswith("error")]
    assert [line.split(":")[0] for line in errors] == [
        "error   thesis-feeds-thesis",
        "error   evidence-without-quote",
    ]
    assert main(["gaps", "--json", str(path)]) == 1
    assert msgspec.json.decode(capsys.readouterr().out)["counts"]["error"] == 2


def test_brief_on_a_file_prints_markdown_and_a_bad_root_is_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["brief", str(ESSAY), "--side", "pro"]) == 0
    assert capsys.readouterr().out.startswith("# For: ")
    assert main(["brief", str(ESSAY), "--side", "pro", "--root", "no-such-node"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no-such-node" in err
