"""The design's import rules: the layering of the packages, and no import cycles.

Layers, bottom to top (a layer imports only from itself and the layers its rule
names; nothing imports upwards):

- ``transforms/``: pure Python; imports no other project package and none of
  Prefect, DuckDB, Great Expectations or Dask.
- ``warehouse/``: takes only the record types and the error catalogue from
  ``transforms`` (``transforms.records``, ``transforms.errors``), and the pure fact
  rules (``transforms.facts``): facts are refreshed inside the load's transaction,
  against the rows the warehouse holds, so that no reader sees half of them.
- ``expectations/``: the same from ``transforms``, plus ``warehouse.schema``.
- ``flows/`` (and ``bench/``, which times the flow): wire ``transforms``,
  ``expectations`` and ``warehouse``.
- ``newsledger/``: the CLI and the evaluation, on top; nothing imports it.

Every ``import`` statement counts, also inside functions and under
``TYPE_CHECKING``: a cycle that only a type checker follows is still two
modules that cannot be understood one without the other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("transforms", "warehouse", "expectations", "flows", "bench", "newsledger")

HEAVY = {"prefect", "prefect_dask", "duckdb", "great_expectations", "dask", "distributed"}

# package -> third-party top-level modules it must never import
FORBIDDEN_THIRD_PARTY = {
    "transforms": HEAVY,
    "expectations": {"prefect", "prefect_dask", "duckdb"},
    "warehouse": {"prefect", "prefect_dask", "great_expectations"},
}

# package -> project modules (or packages, with everything under them) it may import
ALLOWED = {
    "transforms": ("transforms",),
    "warehouse": ("warehouse", "transforms.records", "transforms.errors", "transforms.facts"),
    "expectations": ("expectations", "transforms.records", "transforms.errors", "warehouse.schema"),
    "flows": ("flows", "transforms", "expectations", "warehouse"),
    "bench": ("bench", "flows", "transforms", "expectations", "warehouse"),
    "newsledger": PACKAGES,
}


def project_modules(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the project packages."""
    mods: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            mods[".".join(parts)] = path
    return mods


def _imports(path: Path) -> Iterable[tuple[str, list[str], int]]:
    """(module, imported names, relative level) of every import statement."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], 0
        elif isinstance(node, ast.ImportFrom):
            yield node.module or "", [a.name for a in node.names], node.level


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the project modules it imports (``from pkg import mod`` is ``pkg.mod``)."""
    mods = project_modules(root)

    def resolve(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for mod, path in mods.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        targets: set[str] = set()
        for name, names, level in _imports(path):
            if level:
                base = package.split(".")[: len(package.split(".")) - (level - 1)]
                name = ".".join([*base, name] if name else base)
            for sub in names or [""]:
                full = f"{name}.{sub}" if sub else name
                target = full if full in mods else resolve(name)
                if target is not None and target != mod:
                    targets.add(target)
        graph[mod] = targets
    return graph


def import_cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Every set of modules that import each other, directly or round a circle
    (the strongly connected components of more than one module; Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(cycles)


def _within(module: str, allowed: Iterable[str]) -> bool:
    return any(module == a or module.startswith(a + ".") for a in allowed)


def layer_violations(graph: Mapping[str, set[str]]) -> list[str]:
    """``importer -> imported`` for every import its package's rule does not allow."""
    problems = []
    for mod, targets in sorted(graph.items()):
        allowed = ALLOWED[mod.split(".")[0]]
        problems += [f"{mod} -> {t}" for t in sorted(targets) if not _within(t, allowed)]
    return problems


def third_party_imports(path: Path) -> set[str]:
    return {name.split(".")[0] for name, _, level in _imports(path) if level == 0 and name}


def test_every_import_follows_the_layering() -> None:
    assert layer_violations(import_graph()) == []


def test_no_import_cycles() -> None:
    assert import_cycles(import_graph()) == []


def test_heavy_libraries_stay_out_of_the_lower_layers() -> None:
    problems = []
    for package, forbidden in FORBIDDEN_THIRD_PARTY.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            bad = third_party_imports(path) & forbidden
            if bad:
                problems.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert problems == []


def test_error_catalogue_is_a_leaf() -> None:
    # Every layer may import the error catalogue, so it must import no project module.
    assert import_graph()["transforms.errors"] == set()


def test_the_checks_see_upward_imports_and_cycles(tmp_path: Path) -> None:
    # A small tree with one upward import and one circle through three modules.
    files = {
        "transforms/__init__.py": "",
        "transforms/a.py": "from transforms import b\n",
        "transforms/b.py": "def f():\n    import transforms.c\n",
        "transforms/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from transforms.a import x\n",
        "warehouse/__init__.py": "",
        "warehouse/w.py": "from . import v\nfrom transforms.records import R\n"
        "from flows.pipeline import run\n",
        "warehouse/v.py": "",
        "transforms/records.py": "",
        "flows/__init__.py": "",
        "flows/pipeline.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    for package in PACKAGES:
        (tmp_path / package).mkdir(exist_ok=True)
    graph = import_graph(tmp_path)
    assert graph["warehouse.w"] == {"warehouse.v", "transforms.records", "flows.pipeline"}
    assert layer_violations(graph) == ["warehouse.w -> flows.pipeline"]
    assert import_cycles(graph) == [["transforms.a", "transforms.b", "transforms.c"]]
