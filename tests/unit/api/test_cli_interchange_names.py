"""The CLI spells out the export formats so ``--help`` stays light; they must be graph.export's."""

from api._cli_interchange import FORMAT_NAMES
from graph.export import ExportFormat


def test_format_names_are_the_export_formats() -> None:
    assert tuple(item.value for item in ExportFormat) == FORMAT_NAMES
