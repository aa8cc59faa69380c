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
marks such loads ``failed`` and discards their lake files. After the COMMIT the
ledger row is copied into the lake, so ``rebuild_warehouse`` can rebuild the
DuckDB file from the lake alone. docs/warehouse.md describes the protocol.

Every SQL statement built here is parameterised; the only identifiers spliced
into SQL are table and column names of ``warehouse.schema``, checked by
``_ident``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from transforms.errors import WarehouseError
from warehouse import facts, lake, paths
from warehouse.faults import fault_point
from warehouse.paths import WAREHOUSE_SUFFIXES as WAREHOUSE_SUFFIXES
from warehouse.paths import validate_warehouse_path as validate_warehouse_path
from warehouse.schema import DERIVED_TABLES, TABLES, duckdb_ddl, duckdb_type

VIEWS_DIR = Path(__file__).parent / "views"

# How long a connection waits for another process to release the file.
LOCK_WAIT_SECONDS = 30.0

_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


def _now() -> datetime:
    return datetime.now(UTC)


def _ident(name: str) -> str:
    """Quote a table or column name of our own schema for splicing into SQL.

    Only names that match a plain lower-case identifier pass, so a name can
    never carry a quote or a statement of its own.
    """
    if not _IDENT.match(name):
        raise ValueError(f"not a warehouse identifier: {name!r}")
    return f'"{name}"'


def _is_lock_error(exc: BaseException) -> bool:
    msg = str(exc).lower()
    return "lock" in msg or "conflicting" in msg or "being used" in msg


def _connect(path: Path, *, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            if read_only:
                # lock_configuration: analyst SQL cannot SET external access back on.
                return duckdb.connect(
                    str(path),
                    read_only=True,
                    config={
                        "enable_external_access": False,
                        "autoinstall_known_extensions": False,
                        "autoload_known_extensions": False,
                        "lock_configuration": True,
                    },
                )
            return duckdb.connect(str(path), config={"autoinstall_known_extensions": False})
        except duckdb.IOException as exc:
            if not _is_lock_error(exc) or time.monotonic() >= deadline:
                raise paths.connect_error(path, exc, locked=_is_lock_error(exc)) from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def check_writer_free(path: Path) -> None:
    """Fail fast with W001 when another run holds the writer lock.

    A probe only (the lock is released at once): the run still takes
    ``writer_lock`` for real. It lets a second run fail in a second instead of
    after starting Prefect.
    """
    with writer_lock(path):
        pass


@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Exclusive run-level lock: two runs never write one warehouse at once.

    An OS file lock (flock) is released by the kernel when its process dies,
    so a SIGKILLed run never leaves a stale lock behind.
    """
    lock_path = _lock_path(path)
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
                con.execute(
                    f"ALTER TABLE {_ident(spec.name)} ADD COLUMN {_ident(f.name)} "
                    f"{duckdb_type(f.type)}"
                )


def create_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create analyst views from warehouse/views/*.sql, in file-name order."""
    names = []
    for sql_file in sorted(VIEWS_DIR.glob("*.sql")):
        con.execute(sql_file.read_text(encoding="utf-8"))
        names.append(sql_file.stem)
    return names


def _ledger_rows(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> pa.Table:
    """Ledger rows as Arrow in the lake's schema; ``where`` is our own SQL text."""
    cols = ", ".join(_ident(n) for n in TABLES["loads"].schema.names)
    rel = con.sql(f"SELECT {cols} FROM loads WHERE {where} ORDER BY load_id", params=params)
    return rel.to_arrow_table().cast(TABLES["loads"].schema)


@dataclass
class LoadStart:
    load_id: str
    # article_id -> (content_hash, extractor_version) of what the warehouse holds
    existing: dict[str, tuple[str, str]] = field(default_factory=dict)
    recovered: list[str] = field(default_factory=list)


def begin_load(path: Path, load_id: str, *, sources: str, extractor_version: str) -> LoadStart:
    """Recover crashed loads, register this one as running, read existing keys.

    The caller holds ``writer_lock``, so every 'running' row left in the ledger
    belongs to a run that died. Safe to retry: the ledger changes are one
    transaction, and a retry replaces its own 'running' row.
    """
    lake.check_load_id(load_id)
    con = _connect(path, read_only=False, wait=LOCK_WAIT_SECONDS)
    try:
        ensure_schema(con)
        con.execute("BEGIN TRANSACTION")
        try:
            known = {r[0] for r in con.execute("SELECT load_id FROM loads").fetchall()}
            missing = sorted(lake.marked_load_ids(path) - known)
            if missing:
                # The lake holds completed loads this file lacks (an older copy
                # of the file, or a new one beside an old lake): loading now
                # would fork the two. Rebuild first.
                raise WarehouseError(
                    "W003",
                    path=str(path),
                    why=f"its lake holds {len(missing)} completed load(s) missing from the "
                    "file (e.g. " + missing[0] + "); run `newsledger rebuild` first",
                )
            stale = [
                r[0]
                for r in con.execute(
                    "SELECT load_id FROM loads WHERE status = 'running' AND load_id <> ?",
                    [load_id],
                ).fetchall()
            ]
            con.execute(
                "UPDATE loads SET status = 'failed', finished_at = ?, "
                "error = coalesce(error, 'interrupted: the run stopped before committing') "
                "WHERE status = 'running' AND load_id <> ?",
                [_now(), load_id],
            )
            completed = _ledger_rows(con, "status = 'completed'", [])
            con.execute("DELETE FROM loads WHERE load_id = ? AND status = 'running'", [load_id])
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
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        create_views(con)
    finally:
        con.close()
    completed_ids = set(completed.column("load_id").to_pylist())
    _write_missing_marks(path, completed)
    # Files of loads that never completed are garbage; a completed load's
    # staging folder may survive a kill between COMMIT and clean-up. A load
    # marked completed in the lake is never discarded, whatever the file says.
    marked = lake.marked_load_ids(path)
    recovered = []
    for old in lake.orphan_load_ids(path):
        if old == load_id:
            continue
        if old in completed_ids or old in marked:
            lake.discard_staging(path, old)
        else:
            lake.discard_load(path, old)
            recovered.append(old)
    fault_point("begun")
    return LoadStart(
        load_id=load_id, existing=existing, recovered=sorted(set(recovered) | set(stale))
    )


def _write_missing_marks(path: Path, completed: pa.Table) -> int:
    """Copy completed ledger rows the lake lacks (a kill after COMMIT); returns how many."""
    marked = lake.marked_load_ids(path)
    written = 0
    for i, load_id in enumerate(completed.column("load_id").to_pylist()):
        if load_id not in marked:
            lake.write_ledger_mark(path, completed.slice(i, 1))
            written += 1
    return written


def _insert_arrow(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    cols = ", ".join(_ident(f.name) for f in data.schema)
    con.register("_incoming", data)
    try:
        con.execute(f"INSERT INTO {_ident(table)} ({cols}) SELECT {cols} FROM _incoming")
    finally:
        con.unregister("_incoming")


@dataclass
class LoadCounts:
    records_read: int = 0
    articles_loaded: int = 0
    articles_unchanged: int = 0
    records_quarantined: int = 0
    rows_quarantined: int = 0


def _ledger_status(con: duckdb.DuckDBPyConnection, load_id: str) -> str | None:
    # fetchall, not fetchone: DuckDB 2 refuses the next statement while a
    # result is only partly fetched.
    rows = con.execute("SELECT status FROM loads WHERE load_id = ?", [load_id]).fetchall()
    return str(rows[0][0]) if rows else None


def commit_load(
    path: Path,
    load_id: str,
    *,
    partitions: dict[str, Path],
    counts: LoadCounts,
    cursors: pa.Table | None = None,
) -> dict[str, int]:
    """Load a validated load's Parquet partitions into DuckDB in one transaction.

    Returns rows inserted per table. Safe to retry: a load the ledger already
    shows as completed (a retry after a COMMIT whose clean-up failed) is not
    inserted twice.
    """
    tables = {name: lake.read_partition(p, name) for name, p in partitions.items()}
    if cursors is not None and cursors.num_rows:
        # The cursors are part of the load's files, so a rebuild restores them.
        lake.write_partitions(path, load_id, {"source_cursors": cursors})
    con = _connect(path, read_only=False, wait=LOCK_WAIT_SECONDS)
    inserted: dict[str, int] = {}
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            status = _ledger_status(con, load_id)
            if status == "completed":
                con.execute("ROLLBACK")
                ledger = _ledger_rows(con, "load_id = ?", [load_id])
                con.close()
                lake.write_ledger_mark(path, ledger)
                lake.discard_staging(path, load_id)
                return {}
            if status != "running":
                raise WarehouseError(
                    "W004",
                    load_id=load_id,
                    table="loads",
                    why=f"the ledger shows this load as {status or 'unknown'}, not running",
                )
            articles = tables.get("articles")
            if articles is not None and articles.num_rows:
                ids = pa.table({"article_id": articles.column("article_id")})
                con.register("_replaced", ids)
                # A changed article replaces its old derived rows: no stale figures.
                for name in (*DERIVED_TABLES, "articles"):
                    con.execute(
                        f"DELETE FROM {_ident(name)} "
                        "WHERE article_id IN (SELECT article_id FROM _replaced)"
                    )
                con.unregister("_replaced")
            for name, data in tables.items():
                if name == "entities":
                    # Entities are shared across articles: add only new ids.
                    con.register("_ent", data)
                    cols = ", ".join(_ident(f.name) for f in data.schema)
                    con.execute(
                        f"INSERT INTO entities ({cols}) SELECT {cols} FROM _ent "
                        "WHERE entity_id NOT IN (SELECT entity_id FROM entities)"
                    )
                    con.unregister("_ent")
                elif name == "quarantine":
                    # The same bad record read again is not a new fact: keep the
                    # first load's row so re-running a run changes nothing.
                    con.register("_q", data)
                    cols = ", ".join(_ident(f.name) for f in data.schema)
                    before = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
                    con.execute(
                        f"INSERT INTO quarantine ({cols}) SELECT {cols} FROM _q AS n "
                        "WHERE NOT EXISTS (SELECT 1 FROM quarantine AS o WHERE "
                        "o.source = n.source AND o.source_id = n.source_id "
                        "AND o.reason = n.reason AND o.stage = n.stage "
                        "AND o.table_name IS NOT DISTINCT FROM n.table_name "
                        "AND o.row_key IS NOT DISTINCT FROM n.row_key "
                        "AND o.detail IS NOT DISTINCT FROM n.detail)"
                    )
                    con.unregister("_q")
                    after = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
                    inserted[name] = after - before
                    continue
                else:
                    _insert_arrow(con, name, data)
                inserted[name] = data.num_rows
            facts.refresh(con, tables.get("articles"))  # duplicates and facts (docs/facts.md)
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
            fault_point("commit")
            con.execute("COMMIT")
        except Exception as exc:
            con.execute("ROLLBACK")
            if isinstance(exc, WarehouseError):
                raise
            raise WarehouseError(
                "W004", load_id=load_id, table="(commit)", why=str(exc).splitlines()[0]
            ) from exc
        ledger = _ledger_rows(con, "load_id = ?", [load_id])
    finally:
        con.close()
    fault_point("committed")
    lake.write_ledger_mark(path, ledger)
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
        status = _ledger_status(con, load_id)
    finally:
        con.close()
    # Never discard the files of a load that did commit (a failure after COMMIT).
    if status != "completed":
        lake.discard_load(path, load_id)


# --------------------------------------------------------------------- rebuild


@dataclass
class RebuildResult:
    path: str
    loads: int
    rows: dict[str, int]
    marks_repaired: int = 0


def _remove_quietly(*paths: Path) -> None:
    for p in paths:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


# How each table is rebuilt from the union of its partitions of completed loads;
# ``_in`` holds those rows, ``_order`` ranks loads by commit order (rk).
_REBUILD_SQL: dict[str, str] = {
    # The latest version of each article wins.
    "articles": "SELECT i.* FROM _in i JOIN _order o USING (load_id) "
    "QUALIFY row_number() OVER (PARTITION BY i.article_id ORDER BY o.rk DESC) = 1",
    # An entity row is written once, by the first load that saw it.
    "entities": "SELECT i.* FROM _in i JOIN _order o USING (load_id) "
    "QUALIFY row_number() OVER (PARTITION BY i.entity_id ORDER BY o.rk) = 1",
    # A quarantine row repeated by a later load is not a new fact (commit_load
    # keeps the first load's row): same rule here.
    "quarantine": "SELECT i.* FROM _in i JOIN _order o USING (load_id) "
    "WHERE NOT EXISTS (SELECT 1 FROM _in j JOIN _order p USING (load_id) "
    "WHERE p.rk < o.rk AND j.source = i.source AND j.source_id = i.source_id "
    "AND j.reason = i.reason AND j.stage = i.stage "
    "AND j.table_name IS NOT DISTINCT FROM i.table_name "
    "AND j.row_key IS NOT DISTINCT FROM i.row_key "
    "AND j.detail IS NOT DISTINCT FROM i.detail)",
    # A source's cursor is the one of the last load that read it.
    "source_cursors": "SELECT i.* FROM _in i JOIN _order o ON o.load_id = i.last_load_id "
    "QUALIFY row_number() OVER (PARTITION BY i.source ORDER BY o.rk DESC) = 1",
}
# Derived rows count only from the load that wrote their article's winning version.
_DERIVED_SQL = (
    "SELECT i.* FROM _in i WHERE EXISTS (SELECT 1 FROM articles a "
    "WHERE a.article_id = i.article_id AND a.load_id = i.load_id)"
)


def rebuild_warehouse(path: Path) -> RebuildResult:
    """Rebuild the DuckDB file from the lake's partitions of completed loads.

    The new file is built beside the old one and renamed over it, so a kill
    mid-rebuild leaves the old file untouched. Analysts' open read-only
    sessions keep reading the old file until they reconnect.
    """
    with writer_lock(path):
        repaired = 0
        if path.exists():
            # Open the current file once: it replays its WAL (so no WAL is left
            # to be applied to the new file) and gives up ledger rows whose lake
            # mark a kill after COMMIT prevented.
            try:
                con = _connect(path, read_only=False, wait=LOCK_WAIT_SECONDS)
            except WarehouseError as exc:
                if exc.code == "W002":
                    raise
                con = None  # unreadable file: the lake alone decides
            if con is not None:
                try:
                    ensure_schema(con)
                    repaired = _write_missing_marks(
                        path, _ledger_rows(con, "status = 'completed'", [])
                    )
                finally:
                    con.close()
        ledger = lake.read_ledger_marks(path)
        if ledger.num_rows == 0:
            raise WarehouseError(
                "W003", path=str(path), why="its lake holds no completed load to rebuild from"
            )
        ordered = sorted(
            zip(
                ledger.column("finished_at").to_pylist(),
                ledger.column("load_id").to_pylist(),
                strict=True,
            ),
            key=lambda t: (t[0] is None, t[0], t[1]),
        )
        load_ids = [lid for _, lid in ordered]
        tmp = path.with_name(path.name + ".rebuild-tmp")
        _remove_quietly(tmp, _wal(tmp))
        rows: dict[str, int] = {}
        con = duckdb.connect(str(tmp), config={"autoinstall_known_extensions": False})
        try:
            ensure_schema(con)
            con.execute("BEGIN TRANSACTION")
            con.register(
                "_order", pa.table({"load_id": load_ids, "rk": list(range(len(load_ids)))})
            )
            _insert_arrow(con, "loads", ledger)
            rows["loads"] = ledger.num_rows
            # Articles before derived tables: the derived rule reads them.
            for name in ("articles", "entities", "quarantine", "source_cursors", *DERIVED_TABLES):
                files = lake.partitions(path, name, load_ids)
                if not files:
                    rows[name] = 0
                    continue
                data = pa.concat_tables(lake.read_partition(f, name) for f in files)
                cols = ", ".join(_ident(n) for n in data.schema.names)
                con.register("_in", data)
                select = _REBUILD_SQL.get(name, _DERIVED_SQL)
                con.execute(f"INSERT INTO {_ident(name)} ({cols}) SELECT {cols} FROM ({select})")
                con.unregister("_in")
                rows[name] = int(
                    con.execute(f"SELECT count(*) FROM {_ident(name)}").fetchall()[0][0]
                )
            facts.refresh_all(con)  # the lake holds no facts: recompute them
            con.execute("COMMIT")
            create_views(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        fault_point("rebuilding")
        # The old file's WAL (if a broken file left one) must not be replayed
        # onto the new file.
        if not path.exists() or _wal(path).exists():
            _remove_quietly(_wal(path))
        os.replace(tmp, path)
        _remove_quietly(_wal(tmp))
    return RebuildResult(path=str(path), loads=len(load_ids), rows=rows, marks_repaired=repaired)


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
