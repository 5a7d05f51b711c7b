"""Dependencies point one way (api -> graph -> schemas), and each layer keeps to its own room.

- ``schemas/`` imports no layer above it, nor Litestar or the driver;
- ``graph/`` imports neither the API nor Litestar;
- ``api/`` never touches the driver (no ``neo4j``) nor the store (``graph.store``): it goes through
  ``graph.service``, and imports from the rest of ``graph/`` only what ``API_MAY_IMPORT`` lists, each with
  its reason (errors it translates, the local Neo4j it manages, declarations it publishes);
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


API_MAY_IMPORT = {
    "graph.service": "the one door: MapService, its request and answer types, the CLI's offline use cases",
    "graph.errors": "the domain errors api/errors.py turns into problems",
    "graph.words.counted": "the CLI counts in words that agree with the number, as the domain's messages do",
    "graph.words.counted_kind": "the map list counts each kind of node in words that agree with the number",
    "graph.server": "the CLI starts and stops the local Neo4j; the settings name its folders",
    "graph.compute.ComputePool": "the app sizes the worker pool from its settings",
    "graph.compute.request_budget": "an expensive request holds its jobs to one deadline from the settings",
    "graph.lru.LRU": "the one bounded map: compressed bodies and rate-limit buckets are kept in it too",
    "graph.mapgraph.MapGraph": "the read-only map version the service hands to the pages",
    "graph.debate.DEFAULT_SAMPLES": "robustness limits, declared with the use case, shown on the parameters",
    "graph.debate.DEFAULT_SPREAD": "the same",
    "graph.debate.MAX_SAMPLES": "the same",
    "graph.render.FORMATS": "the diagram formats and their media types",
    "graph.render.RenderError": "translated into a problem",
    "graph.render.claim_href": "where a claim's page is, for the viewer's links",
    "graph.export.MEDIA_TYPES": "the export formats' media types, for negotiation and the OpenAPI document",
    "graph.export.ARGDOWN_MEDIA_TYPE": "negotiated by GET /maps/{id}",
    "graph.export.CSV_MEDIA_TYPE": "negotiated by GET /maps/{id}",
    "graph.document.map_schema": "the map document's JSON Schema, published at /formats/map-document",
    "graph.document.repeated_key": "a JSON body that repeats a key is refused while it is parsed",
    "graph.document.MAX_DEPTH": "the documented nesting limit of every JSON body, declared with the map's",
    "graph.document.nested_too_deep": "the same rule, checked on every JSON body as it is parsed",
}


def imported_names(path: Path) -> set[str]:
    """``module.name`` for every ``from module import name``, and ``module`` for every ``import module``.

    Relative imports are banned by ruff, so every name is absolute.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, and every name it imports from one."""
    names = imported_names(path)
    return names | {name.rsplit(".", 1)[0] for name in names}


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


def test_the_api_reaches_the_domain_through_the_service_and_the_allow_list() -> None:
    def allowed(name: str) -> bool:
        return any(name == entry or name.startswith(f"{entry}.") for entry in API_MAY_IMPORT)

    offenders = {
        str(path.relative_to(REPO)): sorted(
            name for name in imported_names(path) if name.startswith("graph.") and not allowed(name)
        )
        for path in modules_of("api")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_allow_list_names_only_what_the_api_uses() -> None:
    used = set().union(*(imported_names(path) for path in modules_of("api")))
    unused = [
        entry for entry in API_MAY_IMPORT if not any(n == entry or n.startswith(f"{entry}.") for n in used)
    ]
    assert unused == []


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
