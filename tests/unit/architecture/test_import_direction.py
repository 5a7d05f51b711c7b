"""Dependencies point one way: api -> graph -> schemas."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FORBIDDEN = {"schemas": {"graph", "api", "litestar", "neo4j"}, "graph": {"api", "litestar"}, "api": set()}


def imported_packages(path: Path) -> set[str]:
    """Top-level package names a module imports (absolute imports only: relative ones are banned)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def modules_of(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_downstream(package: str) -> None:
    modules = modules_of(package)
    assert modules, f"{package}/ has no modules"
    offenders = {
        str(path.relative_to(REPO)): sorted(imported_packages(path) & FORBIDDEN[package]) for path in modules
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_checker_sees_a_violation(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from api.app import create_app\nimport graph.store\n")
    assert imported_packages(module) == {"api", "graph"}
