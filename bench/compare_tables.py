"""Whether two warehouses loaded from the same sources hold the same extraction output.

    python -m bench.compare_tables BEFORE.sqlite AFTER.sqlite

Compares every extraction table row for row (as multisets), leaving out only the columns
that name the load (``load_id``, ``ingested_at``) or the extractor version, which differ
between any two runs of changed code. Prints one line per table and exits 1 on any
difference; the proof that a speed change left the output as it was (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

# The extraction tables and the facts built from them; ``articles`` checks that both runs
# read the same records.
TABLES = (
    "articles",
    "entities",
    "entity_mentions",
    "money_figures",
    "military_figures",
    "military_mentions",
    "money_facts",
    "military_facts",
)
# Columns that name the run or the code version, not the output.
RUN_COLUMNS = frozenset({"load_id", "ingested_at", "extractor_version"})


def table_rows(path: Path, table: str) -> Counter[tuple[object, ...]]:
    from warehouse.catalog import as_warehouse, open_lake

    con = open_lake(as_warehouse(path), read_only=True)
    try:
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        keep = ", ".join(f'"{c}"' for c in cols if c not in RUN_COLUMNS)
        return Counter(con.execute(f"SELECT {keep} FROM {table}").fetchall())
    finally:
        con.close()


def compare(
    before: Path, after: Path, tables: Sequence[str] = TABLES
) -> dict[str, tuple[int, int]]:
    """Per table: (rows, rows that differ: only in one of the two warehouses)."""
    out: dict[str, tuple[int, int]] = {}
    for table in tables:
        a, b = table_rows(before, table), table_rows(after, table)
        out[table] = (sum(a.values()), sum(((a - b) + (b - a)).values()))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    a = p.parse_args(argv)
    result = compare(a.before, a.after)
    for table, (rows, diff) in result.items():
        print(f"{table}: {rows} rows, {diff} differ")
    return 1 if any(d for _, d in result.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
