"""The runnable examples in the export package's docstrings."""

import doctest
import importlib

import pytest

MODULES = [
    "graph.export",
    "graph.export._aif_import",
    "graph.export._argdown",
    "graph.export._common",
    "graph.export._csv",
    "graph.export._export",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))

    assert result.attempted > 0
    assert result.failed == 0
