"""The warehouse as a DuckLake: where its files live, and opening it.

A warehouse is a DuckLake (Parquet data files plus a SQL catalog of
snapshots). The user's handle ``--warehouse PATH`` maps to::

    PATH           the SQLite catalog file (the embedded default catalog)
    PATH_data/     the Parquet data files DuckLake writes (PATH's stem + _data)
    PATH_staging/  batch outputs of running loads, before validation

With ``--catalog postgresql://...`` the catalog lives in PostgreSQL (shared by
several machines or processes) and PATH only names the data and staging
folders; PATH itself is never created.

``open_lake`` attaches the lake as ``lake`` and makes it the default database,
so every table and view is visible unqualified. Writers and readers never
block each other: a reader sees the snapshot that was current when its query
started. The DuckDB extensions come from the ``duckdb-ext-*`` wheels, loaded
offline (nothing is downloaded at run time).

Every string spliced into SQL here (the ATTACH target and paths) is quoted by
``_literal``; ATTACH takes no bound parameters.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb

from transforms.errors import WarehouseError

# The alias the lake is attached under (and the default database).
LAKE = "lake"
# Suffixes of the old single-file layout: refused with W007 so that an old
# command line never silently starts a second, empty warehouse beside the old one.
OLD_SUFFIXES = (".duckdb", ".ddb")
# Names a catalog file may have: a typo'd path (w.csv, a folder name) fails
# at once instead of becoming a new, empty warehouse.
CATALOG_SUFFIXES = (".sqlite", ".sqlite3", ".db")
_DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of a DuckDB database file
_SQLITE_MAGIC = b"SQLite format 3\x00"
_POSTGRES_URL = re.compile(r"^postgres(ql)?://[^'\x00]+$")

# Attempts of one catalog transaction when another writer committed first (a
# DuckLake conflict) or SQLite reported its file busy. DuckLake already retries
# non-conflicting commits itself; these attempts redo the whole transaction
# against the new snapshot. 8 attempts with the delays below span ~25 s, longer
# than any load's commit transaction we measured (bench/lake_loads.py).
COMMIT_ATTEMPTS = 8
RETRY_FIRST_DELAY = 0.2
RETRY_MAX_DELAY = 5.0

T = TypeVar("T")


@dataclass(frozen=True)
class Warehouse:
    """Where one warehouse lives: ``path`` (the user's handle) and its catalog."""

    path: Path
    catalog: str | None = None  # postgresql://... ; None: SQLite file at ``path``

    @property
    def data_dir(self) -> Path:
        return self.path.with_name(self.path.stem + "_data")

    @property
    def staging_root(self) -> Path:
        return self.path.with_name(self.path.stem + "_staging")

    @property
    def shared(self) -> bool:
        return self.catalog is not None

    def attach_target(self) -> str:
        if self.catalog is not None:
            return "ducklake:postgres:" + self.catalog
        return "ducklake:sqlite:" + str(self.path)

    def exists(self) -> bool:
        """Whether the catalog has been created (the SQLite file; PostgreSQL: assumed)."""
        return self.catalog is not None or self.path.exists()


def as_warehouse(w: Warehouse | str | os.PathLike[str], catalog: str | None = None) -> Warehouse:
    if isinstance(w, Warehouse):
        return w
    return Warehouse(Path(w), catalog)


def _literal(text: str) -> str:
    if "\x00" in text:
        raise WarehouseError("W003", path=text[:200], why="it holds a NUL character")
    return "'" + text.replace("'", "''") + "'"


def extension_dir() -> str:
    """The folder of the offline DuckLake/SQLite/PostgreSQL extensions (PyPI wheels)."""
    import duckdb_ext  # the duckdb-ext-* wheels install into this namespace package

    return str(Path(next(iter(duckdb_ext.__path__))) / "extensions")


def _folder_is_writable(folder: Path) -> bool:
    # os.access says yes to root everywhere; only creating a file proves it.
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".newsledger-probe-"):
            return True
    except OSError:
        return False


def _file_kind(p: Path) -> str:
    with p.open("rb") as f:
        head = f.read(16)
    if head.startswith(_SQLITE_MAGIC):
        return "sqlite"
    if head[8:12] == _DUCKDB_MAGIC:
        return "duckdb"
    return "empty" if not head else "other"


def _blocking_ancestor(path: Path) -> Path | None:
    """The nearest existing ancestor of ``path`` when it is not a folder."""
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


def folder_problem(path: Path, exc: OSError | None = None) -> str:
    """Why the folder of ``path`` cannot hold a warehouse, in plain words (not an
    errno text such as "File exists")."""
    blocker = _blocking_ancestor(path)
    if blocker is not None:
        return f"{blocker} is a file, not a folder, so nothing can be created under it"
    if isinstance(exc, PermissionError) or exc is None:
        return f"you cannot create files in {path.parent}"
    return f"cannot create its folder {path.parent} ({exc.strerror or exc})"


def validate_catalog(catalog: str | None) -> str | None:
    if catalog is None:
        return None
    if not _POSTGRES_URL.match(catalog):
        raise WarehouseError(
            "W009", catalog=catalog[:80], why="expected postgresql://user@host:port/dbname"
        )
    return catalog


def validate_warehouse_path(
    path: str | os.PathLike[str], *, must_exist: bool = False, catalog: str | None = None
) -> Warehouse:
    """Resolve and check a user's warehouse path; W003/W005/W007 when unusable."""
    p = Path(path).expanduser()
    catalog = validate_catalog(catalog)
    if p.exists() and p.is_dir():
        raise WarehouseError("W003", path=str(p), why="it is a folder, not a .sqlite file")
    if p.exists() and not p.is_file():
        raise WarehouseError("W003", path=str(p), why="it is not a regular file")
    if p.exists():
        kind = _file_kind(p)
        if kind == "duckdb" or (kind == "empty" and p.suffix in OLD_SUFFIXES):
            raise WarehouseError("W007", path=str(p), new=str(p.with_suffix(".sqlite")))
        if kind == "other":
            raise WarehouseError(
                "W003",
                path=str(p),
                why="the file exists but is not a SQLite catalog (not a newsledger warehouse)",
            )
    elif p.suffix in OLD_SUFFIXES:
        raise WarehouseError(
            "W003", path=str(p), why="a .duckdb name is the old layout; name it .sqlite"
        )
    if p.suffix not in CATALOG_SUFFIXES and not (p.exists() and p.suffix in OLD_SUFFIXES):
        raise WarehouseError("W003", path=str(p), why="expected a .sqlite file name")
    w = Warehouse(p.resolve(), catalog)
    if must_exist and not w.exists():
        if _blocking_ancestor(p) is not None:
            raise WarehouseError("W003", path=str(p), why=folder_problem(p))
        raise WarehouseError("W005", path=str(p))
    if not must_exist:
        parent = p.parent if str(p.parent) else Path(".")
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WarehouseError("W003", path=str(p), why=folder_problem(p, exc)) from exc
        if not _folder_is_writable(parent):
            raise WarehouseError("W003", path=str(p), why=folder_problem(p))
        for folder in (w.data_dir, w.staging_root):
            if folder.exists() and not folder.is_dir():
                raise WarehouseError("W003", path=str(p), why=f"{folder.name} is not a folder")
    return w


def _base_connection() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(
        config={
            "extension_directory": extension_dir(),
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
    )
    # No progress bar on stderr in the middle of `newsledger sql` output.
    con.execute("SET enable_progress_bar = false")
    con.execute("LOAD ducklake")
    return con


def open_lake(
    w: Warehouse, *, read_only: bool, snapshot: int | None = None
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the lake attached as ``lake`` and in use.

    Read-only connections (analysts) attach with READ_ONLY, then turn external
    access off (only the lake's own files stay readable) and lock the
    configuration so that SQL cannot turn it back on. ``snapshot`` pins the
    session to that DuckLake snapshot (time travel).
    """
    if read_only and not w.exists():
        raise WarehouseError("W005", path=str(w.path))
    con = _base_connection()
    try:
        con.execute("LOAD postgres" if w.shared else "LOAD sqlite")
        opts = []
        if read_only:
            opts.append("READ_ONLY")
        else:
            w.data_dir.mkdir(parents=True, exist_ok=True)
            if not w.shared and not w.path.exists():
                _create_sqlite_catalog(w.path)
            elif not w.shared:
                _repoint_data_path(w)
        if not read_only or not w.shared:
            opts.append("DATA_PATH " + _literal(str(w.data_dir) + os.sep))
        if not w.shared:
            # A copied or moved warehouse keeps working: its data folder is
            # the one beside PATH, not where it was created.
            opts.append("OVERRIDE_DATA_PATH true")
        if snapshot is not None:
            opts.append(f"SNAPSHOT_VERSION {int(snapshot)}")
        con.execute(f"ATTACH {_literal(w.attach_target())} AS {LAKE} ({', '.join(opts)})")
        con.execute(f"USE {LAKE}")
        if read_only:
            _lock_down(con, w)
    except duckdb.Error as exc:
        con.close()
        raise _open_error(w, exc) from exc
    return con


# Writer connections kept for the life of the process, one per warehouse: a
# run's begin, commit and compaction share one (attaching the lake costs more
# than a no-op load's transactions; bench/lake_loads.py). A connection in use
# is taken out of the cache, so concurrent threads never share one.
_WRITERS: dict[Warehouse, duckdb.DuckDBPyConnection] = {}
_WRITERS_LOCK = threading.Lock()


# Writer connections being opened in the background (``preopen_writer``).
_OPENING: dict[Warehouse, threading.Event] = {}


def preopen_writer(w: Warehouse) -> None:
    """Attach ``w`` for writing in a background thread, into the writer cache.

    Loading the extensions and attaching the lake is ~0.5 s of a no-op run
    (bench/), mostly in DuckDB, which releases the GIL: started before the
    Prefect imports and the flow run's creation, it happens beside them. A
    failure is dropped here: the load's own ``writer`` then opens the lake
    and reports it.
    """
    done = threading.Event()
    with _WRITERS_LOCK:
        if w in _WRITERS or w in _OPENING:
            return
        _OPENING[w] = done

    def run() -> None:
        con: duckdb.DuckDBPyConnection | None = None
        try:
            con = open_lake(w, read_only=False)
            # DuckDB imports pandas (if installed) at its first bound parameter,
            # to recognise pandas values: ~0.3 s, here rather than in the load.
            con.execute("SELECT ?", [0]).fetchall()
        except Exception:
            if con is not None:
                con.close()
            con = None
        with _WRITERS_LOCK:
            _OPENING.pop(w, None)
            if con is not None and w not in _WRITERS:
                _WRITERS[w] = con
            elif con is not None:
                con.close()
        done.set()

    threading.Thread(target=run, name="lake-preopen", daemon=True).start()


@contextlib.contextmanager
def writer(w: Warehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable connection to ``w``, from the process's cache when one is free
    (waiting for one ``preopen_writer`` is still opening)."""
    with _WRITERS_LOCK:
        opening = _OPENING.get(w)
    if opening is not None:
        opening.wait()
    with _WRITERS_LOCK:
        con = _WRITERS.pop(w, None)
    if con is None:
        con = open_lake(w, read_only=False)
    try:
        yield con
    except BaseException:
        # Its state is unknown after an error: never hand it out again.
        con.close()
        raise
    with _WRITERS_LOCK:
        if w in _WRITERS:
            con.close()
        else:
            _WRITERS[w] = con


def close_writers() -> None:
    """Close the cached writer connections (tests, and before copying files)."""
    with _WRITERS_LOCK:
        cons = list(_WRITERS.values())
        _WRITERS.clear()
    for con in cons:
        con.close()


def _create_sqlite_catalog(path: Path) -> None:
    """An empty SQLite file in WAL mode, which DuckLake then fills with its catalog.

    WAL (a persistent property of the file): readers never block a writer's
    commit, and a writer whose snapshot went stale fails (busy) instead of
    overwriting; ``with_retry`` redoes it.
    """
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=WAL")
    finally:
        con.close()


def _repoint_data_path(w: Warehouse) -> None:
    """Record the data folder beside PATH in a copied or moved catalog.

    DuckLake stores its data path (absolute) in the catalog's
    ``ducklake_metadata`` table (DuckLake spec); after a copy it still names
    the old folder, so a plain ``ATTACH 'ducklake:sqlite:PATH'`` (README)
    would read the old files. Writers set it to PATH's own folder.
    """
    wanted = str(w.data_dir) + os.sep
    con = sqlite3.connect(w.path, timeout=30)
    try:
        with con:
            con.execute(
                "UPDATE ducklake_metadata SET value = ? "
                "WHERE key = 'data_path' AND scope IS NULL AND value <> ?",
                [wanted, wanted],
            )
    except sqlite3.OperationalError:
        pass  # not a DuckLake catalog yet: ATTACH creates it with DATA_PATH
    finally:
        con.close()


def _lock_down(con: duckdb.DuckDBPyConnection, w: Warehouse) -> None:
    # The data path the catalog uses (a shared catalog keeps its own).
    rows = con.execute(
        f"SELECT value FROM {LAKE}.options() WHERE option_name = 'data_path'"
    ).fetchall()
    folder = str(rows[0][0]) if rows and rows[0][0] else str(w.data_dir)
    if w.shared is False:
        folder = str(w.data_dir)
    data = _literal(folder.rstrip(os.sep) + os.sep)
    con.execute(f"SET allowed_directories = [{data}]")
    # The catalog file is NOT allowed: SQLite reads it through its own I/O, and
    # an analyst's ATTACH of it (writable) must fail.
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def _open_error(w: Warehouse, exc: duckdb.Error) -> WarehouseError:
    why = str(exc).splitlines()[0]
    if w.shared:
        return WarehouseError("W009", catalog=_redact(w.catalog or ""), why=why, retryable=True)
    return WarehouseError("W003", path=str(w.path), why=why)


def _redact(url: str) -> str:
    """A PostgreSQL URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def is_retryable(exc: BaseException) -> bool:
    """A commit another writer got in first with, or a catalog busy for a moment."""
    msg = str(exc).lower()
    return isinstance(exc, duckdb.Error) and any(
        s in msg
        for s in (
            "conflict",
            "database is locked",
            "failed to commit ducklake transaction",
            "could not serialize",
            "deadlock",
        )
    )


def with_retry(
    what: str, body: Callable[[], T], *, attempts: int = COMMIT_ATTEMPTS
) -> tuple[T, int]:
    """Run ``body`` (one whole catalog transaction) until it commits.

    Returns its result and how many retries it took. Out of attempts: W008,
    marked retryable (the flow's task retry runs it again later).
    """
    delay = RETRY_FIRST_DELAY
    for attempt in range(attempts):
        try:
            return body(), attempt
        except duckdb.Error as exc:
            if not is_retryable(exc):
                raise
            if attempt == attempts - 1:
                raise WarehouseError(
                    "W008",
                    what=what,
                    attempts=attempts,
                    why=str(exc).splitlines()[0],
                    retryable=True,
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, RETRY_MAX_DELAY)
    raise AssertionError("unreachable")
