"""Warehouse paths: check a path a user gave, and name what is wrong with it.

An error here is what an operator reads first, so each ``why`` names the real
problem (a parent of the path that is a file, a file that is not a DuckDB
database, the process that holds the file) rather than an OS errno text like
"File exists".
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from transforms.errors import WarehouseError
from warehouse import lake

WAREHOUSE_SUFFIXES = (".duckdb", ".db", ".ddb")
# DuckDB names the process holding a conflicting file lock: "... (PID 1234) ...".
_PID_IN_LOCK_ERROR = re.compile(r"\(PID (\d+)\)")
# A DuckDB database file carries these bytes at this offset (its file header).
_DUCKDB_MAGIC, _DUCKDB_MAGIC_AT = b"DUCK", 8
# DuckDB's wording for a file that exists but is no DuckDB database.
_NOT_A_DATABASE = ("not a valid duckdb database", "not a duckdb database")


def _folder_is_writable(folder: Path) -> bool:
    # os.access says yes to root everywhere; only creating a file proves that
    # the warehouse, its WAL and its lake can be written here.
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".newsledger-probe-"):
            return True
    except OSError:
        return False


def _blocking_ancestor(path: Path) -> Path | None:
    """The nearest existing ancestor of ``path`` when it is not a folder."""
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def folder_problem(path: Path, exc: OSError | None = None) -> str:
    """Why the folder of ``path`` cannot hold a warehouse, in plain words."""
    blocker = _blocking_ancestor(path)
    if blocker is not None:
        return f"{blocker} is a file, not a folder, so nothing can be created under it"
    if isinstance(exc, PermissionError) or exc is None:
        return f"you cannot create files in {path.parent}"
    return f"cannot create its folder {path.parent} ({exc.strerror or exc})"


NOT_A_DATABASE = "the file exists but is not a DuckDB database (not a newsledger warehouse)"


def is_duckdb_file(path: Path) -> bool:
    """Whether ``path`` starts like a DuckDB database (an empty file is a new one)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_DUCKDB_MAGIC_AT + len(_DUCKDB_MAGIC))
    except OSError:
        return True  # unreadable: let DuckDB say why
    return not head or head[_DUCKDB_MAGIC_AT:] == _DUCKDB_MAGIC


def validate_warehouse_path(path: str | os.PathLike[str], *, must_exist: bool = False) -> Path:
    """Resolve and check a warehouse path given by a user; W003/W005 when unusable."""
    p = Path(path).expanduser()
    if p.exists() and p.is_dir():
        raise WarehouseError("W003", path=str(p), why="it is a folder, not a .duckdb file")
    if p.exists() and not p.is_file():
        raise WarehouseError("W003", path=str(p), why="it is not a regular file")
    if p.is_file() and not is_duckdb_file(p):
        raise WarehouseError("W003", path=str(p), why=NOT_A_DATABASE)
    if p.suffix not in WAREHOUSE_SUFFIXES:
        raise WarehouseError(
            "W003",
            path=str(p),
            why=f"the file name must end in {', '.join(WAREHOUSE_SUFFIXES)}",
        )
    if must_exist and not p.exists():
        blocker = _blocking_ancestor(p)
        if blocker is not None:
            raise WarehouseError("W003", path=str(p), why=folder_problem(p))
        raise WarehouseError("W005", path=str(p))
    parent = p.parent if str(p.parent) else Path(".")
    if not must_exist:
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WarehouseError("W003", path=str(p), why=folder_problem(p, exc)) from exc
        if not _folder_is_writable(parent):
            raise WarehouseError("W003", path=str(p), why=folder_problem(p))
        lake_root = lake.lake_dir(p)
        if lake_root.exists() and not lake_root.is_dir():
            raise WarehouseError(
                "W003",
                path=str(p),
                why=f"its lake {lake_root} is a file, not a folder; move it away",
            )
    return p.resolve()


def lock_holder(message: str) -> str:
    """The process DuckDB names in a lock conflict, e.g. ``pid 1234``."""
    found = _PID_IN_LOCK_ERROR.search(message)
    return f"pid {found.group(1)}" if found else "pid unknown"


def connect_error(path: Path, exc: BaseException, *, locked: bool) -> WarehouseError:
    """The coded error for a DuckDB file that could not be opened."""
    text = str(exc)
    if locked:
        return WarehouseError(
            "W002",
            path=str(path),
            holder=lock_holder(text),
            why="gave up after waiting",
            retryable=True,
        )
    if any(marker in text.lower() for marker in _NOT_A_DATABASE):
        return WarehouseError("W003", path=str(path), why=NOT_A_DATABASE)
    return WarehouseError("W003", path=str(path), why=text.splitlines()[0])
