"""Cost of duplicates + facts (warehouse.facts), measured on a loaded warehouse.

    python -m bench.facts_cost WAREHOUSE.sqlite [--articles 100] [--scale 4]

WAREHOUSE is a warehouse a real run built (e.g. ``newsledger run
../shared/corpus/bbc``). Every figure here is the refresh alone, timed inside a
transaction that is rolled back, on copies in memory:

1. ``full``: ``refresh_all`` over every article (what a full load's refresh
   does; compare with the run's wall time).
2. ``incremental``: ``n`` of its articles loaded again under new ids with new
   text (each word suffixed, so they are no one's copies) into (a) an empty
   warehouse and (b) a warehouse of ``scale`` x the articles (the extra copies
   rewritten the same way), then ``refresh`` of those ``n`` only.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from warehouse import facts, session
from warehouse import load as wh

_WORD = re.compile(r"\w+")
_COPY_TABLES = ("articles", "money_figures", "military_figures")


def _variant(text: str, tag: str) -> str:
    """Same length class, different shingles: every word gets a suffix."""
    return _WORD.sub(lambda m: m.group(0) + tag, text)


def _fresh(con: duckdb.DuckDBPyConnection, src: duckdb.DuckDBPyConnection) -> None:
    wh.ensure_schema(con)
    loads = src.execute("SELECT * FROM loads").fetch_arrow_table()
    con.register("_l", loads)
    con.execute("INSERT INTO loads SELECT * FROM _l")
    con.unregister("_l")


def _copy_in(
    con: duckdb.DuckDBPyConnection,
    src: duckdb.DuckDBPyConnection,
    tag: str,
    limit: int | None,
) -> list[str]:
    """Copy (some) articles and their figures under new ids and rewritten text."""
    lim = f"LIMIT {int(limit)}" if limit else ""
    ids = [
        r[0]
        for r in src.execute(f"SELECT article_id FROM articles ORDER BY source_id {lim}").fetchall()
    ]
    src.register("_ids", pa.table({"article_id": ids}))
    for table in _COPY_TABLES:
        data = src.execute(
            f"SELECT * FROM {table} JOIN _ids USING (article_id)"
        ).fetch_arrow_table()
        rows = data.to_pylist()
        for r in rows:
            r["article_id"] = r["article_id"] + tag
            if table == "articles":
                r["text"] = _variant(r["text"], tag)
                r["duplicate_of"] = r["duplicate_kind"] = r["duplicate_jaccard"] = None
                r["source_id"] = r["source_id"] + tag
            else:
                r["fact_id"] = None
        if not rows:
            continue
        cols = [c for c in data.schema.names]
        con.register("_in", pa.Table.from_pylist(rows, schema=data.select(cols).schema))
        names = ", ".join(f'"{c}"' for c in cols)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _in")
        con.unregister("_in")
    src.unregister("_ids")
    return [i + tag for i in ids]


def _timed_refresh(con: duckdb.DuckDBPyConnection, ids: list[str]) -> tuple[float, Any]:
    con.execute("BEGIN TRANSACTION")
    t0 = time.perf_counter()
    report = facts.refresh(con, pa.table({"article_id": ids}))
    dt = time.perf_counter() - t0
    con.execute("ROLLBACK")
    return dt, report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("warehouse", type=Path)
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--scale", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    src = session.connect(args.warehouse)
    out: dict[str, Any] = {"warehouse": str(args.warehouse)}
    out["articles"] = src.execute("SELECT count(*) FROM articles").fetchall()[0][0]

    # 1. Full refresh over a copy of the whole warehouse.
    full = duckdb.connect()
    _fresh(full, src)
    for table in _COPY_TABLES:
        data = src.execute(f"SELECT * FROM {table}").fetch_arrow_table()
        full.register("_in", data)
        full.execute(f"INSERT INTO {table} SELECT * FROM _in")
        full.unregister("_in")
    times = []
    for _ in range(args.repeat):
        full.execute("BEGIN TRANSACTION")
        t0 = time.perf_counter()
        rep = facts.refresh_all(full)
        times.append(time.perf_counter() - t0)
        full.execute("ROLLBACK")
    out["full_refresh_seconds"] = sorted(times)
    out["full_report"] = rep.__dict__

    # 2. Incremental: n new articles into empty vs scale x warehouse, the
    # timed refreshes alternating between the two so that load from other
    # processes hits both alike.
    cons: dict[str, tuple[duckdb.DuckDBPyConnection, list[str]]] = {}
    for label, scale in (("empty", 0), (f"{args.scale}x", args.scale)):
        con = duckdb.connect()
        _fresh(con, src)
        for k in range(scale):
            held = _copy_in(con, src, f"_s{k}", None)
            con.execute("BEGIN TRANSACTION")
            facts.refresh(con, pa.table({"article_id": held}))
            con.execute("COMMIT")
        cons[label] = (con, _copy_in(con, src, "_new", args.articles))
    runs: dict[str, list[tuple[float, Any]]] = {label: [] for label in cons}
    for _ in range(args.repeat):
        for label, (con, new) in cons.items():
            runs[label].append(_timed_refresh(con, new))
    results: dict[str, Any] = {}
    for label, (con, new) in cons.items():
        results[label] = {
            "held_articles": con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
            - len(new),
            "bands": con.execute("SELECT count(*) FROM article_bands").fetchall()[0][0],
            "seconds": sorted(r[0] for r in runs[label]),
            "report": runs[label][-1][1].__dict__,
        }
        con.close()
    out["incremental"] = results
    e = min(results["empty"]["seconds"])
    s = min(results[f"{args.scale}x"]["seconds"])
    out["incremental_ratio"] = round(s / e, 3)
    med = [sorted(results[k]["seconds"])[len(results[k]["seconds"]) // 2] for k in results]
    out["incremental_ratio_median"] = round(med[1] / med[0], 3)
    print(json.dumps(out, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
