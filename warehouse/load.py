"""Loads into the DuckLake warehouse: schema, the load ledger, atomic commits.

Writers and readers never exclude each other (``warehouse.catalog``): an
analyst may hold a session open while runs load, and several runs may load at
once. Each run writes the catalog in two short transactions:

- ``begin_load``: creates missing tables, marks loads of dead runs failed,
  registers this load as 'running' and reads the keys the warehouse holds.
- ``commit_load``: deletes the rows of replaced articles, inserts every table
  of the load, refreshes duplicates and facts (``warehouse.facts``), bumps the
  commit counter and marks the ledger row 'completed', all in ONE catalog
  transaction: every reader sees all of the load or none of it.

Two writers whose transactions overlap: the one that commits second fails
(SQLite reports its catalog busy; with PostgreSQL both transactions update
the one ``lake_state`` row, which DuckLake reports as a conflict), and
``catalog.with_retry`` runs its whole transaction again on the new snapshot,
so its deletes, inserts and facts are computed against the other's rows.

A run killed at any point leaves the warehouse as before (nothing committed)
or as after; the next run marks the dead load failed (its ``.alive`` lock is
free, ``warehouse.lake``) and discards its staging files.

Every SQL statement built here is parameterised; the only identifiers spliced
into SQL are table and column names of ``warehouse.schema``, checked by
``_ident``.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from transforms.errors import WarehouseError
from warehouse import facts, lake
from warehouse.catalog import Warehouse, as_warehouse, with_retry, writer
from warehouse.faults import fault_point
from warehouse.schema import DERIVED_TABLES, TABLES, duckdb_ddl, duckdb_type

VIEWS_DIR = Path(__file__).parent / "views"
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
_VIEW_HEAD = re.compile(r"^(\s*CREATE\s+OR\s+REPLACE\s+)VIEW\b", re.IGNORECASE | re.MULTILINE)
T = TypeVar("T")

WarehouseLike = Warehouse | Path | str


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


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[Any]:
    # fetchall, not fetchone: DuckDB refuses the next statement while a result
    # is only partly fetched.
    return con.execute(sql, params or []).fetchall()


def _transaction(con: duckdb.DuckDBPyConnection, body: Callable[[], T]) -> Callable[[], T]:
    """``body`` wrapped in BEGIN ... COMMIT, rolled back when anything fails."""

    def run() -> T:
        con.execute("BEGIN TRANSACTION")
        try:
            out = body()
            con.execute("COMMIT")
        except BaseException:
            # A failed COMMIT has already ended the transaction.
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            raise
        return out

    return run


# ---------------------------------------------------------------------- schema


def _table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        r[0]
        for r in _rows(
            con,
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()",
        )
    }


def ensure_schema(con: duckdb.DuckDBPyConnection) -> bool:
    """Create missing tables and add missing columns (schema contract: evolve).

    New columns are added as nullable; existing columns are never renamed or
    dropped, so analysts' SQL keeps working across versions. Call inside a
    transaction; returns whether anything changed.
    """
    have = _table_names(con)
    columns: dict[str, set[str]] = {}
    for table, column in _rows(
        con,
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = current_database()",
    ):
        columns.setdefault(table, set()).add(column)
    changed = False
    for spec in TABLES.values():
        if spec.name not in have:
            con.execute(duckdb_ddl(spec))
            changed = True
            if spec.name == "lake_state":
                con.execute(
                    "INSERT INTO lake_state (id, loads_committed, updated_at) VALUES (1, 0, ?)",
                    [_now()],
                )
            continue
        existing = columns.get(spec.name, set())
        for f in spec.schema:
            if f.name not in existing:
                con.execute(
                    f"ALTER TABLE {_ident(spec.name)} ADD COLUMN {_ident(f.name)} "
                    f"{duckdb_type(f.type)}"
                )
                changed = True
    return changed


def view_sql(*, temporary: bool = False) -> list[tuple[str, str]]:
    """(name, CREATE statement) of every analyst view, in file-name order."""
    out = []
    for sql_file in sorted(VIEWS_DIR.glob("*.sql")):
        text = sql_file.read_text(encoding="utf-8")
        if temporary:
            text = _VIEW_HEAD.sub(r"\1TEMP VIEW", text, count=1)
        out.append((sql_file.stem, text))
    return out


def views_hash() -> str:
    return hashlib.sha256("\n".join(s for _, s in view_sql()).encode()).hexdigest()


def create_views(con: duckdb.DuckDBPyConnection, *, temporary: bool = False) -> list[str]:
    """(Re)create the analyst views: in the catalog, or as this session's TEMP views."""
    for _, sql in view_sql(temporary=temporary):
        con.execute(sql)
    return [name for name, _ in view_sql()]


def _sync_views(con: duckdb.DuckDBPyConnection) -> None:
    """Put the current views into the catalog when it holds another version.

    The catalog's views are for tools that ATTACH the lake themselves (DuckDB
    CLI, DBeaver); ``catalog.connect`` sessions use TEMP views of this version.
    """
    wanted = views_hash()
    held = _rows(con, "SELECT views_hash FROM lake_state")
    if held and held[0][0] == wanted:
        return

    def body() -> None:
        create_views(con)
        con.execute("UPDATE lake_state SET views_hash = ?", [wanted])

    with_retry("creating the analyst views", _transaction(con, body))


# --------------------------------------------------------------------- ledger


@dataclass
class LoadStart:
    load_id: str
    # article_id -> (content_hash, extractor_version) of what the warehouse holds
    existing: dict[str, tuple[str, str]] = field(default_factory=dict)
    recovered: list[str] = field(default_factory=list)


def _dead_loads(w: Warehouse, running: list[str]) -> list[str]:
    """'running' ledger rows whose run is gone.

    A run holds its ``.alive`` lock from before its ledger row is written until
    its staging folder is removed. A free lock means a dead run. No staging
    folder at all: dead too with the embedded catalog (runs share this
    machine); with a shared catalog the run may live on another machine.
    """
    dead = []
    for load_id in running:
        if lake.staging_dir(w.path, load_id).exists():
            if not lake.is_alive(w.path, load_id):
                dead.append(load_id)
        elif not w.shared:
            dead.append(load_id)
    return dead


def begin_load(
    warehouse: WarehouseLike, load_id: str, *, sources: str, extractor_version: str
) -> LoadStart:
    """Recover dead loads, register this one as running, read existing keys.

    Safe to retry: the ledger changes are one transaction, and a retry
    replaces its own 'running' row.
    """
    w = as_warehouse(warehouse)
    lake.check_load_id(load_id)
    lake.hold_load(w.path, load_id)
    leftover = sorted(lake.staged_load_ids(w.path) - {load_id})
    try:
        with writer(w) as con:

            def body() -> tuple[dict[str, tuple[str, str]], list[str], set[str]]:
                ensure_schema(con)
                running = [
                    r[0]
                    for r in _rows(
                        con,
                        "SELECT load_id FROM loads WHERE status = 'running' AND load_id <> ?",
                        [load_id],
                    )
                ]
                stale = _dead_loads(w, running)
                if stale:
                    con.register("_stale", pa.table({"load_id": pa.array(stale, pa.string())}))
                    con.execute(
                        "UPDATE loads SET status = 'failed', finished_at = ?, "
                        "error = coalesce(error, 'interrupted: the run stopped before committing') "
                        "WHERE status = 'running' AND load_id IN (SELECT load_id FROM _stale)",
                        [_now()],
                    )
                    con.unregister("_stale")
                con.execute("DELETE FROM loads WHERE load_id = ? AND status = 'running'", [load_id])
                con.execute(
                    "INSERT INTO loads (load_id, started_at, status, extractor_version, sources) "
                    "VALUES (?, ?, 'running', ?, ?)",
                    [load_id, _now(), extractor_version, sources],
                )
                existing = {
                    r[0]: (r[1], r[2])
                    for r in _rows(
                        con, "SELECT article_id, content_hash, extractor_version FROM articles"
                    )
                }
                # Only the loads left staging folders are asked about: the
                # ledger's whole history grows with every load.
                completed = set()
                if leftover:
                    sql = (
                        "SELECT load_id FROM loads WHERE status = 'completed' "
                        "AND list_contains(?, load_id)"
                    )
                    completed = {r[0] for r in _rows(con, sql, [leftover])}
                return existing, stale, completed

            (existing, stale, completed), _ = with_retry(
                f"begin load {load_id}", _transaction(con, body)
            )
            _sync_views(con)
    except duckdb.Error as exc:
        raise WarehouseError(
            "W004", load_id=load_id, table="loads", why=str(exc).splitlines()[0]
        ) from exc
    recovered = set(stale)
    # Staging folders of dead runs: garbage (a committed load's folder may
    # survive a kill between COMMIT and clean-up; that load is not 'recovered').
    for old in leftover:
        if lake.is_alive(w.path, old):
            continue
        lake.discard_load(w.path, old)
        if old not in completed:
            recovered.add(old)
    fault_point("begun")
    return LoadStart(load_id=load_id, existing=existing, recovered=sorted(recovered))


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
    rows = _rows(con, "SELECT status FROM loads WHERE load_id = ?", [load_id])
    return str(rows[0][0]) if rows else None


def _replaced_articles(con: duckdb.DuckDBPyConnection, articles: pa.Table | None) -> pa.Table:
    """The load's articles the warehouse already holds (changed or reprocessed).

    One read of the ``articles`` ids: a load of new articles only (the usual
    incremental run) then skips the deletes below, each a scan of a whole
    table that grows with every load.
    """
    if articles is None or articles.num_rows == 0:
        return pa.table({"article_id": pa.array([], pa.string())})
    ids = [str(i) for i in articles.column("article_id").to_pylist()]
    held = _rows(con, "SELECT article_id FROM articles WHERE list_contains(?, article_id)", [ids])
    return pa.table({"article_id": pa.array(sorted({r[0] for r in held}), pa.string())})


def _delete_replaced(con: duckdb.DuckDBPyConnection, replaced: pa.Table) -> None:
    if replaced.num_rows == 0:
        return
    ids = replaced.column("article_id").to_pylist()
    # A changed article replaces its old derived rows: no stale figures.
    for name in (*DERIVED_TABLES, "articles"):
        con.execute(f"DELETE FROM {_ident(name)} WHERE list_contains(?, article_id)", [ids])


def _insert_quarantine(con: duckdb.DuckDBPyConnection, data: pa.Table) -> int:
    # The same bad record read again is not a new fact: keep the first load's
    # row so re-running a run changes nothing.
    con.register("_q", data)
    cols = ", ".join(_ident(f.name) for f in data.schema)
    try:
        before = _rows(con, "SELECT count(*) FROM quarantine")[0][0]
        con.execute(
            f"INSERT INTO quarantine ({cols}) SELECT {cols} FROM _q AS n "
            "WHERE NOT EXISTS (SELECT 1 FROM quarantine AS o WHERE "
            "o.source = n.source AND o.source_id = n.source_id "
            "AND o.reason = n.reason AND o.stage = n.stage "
            "AND o.table_name IS NOT DISTINCT FROM n.table_name "
            "AND o.row_key IS NOT DISTINCT FROM n.row_key "
            "AND o.detail IS NOT DISTINCT FROM n.detail)"
        )
        return int(_rows(con, "SELECT count(*) FROM quarantine")[0][0] - before)
    finally:
        con.unregister("_q")


def _insert_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table]) -> dict[str, int]:
    inserted: dict[str, int] = {}
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
            # Nothing quarantined (most loads): no scan of the whole quarantine table.
            inserted[name] = _insert_quarantine(con, data) if data.num_rows else 0
            continue
        else:
            _insert_arrow(con, name, data)
        inserted[name] = data.num_rows
    return inserted


def _finish_ledger(
    con: duckdb.DuckDBPyConnection, load_id: str, counts: LoadCounts, cursors: pa.Table | None
) -> None:
    if cursors is not None and cursors.num_rows:
        # One row per source, as list parameters: registering an Arrow table
        # makes DuckDB import pyarrow.dataset, 0.2 s of a no-op run (bench/).
        cols = cursors.schema.names
        values = [cursors.column(c).to_pylist() for c in cols]
        sources = cursors.column("source").to_pylist()
        con.execute("DELETE FROM source_cursors WHERE list_contains(?, source)", [sources])
        unnested = ", ".join(
            f"unnest(?::{duckdb_type(cursors.schema.field(c).type)}[])" for c in cols
        )
        con.execute(
            f"INSERT INTO source_cursors ({', '.join(_ident(c) for c in cols)}) SELECT {unnested}",
            values,
        )
    # Every commit updates the one lake_state row: two overlapping commits
    # conflict in any catalog, so the later one is redone on the new snapshot.
    con.execute(
        "UPDATE lake_state SET loads_committed = loads_committed + 1, last_load_id = ?, "
        "updated_at = ?",
        [load_id, _now()],
    )
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
    # The snapshot of this commit carries the load id: `sql --as-of LOAD_ID`.
    con.execute(
        "CALL lake.set_commit_message('newsledger', ?, extra_info => ?)",
        [f"load {load_id}", load_id],
    )


@dataclass
class CommitResult:
    inserted: dict[str, int]
    retries: int = 0
    loads_committed: int = 0


def commit_load(
    warehouse: WarehouseLike,
    load_id: str,
    *,
    partitions: dict[str, Path],
    counts: LoadCounts,
    cursors: pa.Table | None = None,
) -> dict[str, int]:
    """Load a validated load's tables into the warehouse in one catalog transaction.

    Returns rows inserted per table. Safe to retry: a load the ledger already
    shows as completed (a retry after a COMMIT whose clean-up failed) is not
    inserted twice.
    """
    return commit_load_result(
        warehouse, load_id, partitions=partitions, counts=counts, cursors=cursors
    ).inserted


def commit_load_result(
    warehouse: WarehouseLike,
    load_id: str,
    *,
    partitions: dict[str, Path],
    counts: LoadCounts,
    cursors: pa.Table | None = None,
) -> CommitResult:
    """``commit_load`` with the number of conflict retries and the commit counter."""
    w = as_warehouse(warehouse)
    tables = {name: lake.read_partition(p, name) for name, p in partitions.items()}
    with writer(w) as con:

        def body() -> CommitResult:
            status = _ledger_status(con, load_id)
            if status == "completed":
                return CommitResult(inserted={})
            if status != "running":
                raise WarehouseError(
                    "W004",
                    load_id=load_id,
                    table="loads",
                    why=f"the ledger shows this load as {status or 'unknown'}, not running",
                )
            replaced = _replaced_articles(con, tables.get("articles"))
            facts.before_delete(con, replaced)  # the facts of replaced rows
            _delete_replaced(con, replaced)
            inserted = _insert_tables(con, tables)
            facts.refresh(con, tables.get("articles"))  # duplicates and facts (docs/facts.md)
            _finish_ledger(con, load_id, counts, cursors)
            n = int(_rows(con, "SELECT max(loads_committed) FROM lake_state")[0][0])
            fault_point("commit")
            return CommitResult(inserted=inserted, loads_committed=n)

        try:
            result, retries = with_retry(f"commit load {load_id}", _transaction(con, body))
        except duckdb.Error as exc:
            raise WarehouseError(
                "W004", load_id=load_id, table="(commit)", why=str(exc).splitlines()[0]
            ) from exc
    result.retries = retries
    fault_point("committed")
    lake.discard_load(w.path, load_id)
    lake.release_load(load_id)
    return result


def mark_failed(warehouse: WarehouseLike, load_id: str, error: str) -> None:
    w = as_warehouse(warehouse)
    with writer(w) as con:

        def body() -> str | None:
            con.execute(
                "UPDATE loads SET status = 'failed', finished_at = ?, error = ? "
                "WHERE load_id = ? AND status = 'running'",
                [_now(), error[:2000], load_id],
            )
            return _ledger_status(con, load_id)

        status, _ = with_retry(f"mark load {load_id} failed", _transaction(con, body))
    # Never discard the files of a load that did commit (a failure after COMMIT).
    if status != "completed":
        lake.discard_load(w.path, load_id)
    lake.release_load(load_id)
