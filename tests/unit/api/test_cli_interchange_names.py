"""The CLI's export formats are the declared ones: its help lists each, and each is accepted by name."""

import argparse

import pytest

from api._cli_interchange import export_format, register
from schemas import ExportFormat


def test_the_export_help_lists_every_declared_format(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "--help"])
    help_text = capsys.readouterr().out
    for item in ExportFormat:
        assert item.value in help_text


@pytest.mark.parametrize("item", list(ExportFormat))
def test_every_declared_format_is_accepted_in_any_case(item: ExportFormat) -> None:
    assert export_format(item.value.upper()) is item
