"""The runnable examples in the diagram and viewer docstrings."""

import doctest
import importlib

import pytest

MODULES = [
    "graph.render._labels",
    "graph.render._legend",
    "graph.render._render",
    "schemas._diagram",
    "api.viewer",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))

    assert result.attempted > 0
    assert result.failed == 0
