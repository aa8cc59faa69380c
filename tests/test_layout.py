"""The design's import rules: data flows one way, transforms stays pure."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEAVY = {"prefect", "prefect_dask", "duckdb", "great_expectations", "dask", "distributed"}
PROJECT = {"flows", "transforms", "expectations", "warehouse", "newsledger"}

# package -> top-level modules it must never import
FORBIDDEN = {
    "transforms": HEAVY | {"flows", "expectations", "warehouse"},
    "expectations": {"prefect", "prefect_dask", "duckdb", "flows"},
    "warehouse": {"prefect", "prefect_dask", "great_expectations", "flows", "expectations"},
    "flows": set(),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_import_direction() -> None:
    problems = []
    for package, forbidden in FORBIDDEN.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            bad = imported_modules(path) & forbidden
            if bad:
                problems.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert problems == []


def test_error_catalogue_is_a_leaf() -> None:
    # Every stage may import the error catalogue, so it must import no stage.
    assert imported_modules(ROOT / "transforms" / "errors.py") & PROJECT == set()


def test_layout_folders_exist() -> None:
    for d in ("flows", "transforms", "expectations", "warehouse", "tests"):
        assert (ROOT / d / "__init__.py").exists() or d == "tests", d
    assert (ROOT / "pyproject.toml").exists()
