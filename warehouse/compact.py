"""Compaction: keep the number of data files a query reads small.

Every load commits a few small Parquet files per table (and delete files for
replaced rows and updated ledger rows). Left alone, the files a query or a
load must open grow with the number of loads: bench/lake_loads.py measured
the load cost after 100 small loads. ``compact`` rewrites files with many
deleted rows, merges adjacent small files, expires snapshots older than the
time-travel window and removes the files nothing references any more.
Merging never changes what a query returns; readers keep reading the files
of their snapshot.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import duckdb

from transforms.errors import ConfigError
from warehouse.catalog import LAKE, Warehouse, with_retry, writer
from warehouse.schema import TABLES

# Loads between automatic compactions. The cost of a load grows with the files
# it reads and the snapshot history the catalog keeps; bench/lake_loads.py
# (interleaved, idle machine): after 100 loads of 1 article a load took +167%
# CPU without compaction (1,416 files) and +22% compacting every 10 loads with
# TIME_TRAVEL_LOADS (11 files), 4.2 s of compaction over the 100 loads.
COMPACT_EVERY = 10
# How far back `sql --as-of` (time travel) reaches: compaction expires the
# snapshots older than the last TIME_TRAVEL_LOADS loads' and those older than
# SNAPSHOT_RETENTION. Every kept snapshot keeps its files' rows in the
# catalog, and DuckLake reads those rows (SQLite catalog: whole tables) for
# each table a statement touches. bench/lake_loads.py, interleaved, CPU s of a
# load after 100 small loads against a first one: +66% with 35 days of
# history, +15%/+23%/+34% (three runs) keeping 20 loads, +18% keeping 10
# (the rest is the data the load reads). Between two compactions up to
# COMPACT_EVERY more loads stay. A deployment that needs a longer reach sets
# NEWSLEDGER_TIME_TRAVEL_LOADS (a cost it chooses: the figures above).
TIME_TRAVEL_LOADS = 10
TIME_TRAVEL_ENV = "NEWSLEDGER_TIME_TRAVEL_LOADS"
SNAPSHOT_RETENTION = timedelta(days=35)
# Rewrite a data file once this share of its rows is deleted: 0 = any deleted
# row. A load replacing articles deletes a few rows in many small files; left
# there, they are never merged (files with deletes are not merge candidates).
REWRITE_DELETED = 0.0
# Files nobody references that are younger than this may belong to a load
# committing right now (written before its COMMIT): never delete those.
ORPHAN_MIN_AGE = timedelta(hours=1)


@dataclass
class CompactResult:
    files_before: int
    files_after: int
    retries: int = 0


def data_file_count(con: duckdb.DuckDBPyConnection) -> int:
    """Data plus delete files a query of every table reads (the current snapshot)."""
    total = 0
    for name in TABLES:
        rows = con.execute(
            f"SELECT count(*) + count(delete_file) FROM ducklake_list_files('{LAKE}', ?)",
            [name],
        ).fetchall()
        total += int(rows[0][0])
    return total


def time_travel_loads() -> int:
    """How many of the latest loads `--as-of` keeps: $NEWSLEDGER_TIME_TRAVEL_LOADS,
    else ``TIME_TRAVEL_LOADS``."""
    raw = os.environ.get(TIME_TRAVEL_ENV, "").strip()
    if not raw:
        return TIME_TRAVEL_LOADS
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError("C001", option=TIME_TRAVEL_ENV, why=f"{raw!r} is not a whole number >= 1")
    return int(raw)


def expired_versions(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Snapshots older than the commit of the ``time_travel_loads()``-th latest load.

    By id, not by time: ``ducklake_expire_snapshots(older_than => ...)`` on a
    SQLite catalog expired every snapshot of the cutoff's day, newer ones too
    (DuckDB 1.4.4, measured with ``dry_run``), so only the 35-day limit,
    where a day does not matter, goes by time."""
    rows = con.execute(
        f"SELECT snapshot_id FROM {LAKE}.snapshots() WHERE commit_extra_info IS NOT NULL "
        "ORDER BY snapshot_id DESC LIMIT 1 OFFSET ?",
        [time_travel_loads() - 1],
    ).fetchall()
    if not rows:
        return []
    older = con.execute(
        f"SELECT snapshot_id FROM {LAKE}.snapshots() WHERE snapshot_id < ? ORDER BY snapshot_id",
        [int(rows[0][0])],
    ).fetchall()
    return [int(r[0]) for r in older]


def compact(w: Warehouse, *, now: datetime | None = None) -> CompactResult:
    """Rewrite, merge, expire and clean up; safe beside running loads and readers."""
    now = now or datetime.now(UTC)
    with writer(w) as con:
        before = data_file_count(con)

        def body() -> None:
            # Any file with deleted rows (every load that replaces articles
            # leaves some): DuckLake's default only rewrites files 95% deleted.
            con.execute(
                f"CALL ducklake_rewrite_data_files('{LAKE}', delete_threshold => {REWRITE_DELETED})"
            )
            con.execute(f"CALL ducklake_merge_adjacent_files('{LAKE}')")

        _, retries = with_retry("compaction", body)
        con.execute(
            f"CALL ducklake_expire_snapshots('{LAKE}', older_than => ?)",
            [now - SNAPSHOT_RETENTION],
        )
        versions = expired_versions(con)
        if versions:
            con.execute(f"CALL ducklake_expire_snapshots('{LAKE}', versions => ?)", [versions])
        con.execute(
            f"CALL ducklake_cleanup_old_files('{LAKE}', older_than => ?)",
            [now - ORPHAN_MIN_AGE],
        )
        con.execute(
            f"CALL ducklake_delete_orphaned_files('{LAKE}', older_than => ?)",
            [now - ORPHAN_MIN_AGE],
        )
        after = data_file_count(con)
    return CompactResult(files_before=before, files_after=after, retries=retries)


def due(loads_committed: int, every: int = COMPACT_EVERY) -> bool:
    """Whether the load that made the counter ``loads_committed`` compacts."""
    return every > 0 and loads_committed > 0 and loads_committed % every == 0
