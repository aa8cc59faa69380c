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

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import duckdb

from warehouse.catalog import LAKE, Warehouse, with_retry, writer
from warehouse.schema import TABLES

# Loads between automatic compactions. The cost of a load grows with the files
# it reads and the snapshot history the catalog keeps; bench/lake_loads.py
# (interleaved, load average 7-12): after 100 loads of 1 article a load took
# +145% without compaction (939 files read) and +0% compacting every 10 loads
# with TIME_TRAVEL_LOADS (56 files), each compaction 1-2 s of wall time there.
COMPACT_EVERY = 10
# How far back `sql --as-of` (time travel) reaches: compaction expires the
# snapshots older than the last TIME_TRAVEL_LOADS loads' or older than
# SNAPSHOT_RETENTION, whichever leaves fewer. Every kept snapshot keeps its
# files' rows in the catalog, and DuckLake reads those rows (SQLite catalog:
# whole tables) for each table a statement touches: with 35 days of history
# and no count limit a load after 100 small loads cost +52% over a first one,
# with the history expired +18% (bench/lake_loads.py, interleaved). 20 loads
# (plus up to COMPACT_EVERY more between compactions) bounds that cost.
TIME_TRAVEL_LOADS = 20
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


def expiry_cutoff(con: duckdb.DuckDBPyConnection, now: datetime) -> datetime:
    """Snapshots older than this are expired: the commit of the
    ``TIME_TRAVEL_LOADS``-th latest load is kept, and nothing past
    ``SNAPSHOT_RETENTION``."""
    cutoff = now - SNAPSHOT_RETENTION
    rows = con.execute(
        f"SELECT snapshot_time FROM {LAKE}.snapshots() WHERE commit_extra_info IS NOT NULL "
        "ORDER BY snapshot_id DESC LIMIT 1 OFFSET ?",
        [TIME_TRAVEL_LOADS - 1],
    ).fetchall()
    if rows and rows[0][0] is not None:
        kept: datetime = rows[0][0]
        if kept.tzinfo is None:
            kept = kept.replace(tzinfo=UTC)
        cutoff = max(cutoff, kept)
    return cutoff


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
            [expiry_cutoff(con, now)],
        )
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
