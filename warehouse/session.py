"""Analyst sessions: ``connect`` (the library's entry point) and ``query``.

A session is a DuckDB connection with the lake attached and in use, so every
table and view is visible unqualified. Read-only sessions (the default) have
external access off and their configuration locked; loads committing while a
session is open become visible on its next query (snapshot isolation: never
half a load). ``as_of`` pins a session to the snapshot a load committed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import duckdb

from transforms.errors import WarehouseError
from warehouse.catalog import Warehouse, open_lake, validate_warehouse_path
from warehouse.compact import time_travel_loads
from warehouse.load import create_views


def _as_of_snapshot(w: Warehouse, load_id: str) -> int:
    con = open_lake(w, read_only=True)
    try:
        rows = con.execute(
            "SELECT max(snapshot_id) FROM lake.snapshots() WHERE commit_extra_info = ?",
            [load_id],
        ).fetchall()
        if not rows or rows[0][0] is None:
            _raise_missing_load(con, w, load_id)
    finally:
        con.close()
    return int(rows[0][0])


def _raise_missing_load(con: duckdb.DuckDBPyConnection, w: Warehouse, load_id: str) -> None:
    """W011 for a completed load whose snapshot compaction expired, W010 otherwise."""
    ledger = con.execute(
        "SELECT count(*) FROM lake.loads WHERE load_id = ? AND status = 'completed'", [load_id]
    ).fetchall()
    if ledger and ledger[0][0]:
        raise WarehouseError("W011", load_id=load_id, path=str(w.path), keep=time_travel_loads())
    raise WarehouseError("W010", load_id=load_id, path=str(w.path))


def connect(
    warehouse: str | os.PathLike[str] | Warehouse,
    read_only: bool = True,
    catalog: str | None = None,
    as_of: str | None = None,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to the warehouse, every table and view unqualified.

    ``read_only`` sessions cannot write, read other files or change settings.
    ``catalog``: a postgresql:// URL of a shared catalog. ``as_of``: a load id;
    the session then sees the warehouse as it stood after that load committed.
    """
    if isinstance(warehouse, Warehouse):
        w = warehouse
    else:
        w = validate_warehouse_path(warehouse, must_exist=read_only, catalog=catalog)
    if as_of is not None and not read_only:
        raise WarehouseError("W003", path=str(w.path), why="as_of sessions are read-only")
    snapshot = _as_of_snapshot(w, as_of) if as_of is not None else None
    con = open_lake(w, read_only=read_only, snapshot=snapshot)
    try:
        # This version's views, whatever the catalog (or the snapshot) holds.
        create_views(con, temporary=True)
    except duckdb.Error:
        con.close()
        raise
    return con


# What `newsledger sql` runs: queries only. Everything else (ATTACH, COPY,
# SET, INSTALL, CALL, DDL, DML) is refused before it runs, whatever the
# session's own read-only attach and locked settings would also stop.
READ_STATEMENTS = frozenset({"SELECT", "EXPLAIN"})


def check_read_only_sql(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """W006 unless every statement of ``sql`` is a query."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise WarehouseError("W006", why=str(exc).splitlines()[0]) from exc
    for st in statements:
        kind = str(st.type.name)
        if kind not in READ_STATEMENTS:
            raise WarehouseError("W006", why=f"only queries may run here, not {kind} statements")


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def query(
    warehouse: Warehouse | str | os.PathLike[str],
    sql: str,
    params: list[Any] | None = None,
    *,
    as_of: str | None = None,
) -> QueryResult:
    """Run analyst SQL read-only with external access off."""
    con = connect(warehouse, as_of=as_of)
    try:
        check_read_only_sql(con, sql)
        try:
            cur = con.execute(sql, params or [])
        except duckdb.Error as exc:
            raise WarehouseError("W006", why=str(exc).splitlines()[0]) from exc
        columns = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if cur.description else []
        return QueryResult(columns=columns, rows=rows)
    finally:
        con.close()


def load_summary(warehouse: Warehouse | str | os.PathLike[str], load_id: str) -> dict[str, Any]:
    res = query(warehouse, "SELECT * FROM loads WHERE load_id = ?", [load_id])
    return dict(zip(res.columns, res.rows[0], strict=True)) if res.rows else {}
