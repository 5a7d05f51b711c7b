"""``argmap quotes fill`` from the command line: one line per outcome, problems on stderr, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.cli import main

MAP = """\
id: pets  # a comment that stays
title: Pets
sources: [{id: s, title: S, text: 'Cats sleep. Dogs bark. Dogs bark again.'}]
speakers: [{id: a, name: A}]
nodes:
  - {id: t, kind: thesis, text: Pets rest., speaker: a, base_score: 0.5, rationale: R,
     quotes: [{text: 'Cats sleep.'}]}
  - {id: c, kind: claim, text: Dogs are loud., speaker: a, base_score: 0.5, rationale: R,
     quotes: [{text: 'Dogs bark', near: 30}]}
relations: [{source: c, target: t, type: supports}]
"""


def test_fill_writes_the_offsets_and_says_how_many(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pets.yaml"
    path.write_text(MAP, encoding="utf-8")

    assert main(["quotes", "fill", str(path)]) == 0

    out = capsys.readouterr().out
    assert f"{path}: 2 quotes got offsets" in out
    assert "nodes[1].quotes[0]: start 23, end 32" in out
    assert "# a comment that stays" in path.read_text(encoding="utf-8")
    assert main(["validate", str(path)]) == 0


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pets.yaml"
    path.write_text(MAP, encoding="utf-8")

    assert main(["quotes", "fill", "--dry-run", str(path)]) == 0

    assert "2 quotes would get offsets" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == MAP


def test_an_ambiguous_quote_fails_with_its_candidates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pets.yaml"
    path.write_text(MAP.replace(", near: 30", ""), encoding="utf-8")

    assert main(["quotes", "fill", str(path)]) == 1

    err = capsys.readouterr().err
    assert "1 problem; nothing written" in err
    assert 'nodes[1].quotes[0]: the words "Dogs bark" occur 2 times' in err


def test_a_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotes", "fill", str(tmp_path / "gone.yaml")]) == 1

    err = capsys.readouterr().err
    assert err.startswith("argmap: ")
    assert err.count("\n") == 1
