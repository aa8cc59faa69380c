"""Load cost after many small loads, with and without compaction.

    python -m bench.lake_loads [--loads 100] [--every 10] [--out FILE.json]

Two warehouses take the same ``--loads`` small loads through the real load
path (``warehouse.load.begin_load`` + ``commit_load``: the catalog
transactions, the deletes of replaced rows, the facts refresh). Each load adds
one new article and replaces the previous one (changed text), so deletes pile
up as well as files. One warehouse compacts every ``--every`` loads
(``warehouse.compact``, what a run does), the other never. The articles are the
shipped samples, extracted once with spaCy; each load re-labels their rows
with new article ids.

The comparison that counts is interleaved, so that a machine whose load
changes during the minutes this takes does not decide it: after the
``--loads`` loads, ``INTERLEAVED`` more loads go into that warehouse alternately
with ``INTERLEAVED`` first loads into a fresh one. Reported per warehouse: the median
wall and CPU time of those first loads and of the loads after ``--loads``
prior ones, their ratio, the same from the sequential series (first and last
loads, which a changing machine load skews), the data files of the last
snapshot and the time compactions took. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from transforms.extract import extract_batch
from transforms.records import EXTRACTOR_VERSION
from transforms.sources import read_sources, spec_from_path
from warehouse import compact, lake
from warehouse import load as wh
from warehouse.catalog import Warehouse, close_writers, open_lake
from warehouse.schema import TABLES
from warehouse.tables import extraction_tables

SAMPLES = Path(__file__).resolve().parents[1] / "newsledger" / "samples"
# Loads whose median is "the first" / "the last" cost: one load is noisy on a
# shared machine, five smooth it without hiding a trend over 100.
WINDOW = 5
# Loads of each side in the interleaved comparison: wall times on a shared
# machine swing by 2x between neighbouring loads; ten pairs steady the medians.
INTERLEAVED = 10


def _template() -> dict[str, pa.Table]:
    """One sample article's tables (the one with the most figures)."""
    records = [r for r in read_sources([spec_from_path(str(SAMPLES))]) if hasattr(r, "text")]
    out = extract_batch(records)  # type: ignore[arg-type]
    tables = extraction_tables(
        out.extractions, out.sentences, load_id="template", ingested_at=datetime.now(UTC)
    )
    best = max(
        (e.article.article_id for e in out.extractions),
        key=lambda a: sum(
            int(pc.sum(pc.equal(t.column("article_id"), a)).as_py() or 0)
            for n, t in tables.items()
            if "article_id" in t.column_names and n != "articles"
        ),
    )
    one = {}
    for name, t in tables.items():
        if name == "entities":
            one[name] = t
        else:
            one[name] = t.filter(pc.equal(t.column("article_id"), best))
    return one


def _relabel(t: pa.Table, name: str, article_id: str, load_id: str, version: int) -> pa.Table:
    cols = {}
    for f in t.schema:
        col = t.column(f.name)
        if f.name == "article_id" and name != "entities":
            col = pa.array([article_id] * t.num_rows, f.type)
        elif f.name == "load_id":
            col = pa.array([load_id] * t.num_rows, f.type)
        elif f.name == "content_hash":
            col = pa.array([f"{article_id}-v{version}"] * t.num_rows, f.type)
        cols[f.name] = col
    return pa.table(cols, schema=TABLES[name].schema)


def _one_load(w: Warehouse, template: dict[str, pa.Table], i: int) -> tuple[float, float]:
    """Load ``i`` (begin + commit) into ``w``: its (wall, CPU) seconds."""
    load_id = f"bench{i:04d}"
    t0, c0 = time.perf_counter(), time.process_time()
    wh.begin_load(w, load_id, sources="bench", extractor_version=EXTRACTOR_VERSION)
    tables: dict[str, pa.Table] = {}
    for k in ([i - 1] if i > 0 else []) + [i]:
        # Article i is new; article i-1 comes back changed (its rows replaced).
        for name, t in template.items():
            part = _relabel(t, name, f"art{k:04d}", load_id, i)
            tables[name] = pa.concat_tables([tables[name], part]) if name in tables else part
    tables["entities"] = template["entities"]
    parts = lake.write_partitions(w.path, load_id, tables)
    result = wh.commit_load_result(w, load_id, partitions=parts, counts=wh.LoadCounts())
    if not result.loads_committed:
        return float("nan"), float("nan")
    return time.perf_counter() - t0, time.process_time() - c0


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def _series(w: Warehouse, template: dict[str, pa.Table], loads: int, every: int) -> dict[str, Any]:
    """``loads`` loads into ``w``, compacting every ``every``: the sequential series."""
    times, compact_s = [], 0.0
    for i in range(loads):
        times.append(_one_load(w, template, i)[0])
        if compact.due(i + 1, every):
            t0 = time.perf_counter()
            compact.compact(w)
            compact_s += time.perf_counter() - t0
    first, last = _median(times[:WINDOW]), _median(times[-WINDOW:])
    return {
        "series_first_loads_median_s": first,
        "series_last_loads_median_s": last,
        "series_last_vs_first": round(last / first - 1, 3),
        "compaction_s_total": round(compact_s, 2),
    }


def _interleaved(
    aged: Warehouse, fresh: Warehouse, template: dict[str, pa.Table], loads: int, every: int
) -> dict[str, Any]:
    """First loads into ``fresh`` alternating with loads into ``aged`` (``loads`` prior)."""
    first: list[tuple[float, float]] = []
    after: list[tuple[float, float]] = []
    for j in range(INTERLEAVED):
        first.append(_one_load(fresh, template, j))
        after.append(_one_load(aged, template, loads + j))
        if compact.due(loads + j + 1, every):
            compact.compact(aged)
    wall = (_median([w for w, _ in first]), _median([w for w, _ in after]))
    cpu = (_median([c for _, c in first]), _median([c for _, c in after]))
    return {
        "first_loads_median_s": wall[0],
        "after_loads_median_s": wall[1],
        "after_vs_first": round(wall[1] / wall[0] - 1, 3),
        "first_loads_cpu_s": cpu[0],
        "after_loads_cpu_s": cpu[1],
        "after_vs_first_cpu": round(cpu[1] / cpu[0] - 1, 3),
    }


def run(loads: int, every: int) -> dict[str, Any]:
    template = _template()
    report: dict[str, Any] = {"loads": loads, "compact_every": every, "window": INTERLEAVED}
    report["loadavg_start"] = list(os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="lake-loads-") as tmp:
        for label, interval in (("with_compaction", every), ("without_compaction", 0)):
            aged = Warehouse(Path(tmp) / label / "w.sqlite")
            fresh = Warehouse(Path(tmp) / label / "fresh.sqlite")
            aged.path.parent.mkdir(parents=True)
            out = _series(aged, template, loads, interval)
            out.update(_interleaved(aged, fresh, template, loads, interval))
            con = open_lake(aged, read_only=True)
            out["data_files"] = compact.data_file_count(con)
            con.close()
            close_writers()
            report[label] = out
    report["loadavg_end"] = list(os.getloadavg())
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--loads", type=int, default=100)
    ap.add_argument("--every", type=int, default=compact.COMPACT_EVERY)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    report = run(args.loads, args.every)
    text = json.dumps(report, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
