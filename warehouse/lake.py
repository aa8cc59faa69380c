"""Staging: a running load's files before they reach the warehouse.

Layout, next to the warehouse path ``W.sqlite`` (``warehouse.catalog``)::

    W_staging/<load_id>/.alive                  held (flock) while the load's run lives
    W_staging/<load_id>/<table>/<batch>.parquet  batch outputs before validation
    W_staging/<load_id>/_final/<table>.parquet   validated tables, read by the commit

Staged files are never read by analysts: a load's rows become visible only
when its catalog transaction commits (``warehouse.load.commit_load``), which
then removes the load's staging folder. The ``.alive`` lock tells a later run
whether a load whose ledger row still says 'running' belongs to a live
process (another run, committing beside this one) or to one that died: the
kernel releases an flock when its process dies, SIGKILL included.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from warehouse.schema import TABLES

_LOAD_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
_FINAL = "_final"
_ALIVE = ".alive"
# load_id -> the open file descriptor holding its .alive lock (this process).
_HELD: dict[str, int] = {}


def check_load_id(load_id: str) -> str:
    """Load ids become path components: only a safe alphabet is allowed."""
    if not _LOAD_ID.match(load_id):
        raise ValueError(f"invalid load id {load_id!r}")
    return load_id


def staging_root(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.stem + "_staging")


def staging_dir(warehouse: Path, load_id: str) -> Path:
    return staging_root(warehouse) / check_load_id(load_id)


def _atomic_write(table: pa.Table, path: Path) -> None:
    # Write then rename: a killed writer leaves a *.tmp file, never a torn
    # Parquet file under a real name.
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def hold_load(warehouse: Path, load_id: str) -> None:
    """Create the load's staging folder and hold its liveness lock until released."""
    if load_id in _HELD:
        return
    root = staging_dir(warehouse, load_id)
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / _ALIVE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise ValueError(f"load {load_id} is already running in another process") from None
    _HELD[load_id] = fd


def release_load(load_id: str) -> None:
    fd = _HELD.pop(load_id, None)
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


def is_alive(warehouse: Path, load_id: str) -> bool:
    """Whether a live process holds the load's lock (this process included)."""
    if load_id in _HELD:
        return True
    path = staging_dir(warehouse, load_id) / _ALIVE
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops our probe lock too
    return False


def staged_load_ids(warehouse: Path) -> set[str]:
    root = staging_root(warehouse)
    if not root.exists():
        return set()
    return {p.name for p in root.iterdir() if p.is_dir() and _LOAD_ID.match(p.name)}


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


def discard_staged_batches(warehouse: Path, load_id: str) -> None:
    """Remove the load's staged batch files (its liveness lock and validated
    tables stay): the linking step replaces the batches with one linked batch."""
    root = staging_dir(warehouse, load_id)
    if not root.exists():
        return
    for table_dir in root.iterdir():
        if table_dir.is_dir() and table_dir.name in TABLES:
            shutil.rmtree(table_dir)


def partition_path(warehouse: Path, table: str, load_id: str) -> Path:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}")
    return staging_dir(warehouse, load_id) / _FINAL / f"{table}.parquet"


def write_partitions(warehouse: Path, load_id: str, tables: dict[str, pa.Table]) -> dict[str, Path]:
    """Write the validated tables of a load for its commit; returns table -> file."""
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


def discard_load(warehouse: Path, load_id: str) -> None:
    """Remove a load's staging folder (after its commit, or for a load that died)."""
    shutil.rmtree(staging_dir(warehouse, load_id), ignore_errors=True)
