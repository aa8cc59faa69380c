"""The naive design the pipeline is measured against: one Prefect task per article.

Each task does, for its one article, what a run does for a whole load:
``extract_batch([article])`` (spaCy sees batches of one), Arrow tables in the
warehouse schema, a Great Expectations validation of those tables, and a
DuckDB insert of the rows one by one (parameterised ``INSERT``). This is the
pipeline written without batching — what the brief forbids (per-article tasks,
row-by-row inserts) — so the ratio to ``newsledger run`` measures what the
batching buys. Tasks run on Prefect's default thread-pool task runner in the
flow's own process.

With ``--extract-only`` each task only extracts (validates and writes
nothing): the part of the gap that batching spaCy alone explains.

    python -m bench.naive_flow SOURCE [--format txt] [--limit 200] [--extract-only]

prints ``{"articles": N, "tokens": T, "rows": R, "flow_seconds": S}`` as its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

# As in newsledger.cli: no telemetry, and patience with a loaded machine.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

import duckdb
from prefect import flow, task

from expectations.validate import validate_batch
from transforms.extract import extract_batch
from transforms.records import ArticleRecord
from transforms.sources import SourceSpec, read_sources
from warehouse.schema import EXTRACTION_TABLES, TABLES, duckdb_ddl
from warehouse.tables import extraction_tables

# The naive tasks share one DuckDB file; one writer at a time, as DuckDB needs.
_DB_LOCK = threading.Lock()
_TABLES = EXTRACTION_TABLES


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, object]]) -> int:
    names = [f.name for f in TABLES[table].schema]
    cols = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    for row in rows:  # row by row: the naive way
        con.execute(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', [row[n] for n in names])
    return len(rows)


@task(name="process-one-article")
def process_one_task(article: ArticleRecord, warehouse: str | None) -> tuple[int, int]:
    """Tokens parsed and rows inserted for one article (``warehouse`` None: extract only)."""
    out = extract_batch([article])
    if warehouse is None:
        return out.tokens, 0
    tables = extraction_tables(
        out.extractions, out.sentences, load_id="naive", ingested_at=datetime.now(UTC)
    )
    outcome = validate_batch(tables, load_id="naive")
    rows = 0
    with _DB_LOCK:
        con = duckdb.connect(warehouse)
        try:
            for name in _TABLES:
                table = outcome.tables.get(name)
                if table is not None and table.num_rows:
                    rows += _insert_rows(con, name, table.to_pylist())
        finally:
            con.close()
    return out.tokens, rows


@flow(name="naive-per-article", log_prints=False, validate_parameters=False)
def naive_flow(articles: list[ArticleRecord], warehouse: str | None) -> tuple[int, int]:
    futures = [process_one_task.submit(a, warehouse) for a in articles]
    results = [f.result() for f in futures]
    return sum(t for t, _ in results), sum(r for _, r in results)


def _create_warehouse(path: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        for name in _TABLES:
            con.execute(duckdb_ddl(TABLES[name]))
    finally:
        con.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("--format", default=None)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--warehouse", type=Path, default=None)
    parser.add_argument("--extract-only", action="store_true")
    args = parser.parse_args(argv)
    spec = SourceSpec(path=args.source, format=args.format)
    articles = [r for r in read_sources([spec]) if isinstance(r, ArticleRecord)][: args.limit]
    with tempfile.TemporaryDirectory(prefix="naive-") as tmp:
        warehouse = args.warehouse or Path(tmp) / "naive.duckdb"
        _create_warehouse(warehouse)
        t = time.perf_counter()
        tokens, rows = naive_flow(articles, None if args.extract_only else str(warehouse))
        seconds = time.perf_counter() - t
    print(
        json.dumps(
            {
                "articles": len(articles),
                "tokens": tokens,
                "rows": rows,
                "flow_seconds": seconds,
                "extract_only": args.extract_only,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
