"""The runnable examples in the scoring engine's docstrings."""

import doctest
import importlib

import pytest

MODULES = [
    "graph.scoring",
    "graph.scoring._qbaf",
    "graph.scoring._wire",
    "graph.scoring._strengths",
    "graph.scoring._contributions",
    "graph.scoring._whatif",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))

    assert result.attempted > 0
    assert result.failed == 0
