"""The warehouse is a function of the input, never of batch size, worker count or
engine: the same articles loaded with batches of 1, 3 and 50, one and two pool
workers, and on a Dask cluster give the same rows in every table.

The articles are chosen so that linking across articles matters: in each, the
old in-batch linking changed the output when the article that names an entity
in full (or spells out its acronym) shared its batch (measured: 30 mentions of
10 of these 19 articles; "EA" -> Electronic Arts, "BT" -> British Telecom,
"Gatlin" -> Justin Gatlin, "Microsoft" tagged PERSON settled as ORG ...).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.run import run_pipeline
from transforms.sources import spec_from_path
from warehouse.schema import TABLES
from warehouse.session import query

pytestmark = pytest.mark.slow

# Columns that differ between two loads of the same input by design.
RUN_COLUMNS = {"load_id", "ingested_at", "quarantined_at", "updated_at", "last_load_id"}
# Tables that describe the run itself, not the input.
RUN_TABLES = {"loads"}
PICKS = {
    "tech": (
        "003",
        "015",
        "021",
        "038",
        "052",
        "056",
        "058",
        "062",
        "069",
        "073",
        "078",
        "091",
        "098",
    ),
    "sport": ("002", "003", "007", "016", "041", "054"),
}


def contents(warehouse: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows (run columns left out), order-insensitive."""
    out = {}
    for table in sorted(set(TABLES) - RUN_TABLES):
        cols = ", ".join(f'"{f.name}"' for f in TABLES[table].schema if f.name not in RUN_COLUMNS)
        out[table] = query(warehouse, f'SELECT {cols} FROM "{table}" ORDER BY ALL').rows
    return out


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory, corpus_root: Path) -> list:
    # BBC articles by link, never copied into the repository.
    root = tmp_path_factory.mktemp("linking")
    for section, numbers in PICKS.items():
        folder = root / section
        folder.mkdir()
        for n in numbers:
            (folder / f"{n}.txt").symlink_to(corpus_root / "bbc" / section / f"{n}.txt")
    return [spec_from_path(str(root / section)) for section in PICKS]


def test_same_rows_whatever_the_batches_workers_and_engine(
    tmp_path: Path, articles: list, prefect_api: str
) -> None:
    distributed = pytest.importorskip("distributed")
    n = sum(len(v) for v in PICKS.values())
    runs = {
        "50 per batch, 1 worker": {"batch_size": 50, "workers": 1},
        "3 per batch, 2 workers": {"batch_size": 3, "workers": 2},
        "1 per batch, 2 workers": {"batch_size": 1, "workers": 2},
    }
    summaries = {
        name: run_pipeline(articles, tmp_path / f"{i}.sqlite", **options)
        for i, (name, options) in enumerate(runs.items())
    }
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        summaries["Dask, 2 worker processes"] = run_pipeline(
            articles, tmp_path / "dask.sqlite", batch_size=3, dask_address=cluster.scheduler_address
        )
    files = dict(
        zip(summaries, [*(f"{i}.sqlite" for i in range(len(runs))), "dask.sqlite"], strict=True)
    )
    assert {s.status for s in summaries.values()} == {"completed"}
    assert [s.batches for s in summaries.values()] == [1, 8, n, 8]
    assert all(s.articles_loaded == n for s in summaries.values())
    expected = contents(tmp_path / files["50 per batch, 1 worker"])
    assert all(expected[t] for t in ("articles", "entities", "entity_mentions", "money_figures"))
    assert not expected["quarantine"]  # linked rows are valid rows
    for name, file in files.items():
        got = contents(tmp_path / file)
        for table in expected:
            assert got[table] == expected[table], (name, table)
    # Linking across articles happened: a lone "BT" is British Telecom everywhere.
    mentions = expected["entity_mentions"]
    cols = [f.name for f in TABLES["entity_mentions"].schema if f.name not in RUN_COLUMNS]
    text, canon = cols.index("text"), cols.index("name")
    assert {r[canon] for r in mentions if r[text] == "BT"} == {"British Telecom"}
