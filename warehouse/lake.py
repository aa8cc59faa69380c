"""The Parquet lake: the source of truth the DuckDB file is loaded from.

Layout, next to the DuckDB file ``W.duckdb``::

    W_lake/<table>/load_id=<load_id>/part-0.parquet    committed-or-pending loads
    W_lake/loads/load_id=<load_id>/part-0.parquet      ledger mark: the load completed
    W_lake/_staging/<load_id>/<table>/<batch>.parquet   batch outputs before validation

A partition belongs to a load; it counts only once the ``loads`` ledger marks
that load ``completed`` (DuckDB commits the ledger row and the table inserts
in one transaction). The ledger row is then copied to ``loads/`` in the lake
(``write_ledger_mark``), so the lake alone says which loads completed and
``warehouse.load.rebuild_warehouse`` can rebuild the DuckDB file from it.
Partitions of loads that never completed are removed by ``discard_load`` when
the next run recovers. See docs/warehouse.md for the commit protocol.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from warehouse.schema import TABLES

_LOAD_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


def check_load_id(load_id: str) -> str:
    """Load ids become path components: only a safe alphabet is allowed."""
    if not _LOAD_ID.match(load_id):
        raise ValueError(f"invalid load id {load_id!r}")
    return load_id


def lake_dir(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.stem + "_lake")


def _atomic_write(table: pa.Table, path: Path) -> None:
    # Write then rename: a killed writer leaves a *.tmp file, never a torn
    # Parquet file under a real name.
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def staging_dir(warehouse: Path, load_id: str) -> Path:
    return lake_dir(warehouse) / "_staging" / check_load_id(load_id)


def write_staged(warehouse: Path, load_id: str, batch: str, tables: dict[str, pa.Table]) -> None:
    """Write one batch's tables to staging (called by each extraction task)."""
    root = staging_dir(warehouse, load_id)
    for name, table in tables.items():
        if name not in TABLES:
            raise ValueError(f"unknown table {name!r}")
        _atomic_write(table, root / name / f"{batch}.parquet")


def read_staged(warehouse: Path, load_id: str) -> dict[str, pa.Table]:
    """Concatenate every staged batch per table."""
    root = staging_dir(warehouse, load_id)
    out: dict[str, pa.Table] = {}
    if not root.exists():
        return out
    for table_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        name = table_dir.name
        if name not in TABLES:
            continue
        files = sorted(table_dir.glob("*.parquet"))
        if files:
            schema = TABLES[name].schema
            out[name] = pa.concat_tables(pq.read_table(f, schema=schema) for f in files)
    return out


def partition_path(warehouse: Path, table: str, load_id: str) -> Path:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}")
    return lake_dir(warehouse) / table / f"load_id={check_load_id(load_id)}" / "part-0.parquet"


def write_partitions(warehouse: Path, load_id: str, tables: dict[str, pa.Table]) -> dict[str, Path]:
    """Write the validated tables of a load; returns table -> file."""
    written: dict[str, Path] = {}
    for name, table in tables.items():
        if table.num_rows == 0:
            continue
        path = partition_path(warehouse, name, load_id)
        _atomic_write(table.cast(TABLES[name].schema), path)
        written[name] = path
    return written


def read_partition(path: Path, table: str) -> pa.Table:
    return pq.read_table(path, schema=TABLES[table].schema)


def write_ledger_mark(warehouse: Path, ledger_row: pa.Table) -> Path:
    """Copy a completed load's ledger row into the lake (``loads`` partition).

    Written after the DuckDB COMMIT; a kill in between is repaired by the next
    ``begin_load``, which re-marks every completed load that lacks its mark.
    """
    if ledger_row.num_rows != 1:
        raise ValueError(f"a ledger mark holds one row, got {ledger_row.num_rows}")
    load_id = ledger_row.column("load_id")[0].as_py()
    path = partition_path(warehouse, "loads", load_id)
    _atomic_write(ledger_row.cast(TABLES["loads"].schema), path)
    return path


def marked_load_ids(warehouse: Path) -> set[str]:
    """Loads whose completion is recorded in the lake."""
    tdir = lake_dir(warehouse) / "loads"
    if not tdir.exists():
        return set()
    return {
        p.parent.name.split("=", 1)[1]
        for p in tdir.glob("load_id=*/part-0.parquet")
        if p.parent.name.startswith("load_id=")
    }


def read_ledger_marks(warehouse: Path) -> pa.Table:
    """Every completed load's ledger row, from the lake alone."""
    ids = sorted(marked_load_ids(warehouse))
    files = partitions(warehouse, "loads", ids)
    if not files:
        return TABLES["loads"].schema.empty_table()
    return pa.concat_tables(read_partition(f, "loads") for f in files)


def discard_load(warehouse: Path, load_id: str) -> None:
    """Remove every file a load wrote (used for loads that never completed)."""
    root = lake_dir(warehouse)
    shutil.rmtree(staging_dir(warehouse, load_id), ignore_errors=True)
    for table in TABLES:
        shutil.rmtree(root / table / f"load_id={check_load_id(load_id)}", ignore_errors=True)


def discard_staging(warehouse: Path, load_id: str) -> None:
    shutil.rmtree(staging_dir(warehouse, load_id), ignore_errors=True)


def partitions(warehouse: Path, table: str, load_ids: Iterable[str]) -> list[Path]:
    """Existing partition files of ``table`` for the given (completed) loads."""
    out = []
    for load_id in load_ids:
        p = partition_path(warehouse, table, load_id)
        if p.exists():
            out.append(p)
    return out


def orphan_load_ids(warehouse: Path) -> set[str]:
    """Load ids that have files in the lake (staging or partitions)."""
    root = lake_dir(warehouse)
    ids: set[str] = set()
    staging = root / "_staging"
    if staging.exists():
        ids.update(p.name for p in staging.iterdir() if p.is_dir())
    for table in TABLES:
        tdir = root / table
        if tdir.exists():
            ids.update(
                p.name.split("=", 1)[1] for p in tdir.iterdir() if p.name.startswith("load_id=")
            )
    return ids
