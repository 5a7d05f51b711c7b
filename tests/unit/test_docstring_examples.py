"""Every docstring example in api/, graph/ and schemas/ runs and prints what it shows."""

from __future__ import annotations

import doctest
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def modules_with_examples() -> Iterator[str]:
    for package in ("api", "graph", "schemas"):
        for path in sorted((REPO / package).rglob("*.py")):
            if path.name == "__main__.py":
                continue
            name = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
            module = importlib.import_module(name)
            tests = doctest.DocTestFinder().find(module, name)
            if any(test.examples for test in tests if test.name.startswith(name)):
                yield name


MODULES = list(modules_with_examples())


def test_examples_are_found() -> None:
    assert {"graph.compute", "graph.service._tags", "graph.scoring._contributions"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # examples name files such as maps/import-ai-455.yaml relative to the repository
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in doctest.DocTestFinder().find(module, name):
        if test.name.startswith(name):
            runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.attempted > 0 or all(
        example.options.get(doctest.SKIP)
        for t in doctest.DocTestFinder().find(module)
        for example in t.examples
    )
    assert results.failed == 0, f"{results.failed} docstring example(s) of {name} failed"
