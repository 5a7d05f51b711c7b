"""Dependencies point one way (api -> graph -> schemas), and each layer keeps to its own room.

- ``schemas/`` imports no layer above it, nor Litestar or the driver;
- ``graph/`` imports neither the API nor Litestar;
- ``api/`` never touches the driver (no ``neo4j``) nor the store (``graph.store``): it goes through
  ``graph.service``;
- outside ``schemas/`` nobody imports a private ``schemas._*`` module: ``schemas/__init__`` is the surface;
- inside ``graph/`` only ``graph/store`` imports the driver, so Cypher, sessions and the translation of the
  database's errors have one home.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FORBIDDEN = {
    "schemas": {"graph", "api", "litestar", "neo4j"},
    "graph": {"api", "litestar"},
    "api": {"neo4j", "graph.store"},
}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports by absolute name (relative imports are banned by ruff)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def breaks(imported: set[str], banned: set[str]) -> list[str]:
    """The imports that are, or are inside, a banned package or module."""
    return sorted(name for name in imported if any(name == b or name.startswith(f"{b}.") for b in banned))


def modules_of(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def every_module() -> list[Path]:
    return [path for package in ("api", "graph", "schemas", "tests", "bench") for path in modules_of(package)]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_downstream(package: str) -> None:
    modules = modules_of(package)
    assert modules, f"{package}/ has no modules"
    offenders = {
        str(path.relative_to(REPO)): breaks(imported_modules(path), FORBIDDEN[package]) for path in modules
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_private_schema_modules_stay_private() -> None:
    offenders = {
        str(path.relative_to(REPO)): [name for name in imported_modules(path) if name.startswith("schemas._")]
        for path in every_module()
        if path.parent != REPO / "schemas"
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_only_the_store_talks_to_the_driver() -> None:
    store = REPO / "graph" / "store"
    offenders = [
        str(path.relative_to(REPO))
        for path in modules_of("graph")
        if store not in path.parents and breaks(imported_modules(path), {"neo4j"})
    ]
    assert offenders == []


class TestChecker:
    def test_sees_a_layer_violation(self, tmp_path: Path) -> None:
        module = tmp_path / "bad.py"
        module.write_text("from api.app import create_app\nimport graph.store\n", encoding="utf-8")
        assert breaks(imported_modules(module), {"api", "graph.store"}) == [
            "api.app",
            "api.app.create_app",
            "graph.store",
        ]

    def test_sees_a_private_schema_import(self, tmp_path: Path) -> None:
        module = tmp_path / "bad.py"
        module.write_text("from schemas._map import Node\n", encoding="utf-8")
        assert "schemas._map" in imported_modules(module)

    def test_does_not_confuse_a_prefix(self, tmp_path: Path) -> None:
        module = tmp_path / "fine.py"
        module.write_text("import neo4jx\nfrom graph.storehouse import x\n", encoding="utf-8")
        assert breaks(imported_modules(module), {"neo4j", "graph.store"}) == []
