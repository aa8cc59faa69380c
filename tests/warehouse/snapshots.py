"""Helpers for the warehouse tests: table snapshots, subprocess runs, inputs.

Comparable snapshots of a warehouse's tables, for equality across runs:

Two warehouses built from the same inputs differ only in load ids and clock
times; ``snapshot(..., volatile=False)`` drops those columns so that a
crashed-and-recovered warehouse can be compared with a clean one.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

from newsledger import connect
from tests.conftest import WAREHOUSE_FIXTURES
from warehouse.schema import TABLES

# Columns that name a load or a clock time: they differ between two runs of
# the same work.
VOLATILE = frozenset(
    {
        "load_id",
        "last_load_id",
        "ingested_at",
        "quarantined_at",
        "updated_at",
        "started_at",
        "finished_at",
    }
)
# The ledger and the commit counter differ between a crashed-and-recovered
# warehouse and a clean one by design (a 'failed' row, one commit more).
DATA_TABLES = tuple(t for t in TABLES if t not in ("loads", "lake_state"))


def _key(row: tuple[Any, ...]) -> tuple[str, ...]:
    # Rows hold None and mixed types: sort on their text form.
    return tuple("" if v is None else repr(v) for v in row)


def table_rows(con: duckdb.DuckDBPyConnection, table: str, drop: frozenset[str]) -> list[tuple]:
    cols = [c for c in TABLES[table].schema.names if c not in drop]
    sql = "SELECT " + ", ".join(f'"{c}"' for c in cols) + f' FROM "{table}"'
    return sorted(con.execute(sql).fetchall(), key=_key)


def snapshot(
    path: Path, *, volatile: bool = True, as_of: str | None = None
) -> dict[str, list[tuple]]:
    """Every data table's rows, sorted; ``volatile=False`` drops load ids and times.

    The ledger (``loads``) is left out: a crashed run adds a 'failed' row by design.
    ``as_of``: the tables as they stood after that load (time travel).
    """
    drop = frozenset() if volatile else VOLATILE
    con = connect(path, as_of=as_of)
    try:
        return {t: table_rows(con, t, drop) for t in DATA_TABLES}
    finally:
        con.close()


def ledger(path: Path) -> list[tuple[str, str, int | None, int | None, int | None]]:
    """(load_id, status, records_read, articles_loaded, articles_unchanged) by start."""
    con = connect(path)
    try:
        return con.execute(
            "SELECT load_id, status, records_read, articles_loaded, articles_unchanged "
            "FROM loads ORDER BY started_at"
        ).fetchall()
    finally:
        con.close()


def run_script(sources: list[str], warehouse: Path, *, batch_size: int = 1) -> list[str]:
    """argv of a python subprocess doing one pipeline run (what `newsledger run` does);
    NEWSLEDGER_CATALOG in its environment names a shared catalog."""
    code = (
        "import os, sys\n"
        "from flows.run import run_pipeline\n"
        "from transforms.sources import spec_from_path\n"
        "s = run_pipeline([spec_from_path(p) for p in sys.argv[3:]], sys.argv[1],\n"
        "                 workers=0, batch_size=int(sys.argv[2]),\n"
        "                 catalog=os.environ.get('NEWSLEDGER_CATALOG'))\n"
        "print('STATUS', s.status, s.load_id, flush=True)\n"
        "print('RETRIES', s.commit_retries, flush=True)\n"
    )
    return [sys.executable, "-c", code, str(warehouse), str(batch_size), *sources]


def start_run(
    sources: list[str], warehouse: Path, env: dict[str, str], log: Path, *, batch_size: int = 1
) -> subprocess.Popen[str]:
    """Start a run in the background; its output goes to ``log`` (a pipe nobody
    drains could fill up and stall the run)."""
    with log.open("w", encoding="utf-8") as out:
        return subprocess.Popen(
            run_script(sources, warehouse, batch_size=batch_size),
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )


def changed_inputs(folder: Path) -> Path:
    """desk.jsonl with desk-001 edited and a new desk-004: two articles to process."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.loads(x) for x in (WAREHOUSE_FIXTURES / "desk.jsonl").read_text().splitlines()]
    lines[0]["text"] = lines[0]["text"].replace("£42 million", "£61 million")
    lines.append(
        {
            "id": "desk-004",
            "title": "Canal toll rises",
            "published": "2025-03-07T10:00:00Z",
            "text": "The canal company raised its toll to $9,500 per vessel on Friday. "
            "Shipping groups in Panama said the rise would cost them $80 million a year.",
        }
    )
    out = folder / "desk.jsonl"
    out.write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    return out


def wait_for(path: Path, timeout: float, proc: subprocess.Popen[str] | None = None) -> None:
    """Wait until ``path`` exists (e.g. a paused run's mark); fails after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the run ended (code {proc.returncode}) before {path.name}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{path.name} did not appear within {timeout:.0f}s")
        time.sleep(0.2)
