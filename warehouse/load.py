"""DuckDB: schema, the load ledger, atomic bulk loads and read-only analyst access.

DuckDB allows one writing process per file, and a writing process excludes
readers in other processes. So the writer opens the file only for two short
moments per run (``begin_load`` and ``commit_load``); parsing, validation and
Parquet writing happen with the file closed. Analyst connections are read-only
with external access off and retry briefly while a load holds the file.

A run is atomic: ``commit_load`` deletes replaced rows, bulk-inserts every
table from the load's Parquet partitions and marks the ledger row ``completed``
in ONE transaction. A run killed at any point leaves the database as before
(the ledger row stays ``running``) or as after; ``begin_load`` of the next run
marks such loads ``failed`` and discards their lake files.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from newsledger.errors import WarehouseError
from warehouse import lake
from warehouse.schema import DERIVED_TABLES, TABLES, duckdb_ddl, duckdb_type

VIEWS_DIR = Path(__file__).parent / "views"

# How long a connection waits for another process to release the file.
LOCK_WAIT_SECONDS = 30.0


def _now() -> datetime:
    return datetime.now(UTC)


def validate_warehouse_path(path: str | os.PathLike[str], *, must_exist: bool = False) -> Path:
    """Resolve and check a warehouse path given by a user."""
    p = Path(path).expanduser()
    if p.exists() and p.is_dir():
        raise WarehouseError("W003", path=str(p), why="it is a directory")
    if p.suffix not in (".duckdb", ".db", ".ddb"):
        raise WarehouseError("W003", path=str(p), why="expected a .duckdb file name")
    if must_exist and not p.exists():
        raise WarehouseError("W005", path=str(p))
    parent = p.parent if str(p.parent) else Path(".")
    if not must_exist:
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WarehouseError("W003", path=str(p), why=exc.strerror or str(exc)) from exc
        if not os.access(parent, os.W_OK):
            raise WarehouseError("W003", path=str(p), why="its folder is not writable")
    return p.resolve()


def _is_lock_error(exc: BaseException) -> bool:
    msg = str(exc).lower()
    return "lock" in msg or "conflicting" in msg or "being used" in msg


def _connect(path: Path, *, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            if read_only:
                return duckdb.connect(
                    str(path),
                    read_only=True,
                    config={"enable_external_access": False, "autoinstall_known_extensions": False,
                            "autoload_known_extensions": False},
                )
            return duckdb.connect(str(path), config={"autoinstall_known_extensions": False})
        except duckdb.IOException as exc:
            if not _is_lock_error(exc) or time.monotonic() >= deadline:
                if _is_lock_error(exc):
                    raise WarehouseError(
                        "W002", path=str(path), why="gave up after waiting", retryable=True
                    ) from exc
                raise WarehouseError("W003", path=str(path), why=str(exc).splitlines()[0]) from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Exclusive run-level lock: two runs never write one warehouse at once.

    An OS file lock (flock) is released by the kernel when its process dies,
    so a SIGKILLed run never leaves a stale lock behind.
    """
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise WarehouseError(
                "W001", path=str(path), holder=f"pid {holder}", retryable=True
            ) from exc
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and add missing columns (schema contract: evolve).

    New columns are added as nullable; existing columns are never renamed or
    dropped, so analysts' SQL keeps working across versions.
    """
    for spec in TABLES.values():
        con.execute(duckdb_ddl(spec))
        existing = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                [spec.name],
            ).fetchall()
        }
        for f in spec.schema:
            if f.name not in existing:
                con.execute(f'ALTER TABLE "{spec.name}" ADD COLUMN "{f.name}" {duckdb_type(f.type)}')


def create_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create analyst views from warehouse/views/*.sql, in file-name order."""
    names = []
    for sql_file in sorted(VIEWS_DIR.glob("*.sql")):
        con.execute(sql_file.read_text(encoding="utf-8"))
        names.append(sql_file.stem)
    return names


@dataclass
class LoadStart:
    load_id: str
    # article_id -> (content_hash, extractor_version) of what the warehouse holds
    existing: dict[str, tuple[str, str]] = field(default_factory=dict)
    recovered: list[str] = field(default_factory=list)


def begin_load(path: Path, load_id: str, *, sources: str, extractor_version: str) -> LoadStart:
    """Recover crashed loads, register this one as running, read existing keys."""
    lake.check_load_id(load_id)
    con = _connect(path, read_only=False, wait=LOCK_WAIT_SECONDS)
    try:
        ensure_schema(con)
        stale = [
            r[0]
            for r in con.execute("SELECT load_id FROM loads WHERE status = 'running'").fetchall()
        ]
        for old in stale:
            con.execute(
                "UPDATE loads SET status = 'failed', finished_at = ?, "
                "error = coalesce(error, 'interrupted: the run stopped before committing') "
                "WHERE load_id = ?",
                [_now(), old],
            )
        completed = {
            r[0]
            for r in con.execute("SELECT load_id FROM loads WHERE status = 'completed'").fetchall()
        }
        con.execute(
            "INSERT INTO loads (load_id, started_at, status, extractor_version, sources) "
            "VALUES (?, ?, 'running', ?, ?)",
            [load_id, _now(), extractor_version, sources],
        )
        existing = {
            r[0]: (r[1], r[2])
            for r in con.execute(
                "SELECT article_id, content_hash, extractor_version FROM articles"
            ).fetchall()
        }
        create_views(con)
    finally:
        con.close()
    # Files of loads that never completed are garbage; a completed load's
    # staging folder may survive a kill between COMMIT and clean-up.
    recovered = []
    for old in lake.orphan_load_ids(path):
        if old == load_id:
            continue
        if old in completed:
            lake.discard_staging(path, old)
        else:
            lake.discard_load(path, old)
            recovered.append(old)
    return LoadStart(load_id=load_id, existing=existing, recovered=sorted(set(recovered) | set(stale)))


def _insert_arrow(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    cols = ", ".join(f'"{f.name}"' for f in data.schema)
    con.register("_incoming", data)
    try:
        con.execute(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM _incoming')
    finally:
        con.unregister("_incoming")


@dataclass
class LoadCounts:
    records_read: int = 0
    articles_loaded: int = 0
    articles_unchanged: int = 0
    records_quarantined: int = 0
    rows_quarantined: int = 0


def commit_load(
    path: Path,
    load_id: str,
    *,
    partitions: dict[str, Path],
    counts: LoadCounts,
    cursors: pa.Table | None = None,
) -> dict[str, int]:
    """Load a validated load's Parquet partitions into DuckDB in one transaction.

    Returns rows inserted per table.
    """
    tables = {name: lake.read_partition(p, name) for name, p in partitions.items()}
    con = _connect(path, read_only=False, wait=LOCK_WAIT_SECONDS)
    inserted: dict[str, int] = {}
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            articles = tables.get("articles")
            if articles is not None and articles.num_rows:
                ids = pa.table({"article_id": articles.column("article_id")})
                con.register("_replaced", ids)
                # A changed article replaces its old derived rows: no stale figures.
                for name in (*DERIVED_TABLES, "articles"):
                    con.execute(
                        f'DELETE FROM "{name}" WHERE article_id IN (SELECT article_id FROM _replaced)'
                    )
                con.unregister("_replaced")
            for name, data in tables.items():
                if name == "entities":
                    # Entities are shared across articles: add only new ids.
                    con.register("_ent", data)
                    cols = ", ".join(f'"{f.name}"' for f in data.schema)
                    con.execute(
                        f"INSERT INTO entities ({cols}) SELECT {cols} FROM _ent "
                        "WHERE entity_id NOT IN (SELECT entity_id FROM entities)"
                    )
                    con.unregister("_ent")
                else:
                    _insert_arrow(con, name, data)
                inserted[name] = data.num_rows
            if cursors is not None and cursors.num_rows:
                con.register("_cur", cursors)
                con.execute("DELETE FROM source_cursors WHERE source IN (SELECT source FROM _cur)")
                _insert_arrow(con, "source_cursors", cursors)
                con.unregister("_cur")
            con.execute(
                "UPDATE loads SET status = 'completed', finished_at = ?, records_read = ?, "
                "articles_loaded = ?, articles_unchanged = ?, records_quarantined = ?, "
                "rows_quarantined = ? WHERE load_id = ?",
                [
                    _now(),
                    counts.records_read,
                    counts.articles_loaded,
                    counts.articles_unchanged,
                    counts.records_quarantined,
                    counts.rows_quarantined,
                    load_id,
                ],
            )
            con.execute("COMMIT")
        except Exception as exc:
            con.execute("ROLLBACK")
            if isinstance(exc, WarehouseError):
                raise
            raise WarehouseError(
                "W004", load_id=load_id, table="(commit)", why=str(exc).splitlines()[0]
            ) from exc
    finally:
        con.close()
    lake.discard_staging(path, load_id)
    return inserted


def mark_failed(path: Path, load_id: str, error: str) -> None:
    con = _connect(path, read_only=False, wait=LOCK_WAIT_SECONDS)
    try:
        con.execute(
            "UPDATE loads SET status = 'failed', finished_at = ?, error = ? "
            "WHERE load_id = ? AND status = 'running'",
            [_now(), error[:2000], load_id],
        )
    finally:
        con.close()
    lake.discard_load(path, load_id)


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def query(
    path: Path, sql: str, params: list[Any] | None = None, *, wait: float = LOCK_WAIT_SECONDS
) -> QueryResult:
    """Run analyst SQL read-only with external access off; retries while locked."""
    con = _connect(path, read_only=True, wait=wait)
    try:
        try:
            cur = con.execute(sql, params or [])
        except duckdb.Error as exc:
            raise WarehouseError("W006", why=str(exc).splitlines()[0]) from exc
        columns = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if cur.description else []
        return QueryResult(columns=columns, rows=rows)
    finally:
        con.close()


def load_summary(path: Path, load_id: str) -> dict[str, Any]:
    res = query(path, "SELECT * FROM loads WHERE load_id = ?", [load_id])
    return dict(zip(res.columns, res.rows[0], strict=True)) if res.rows else {}
